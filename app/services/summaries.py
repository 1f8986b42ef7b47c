"""The table host's summary: what the table has said so far, for each new group to read."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.bounds import LENGTHS
from app.extensions import db
from app.models import Cafe, Participant, Phase, TableSummary
from app.models.base import utcnow
from app.services import notify, reads, validate
from app.services.errors import ServiceError, require_phase


def save_summary(participant: Participant, data: dict) -> TableSummary:
    """Only the table's host writes it; everyone seated at the table now sees the update."""
    data = validate.payload(data)
    if participant.host_table_id is None:
        raise ServiceError("not_host", _l("Only the table host can write the summary."),
                           status=403)
    cafe = db.session.get(Cafe, participant.cafe_id)
    require_phase(cafe, *Phase.OPEN, message=_l("This café has already ended."))
    text = validate.text(data, "text", _l("Summary"), min_len=0,
                         max_len=LENGTHS.summary)
    summary = db.session.scalar(
        select(TableSummary).where(TableSummary.table_id == participant.host_table_id)
    )
    if summary is None:
        summary = TableSummary(cafe_id=cafe.id, table_id=participant.host_table_id, text="")
        db.session.add(summary)
    summary.text = text
    summary.author_id = participant.id
    summary.updated_at = utcnow()
    db.session.commit()
    notify.summary_changed(cafe, summary, _people_at(cafe, summary.table_id))
    return summary


def _people_at(cafe: Cafe, table_id: int) -> list[int]:
    """Who sits at the table now, or goes there next between rounds."""
    return reads.people_at(cafe, table_id, cafe.round_to_show())
