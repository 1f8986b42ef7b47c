"""The report as Markdown: plain text for wikis and e-mail, produced piece by piece.

User text is escaped so that a wiki shows it as written: no HTML, links or formatting
come out of an idea, not even in renderers that turn addresses into links by themselves.
"""

import re
from collections.abc import Iterator

from flask_babel import force_locale

from app.models import Cafe
from app.services.exports import wording
from app.services.exports.report import Report, build_report

# Characters that start markup anywhere in a line (CommonMark and common wiki flavours), and
# what autolinkers look for: a scheme's ':' ("http:", "mailto:"), a schema-relative "//", a
# domain's '.' ("www.example.com"; markdown-it's linkify even links a bare "example.com") and
# an e-mail's '@'. A backslash before each splits the text there, so no link is found in it,
# and the text still reads as written.
_INLINE = re.compile(r"[\\`*_\[\]<|~#@]|:(?=\S)|/(?=/)|\.(?=\w)")
# GFM looks for e-mail addresses after the escapes are undone, so a backslash does not hide an
# '@' from it: an invisible word joiner before the '@' ends the address's name part.
WORD_JOINER = "\u2060"
# An entity reference such as &amp; would be shown decoded.
_ENTITY = re.compile(r"&(?=#?\w+;)")
# What starts a block at the beginning of a line: headings, quotes, lists, rules, tables.
_LINE_START = re.compile(r"^(\s*)(?:([>+=-])|(\d+)([.)]))")


def _escaped(match: re.Match) -> str:
    return WORD_JOINER + "\\@" if match[0] == "@" else "\\" + match[0]


def _block_start(match: re.Match) -> str:
    indent, sign, number, dot = match.groups()
    return indent + ("\\" + sign if sign else number + "\\" + dot)


def escape(text: str, *, line_start: bool = True) -> str:
    """Markdown that shows exactly this text; line breaks stay (as hard breaks). Nothing in
    it is a link, also where addresses are linked by themselves (GFM, linkify).

    line_start: the text begins a line (a paragraph) rather than following a marker such as
    "## " or "1. "; its later lines always begin lines.
    """
    lines = []
    for n, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        line = _ENTITY.sub(r"\\&", _INLINE.sub(_escaped, line))
        lines.append(_LINE_START.sub(_block_start, line) if n or line_start else line)
    return "  \n".join(lines)


def _inline(text: str) -> str:
    return escape(text, line_start=False)


def _indent(text: str, prefix: str) -> str:
    """Continuation lines of a list item, indented so they stay in the item."""
    return text.replace("\n", "\n" + prefix)


def _cell(value) -> str:
    return " ".join(_inline(line) for line in str(value).splitlines())


def _table(header: list, rows: list[list]) -> Iterator[str]:
    yield "| " + " | ".join(_cell(h) for h in header) + " |\n"
    yield "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|\n"
    for row in rows:
        yield "| " + " | ".join(_cell(v) for v in row) + " |\n"
    yield "\n"


def report_markdown(cafe: Cafe, anonymous: bool = False) -> Iterator[str]:
    """The report in pieces: the model is built first, the text as it is read."""
    with force_locale(cafe.language):
        report = build_report(cafe, anonymous)
        # Everything translated now: the pieces may be produced after this request's locale.
        pieces = list(_head(report))
        titles = wording.section_titles()
        tail = (list(_bridging(report)) + list(_summaries(report, titles))
                + list(_participation(report, titles)))
        words = wording.Words()
        pillar_words = [(wording.pillar_heading(p), wording.pillar_counts(p),
                         _lists(p, words), wording.no_ideas()) for p in report.pillars]

    def pieces_in_order() -> Iterator[str]:
        yield from pieces
        for pillar, (heading, counts, lists, empty) in zip(report.pillars, pillar_words,
                                                           strict=True):
            yield f"## {_inline(heading)}\n\n"
            if pillar.question:
                yield f"*{_inline(pillar.question)}*\n\n"
            yield f"{escape(counts)}\n\n"
            if not pillar.ideas:
                yield f"{escape(empty)}\n\n"
            for title, meta, ideas in lists:
                if title is not None:
                    yield f"### {_inline(title)}\n\n"
                if meta:
                    yield f"*{_inline(meta)}*\n\n"
                yield from _idea_lines(ideas)
        yield from tail

    return pieces_in_order()


def _lists(pillar, words: wording.Words) -> list[tuple]:
    """A pillar's idea lists, each (heading or None, line under it, [(idea, copies, meta)]):
    one per theme and one of the ideas in no theme, or one plain list without themes.
    Translated now, inside the report's locale."""
    def lines(ideas):
        return [(idea, words.copies(idea), words.meta(idea)) for idea in ideas]
    if not pillar.themes:
        return [(None, "", lines(pillar.ideas))]
    lists = [(theme.name, wording.theme_meta(theme), lines(theme.ideas))
             for theme in pillar.themes]
    if pillar.unthemed:
        lists.append((wording.no_theme(), "", lines(pillar.unthemed)))
    return lists


def _idea_lines(ideas: list[tuple]) -> Iterator[str]:
    for rank, (idea, copies, meta) in enumerate(ideas, start=1):
        marker = f"{rank}. "
        text = _indent(_inline(idea.text), " " * len(marker))
        extra = f" **{copies}**" if copies else ""
        yield f"{marker}{text}{extra} — {_inline(meta)}\n"
    if ideas:
        yield "\n"


def _head(report: Report) -> Iterator[str]:
    yield f"# {_inline(report.title)}\n\n"
    yield f"{escape(wording.document_title())}\n\n"
    for label, value in wording.facts(report):
        yield f"- **{_inline(label)}:** {_inline(value)}\n"
    yield "\n"
    for note in wording.notes(report):
        yield f"{escape(note)}\n\n"


def _bridging(report: Report) -> Iterator[str]:
    if not report.dots:
        return
    yield f"## {_inline(wording.bridging_title(report))}\n\n"
    yield f"{escape(wording.bridging_note(report))}\n\n"
    for rank, bridge in enumerate(report.bridging, start=1):
        marker = f"{rank}. "
        text = _indent(_inline(bridge.text), " " * len(marker))
        pillar = f" ({_inline(bridge.pillar)})" if bridge.pillar else ""
        yield f"{marker}{text}{pillar} — {_inline(wording.bridge_meta(bridge))}\n"
    if report.bridging:
        yield "\n"


def _summaries(report: Report, titles: dict) -> Iterator[str]:
    yield f"## {_inline(titles['summaries'])}\n\n"
    if not report.summaries:
        yield f"{escape(titles['no_summaries'])}\n\n"
    for summary in report.summaries:
        yield f"### {_inline(wording.summary_heading(summary))}\n\n"
        host = wording.host_line(summary)
        if host:
            yield f"*{_inline(host)}*\n\n"
        yield f"{escape(summary.text)}\n\n"


def _participation(report: Report, titles: dict) -> Iterator[str]:
    yield f"## {_inline(titles['participation'])}\n\n"
    for line in wording.participation_lines(report):
        yield f"{escape(line)}\n\n"
    yield f"### {_inline(titles['by_round'])}\n\n"
    yield from _table(
        [titles["pillar"], *map(wording.round_label, report.round_numbers), titles["total"]],
        [[wording.pillar_heading(p), *p.by_round, p.posted] for p in report.pillars]
        + [[titles["total"], *report.ideas_by_round, report.ideas_posted]],
    )
    if report.roles:
        yield f"### {_inline(titles['roles'])}\n\n"
        rows = [[s.label, s.count, wording.percent(s)] for s in report.roles]
        if report.roles_not_given:
            rows.append([titles["not_given"], report.roles_not_given, ""])
        yield from _table([titles["role"], titles["people"], titles["share"]], rows)
    if report.organisations:
        yield f"### {_inline(titles['organisations'])}\n\n"
        yield from _table([titles["organisation"], titles["people"], titles["share"]],
                          [[s.label, s.count, wording.percent(s)] for s in report.organisations])
    yield f"---\n\n{escape(titles['generated'])}\n"
