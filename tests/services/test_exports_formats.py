"""XLSX, DOCX, Markdown, the printable HTML and the chart, each read back with its own reader."""

import io
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import docx
import openpyxl
import pytest
from PIL import Image

from app.config import Config
from app.extensions import db
from app.services import rounds
from app.services.exports import (
    chart,
    docx_report,
    html_report,
    markdown_report,
    xlsx_export,
)
from app.services.exports.report import build_report
from app.services.ideas import post_idea
from tests.services.test_exports import FORMULAS, NAMES, SUMMARY, add_themes, build_cafe


@pytest.fixture
def built(make_cafe, make_participant):
    return build_cafe(make_cafe, make_participant)


def shown_order(built) -> dict[str, list[str]]:
    """Per pillar title, the idea texts the report must list, most dots first."""
    report = build_report(built.cafe)
    return {p.title: [i.text for i in p.ideas] for p in report.pillars}


# ---- XLSX ---------------------------------------------------------------------------------

def workbook(built, **options):
    return openpyxl.load_workbook(io.BytesIO(xlsx_export.workbook_xlsx(built.cafe, **options)))


def rows_of(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_xlsx_has_overview_pillars_people_and_plan(built):
    book = workbook(built)
    titles = [p.title for p in built.cafe.pillars]
    assert book.sheetnames == ["Übersicht", titles[0], titles[1], titles[2],
                               titles[3][:31], "Teilnehmende", "Wechselplan"]
    overview = rows_of(book["Übersicht"])
    assert overview[0][0] == built.cafe.title
    assert overview[3][:2] == ["Teilnehmende", "4"]
    header_row = next(i for i, row in enumerate(overview) if row[0] == "Säule")
    first = overview[header_row + 1]
    assert first[0] == f"1. {titles[0]}" and first[2:7] == [7, 6, 0, 1, 12]
    assert book["Übersicht"].freeze_panes == f"A{header_row + 2}"


def test_xlsx_pillar_sheet_lists_ideas_by_dots_with_state(built):
    book = workbook(built)
    sheet = book[built.cafe.pillars[0].title]
    header, *body = rows_of(sheet)
    assert header == ["Nr.", "Idee", "Punkte", "Zusammengeführte Dubletten", "Tisch", "Runde",
                      "Zeit", "Verfasst von", "Status", "Zusammengeführt in Nr.",
                      "Hervorgehoben", "Thema"]
    dots = [row[2] for row in body]
    assert dots == sorted(dots, reverse=True)
    by_text = {row[1]: row for row in body}
    bench = by_text["Mehr Sitzbänke im Park"]
    assert bench[2:4] == [5, 2] and bench[8] == "sichtbar"
    merged = [row for row in rows_of(book[built.cafe.pillars[1].title])[1:]
              if row[8] == "zusammengeführt"] + [by_text.get("Mehr Sitzbänke im Park!")]
    assert {row[9] for row in merged if row} == {bench[0]}
    assert "Zurückgezogener Gedanke" not in str(rows_of(sheet))
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:L{len(body) + 1}"
    longest = max(len(line) for row in body for line in row[1].split("\n"))
    assert sheet.column_dimensions["B"].width == longest + 2
    assert sheet.column_dimensions["A"].width < sheet.column_dimensions["B"].width


def test_xlsx_has_a_theme_column(built):
    add_themes(built)
    pillar = next(p for p in built.cafe.pillars if p.id == built.ideas["bench"].pillar_id)
    header, *body = rows_of(workbook(built)[pillar.title])
    theme = {row[1]: row[header.index("Thema")] for row in body}
    assert theme["Mehr Sitzbänke im Park"] == "Sitzbänke im Park"
    assert sorted(v for v in theme.values() if v) == ["Eigenes „Thema“", "Sitzbänke im Park"]


def test_xlsx_writes_formula_like_text_as_text(built):
    book = workbook(built)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str) and cell.value[:1] in "=+-@"]
    values = {cell.value for cell in cells}
    assert set(FORMULAS) <= values and "=cmd|calc" in values and "@Verein Miteinander" in values
    assert {cell.data_type for cell in cells} == {"s"}


def test_xlsx_cells_stay_text_for_tab_and_carriage_return_starts():
    book = openpyxl.Workbook(write_only=True)
    texts = ["\tTab", "\rReturn", "=1+1", "@SUM(A1)", "-2+3", "+1"]
    xlsx_export.Sheet(book, "Test").append(texts)
    out = io.BytesIO()
    book.save(out)
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    assert [c.value for c in sheet[1]] == ["\tTab", "\rReturn", "=1+1", "@SUM(A1)", "-2+3", "+1"]
    assert {c.data_type for c in sheet[1]} == {"s"}


def test_xlsx_plan_is_people_by_rounds_with_table_numbers(built):
    plan = rows_of(workbook(built)["Wechselplan"])
    assert plan[0] == ["Nr.", "Name", "Gastgeber an Tisch", "Runde 1", "Runde 2"]
    assert [row[1] for row in plan[1:]] == NAMES
    assert plan[1][2:] == [1, 1, 1]  # the host stays at table 1
    assert all(row[3] in (1, 2) and row[4] in (1, 2) for row in plan[1:])


def test_anonymous_xlsx_has_no_people_sheet_and_no_names(built):
    book = workbook(built, anonymous=True)
    assert "Teilnehmende" not in book.sheetnames
    text = str([rows_of(sheet) for sheet in book.worksheets])
    for word in [*NAMES, "Stadt Köln", "@Verein Miteinander"]:
        assert word not in text
    assert rows_of(book["Wechselplan"])[0] == ["Nr.", "Gastgeber an Tisch", "Runde 1", "Runde 2"]


@pytest.mark.parametrize(("raw", "expected"), [
    ("Vielfalt", "Vielfalt"),
    ("a/b\\c?d*e[f]g:h", "a b c d e f g h"),
    ("x" * 40, "x" * 31),
    ("'quoted'", "quoted"),
    ("   ", "Sheet"),
    ("History", "History (2)"),
])
def test_sheet_names_are_valid(raw, expected):
    assert xlsx_export.sheet_name(raw, set()) == expected


def test_sheet_names_are_unique_regardless_of_case_and_length():
    used: set[str] = set()
    names = [xlsx_export.sheet_name(raw, used) for raw in
             ["Übersicht", "übersicht", "y" * 40, "y" * 35, "y" * 31]]
    assert names[:2] == ["Übersicht", "übersicht (2)"]
    assert names[2] == "y" * 31 and names[3] == "y" * 27 + " (2)" and names[4] == "y" * 27 + " (3)"
    assert all(len(n) <= 31 for n in names)
    assert len({n.casefold() for n in names}) == len(names)


def test_two_pillars_with_the_same_long_title_get_two_sheets(make_cafe, make_participant):
    title = "Gleichberechtigte Teilhabe: Zugang zu Angeboten [Teil 1/2]"
    cafe = make_cafe(pillars=[{"title": title}, {"title": title}], tables=2, rounds=1)
    sheets = openpyxl.load_workbook(io.BytesIO(xlsx_export.workbook_xlsx(cafe))).sheetnames
    assert len(sheets) == 5 and sheets[1] != sheets[2]
    assert all(len(s) <= 31 and not re.search(r"[\[\]:*?/\\]", s) for s in sheets)


# ---- DOCX ---------------------------------------------------------------------------------

def document(built, **options):
    return docx.Document(io.BytesIO(docx_report.report_docx(built.cafe, **options)))


def docx_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_docx_report_lists_pillars_ideas_by_dots_summaries_and_counts(built):
    doc = document(built)
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    titles = [p.title for p in built.cafe.pillars]
    assert headings == ["Ergebnisse auf einen Blick", *[f"{n}. {t}" for n, t in
                                                         enumerate(titles, 1)],
                        "Brückenideen", "Zusammenfassungen der Tischgastgeber*innen",
                        "Beteiligung"]
    ideas = [p.text for p in doc.paragraphs if re.match(r"\d+\.\t", p.text)]
    order = shown_order(built)
    expected = [text for title in titles for text in order[title]]
    assert [re.sub(r"^\d+\.\t|( \(\d+×\))?\n.*", "", i, flags=re.S) for i in ideas] == [
        t.split("\n")[0] for t in expected]
    assert ideas[0] == "1.\tMehr Sitzbänke im Park (3×)\n5 Punkte · Tisch 1, Runde 1"
    assert 'Sie sagte: "Gleichberechtigt!"\nZweite Zeile' in docx_text(doc)
    text = docx_text(doc)
    assert "Unpassender Beitrag" not in text and "Zurückgezogener Gedanke" not in text
    assert "Tischgastgeber*in: Jürgen Groß" in text and SUMMARY in text
    assert doc.paragraphs[1].text == built.cafe.title
    facts = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert facts["Teilnehmende"] == "4" and facts["Tische"] == "2"
    assert facts["Ort"] == "Rathaus Achern"
    by_round = [[c.text for c in row.cells] for row in doc.tables[1].rows]
    assert by_round[0] == ["Säule", "Runde 1", "Runde 2", "Summe"]
    assert by_round[-1] == ["Summe", "11", "1", "12"]
    roles = [[c.text for c in row.cells] for row in doc.tables[2].rows]
    assert ["Verwaltung", "1", "25\xa0%"] in roles and ["keine Angabe", "1", ""] in roles
    organisations = [[c.text for c in row.cells] for row in doc.tables[3].rows]
    assert organisations[1] == ["Stadt Köln", "2", "50\xa0%"]


def test_docx_chart_is_a_png_image_of_the_right_size(built):
    doc = document(built)
    assert len(doc.inline_shapes) == 1
    blob = doc.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    image = doc.part.related_parts[blob].blob
    width, height = read_png(image).size
    assert width == chart.WIDTH * chart.P_SCALE and height > 100
    caption = next(p.text for p in doc.paragraphs if p.style.name == "Caption")
    assert "1 = Aktive Begegnung" in caption


def test_docx_names_no_author_and_anonymous_docx_names_nobody(built):
    doc = document(built, anonymous=True)
    assert doc.core_properties.author == "World-Café"
    assert "python-docx" not in (doc.core_properties.comments or "")
    text = docx_text(doc)
    for word in [*NAMES, "Stadt Köln", "@Verein Miteinander"]:
        assert word not in text
    assert "Anonymer Export" in text and "insgesamt 2 Organisationen" in text


def test_docx_follows_the_cafes_language(make_cafe, make_participant):
    cafe = make_cafe(language="en", tables=2, rounds=1)
    doc = docx.Document(io.BytesIO(docx_report.report_docx(cafe)))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "Results at a glance" and headings[-1] == "Participation"
    assert doc.core_properties.language == "en-GB"


# ---- HTML ---------------------------------------------------------------------------------

class TextOf(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        if data.strip():
            self.parts.append(data.strip())


def parse(html: str) -> TextOf:
    parser = TextOf()
    parser.feed(html)
    return parser


def test_html_report_has_pillars_ideas_in_dot_order_summaries_and_counts(built):
    html = html_report.report_html(built.cafe)
    assert "<script" not in html and "style=" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    text = parse(html).parts
    order = shown_order(built)
    for title, ideas in order.items():
        positions = [text.index(idea) for idea in ideas]
        assert positions == sorted(positions), title
    assert text.index("1. Aktive Begegnung") < text.index("Mehr Sitzbänke im Park")
    assert "(3×)" in text and "Unpassender Beitrag, ausgeblendet" not in text
    assert "Tischgastgeber*in: Jürgen Groß" in text
    assert SUMMARY.replace("<b>", "").split("\n")[0] in " ".join(text)
    assert "Teilnehmende" in text and text[text.index("Teilnehmende") + 1] == "4"
    assert "4 von 4 Teilnehmenden haben Ideen eingereicht; 4 haben Punkte vergeben." in text
    assert "svg" in parse(html).tags and "link" in parse(html).tags


def test_reports_list_a_pillars_themes_with_keywords_and_dots_then_the_ideas_in_none(built):
    made = add_themes(built)
    unthemed = made["unthemed"].text.split("\n")[0]
    html = parse(html_report.report_html(built.cafe)).parts
    at = html.index("Sitzbänke im Park")
    assert html[at + 1] == "Stichwörter: sitzbänke, park · 5 Punkte · 1 Idee"
    assert at < html.index("Mehr Sitzbänke im Park") < html.index("Eigenes „Thema“") < (
        html.index("Ideen ohne Thema")) < html.index(unthemed)
    doc = document(built)
    themes = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert themes[:3] == ["Sitzbänke im Park", "Eigenes „Thema“", "Ideen ohne Thema"]
    markdown = "".join(markdown_report.report_markdown(built.cafe))
    assert "### Sitzbänke im Park\n\n*Stichwörter: sitzbänke, park · 5 Punkte · 1 Idee*" in (
        markdown)
    assert markdown.index("### Ideen ohne Thema") < markdown.index(
        markdown_report.escape(unthemed, line_start=False))


def test_html_report_during_a_running_round(make_cafe, make_participant):
    built = build_cafe(make_cafe, make_participant, finish=False)
    assert built.cafe.phase == "harvest"
    html = html_report.report_html(built.cafe)
    assert "Mehr Sitzbänke im Park" in html


def test_report_of_a_cafe_without_anything_yet(make_cafe):
    cafe = make_cafe(tables=2, rounds=1)
    html = html_report.report_html(cafe)
    assert "Keine Ideen zu dieser Säule." in html and "0 von 1 gespielt" in html
    assert "".join(markdown_report.report_markdown(cafe)).count("## ") >= 6


# ---- Markdown -----------------------------------------------------------------------------

def test_markdown_report_keeps_order_and_escapes_user_text(built):
    text = "".join(markdown_report.report_markdown(built.cafe))
    assert text.startswith(f"# {built.cafe.title}\n")
    assert "1. Mehr Sitzbänke im Park **(3×)** — 5 Punkte · Tisch 1, Runde 1" in text
    assert not re.search(r"(?<!\\)<", text) and "\\<script>alert(1)\\</script>" in text
    assert "\\*\\*fett\\*\\*" in text and "\\[Link\\](http\\:\\//x)" in text
    assert "Sie sagte: \"Gleichberechtigt!\"  \n   Zweite Zeile" in text
    lines = text.splitlines()
    for ideas in shown_order(built).values():
        found = [next(i for i, line in enumerate(lines) if markdown_report.escape(
            idea.split("\n")[0], line_start=False) in line) for idea in ideas]
        assert found == sorted(found)
    assert "| Summe | 11 | 1 | 12 |" in text
    assert "- **Datum:** 25" not in text or "\\." not in text.split("**Datum:**")[1][:6]


def test_markdown_escape_shows_text_as_written():
    escape = markdown_report.escape
    assert escape("# Titel") == "\\# Titel"
    assert escape("- Punkt\n1. Liste\n> Zitat") == "\\- Punkt  \n1\\. Liste  \n\\> Zitat"
    assert escape("2026. Jahr", line_start=False) == "2026. Jahr"
    assert escape("a | b & c &amp; <i>") == "a \\| b & c \\&amp; \\<i>"
    assert escape("Jürgen Groß 🎉") == "Jürgen Groß 🎉"


def test_anonymous_markdown_names_nobody(built):
    text = "".join(markdown_report.report_markdown(built.cafe, anonymous=True))
    for word in [*NAMES, "Stadt Köln", "Verein Miteinander"]:
        assert word not in text
    assert "Tischgastgeber" in text  # the summary stays, without its author


# ---- the chart ----------------------------------------------------------------------------

def read_png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.mode == "RGB"
    return image


def test_png_chart_draws_bars_in_the_pillar_colours_and_its_texts():
    bars = [chart.Bar(1, "Säule A", "#1d5fbf", 10, 0), chart.Bar(2, "B", "#b0197e", 4, 20)]
    image = read_png(chart.png(bars, ideas_label="Ideen", dots_label="Punkte"))
    assert image.size == (chart.WIDTH * chart.P_SCALE,
                          (chart.LEGEND + 2 * chart._block()) * chart.P_SCALE)
    pixels = {colour for _count, colour in image.getcolors(maxcolors=1 << 16)}
    assert (0x1D, 0x5F, 0xBF) in pixels and (0xB0, 0x19, 0x7E) in pixels
    assert chart._tint((0xB0, 0x19, 0x7E), chart.DOTS_OPACITY) in pixels
    # The first pillar's label is drawn in ink above its bars.
    label_row = image.crop((0, chart.LEGEND * chart.P_SCALE, 200, (chart.LEGEND + 16)
                            * chart.P_SCALE))
    assert chart.INK in {colour for _count, colour in label_row.getcolors(maxcolors=1 << 16)}


def test_svg_chart_escapes_labels_and_uses_no_style_attributes():
    bars = [chart.Bar(1, '<b onload="x">Säule</b>', "#1d5fbf", 3, 9)]
    svg = str(chart.svg(bars, title="T & T", ideas_label="Ideen", dots_label="Punkte"))
    assert "style=" not in svg and "<b " not in svg
    assert "&lt;b onload=&#34;x&#34;&gt;Säule&lt;/b&gt;" in svg and "T &amp; T" in svg
    widths = [float(w) for w in re.findall(r'<rect x="0" y="\d+" width="([\d.]+)"', svg)]
    assert widths[1] > widths[0] * 2.9  # nine dots, three ideas, one scale


def test_report_model_for_a_pillar_whose_ideas_lost_their_pillar(make_cafe, make_participant):
    cafe = make_cafe(tables=2, seats_per_table=4, rounds=1)
    person = make_participant(cafe, "Eine Person")
    rounds.start_round(cafe)
    from app.services import ideas

    idea, _ = ideas.post_idea(person, {"client_id": "orphan-idea", "text": "Ohne Säule"})
    idea.pillar_id = None
    report = build_report(cafe)
    assert report.pillars[-1].unassigned and report.pillars[-1].ideas[0].text == "Ohne Säule"
    assert "Ideen ohne Säule" in html_report.report_html(cafe)


def test_xlsx_times_are_the_cafes_local_time(app, make_cafe, make_participant):
    cafe = make_cafe(tables=1, rounds=1)
    person = make_participant(cafe, "Uhrzeit")
    rounds.start_round(cafe)
    summer, winter = (post_idea(person, {"client_id": f"tz-idea-{n}", "text": text})[0]
                      for n, text in enumerate(["Sommerfest", "Winterfest"]))
    summer.created_at = datetime(2026, 7, 1, 16, 30, tzinfo=UTC)
    winter.created_at = datetime(2026, 12, 1, 16, 30, tzinfo=UTC)
    db.session.commit()
    app.config["TIMEZONE"] = ZoneInfo("Europe/Berlin")

    book = openpyxl.load_workbook(io.BytesIO(xlsx_export.workbook_xlsx(cafe)))
    header, *body = rows_of(book[cafe.pillars[0].title])
    times = {row[1]: row[header.index("Zeit")] for row in body}
    assert times == {"Sommerfest": datetime(2026, 7, 1, 18, 30),  # CEST, UTC+2
                     "Winterfest": datetime(2026, 12, 1, 17, 30)}  # CET, UTC+1


def test_the_time_zone_setting_names_a_zone_or_is_the_servers(monkeypatch, tmp_path):
    monkeypatch.setenv("TIMEZONE", "Europe/Berlin")
    assert Config(INSTANCE_DIR=tmp_path).TIMEZONE.key == "Europe/Berlin"
    monkeypatch.setenv("TIMEZONE", "Mitteleuropa")
    with pytest.raises(ValueError, match="TIMEZONE"):
        Config(INSTANCE_DIR=tmp_path)
    monkeypatch.delenv("TIMEZONE")
    assert Config(INSTANCE_DIR=tmp_path).TIMEZONE is None  # astimezone(None): the server's
