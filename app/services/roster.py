"""A participant list prepared ahead: imported from a spreadsheet as CSV, all or nothing."""

import csv
import io

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.models import Cafe, Participant
from app.services import announce, people
from app.services.errors import ServiceError

MAX_BYTES = 1_000_000
MAX_ROWS = 2000
# Column names people use in German and English spreadsheets, mapped to ours.
COLUMNS = {
    "name": "name",
    "organisation": "organisation", "organization": "organisation", "kommune": "organisation",
    "role": "role", "rolle": "role",
    "host table": "host_table", "host of table": "host_table", "gastgeber": "host_table",
    "gastgeber tisch": "host_table",
}
MAX_REPORTED = 8


def _refuse(message, **details) -> ServiceError:
    return ServiceError("invalid_csv", message, status=400, **details)


def _rows(raw: bytes) -> list[dict]:
    if len(raw) > MAX_BYTES:
        raise _refuse(_l("The file is larger than 1 MB. A participant list is much smaller."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse(_l("The file is not UTF-8. Save it as “CSV UTF-8” and try again.")) from None
    if not text.strip():
        raise _refuse(_l("The file is empty."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [COLUMNS.get(cell.strip().lower().replace("_", " ").replace("-", " "))
              for cell in next(reader)]
    if "name" not in header or None in header:
        raise _refuse(_l("The first line must name the columns: name, organisation, role, "
                         "host_table (only name is required)."))
    rows = [dict(zip(header, (cell.strip() for cell in row), strict=False))
            for row in reader if any(cell.strip() for cell in row)]
    if len(rows) > MAX_ROWS:
        raise _refuse(_l("At most %(max)d people per list.", max=MAX_ROWS))
    return rows


def import_csv(cafe: Cafe, raw: bytes) -> list[Participant]:
    """Check every row first; import them all in one commit only if all are fine."""
    rows = _rows(raw)
    tables = {t.number: t for t in cafe.tables}
    hosted = set(db.session.scalars(
        select(Participant.host_table_id).where(Participant.cafe_id == cafe.id,
                                                Participant.host_table_id.is_not(None))))
    problems, people_in = [], []
    for line, row in enumerate(rows, start=2):
        try:
            fields = people.person_fields(cafe, row)
        except ServiceError as exc:
            problems.append(_l("line %(line)d: %(problem)s", line=line, problem=exc.message))
            continue
        host = row.get("host_table") or ""
        table = tables.get(int(host)) if host.isdigit() else None
        if host and (table is None or table.id in hosted):
            problems.append(_l("line %(line)d: table %(table)s does not exist or already "
                               "has a host", line=line, table=host))
            continue
        if table:
            hosted.add(table.id)
        people_in.append((fields, table))
    if problems:
        shown = "; ".join(str(p) for p in problems[:MAX_REPORTED])
        raise _refuse(_l("Nothing was imported. Please correct: %(problems)s",
                         problems=shown), lines=len(problems))
    if not people_in:
        raise _refuse(_l("The file has no people in it."))
    imported = []
    for fields, table in people_in:
        imported.append(people.enter(cafe, {**fields, "host_table_id": table and table.id}))
    db.session.commit()
    announce.cafe_changed(cafe)
    return imported
