"""What every export shares: the café's ideas as records with their export context (refs,
dots, duplicates), the café's time zone, and safe cell text. Everything is read through
`services.reads`; the format modules turn it into files.
"""

import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime

from flask import current_app

from app.models import Cafe
from app.services import reads
from app.services.reads import IdeaRecord

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


def iter_ideas(cafe: Cafe, anonymous: bool) -> Iterator[IdeaRecord]:
    """Every idea in posting order with its ref, fetched in batches (no vote totals: for
    streaming); authors only when the export names people."""
    records = reads.stream_ideas(cafe, authors=not is_anonymous(cafe, anonymous), batch=BATCH)
    for ref, record in enumerate(records, start=1):
        record.ref = ref
        yield record


def load_ideas(cafe: Cafe, anonymous: bool) -> list[IdeaRecord]:
    """Every idea with its dots, its merged duplicates and the ref of the idea it joined."""
    records = list(iter_ideas(cafe, anonymous))
    totals = reads.vote_totals(cafe)
    ref_of = {r.id: r.ref for r in records}
    copies = Counter(r.merged_into_id for r in records if r.merged_into_id is not None)
    for record in records:
        record.votes = totals.get(record.id, 0)
        record.copies = 1 + copies.get(record.id, 0)
        record.merged_into = ref_of.get(record.merged_into_id)
    return records


def theme_names(cafe: Cafe) -> dict[int, str]:
    """theme id -> the theme's name."""
    return {theme.id: theme.name for theme in reads.themes(cafe)}


def theme_of(record: IdeaRecord, names: dict[int, str]) -> str | None:
    """The name of a shown idea's theme (a hidden or merged idea is in none, as on every
    screen)."""
    return names.get(record.theme_id) if record.shown else None


def by_votes(records: list[IdeaRecord]) -> list[IdeaRecord]:
    """Most dots first; equal dots in the order posted."""
    return sorted(records, key=lambda r: (-r.votes, r.ref))


def filename(cafe: Cafe, extension: str, anonymous: bool = False) -> str:
    suffix = "-anonymous" if anonymous else ""
    return f"worldcafe-{cafe.code}-{cafe.created_at:%Y-%m-%d}{suffix}.{extension}"
