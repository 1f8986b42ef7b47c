"""Admission control for phones' connects: when the venue Wi-Fi drops, a whole hall reconnects
within seconds. Each phone's connect costs the server its token look-up, its state and its
presence; a thousand of them queued at once put every moderator and screen event behind them
(measured: the console waited 10 s for an answer with one core busy, issue 18).

At most `limit` phones are admitted at a time (from the connect until their state is sent);
a phone beyond that is refused at once, before anything is read, with `busy` and the
milliseconds after which to try again (`details.retry_ms`). The phone's page waits that long,
jittered, and connects again (static/js/lib/connection.js). So the
server's queue stays short whatever the hall does, and the consoles' and screens' events,
never held back here, find it short. A connect once admitted is finished, never dropped.
"""

import threading
from contextlib import contextmanager

from flask_babel import lazy_gettext as _l

from app.services.errors import ServiceError


def busy_retry(retry_ms: int) -> ServiceError:
    return ServiceError(
        "busy", _l("Many phones are connecting at once. Yours tries again in a moment."),
        status=503, retry_ms=retry_ms)


class Admission:
    def __init__(self, limit: int, retry_ms: int):
        self.limit = limit
        self.retry_ms = retry_ms
        self.in_flight = 0
        # Green under eventlet and gevent (monkey-patched); needed in threading mode only.
        self.lock = threading.Lock()

    @contextmanager
    def admitted(self):
        """Holds one place while the block runs; raises `busy` when none is free."""
        with self.lock:
            if self.in_flight >= self.limit:
                raise busy_retry(self.retry_ms)
            self.in_flight += 1
        try:
            yield
        finally:
            with self.lock:
                self.in_flight -= 1
