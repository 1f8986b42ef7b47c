"""What every export reads: the café's ideas with their context, people, and safe cell text.

Plain queries, no Flask: the format modules turn these records into files.
"""

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import func, select

from app.extensions import db
from app.models import Cafe, CafeTable, Idea, Participant, TableSummary, Vote
from app.services import seating, votes

# A cell starting like this is a formula to a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters that XML 1.0 (DOCX, XLSX) cannot hold at all; tab and line breaks stay.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Rows fetched per round trip when an export streams.
BATCH = 1000


def neutralise(value):
    """CSV: a leading apostrophe makes a would-be formula plain text in Excel and LibreOffice."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xml_text(value: str) -> str:
    return XML_ILLEGAL.sub("", value)


def is_anonymous(cafe: Cafe, requested: bool) -> bool:
    """Names leave the app only when neither the café nor this export is anonymous."""
    return bool(requested or cafe.anonymous)


def local_time(moment: datetime) -> datetime:
    """A stored (UTC) time in the café's time zone (the TIMEZONE setting): what people
    read in the exports meant for them; the JSON archive keeps UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(current_app.config["TIMEZONE"])  # None: the server's zone


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="seconds")


@dataclass
class IdeaRecord:
    ref: int  # 1, 2, ... in the order posted: stable across export and import
    id: int
    text: str
    pillar_id: int | None
    table_number: int | None
    round: int  # 1-based
    created_at: datetime
    edited_at: datetime | None
    participant_id: int
    author: str | None  # None in an anonymous export
    hidden: bool
    pinned: bool
    merged_into_id: int | None
    original_text: str | None
    votes: int = 0
    copies: int = 1  # this idea and the duplicates merged into it
    merged_into: int | None = None  # ref of the idea kept

    @property
    def status(self) -> str:
        if self.merged_into_id is not None:
            return "merged"
        return "hidden" if self.hidden else "shown"

    @property
    def shown(self) -> bool:
        return self.status == "shown"


def _idea_query(cafe: Cafe):
    # Withdrawn ideas are kept for the record only: no export shows them.
    return (
        select(Idea.id, Idea.text, Idea.pillar_id, CafeTable.number, Idea.round_index,
               Idea.created_at, Idea.edited_at, Idea.participant_id, Participant.name,
               Idea.hidden, Idea.pinned, Idea.merged_into_id, Idea.original_text)
        .join(Participant, Participant.id == Idea.participant_id)
        .outerjoin(CafeTable, CafeTable.id == Idea.table_id)
        .where(Idea.cafe_id == cafe.id, Idea.withdrawn.is_(False))
        .order_by(Idea.id)
        .execution_options(yield_per=BATCH)
    )


def iter_ideas(cafe: Cafe, anonymous: bool) -> Iterator[IdeaRecord]:
    """Every idea in posting order, fetched in batches (no vote totals: for streaming)."""
    anonymous = is_anonymous(cafe, anonymous)
    for ref, row in enumerate(db.session.execute(_idea_query(cafe)), start=1):
        (idea_id, text, pillar_id, table_number, round_index, created_at, edited_at,
         participant_id, name, hidden, pinned, merged_into_id, original_text) = row
        yield IdeaRecord(
            ref=ref, id=idea_id, text=text, pillar_id=pillar_id, table_number=table_number,
            round=round_index + 1, created_at=created_at, edited_at=edited_at,
            participant_id=participant_id, author=None if anonymous else name,
            hidden=hidden, pinned=pinned, merged_into_id=merged_into_id,
            original_text=original_text,
        )


def load_ideas(cafe: Cafe, anonymous: bool) -> list[IdeaRecord]:
    """Every idea with its dots, its merged duplicates and the ref of the idea it joined."""
    records = list(iter_ideas(cafe, anonymous))
    totals = votes.totals(cafe)
    ref_of = {r.id: r.ref for r in records}
    copies = Counter(r.merged_into_id for r in records if r.merged_into_id is not None)
    for record in records:
        record.votes = totals.get(record.id, 0)
        record.copies = 1 + copies.get(record.id, 0)
        record.merged_into = ref_of.get(record.merged_into_id)
    return records


def by_votes(records: list[IdeaRecord]) -> list[IdeaRecord]:
    """Most dots first; equal dots in the order posted."""
    return sorted(records, key=lambda r: (-r.votes, r.ref))


def participants(cafe: Cafe) -> list[Participant]:
    return seating.cafe_participants(cafe)


def summaries(cafe: Cafe) -> list[TableSummary]:
    return list(db.session.scalars(
        select(TableSummary).where(TableSummary.cafe_id == cafe.id).order_by(TableSummary.id)
    ))


def voter_count(cafe: Cafe) -> int:
    return db.session.scalar(
        select(func.count(func.distinct(Vote.participant_id))).where(Vote.cafe_id == cafe.id)
    )


def filename(cafe: Cafe, extension: str, anonymous: bool = False) -> str:
    suffix = "-anonymous" if anonymous else ""
    return f"worldcafe-{cafe.code}-{cafe.created_at:%Y-%m-%d}{suffix}.{extension}"
