"""What every audience's namespace shares: answering acks and remembering who is connected."""

import json
import logging

from flask import request, session
from flask_babel import gettext as _
from flask_socketio import ConnectionRefusedError, Namespace, emit, join_room

from app.extensions import db, limits
from app.services.clock import now_ms
from app.services.errors import ServiceError
from app.services.locking import retry_while_locked

log = logging.getLogger(__name__)
LIFECYCLE_EVENTS = ("connect", "disconnect")
# An event whose arguments are longer than this (as compact JSON, in characters) is answered
# 'too_large' and reaches no handler: no payload needs a fraction of it (an idea is 500).
MAX_EVENT_SIZE = 64 * 1024
# What the transport reads of one message at all (Engine.IO's max_http_buffer_size); a longer
# one closes the connection unanswered. Well above MAX_EVENT_SIZE, so that a client sending
# too much (a pasted document) hears why instead of losing its connection.
MAX_MESSAGE_SIZE = 16 * MAX_EVENT_SIZE


def ok(**data) -> dict:
    return {"ok": True, **data}


def error(code: str, message) -> dict:
    return {"ok": False, "error": {"code": code, "message": str(message)}}


def _size(data) -> int:
    # Binary attachments (which python-socketio hands over as bytes) count by their length.
    return len(json.dumps(data, ensure_ascii=False, separators=(",", ":"),
                          default=lambda blob: "-" * len(blob)))


class AudienceNamespace(Namespace):
    """Turns each event into an ack: success, a service's readable error, or a safe fallback.

    An event the audience may not send (a participant asking to start a round, the screen
    asking to change anything) is answered 'forbidden' instead of being silently dropped.
    """

    def trigger_event(self, event, *args):
        if event in LIFECYCLE_EVENTS and not self._connected(args[0]):
            return super().trigger_event(event, *args)
        # A connected client sending "connect" or "disconnect" itself must not re-run them
        # (with its own auth): like any event the audience has no handler for, it is refused.
        handler = None if event in LIFECYCLE_EVENTS else getattr(self, f"on_{event}", None)
        handler = handler or self._refuse
        # Flask-SocketIO's own dispatch pushes the app and request context (locale, session).
        return self.socketio._handle_event(self._guarded(handler), event, self.namespace, *args)

    def _connected(self, sid) -> bool:
        """python-socketio calls connect and disconnect while the client is not counted as
        connected (not yet, or no longer); a connected client's events arrive while it is."""
        return self.server.manager.is_connected(sid, self.namespace)

    @staticmethod
    def _refuse(_payload):
        return error("forbidden", _("This connection may not do that."))


    def _guarded(self, handler):
        def answer(*data):
            payload = data[0] if data else None
            # Per connection, per person (a token on many connections gets one budget) and
            # per address, in memory, before anything reaches the database.
            if not limits.events.allow(request.sid, self.identity()["token"], request.remote_addr):
                return error("rate_limited", _("Too many messages at once. Please wait a moment."))
            try:
                if _size(data) > MAX_EVENT_SIZE:
                    return error("too_large", _("This message is too long for the server. "
                                                "Nothing was changed."))
                return retry_while_locked(handler, payload)
            except ServiceError as exc:
                db.session.rollback()
                return {"ok": False, "error": exc.to_dict()}
            except Exception:
                db.session.rollback()
                log.exception("event on %s failed", self.namespace)
                return error("internal",
                             _("Something went wrong on the server. Please try again."))

        return answer

    def on_connect(self, auth=None):
        """Authenticate once per connection, join the audience's rooms, send the full state.

        Every connect is answered: a service's error (a bad token, `busy`) refuses it with the
        error object; anything else is logged and refused as `internal`, never left unanswered
        (the client would wait out its timeout). A refused connection leaves its rooms."""
        auth = auth if isinstance(auth, dict) else {}
        try:
            self.connect_as(auth)
        except ServiceError as exc:
            db.session.rollback()
            refused = exc.to_dict()
        except Exception:
            db.session.rollback()
            log.exception("connect on %s failed", self.namespace)
            refused = error("internal", _("Something went wrong on the server. "
                                          "Please try again."))["error"]
        else:
            return
        # Two arguments: the message, and the error object the client gets as `err.data`.
        raise ConnectionRefusedError(refused["message"], refused)

    def connect_as(self, auth: dict) -> None:
        identity, rooms = self.authenticate(auth)
        # Flask-SocketIO keeps `session` per connection; one key per namespace keeps two
        # audiences on one connection apart.
        session[self.namespace] = identity
        for room in rooms:
            join_room(room)
        emit("state", self.current_state())

    def on_disconnect(self, _reason=None):
        limits.events.disconnected(request.sid)

    def authenticate(self, auth: dict) -> tuple[dict, list[str]]:
        """Return what to remember of this connection and the rooms it listens in."""
        raise NotImplementedError

    def current_state(self) -> dict:
        raise NotImplementedError

    def on_get_state(self, _payload):
        return ok(state=self.current_state())

    def on_sync_time(self, _payload):
        """Clients time this round trip to correct their clock against the server's."""
        return ok(server_now=now_ms())

    def identity(self) -> dict:
        return session[self.namespace]
