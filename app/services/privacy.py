"""Data protection: deleting a café with everything it stored about people.

The moderator confirms by typing the café's join code. Every row of the café goes in one
transaction: votes, summaries, seats, ideas, phones, participants, tables, pillars, the café. The
schema's ON DELETE CASCADE would remove them with the café; deleting each table explicitly
does not depend on the database enforcing foreign keys. Only digests of its links stay
(`DeletedLink`), so they answer "deleted" rather than "unknown".

Then every open socket of the café is told and disconnected, and on SQLite the write-ahead
log is emptied: the freed pages are overwritten (secure_delete, set for every connection in
app/db.py), but until a checkpoint copies them into the database file the old text is still
in the log.
"""

import logging
import time

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import OperationalError

from app.extensions import db, socketio
from app.models import (
    Cafe,
    CafeTable,
    DeletedLink,
    Idea,
    MergedLink,
    MergeSuggestion,
    Participant,
    Phone,
    Pillar,
    Seat,
    TableSummary,
    Theme,
    ThemeVote,
    Vote,
)
from app.services import cafes, notify, validate
from app.services.clock import now_ms
from app.services.errors import ServiceError

log = logging.getLogger(__name__)

# Children before parents: nothing is left pointing at a row that is gone.
CAFE_ROWS = (Vote, ThemeVote, MergeSuggestion, TableSummary, Seat, Idea, Theme, Phone,
             MergedLink, Participant, CafeTable, Pillar)
# A reader (a long download) keeps the log from being emptied; waits between tries.
SCRUB_RETRY_SECONDS = 0.1
SCRUB_BACKGROUND_RETRY_SECONDS = (0.5, 1, 2, 5, 10)


def delete_cafe(cafe: Cafe, data: dict) -> bool:
    """Delete the café and all its personal data, once the typed join code matches.

    Returns whether the database files are already free of it (False: a reader still holds
    the old pages; a background task empties the log as soon as it can).
    """
    data = validate.payload(data)
    typed = cafes.normalise_code(data.get("confirmation"))
    if typed != cafe.code:
        raise ServiceError(
            "confirmation_mismatch",
            _l("Type the café's code %(code)s to confirm. Nothing was deleted.", code=cafe.code),
            field="confirmation",
        )
    cafe_id = cafe.id
    secrets = [cafe.code, cafe.moderator_token, cafe.screen_token, *db.session.scalars(
        select(Phone.token).where(Phone.cafe_id == cafe_id))]
    for model in CAFE_ROWS:
        db.session.execute(delete(model).where(model.cafe_id == cafe_id))
    db.session.execute(delete(Cafe).where(Cafe.id == cafe_id))
    # A join code comes back for a later café: its digest goes, and a live café wins anyway.
    digests = {cafes.link_digest(secret) for secret in secrets}
    db.session.execute(delete(DeletedLink).where(DeletedLink.digest.in_(digests)))
    db.session.execute(insert(DeletedLink), [{"digest": digest} for digest in digests])
    db.session.commit()
    # The objects of this request still in the session describe rows that are gone.
    for obj in list(db.session.identity_map.values()):
        if obj is cafe or getattr(obj, "cafe_id", None) == cafe_id:
            db.session.expunge(obj)
    notify.cafe_deleted(cafe_id)
    if db.engine.dialect.name != "sqlite":
        return True
    return scrub_log(current_app.config["SCRUB_WAIT_SECONDS"])


def scrub_log(wait_seconds: float) -> bool:
    """Empty SQLite's write-ahead log, trying for up to `wait_seconds`; if readers still hold
    it then, go on trying in the background. Returns whether it is empty now."""
    started = now_ms()
    deadline = time.monotonic() + wait_seconds
    while not empty_log():
        if time.monotonic() >= deadline:
            log.warning("deleted data still in the write-ahead log: a reader holds it; "
                        "scrubbing goes on in the background")
            socketio.start_background_task(_scrub_later, current_app._get_current_object(),
                                           started)
            return False
        time.sleep(SCRUB_RETRY_SECONDS)
    log.info("write-ahead log scrubbed after deleting a café (%d ms)", now_ms() - started)
    return True


def _scrub_later(app, started: int) -> None:
    attempt = 0
    with app.app_context():
        while not empty_log():
            socketio.sleep(SCRUB_BACKGROUND_RETRY_SECONDS[
                min(attempt, len(SCRUB_BACKGROUND_RETRY_SECONDS) - 1)])
            attempt += 1
            if attempt % 30 == 0:
                log.warning("write-ahead log still not scrubbed after %d s: a reader stays "
                            "open", (now_ms() - started) // 1000)
    log.info("write-ahead log scrubbed in the background, %d ms after deleting a café",
             now_ms() - started)


def empty_log() -> bool:
    """Copy every page into the database file and truncate the log to zero bytes.

    SQLite answers busy (not an error) while a reader still uses older pages of the log.
    """
    try:
        with db.engine.connect() as connection:
            busy, _log_pages, _copied = connection.exec_driver_sql(
                "PRAGMA wal_checkpoint(TRUNCATE)").one()
    except OperationalError:
        return False  # a writer held the lock
    return busy == 0
