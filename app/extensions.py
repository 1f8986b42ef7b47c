"""Extensions are created once here and bound to the app in create_app."""

from flask_babel import Babel
from flask_socketio import SocketIO

from app.db import Database

db = Database()
socketio = SocketIO()
babel = Babel()
