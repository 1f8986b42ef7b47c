"""Several server processes sharing one database: each beats a heartbeat, so that the
presence counts of a process that stopped (killed, its machine gone) are removed."""

from app.extensions import socketio
from app.services import presence


def keep_presence_alive(app, lease_seconds: float) -> None:
    """Beat this process's heartbeat a few times per lease, removing the counts of processes
    that stopped beating (killed, their machine gone)."""
    socketio.start_background_task(_beat_forever, app, lease_seconds)


def _beat_forever(app, lease_seconds: float) -> None:
    while True:
        socketio.sleep(lease_seconds / 3)
        with app.app_context():
            try:
                presence.heartbeat(lease_seconds)
            except Exception:
                # The database away for a moment: beat again next time (a lease lasts three).
                app.logger.exception("presence heartbeat failed")
