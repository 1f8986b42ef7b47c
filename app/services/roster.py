"""A participant list prepared ahead: imported from a spreadsheet as CSV, all or nothing."""

import io
import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.models import Cafe, Participant
from app.services import notify, people, replanning, validate
from app.services.errors import ServiceError

MAX_BYTES = 1_000_000
MAX_ROWS = 2000
# Column names people use in German and English spreadsheets (any case; "_", "-" and runs of
# spaces read as one space), mapped to ours.
COLUMNS = {
    "name": "name",
    "organisation": "organisation", "organization": "organisation", "kommune": "organisation",
    "gemeinde": "organisation",
    "role": "role", "rolle": "role", "funktion": "role", "function": "role",
    "host table": "host_table", "host of table": "host_table", "host at table": "host_table",
    "gastgeber": "host_table", "gastgeber tisch": "host_table",
    "gastgeber an tisch": "host_table", "tisch": "host_table",
}
MAX_REPORTED = 8
DELIMITERS = (";", ",", "\t")
# One cell: in double quotes (a quote inside doubled; spaces around allowed), or plain text
# without quotes. The plain branch always matches, if only the empty string.
_CELL = {d: re.compile(rf' *"((?:[^"]|"")*)" *|([^"{d}]*)') for d in DELIMITERS}


def _refuse(message, **details) -> ServiceError:
    return ServiceError("invalid_csv", message, status=400, **details)


def _rows(raw: bytes) -> list[tuple[int, dict]]:
    """(line number, cells by column) for every line with something in it.

    Spreadsheets write CSV with ',' ';' or a tab between cells and double quotes around a
    cell that holds one of them ("Verein ""A;B"" e.V."). csv.Sniffer guesses the quoting too
    and got doubled quotes wrong, cutting such a cell short; here the first line decides the
    separator, the quoting is always the spreadsheets' own, and a line that does not read
    exactly that way is refused with its number.
    """
    if len(raw) > MAX_BYTES:
        raise _refuse(_l("The file is larger than 1 MB. A participant list is much smaller."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse(_l("The file is not UTF-8. Save it as “CSV UTF-8” and try again.")) from None
    if not text.strip():
        raise _refuse(_l("The file is empty."))
    first, *lines = io.StringIO(text, newline=None).read().split("\n")
    delimiter, header = _header(first)
    rows, problems = [], []
    for number, line in enumerate(lines, start=2):
        cells = _cells(line, delimiter)
        if cells is None or any(cell.strip() for cell in cells[len(header):]):
            problems.append(_l("line %(line)d cannot be read exactly: put a cell that holds "
                               "quotes or the separator in double quotes and double the "
                               "quotes inside it", line=number))
        elif any(cell.strip() for cell in cells):
            rows.append((number, dict(zip(header, (cell.strip() for cell in cells),
                                          strict=False))))
    if problems:
        raise _nothing_imported(problems)
    if len(rows) > MAX_ROWS:
        raise _refuse(_l("At most %(max)d people per list.", max=MAX_ROWS))
    return rows


def _column(cell: str) -> str | None:
    return COLUMNS.get(" ".join(cell.lower().replace("_", " ").replace("-", " ").split()))


def _header(line: str) -> tuple[str, list[str]]:
    """The separator that splits the first line into known column names, and those names.

    When no separator does, the split with the most known names (then the most cells) is
    most likely the one meant: its unknown names are the ones to tell the person about.
    """
    best, closest = None, None
    for delimiter in DELIMITERS:
        cells = _cells(line, delimiter)
        if cells is None:
            continue
        columns = [_column(cell) for cell in cells]
        if None not in columns:
            if best is None or len(columns) > len(best[1]):
                best = (delimiter, columns)
            continue
        fit = (len(columns) - columns.count(None), len(columns))
        if closest is None or fit > closest[0]:
            closest = (fit, [cell.strip() for cell, column in zip(cells, columns, strict=True)
                             if column is None])
    if best is None and closest is not None:
        # Quoted apart from the sentence: pybabel does not find a text nested in another.
        unknown = ", ".join(str(_l("“%(name)s”", name=name)) for name in closest[1])
        raise _refuse(_l("These column names are not understood: %(columns)s. Known columns: "
                         "name; organisation (or Gemeinde, Kommune); role (or Rolle, "
                         "Funktion); host_table (or Gastgeber, Tisch, Gastgeber an Tisch). "
                         "Only name is required.", columns=unknown))
    if best is None or "name" not in best[1]:
        raise _refuse(_l("The first line must name the columns: name, organisation, role, "
                         "host_table (only name is required)."))
    return best


def _cells(line: str, delimiter: str) -> list[str] | None:
    """The cells of one line, or None when a quote in it is not part of a quoted cell (the
    cell could be read in more than one way)."""
    cell = _CELL[delimiter]
    cells, at = [], 0
    while True:
        found = cell.match(line, at)
        quoted, plain = found.groups()
        cells.append(plain if quoted is None else quoted.replace('""', '"'))
        at = found.end()
        if at == len(line):
            return cells
        if line[at] != delimiter:
            return None
        at += 1


def _nothing_imported(problems: list) -> ServiceError:
    shown = "; ".join(str(p) for p in problems[:MAX_REPORTED])
    return _refuse(_l("Nothing was imported. Please correct: %(problems)s", problems=shown),
                   lines=len(problems))


@dataclass
class Imported:
    people: list[Participant]
    # Lines (as counted in the file) of one name and organisation, each group more than one
    # line: imported all the same (two people may share a name), but the organiser should look.
    duplicates: list[dict]


def _duplicates(lines: list[tuple[int, dict]]) -> list[dict]:
    groups: dict[tuple[str, str], list[int]] = {}
    for line, fields in lines:
        key = (people.name_key(fields["name"]), fields["organisation"].casefold().strip())
        groups.setdefault(key, []).append(line)
    first = {line: fields for line, fields in lines}
    return [{"lines": found, "name": first[found[0]]["name"],
             "organisation": first[found[0]]["organisation"]}
            for found in groups.values() if len(found) > 1]


def import_csv(cafe: Cafe, raw: bytes) -> Imported:
    """Check every row first; import them all in one commit only if all are fine."""
    rows = _rows(raw)
    tables = {t.number: t for t in cafe.tables}
    hosted = set(db.session.scalars(
        select(Participant.host_table_id).where(Participant.cafe_id == cafe.id,
                                                Participant.host_table_id.is_not(None))))
    problems, people_in = [], []
    for line, row in rows:
        try:
            fields = people.person_fields(cafe, row)
        except ServiceError as exc:
            problems.append(_l("line %(line)d: %(problem)s", line=line, problem=exc.message))
            continue
        host = row.get("host_table") or ""
        number = validate.whole_number(host)
        table = tables.get(number) if number is not None else None
        if host and (table is None or table.id in hosted):
            problems.append(_l("line %(line)d: table %(table)s does not exist or already "
                               "has a host", line=line, table=host))
            continue
        if table:
            hosted.add(table.id)
        people_in.append((line, fields, table))
    if problems:
        raise _nothing_imported(problems)
    if not people_in:
        raise _refuse(_l("The file has no people in it."))
    imported = []
    for _line, fields, table in people_in:
        imported.append(people.enter(cafe, {**fields, "host_table_id": table and table.id}))
    db.session.commit()
    notify.cafe_changed(cafe)
    replanning.plan_ahead(cafe)
    return Imported(imported, _duplicates([(line, fields) for line, fields, _t in people_in]))
