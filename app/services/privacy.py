"""Data protection: deleting a café with everything it stored about people.

The moderator confirms by typing the café's join code. Every row of the café goes in one
transaction: votes, summaries, seats, ideas, participants, tables, pillars, the café. The
schema's ON DELETE CASCADE would remove them with the café; deleting each table explicitly
does not depend on the database enforcing foreign keys. On SQLite the freed pages are
overwritten (secure_delete) and the write-ahead log is checkpointed, so the text does not
linger in the database files.
"""

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete
from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.models import Cafe, CafeTable, Idea, Participant, Pillar, Seat, TableSummary, Vote
from app.services import announce, cafes, validate
from app.services.errors import ServiceError

log = logging.getLogger(__name__)

# Children before parents: nothing is left pointing at a row that is gone.
CAFE_ROWS = (Vote, TableSummary, Seat, Idea, Participant, CafeTable, Pillar)


def delete_cafe(cafe: Cafe, data: dict) -> None:
    """Delete the café and all its personal data, once the typed join code matches."""
    data = validate.payload(data)
    typed = cafes.normalise_code(data.get("confirmation"))
    if typed != cafe.code:
        raise ServiceError(
            "confirmation_mismatch",
            _l("Type the café's code %(code)s to confirm. Nothing was deleted.", code=cafe.code),
            field="confirmation",
        )
    cafe_id = cafe.id
    sqlite = db.session.get_bind().dialect.name == "sqlite"
    if sqlite:
        _pragma("secure_delete = ON")
    for model in CAFE_ROWS:
        db.session.execute(delete(model).where(model.cafe_id == cafe_id))
    db.session.execute(delete(Cafe).where(Cafe.id == cafe_id))
    if sqlite:
        _pragma("secure_delete = OFF")
    db.session.commit()
    # The objects of this request still in the session describe rows that are gone.
    for obj in list(db.session.identity_map.values()):
        if obj is cafe or getattr(obj, "cafe_id", None) == cafe_id:
            db.session.expunge(obj)
    if sqlite:
        _checkpoint()
    _announce_deleted(cafe_id)


def _announce_deleted(cafe_id: int) -> None:
    """Open consoles, screens and phones of the café learn that it is gone."""
    pub = announce.publisher()
    pub.to_moderators(cafe_id, "cafe_deleted", {})
    pub.to_screens(cafe_id, "cafe_deleted", {})
    pub.to_participants(cafe_id, "cafe_deleted", {})


def _pragma(statement: str) -> None:
    db.session.connection().exec_driver_sql(f"PRAGMA {statement}")


def _checkpoint() -> None:
    """Copy the overwritten pages into the database file and empty the write-ahead log.

    Best effort: while another connection reads, SQLite finishes it at a later checkpoint.
    """
    try:
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    except OperationalError:
        log.info("checkpoint after deleting a café postponed: the database is busy")
