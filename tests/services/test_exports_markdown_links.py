"""The Markdown report read by real renderers that autolink: no user text becomes a link.

GitHub's GFM (cmark-gfm) links `http://…`, `www.…` and e-mail addresses; markdown-it with
linkify also links bare domains such as `example.com`. Both must show the text as written.
"""

from html.parser import HTMLParser

import cmarkgfm
import pytest
from markdown_it import MarkdownIt

from app.services import ideas, people, rounds, summaries
from app.services.exports.markdown_report import WORD_JOINER, escape, report_markdown

LINKY = [
    '=HYPERLINK("http://evil.example/x")',
    "Mehr unter www.example.com!",
    "Bare domain example.com and beispiel.de",
    "Schreibt an kontakt@example.org",
    "mailto:hallo@example.org",
    "xmpp:chat@example.net",
    "ftp://files.example.net/a_b",
    "//localhost/admin",
    "http://localhost:5000/j/ABC",
    "https://пример.рф/путь",
    "Um 10:30 Uhr, z.B. im Saal 3.5 – und/oder",
]
markdown_it = MarkdownIt("gfm-like")  # CommonMark with tables, strikethrough and linkify
RENDERERS = {
    "gfm": cmarkgfm.github_flavored_markdown_to_html,
    "markdown-it-linkify": markdown_it.render,
}


class Rendered(HTMLParser):
    """The tags and the visible text of rendered HTML."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text += data

    def visible(self) -> str:
        """The text as read: the invisible word joiner that keeps GFM off an '@' is no glyph."""
        return self.text.replace(WORD_JOINER + "@", "@")


@pytest.mark.parametrize("render", RENDERERS.values(), ids=RENDERERS.keys())
@pytest.mark.parametrize("text", LINKY)
@pytest.mark.parametrize("line_start", [True, False])
def test_escaped_text_is_never_a_link_and_reads_as_written(render, text, line_start):
    # After a marker ("1. ") as the report writes ideas, or as a paragraph of its own.
    markdown = escape(text, line_start=line_start)
    rendered = Rendered(render(markdown if line_start else "1. " + markdown))
    assert "a" not in rendered.tags, markdown
    assert rendered.visible().strip() == text
    assert WORD_JOINER not in rendered.visible()


@pytest.mark.parametrize("render", RENDERERS.values(), ids=RENDERERS.keys())
def test_markdown_report_has_no_link_in_autolinking_renderers(make_cafe, make_participant,
                                                              render):
    cafe = make_cafe(title="Café www.example.com", tables=1, seats_per_table=4, rounds=1)
    host = make_participant(cafe, "Ana", organisation="verein@example.org")
    guest = make_participant(cafe, "Ben")
    people.set_host(cafe, {"participant_id": host.id, "table_id": cafe.tables[0].id})
    rounds.start_round(cafe)
    for n, text in enumerate(LINKY):  # two authors: one person may post 10 ideas at once
        ideas.post_idea((host, guest)[n % 2], {"client_id": f"linky-idea-{n}", "text": text})
    summaries.save_summary(host, {"text": "Siehe http://evil.example und example.com"})
    rendered = Rendered(render("".join(report_markdown(cafe))))
    assert "a" not in rendered.tags
    for text in [*LINKY, cafe.title, "verein@example.org",
                 "Siehe http://evil.example und example.com"]:
        assert text in rendered.visible()
