"""The report as a Word document (python-docx), with the bar chart as a PNG image."""

import io

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from flask_babel import force_locale
from lxml.etree import SubElement

from app.models import Cafe
from app.services.exports import chart, wording
from app.services.exports.common import xml_text
from app.services.exports.report import Report, build_report

MUTED = RGBColor(0x4B, 0x55, 0x63)
LANGUAGE_TAGS = {"de": "de-DE", "en": "en-GB"}
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def report_docx(cafe: Cafe, anonymous: bool = False) -> bytes:
    with force_locale(cafe.language):
        report = build_report(cafe, anonymous)
        document = _document(report)
        _head(document, report)
        _chart(document, report)
        _pillars(document, report)
        _bridging(document, report)
        _summaries(document, report)
        _participation(document, report)
        footer = document.add_paragraph()
        _muted(footer.add_run(wording.section_titles()["generated"]))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _document(report: Report):
    document = Document()
    props = document.core_properties
    # python-docx's template names itself as author; a report names no one.
    props.author = "World-Café"
    props.last_modified_by = ""
    props.comments = ""
    props.title = xml_text(report.title)
    props.language = LANGUAGE_TAGS.get(report.language, report.language)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    # The spelling checker's language follows the café's.
    run_props = normal.element.get_or_add_rPr()
    lang = run_props.find(qn("w:lang"))
    if lang is None:
        lang = run_props.makeelement(qn("w:lang"), {})
        run_props.append(lang)
    lang.set(qn("w:val"), LANGUAGE_TAGS.get(report.language, report.language))
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.0)
    return document


def _muted(run):
    run.font.color.rgb = MUTED
    run.font.size = Pt(9.5)
    return run


def _text(paragraph, text: str, **flags):
    """A run of user text: line breaks become breaks; characters XML cannot hold are dropped."""
    run = paragraph.add_run()
    for i, line in enumerate(xml_text(text).split("\n")):
        if i:
            run.add_break(WD_BREAK.LINE)
        run.add_text(line)
    for name, value in flags.items():
        setattr(run, name, value)
    return run


def _head(document, report: Report) -> None:
    kicker = document.add_paragraph()
    _muted(kicker.add_run(wording.document_title()))
    title = document.add_heading(level=0)
    _text(title, report.title)
    facts = document.add_table(rows=0, cols=2)
    facts.style = "Light List Accent 1"
    for label, value in wording.facts(report):
        cells = facts.add_row().cells
        cells[0].text = label
        cells[1].text = value
        cells[0].paragraphs[0].runs[0].bold = True
        cells[0].width, cells[1].width = Cm(4), Cm(12.5)
    for note in wording.notes(report):
        _muted(document.add_paragraph().add_run(note))


def _chart(document, report: Report) -> None:
    titles = wording.section_titles()
    document.add_heading(titles["chart"], level=1)
    labels = wording.chart_labels()
    image = chart.png(chart.bars(report.pillars, wording.no_pillar()),
                      ideas_label=labels["ideas_label"], dots_label=labels["dots_label"])
    document.add_picture(io.BytesIO(image), width=Cm(16))
    caption = document.add_paragraph(style="Caption")
    caption.add_run(xml_text(wording.chart_caption(report)))


def _styles(document) -> dict[str, str]:
    """Styles for the idea lists: each idea is then a few XML elements, not many API calls."""
    styles = document.styles
    item = styles.add_style("Idea item", WD_STYLE_TYPE.PARAGRAPH)
    item.base_style = styles["Normal"]
    item.paragraph_format.left_indent = Cm(0.9)
    item.paragraph_format.first_line_indent = Cm(-0.9)
    item.paragraph_format.space_after = Pt(4)
    number = styles.add_style("Idea number", WD_STYLE_TYPE.CHARACTER)
    number.font.bold = True
    meta = styles.add_style("Idea meta", WD_STYLE_TYPE.CHARACTER)
    meta.font.color.rgb = MUTED
    meta.font.size = Pt(9.5)
    return {"item": item.style_id, "number": number.style_id, "meta": meta.style_id}


def _run(paragraph, text: str = "", *, style: str | None = None, bold: bool = False,
         breaks_before: int = 0):
    """A run written as XML: line breaks in the text become <w:br/>."""
    run = SubElement(paragraph, qn("w:r"))
    if style or bold:
        props = SubElement(run, qn("w:rPr"))
        if style:
            SubElement(props, qn("w:rStyle")).set(qn("w:val"), style)
        if bold:
            SubElement(props, qn("w:b"))
    for _ in range(breaks_before):
        SubElement(run, qn("w:br"))
    for i, line in enumerate(xml_text(text).split("\n") if text else []):
        if i:
            SubElement(run, qn("w:br"))
        element = SubElement(run, qn("w:t"))
        element.text = line
        element.set(XML_SPACE, "preserve")
    return run


def _idea(body, before, styles: dict, rank: int, idea, words: wording.Words) -> None:
    paragraph = body.makeelement(qn("w:p"), {})
    before.addprevious(paragraph)
    SubElement(SubElement(paragraph, qn("w:pPr")), qn("w:pStyle")).set(qn("w:val"),
                                                                       styles["item"])
    SubElement(_run(paragraph, f"{rank}.", style=styles["number"]), qn("w:tab"))
    _run(paragraph, idea.text)
    if idea.copies > 1:
        _run(paragraph, " " + words.copies(idea), bold=True)
    _run(paragraph, words.meta(idea), style=styles["meta"], breaks_before=1)


def _pillars(document, report: Report) -> None:
    styles = _styles(document)
    words = wording.Words()
    body = document.element.body
    for pillar in report.pillars:
        heading = document.add_heading(level=1)
        _text(heading, wording.pillar_heading(pillar))
        if pillar.question:
            _text(document.add_paragraph(), pillar.question, italic=True)
        _muted(document.add_paragraph().add_run(wording.pillar_counts(pillar)))
        if not pillar.ideas:
            document.add_paragraph(wording.no_ideas())
        if not pillar.themes:
            _ideas(body, styles, pillar.ideas, words)
            continue
        for theme in pillar.themes:
            _text(document.add_heading(level=2), theme.name)
            _muted(_text(document.add_paragraph(), wording.theme_meta(theme)))
            _ideas(body, styles, theme.ideas, words)
        if pillar.unthemed:
            document.add_heading(wording.no_theme(), level=2)
            _ideas(body, styles, pillar.unthemed, words)


def _ideas(body, styles: dict, ideas, words: wording.Words) -> None:
    # Each idea goes in just before the section properties, as python-docx would put it.
    end = body.sectPr
    for rank, idea in enumerate(ideas, start=1):
        _idea(body, end, styles, rank, idea, words)


def _bridging(document, report: Report) -> None:
    if not report.dots:
        return
    document.add_heading(wording.bridging_title(report), level=1)
    _muted(document.add_paragraph().add_run(wording.bridging_note(report)))
    for rank, bridge in enumerate(report.bridging, start=1):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{rank}. ").bold = True
        _text(paragraph, bridge.text)
        if bridge.pillar:
            _text(paragraph, f" ({bridge.pillar})")
        paragraph.add_run().add_break(WD_BREAK.LINE)
        _muted(_text(paragraph, wording.bridge_meta(bridge)))


def _summaries(document, report: Report) -> None:
    titles = wording.section_titles()
    document.add_heading(titles["summaries"], level=1)
    if not report.summaries:
        document.add_paragraph(titles["no_summaries"])
    for summary in report.summaries:
        heading = document.add_heading(level=2)
        _text(heading, wording.summary_heading(summary))
        host = wording.host_line(summary)
        if host:
            _muted(_text(document.add_paragraph(), host))
        _text(document.add_paragraph(), summary.text)


def _numbers_table(document, header: list[str], rows: list[list[str]], footer=None):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Light List Accent 1"
    for cell, value in zip(table.rows[0].cells, header, strict=True):
        cell.text = xml_text(value)
    for values in rows + ([footer] if footer else []):
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = xml_text(str(value))
    if footer:
        for cell in table.rows[-1].cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
    document.add_paragraph()
    return table


def _participation(document, report: Report) -> None:
    titles = wording.section_titles()
    document.add_heading(titles["participation"], level=1)
    for line in wording.participation_lines(report):
        document.add_paragraph(line)
    document.add_heading(titles["by_round"], level=2)
    _numbers_table(
        document,
        [titles["pillar"], *map(wording.round_label, report.round_numbers), titles["total"]],
        [[wording.pillar_heading(p), *p.by_round, p.posted] for p in report.pillars],
        [titles["total"], *report.ideas_by_round, report.ideas_posted],
    )
    if report.roles:
        document.add_heading(titles["roles"], level=2)
        rows = [[s.label, s.count, wording.percent(s)] for s in report.roles]
        if report.roles_not_given:
            rows.append([titles["not_given"], report.roles_not_given, ""])
        _numbers_table(document, [titles["role"], titles["people"], titles["share"]], rows)
    if report.organisations:
        document.add_heading(titles["organisations"], level=2)
        _numbers_table(document, [titles["organisation"], titles["people"], titles["share"]],
                       [[s.label, s.count, wording.percent(s)] for s in report.organisations])
