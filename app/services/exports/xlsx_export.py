"""The workbook for further work (openpyxl): an overview, one sheet per pillar, the people,
and the rotation plan. Every sheet has a frozen header row, a filter and sized columns.

Text is always written as text: an idea starting with "=" stays an idea, never a formula.
"""

import io
import re
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from app.models import Cafe
from app.services import reads
from app.services.exports import common, wording
from app.services.exports.report import build_report

SHEET_NAME_MAX = 31
# Excel refuses these in sheet names; it also compares names without regard to case.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
RESERVED_SHEET_NAMES = {"history"}
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="374151")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
WIDTH_MIN, WIDTH_MAX = 6, 60
SAMPLE_ROWS = 500  # column widths are measured on the first rows


def sheet_name(raw: str, used: set[str], fallback: str = "Sheet") -> str:
    """A valid, unique sheet name: at most 31 characters, none of []:*?/\\ ."""
    name = SHEET_NAME_FORBIDDEN.sub(" ", raw)
    name = re.sub(r"\s+", " ", name).strip().strip("'").strip() or fallback
    name = name[:SHEET_NAME_MAX].rstrip().rstrip("'") or fallback
    candidate, n = name, 2
    while candidate.casefold() in used | RESERVED_SHEET_NAMES:
        suffix = f" ({n})"
        candidate = name[:SHEET_NAME_MAX - len(suffix)].rstrip().rstrip("'") + suffix
        n += 1
    used.add(candidate.casefold())
    return candidate


class Sheet:
    """A streaming (write-only) sheet: widths, frozen header and filter are set up front from
    the rows, then the rows go out one by one; openpyxl keeps no cell of them."""

    def __init__(self, book, title: str):
        self.sheet = book.create_sheet(title)

    def cell(self, value, **style):
        """A value ready for the sheet: text is text, times have a format."""
        if isinstance(value, str):
            value = common.xml_text(value)
            if not (style or value.startswith(common.FORMULA_STARTS)):
                return value
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.data_type = "s"  # text, even when it looks like a formula
        elif isinstance(value, datetime):
            # Excel knows no time zones: the time is written as the café's clocks showed it.
            cell = WriteOnlyCell(self.sheet, value=common.local_time(value).replace(tzinfo=None,
                                                                              microsecond=0))
            cell.number_format = "yyyy-mm-dd hh:mm"
        elif style:
            cell = WriteOnlyCell(self.sheet, value=value)
        else:
            return value
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell

    def append(self, values, **style) -> None:
        self.sheet.append([self.cell(v, **style) if v is not None else None for v in values])

    def table(self, header: list[str], rows: list[list], *, before: list[list] = (),
              wrap: tuple[int, ...] = ()) -> None:
        """Optional lines above, then the table: frozen header, filter, sized columns."""
        header_row = len(before) + 1
        widths = [len(h) for h in header]
        for row in rows[:SAMPLE_ROWS]:
            for i, value in enumerate(row):
                if value is not None:
                    longest = max(len(line) for line in str(value).split("\n"))
                    widths[i] = max(widths[i], longest)
        for i, width in enumerate(widths, start=1):
            wide = WIDTH_MAX + 10 if i in wrap else WIDTH_MAX
            self.sheet.column_dimensions[get_column_letter(i)].width = min(
                wide, max(WIDTH_MIN, width + 2))
        self.sheet.freeze_panes = f"A{header_row + 1}"
        self.sheet.auto_filter.ref = (f"A{header_row}:{get_column_letter(len(header))}"
                                      f"{header_row + max(1, len(rows))}")
        for n, line in enumerate(before):
            if n == 0:
                self.append(line, font=TITLE_FONT)
            elif line:
                self.sheet.append([self.cell(line[0], font=BOLD), *map(self.cell, line[1:])])
            else:
                self.sheet.append([])
        self.append(header, font=HEADER_FONT, fill=HEADER_FILL, alignment=TOP)
        for row in rows:
            self.sheet.append([
                None if v is None else
                self.cell(v, alignment=WRAP) if i in wrap else self.cell(v)
                for i, v in enumerate(row, start=1)])


def workbook_xlsx(cafe: Cafe, anonymous: bool = False) -> bytes:
    anonymous = common.is_anonymous(cafe, anonymous)
    with force_locale(cafe.language):
        book = Workbook(write_only=True)
        used: set[str] = set()
        records = common.load_ideas(cafe, anonymous)
        report = build_report(cafe, anonymous, records=records)
        _overview(Sheet(book, sheet_name(_("Overview"), used)), cafe, report, records)
        _pillar_sheets(book, cafe, records, used, anonymous)
        people = reads.participants(cafe)
        if not anonymous:
            _participants(Sheet(book, sheet_name(_("Participants"), used)), cafe, people,
                          records)
        _plan(Sheet(book, sheet_name(_("Rotation plan"), used)), cafe, people, anonymous)
        book.properties.creator = "World-Café"
        book.properties.title = common.xml_text(cafe.title)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _overview(sheet: Sheet, cafe: Cafe, report, records) -> None:
    before = [[cafe.title], *([label, value] for label, value in wording.facts(report))]
    if report.anonymous:
        before.append([wording.notes(report)[-1]])
    before.append([])
    rows = []
    for pillar in report.pillars:
        mine = [r for r in records if pillar_id(cafe, pillar) == r.pillar_id]
        rows.append([wording.pillar_heading(pillar), pillar.question, pillar.posted,
                     len(pillar.ideas), sum(r.status == "hidden" for r in mine),
                     sum(r.status == "merged" for r in mine), pillar.votes,
                     *pillar.by_round])
    sheet.table([_("Pillar"), _("Question"), _("Ideas posted"), _("In the report"),
                 _("hidden"), _("merged"), _("Dots"),
                 *map(wording.round_label, report.round_numbers)],
                rows, before=before, wrap=(1, 2))


def pillar_id(cafe: Cafe, pillar) -> int | None:
    """The database id of a report pillar (None for the ideas whose pillar is gone)."""
    return cafe.pillars[pillar.number - 1].id if pillar.number else None


def _pillar_sheets(book, cafe: Cafe, records, used: set[str], anonymous: bool) -> None:
    status = {"shown": _("shown"), "hidden": _("hidden"), "merged": _("merged")}
    nobody = _("anonymous")
    header = [_("No."), _("Idea"), _("Dots"), _("Duplicates merged in"), _("Table"),
              _("Round"), _("Time"), _("Author"), _("Status"), _("Merged into No."),
              _("Pinned"), _("Theme")]
    theme_of = common.theme_names(cafe)
    groups: dict[int | None, list] = {p.id: [] for p in cafe.pillars}
    for record in common.by_votes(records):
        groups.setdefault(record.pillar_id if record.pillar_id in groups else None,
                          []).append(record)
    titles = {p.id: p.title for p in cafe.pillars}
    for key, group in groups.items():
        if key is None and not group:
            continue
        title = titles[key] if key is not None else wording.no_pillar()
        sheet = Sheet(book, sheet_name(title, used, fallback=_("Pillar")))
        sheet.table(header, [
            [r.ref, r.text, r.votes, r.copies - 1, r.table_number, r.round_number, r.created_at,
             nobody if anonymous else r.author, status[r.status], r.merged_into,
             _("yes") if r.pinned else None, common.theme_of(r, theme_of)]
            for r in group
        ], wrap=(2, 12))


def _participants(sheet: Sheet, cafe: Cafe, people, records) -> None:
    tables = {t.id: t.number for t in cafe.tables}
    posted: dict[int, int] = {}
    for record in records:
        posted[record.participant_id] = posted.get(record.participant_id, 0) + 1
    sheet.table([_("No."), _("Name"), _("Organisation"), _("Role"), _("Hosts table"),
                 _("Left after round"), _("Ideas posted")], [
        [n, p.name, p.organisation or None, p.role or None, tables.get(p.host_table_id),
         None if p.left_after_round is None else p.left_after_round + 1, posted.get(p.id, 0)]
        for n, p in enumerate(people, start=1)
    ])


def _plan(sheet: Sheet, cafe: Cafe, people, anonymous: bool) -> None:
    """People x rounds, table numbers; an empty cell is a round without a seat."""
    by_round = reads.seatings(cafe)
    number = {t.id: t.number for t in cafe.tables}
    rounds = range(cafe.rounds)
    header = [_("No.")] + ([] if anonymous else [_("Name")]) + [_("Hosts table")] + [
        wording.round_label(r + 1) for r in rounds]
    sheet.table(header, [
        [n] + ([] if anonymous else [p.name]) + [number.get(p.host_table_id)]
        + [number.get(by_round.get(r, {}).get(p.id)) for r in rounds]
        for n, p in enumerate(people, start=1)
    ])
