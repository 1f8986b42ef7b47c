"""The one place that knows rooms. Services announce here only after their commit.

Rooms live inside the namespace of their audience: /participant, /moderator, /screen.
With MESSAGE_QUEUE set, Flask-SocketIO relays these emits to every server process.
"""

import socketio as python_socketio
from flask import current_app

PARTICIPANT_NS = "/participant"
MODERATOR_NS = "/moderator"
SCREEN_NS = "/screen"
AUDIENCES = (MODERATOR_NS, SCREEN_NS, PARTICIPANT_NS)


def cafe_room(cafe_id: int) -> str:
    return f"cafe:{cafe_id}"


def participant_room(participant_id: int) -> str:
    return f"participant:{participant_id}"


def phone_room(phone_id: int) -> str:
    """One phone of a person (its connections, tabs): what signing out one phone closes."""
    return f"phone:{phone_id}"


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

    def to_phone(self, phone_id: int, event: str, data) -> None:
        self._emit(event, data, PARTICIPANT_NS, phone_room(phone_id))

    def close_cafe(self, cafe_id: int) -> None:
        """A deleted café: each socket of it hears `cafe_deleted`, then the server closes it,
        so that a client ignoring the event cannot keep listening."""
        for namespace in AUDIENCES:
            self._emit("cafe_deleted", {}, namespace, cafe_room(cafe_id))
        self._disconnect_all(cafe_room(cafe_id))

    def close_participant(self, participant_id: int) -> None:
        """A person's phones were revoked: each hears `revoked`, then the server closes it
        (its token no longer opens a connection)."""
        self.to_participant(participant_id, "revoked", {})
        self._disconnect_all(participant_room(participant_id))

    def close_phone(self, phone_id: int) -> None:
        """One phone of a person was revoked: it hears `revoked` and is closed; the person's
        other phones stay."""
        self.to_phone(phone_id, "revoked", {})
        self._disconnect_all(phone_room(phone_id))

    def hand_over_participant(self, participant_id: int) -> None:
        """A person was merged into another, their phones with them: each hears `merged`
        and is closed, and connects again with its own token, now as the kept person (in the
        kept person's rooms, counted online as them)."""
        self.to_participant(participant_id, "merged", {})
        self._disconnect_all(participant_room(participant_id))

    def _disconnect_all(self, room: str) -> None:
        # Closing runs every socket's disconnect handler: not inside the caller's request.
        self.socketio.start_background_task(self._disconnect_now, room)

    def _disconnect_now(self, room: str) -> None:
        server = self.socketio.server
        for namespace in AUDIENCES:
            if isinstance(server.manager, ClosingRooms):
                # Several processes: each closes the sockets of the room it holds.
                server.manager.close_sockets(room, namespace)
            else:
                close_local(server, namespace, room)

    def flush(self) -> None:
        """Let the messages queued so far go out before more work is done (in eventlet and
        gevent they leave only when the running handler yields)."""
        self.socketio.sleep(0)

    def later(self, delay: float, task, *args) -> None:
        """Run task(*args) in a background task after `delay` seconds, in the app's context:
        sends gathered over a burst (word clouds) go out once, without holding the caller."""
        app = current_app._get_current_object()
        self.socketio.start_background_task(self._run_later, app, delay, task, args)

    def _run_later(self, app, delay: float, task, args) -> None:
        self.socketio.sleep(delay)
        with app.app_context():
            task(*args)


def close_local(server, namespace: str, room: str) -> None:
    """Close the sockets of a room that this process holds (each runs its disconnect
    handler). Locally only: the other processes close their own."""
    for sid, _eio_sid in list(server.manager.get_participants(namespace, room)):
        server.disconnect(sid, namespace=namespace, ignore_queue=True)


class ClosingRooms:
    """Mixed into python-socketio's queue manager: a room closed with `disconnect` closes its
    members' sockets on every process. Only the process holding a socket knows it is in the
    room, so the message names the room and each process closes its own members.

    It travels as the queue's `close_room` message with one more key: a process that does not
    know the key (during a rolling update) still takes the sockets out of the room."""

    def close_sockets(self, room: str, namespace: str) -> None:
        close_local(self.server, namespace, room)
        self._publish({"method": "close_room", "room": room, "namespace": namespace,
                       "disconnect": True, "host_id": self.host_id})

    def _handle_close_room(self, message):
        if message.get("disconnect"):
            # Not in the queue's listener: every close runs a disconnect handler that waits
            # for the presence writer, and the listener carries every other process's emits.
            self.server.start_background_task(close_local, self.server,
                                              message.get("namespace"), message.get("room"))
        else:
            super()._handle_close_room(message)


class IndexedRooms:
    """Mixed into python-socketio's manager: it keeps the rooms of each socket. python-socketio
    finds the rooms of a leaving socket by looking through every room of its namespace, and
    each phone is in rooms of its own (its socket, person and phone): with a thousand phones a
    disconnect cost 3,000 look-ups and a copy of the rooms (5 ms, profiled), a hall dropping
    at once seconds of the server's time (issue 18). Here it costs the socket's own rooms."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rooms_of: dict[tuple[str, str], set] = {}

    def basic_enter_room(self, sid, namespace, room, eio_sid=None):
        super().basic_enter_room(sid, namespace, room, eio_sid=eio_sid)
        self.rooms_of.setdefault((namespace, sid), set()).add(room)

    def basic_leave_room(self, sid, namespace, room):
        super().basic_leave_room(sid, namespace, room)
        rooms = self.rooms_of.get((namespace, sid))
        if rooms is not None:
            rooms.discard(room)
            if not rooms:
                del self.rooms_of[(namespace, sid)]

    def basic_disconnect(self, sid, namespace, **kwargs):
        # python-socketio's own, but for the look-up of the rooms (base_manager.py).
        if namespace not in self.rooms:
            return
        for room in list(self.rooms_of.get((namespace, sid), ())):
            self.basic_leave_room(sid, namespace, room)
        self.callbacks.pop(sid, None)
        for pending in (self.pending_connect, self.pending_disconnect):
            if sid in pending.get(namespace, ()):
                pending[namespace].remove(sid)
                if not pending[namespace]:
                    del pending[namespace]


class IndexedManager(IndexedRooms, python_socketio.Manager):
    """The manager of a single server process (no MESSAGE_QUEUE)."""


def queue_manager(url: str):
    """The manager Flask-SocketIO would make for this MESSAGE_QUEUE url, closing rooms
    across processes (same choice of queue by the url's scheme, same channel)."""
    if url.startswith(("redis://", "rediss://")):
        base = python_socketio.RedisManager
    elif url.startswith("kafka://"):
        base = python_socketio.KafkaManager
    elif url.startswith("zmq"):
        base = python_socketio.ZmqManager
    else:
        base = python_socketio.KombuManager
    manager = type(f"Closing{base.__name__}", (ClosingRooms, IndexedRooms, base), {})
    return manager(url, channel="flask-socketio")


class RecordingPublisher(SocketPublisher):
    """Keeps every announcement in memory: for tests and tools that run without sockets."""

    def __init__(self):
        super().__init__(socketio=None)
        self.sent: list[tuple[str, str, str, object]] = []

    def _emit(self, event, data, namespace, room):
        self.sent.append((namespace, room, event, data))

    def _disconnect_all(self, room):
        self.sent.append(("*", room, "disconnect", None))

    def flush(self) -> None:
        pass

    def later(self, delay, task, *args) -> None:
        # No server to wait in: what would be sent later is sent now.
        task(*args)

    def events(self, event: str) -> list:
        return [data for _ns, _room, name, data in self.sent if name == event]
