"""Batching: what many clients ask for at once, gathered while the last batch was being
handled, is done in one go, and each client gets its own answer after that.

Group commit: in a burst (everyone posts in the last minute of a round) one commit per idea
makes every phone wait for every other phone's commit; one transaction per batch costs the
same fsync for fifty ideas as for one. Batched reads: after a Wi-Fi hiccup a thousand phones
reconnect within seconds, and the states of fifty phones of one café take a few queries, as
do those of one. Under light load a batch holds one item and waits for nothing.

The queue and the events come from the Socket.IO server, so this works in every async mode
(eventlet, gevent, threading) without importing any of them.
"""

import threading

from app.extensions import db, socketio
from app.services.errors import busy

MAX_BATCH = 200
WAIT_LIMIT = 10  # seconds a caller waits for its batch before answering "busy"


class _Slot:
    __slots__ = ("done", "error", "item", "result")

    def __init__(self, item, done):
        self.item = item
        self.done = done
        self.result = None
        self.error: BaseException | None = None


class Batcher:
    """Feeds items to `handle_batch(items) -> results` (one result per item, in order) from one
    background task; `submit` blocks its caller until its own item's batch is done."""

    def __init__(self, app, handle_batch, max_batch: int = MAX_BATCH):
        self.app = app
        self.handle_batch = handle_batch
        self.max_batch = max_batch
        self.queue = None
        self.starting = threading.Lock()  # green under eventlet and gevent (monkey-patched)

    def submit(self, item):
        server = socketio.server.eio
        with self.starting:
            if self.queue is None:
                self.queue = server.create_queue()
                socketio.start_background_task(self._work, self.queue,
                                               server.get_queue_empty_exception())
        # End the caller's (read-only) transaction first: hundreds of callers waiting here
        # while holding pooled connections would leave none for the writer.
        db.session.rollback()
        slot = _Slot(item, server.create_event())
        self.queue.put(slot)
        if not slot.done.wait(WAIT_LIMIT):
            # The writer is stuck (a long lock, a slow disk). The item may still be written
            # later; a client resends it and its id keeps it from being stored twice.
            raise busy()
        if slot.error is not None:
            raise slot.error
        return slot.result

    def _work(self, queue, empty) -> None:
        while True:
            batch = [queue.get()]
            while len(batch) < self.max_batch:
                try:
                    batch.append(queue.get_nowait())
                except empty:
                    break
            self._handle(batch)
            # Let the callers just answered, and the consoles' events, run before the next
            # batch: with a full queue, get() would not switch, and batch after batch would
            # hold every other client up (a hall reconnecting, issue 18).
            socketio.sleep(0)

    def _handle(self, batch: list[_Slot]) -> None:
        with self.app.app_context():
            try:
                for slot, result in zip(batch, self.handle_batch([s.item for s in batch]),
                                        strict=True):
                    slot.result = result
            except Exception as exc:  # every caller gets it and decides (retry or answer)
                db.session.rollback()
                for slot in batch:
                    slot.error = exc
            finally:
                db.session.remove()
        for slot in batch:
            slot.done.set()
