"""Extensions and collaborators are created once here and bound to the app in create_app.

Import them where they are used (`from app.extensions import publisher`): no string-keyed
lookup hides who talks to whom.
"""

from flask import current_app
from flask_babel import Babel
from flask_socketio import SocketIO

from app.db import Database

db = Database()
socketio = SocketIO()
babel = Babel()


class PerApp:
    """A collaborator each app has its own of: its queue, buckets or rooms belong to that app
    (tests make an app per test, tools swap in a RecordingPublisher). create_app binds the
    app's instance with init_app; every attribute is the current app's instance's."""

    def __init__(self, name: str):
        self.name = name

    def init_app(self, app, instance) -> None:
        app.extensions[self.name] = instance

    def __getattr__(self, attribute: str):
        return getattr(current_app.extensions[self.name], attribute)


# realtime.publisher.SocketPublisher: the only code that knows rooms; runs delayed sends too.
publisher = PerApp("publisher")
# app.limits.Limits: rate limits checked in memory, before the database.
limits = PerApp("limits")
# realtime.batching.Batcher: phones' ideas, written one transaction per batch.
idea_writer = PerApp("idea_writer")
# realtime.batching.Batcher: phones' connections counted, one transaction per batch.
presence_writer = PerApp("presence_writer")
# realtime.batching.Batcher: full phone states for phones reconnecting together.
phone_states = PerApp("phone_states")
# realtime.admission.Admission: how many phones may be connecting at once.
phone_admission = PerApp("phone_admission")
# services.idea_list.IdeaLists: the visible idea list, one ready body per café and version.
idea_lists = PerApp("idea_lists")
# services.harvesting.HarvestWorker: this process's harvest worker (a child process).
harvester = PerApp("harvester")
