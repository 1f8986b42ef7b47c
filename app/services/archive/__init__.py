"""The archive: a café as one JSON file (schema version 2) and back, for viewing it again.

`schema` describes each section once; `dump` writes a café by it (the JSON export),
`check` reads a file back by it and refuses what does not fit, `store` writes the checked
content, `child` checks uploads in a child process. Here: the two ways in.

The whole file is checked before anything is written (in a child process for uploads);
then the café is written in one short transaction, all or nothing, with one bulk insert
per table. The restored café is closed: its console, report and exports work, nobody
can join or post. It gets new moderator and screen tokens and no phones (the export holds
no token), and keeps its join code when no café here uses it, so that exporting it again
gives the same file. People left out of an anonymous export come back as numbered placeholders.
"""

import pickle
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Cafe
from app.services import cafes
from app.services.archive import check, store
from app.services.errors import ServiceError, busy, invalid

APP_ROOT = Path(__file__).resolve().parents[3]
# Checking the largest allowed file takes a few seconds; far longer means something is wrong.
CHECK_TIMEOUT_S = 120
# A check of the largest file takes a child about 100 MB and a core: at most two at once,
# so that a burst of uploads (restoring is open to anyone) cannot exhaust the laptop.
# (Green under eventlet and gevent, which run.py patches in before this is imported.)
CHECKS_AT_ONCE = threading.BoundedSemaphore(2)
CHECK_QUEUE_WAIT_S = 30


def restore(data) -> Cafe:
    """Check a parsed export completely, then write the café in one commit; returns it."""
    return _store(check.read(data, current_app.config["MAX_PARTICIPANTS"]))


def restore_file(upload, locale: str, *, address: str | None = None) -> Cafe:
    """Restore an uploaded export: parsed and checked in a child process, so that a large
    file never stalls the other clients; refusals are worded in `locale`.

    Restoring creates a café: from a network `address`, a few per hour. `upload` is the
    file's bytes, or a function that reads them, called after that check so that a refused
    upload is never read.
    """
    if address is not None:
        cafes.check_creation_rate(address)
    raw = upload() if callable(upload) else upload
    if not raw:
        raise invalid("archive", check.NOT_AN_EXPORT)
    # Files, not pipes, carry the upload and the answer: under eventlet or gevent a pipe is
    # fed 4 kB at a time, each step waiting for its turn among all clients (a busy server
    # took over a minute to hand a 3.6 MB file over).
    if not CHECKS_AT_ONCE.acquire(timeout=CHECK_QUEUE_WAIT_S):
        raise busy()
    try:
        answer = _checked_in_child(raw, locale)
    finally:
        CHECKS_AT_ONCE.release()
    if "error" in answer:
        error = answer["error"]
        raise ServiceError(error["code"], error["message"], error["status"], **error["details"])
    return _store(answer["plan"])


def _checked_in_child(raw: bytes, locale: str) -> dict:
    with tempfile.TemporaryFile() as upload, tempfile.TemporaryFile() as answer_file:
        upload.write(raw)
        upload.seek(0)
        try:
            done = subprocess.run(
                [sys.executable, "-m", "app.services.archive.child", "--locale", locale,
                 "--max-participants", str(current_app.config["MAX_PARTICIPANTS"])],
                stdin=upload, stdout=answer_file, cwd=APP_ROOT, timeout=CHECK_TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired:
            done = None
        if done is None or done.returncode != 0:
            raise ServiceError("restore_failed",
                               _l("The file could not be checked. Nothing was stored."))
        answer_file.seek(0)
        # Our own child's output (see child): never bytes from the upload itself.
        return pickle.load(answer_file)


def _store(plan: dict) -> Cafe:
    try:
        cafe = store.write(plan)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ServiceError(
            "restore_failed",
            _l("The café could not be restored because its data do not fit together. "
               "Nothing was stored."),
            status=409,
        ) from None
    return cafe
