"""The one place that knows rooms. Services announce here only after their commit.

Rooms live inside the namespace of their audience: /participant, /moderator, /screen.
With MESSAGE_QUEUE set, Flask-SocketIO relays these emits to every server process.
"""

PARTICIPANT_NS = "/participant"
MODERATOR_NS = "/moderator"
SCREEN_NS = "/screen"


def cafe_room(cafe_id: int) -> str:
    return f"cafe:{cafe_id}"


def participant_room(participant_id: int) -> str:
    return f"participant:{participant_id}"


class SocketPublisher:
    def __init__(self, socketio):
        self.socketio = socketio

    def _emit(self, event: str, data, namespace: str, room: str) -> None:
        self.socketio.emit(event, data, namespace=namespace, to=room)

    def to_moderators(self, cafe_id: int, event: str, data) -> None:
        self._emit(event, data, MODERATOR_NS, cafe_room(cafe_id))

    def to_screens(self, cafe_id: int, event: str, data) -> None:
        self._emit(event, data, SCREEN_NS, cafe_room(cafe_id))

    def to_participants(self, cafe_id: int, event: str, data) -> None:
        self._emit(event, data, PARTICIPANT_NS, cafe_room(cafe_id))

    def to_participant(self, participant_id: int, event: str, data) -> None:
        self._emit(event, data, PARTICIPANT_NS, participant_room(participant_id))

    def flush(self) -> None:
        """Let the messages queued so far go out before more work is done (in eventlet and
        gevent they leave only when the running handler yields)."""
        self.socketio.sleep(0)


class RecordingPublisher(SocketPublisher):
    """Keeps every announcement in memory: for tests and tools that run without sockets."""

    def __init__(self):
        super().__init__(socketio=None)
        self.sent: list[tuple[str, str, str, object]] = []

    def _emit(self, event, data, namespace, room):
        self.sent.append((namespace, room, event, data))

    def flush(self) -> None:
        pass

    def events(self, event: str) -> list:
        return [data for _ns, _room, name, data in self.sent if name == event]
