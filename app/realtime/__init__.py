"""Socket.IO: one namespace per audience (participant, moderator, screen) and the publisher.

The namespaces are handed to the one SocketIO object at import, before any init_app, so every
app made by create_app (one in production, several in tests) serves them.
"""

from app.extensions import socketio
from app.realtime import moderator, participant, screen

for _module in (participant, moderator, screen):
    socketio.on_namespace(_module.namespace)
