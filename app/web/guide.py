"""The facilitators' guide (docs/guide.md), shown as a page linked from the console.

markdown-it-py reads it as CommonMark (plus tables) with raw HTML off, so every piece of text
in the file is escaped. Two touches for the page: headings get ids (the guide links to its
own sections), and screenshots are served from /guide/screenshots/ and load lazily.
"""

import re
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path

from markdown_it import MarkdownIt
from markupsafe import Markup

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guide.md"
SCREENSHOTS = GUIDE.parent / "screenshots"
SCREENSHOT_PREFIX = "screenshots/"


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-")


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "xhtmlOut": False}).enable("table")


def render(markdown: str) -> Markup:
    parser = _parser()
    tokens = parser.parse(markdown)
    for opening, inline in pairwise(tokens):
        if opening.type == "heading_open":
            opening.attrSet("id", _slug(inline.content))
        for child in inline.children or ():
            src = child.attrGet("src") if child.type == "image" else None
            if isinstance(src, str) and src.startswith(SCREENSHOT_PREFIX):
                child.attrSet("src", f"/guide/{src}")
                child.attrSet("loading", "lazy")
    return Markup(parser.renderer.render(tokens, parser.options, {}))


def guide_html() -> Markup:
    return _rendered(GUIDE.stat().st_mtime_ns)


@lru_cache(maxsize=1)
def _rendered(_version: int) -> Markup:
    """The guide as HTML, read again only when the file changes (parsing takes a few ms)."""
    return render(GUIDE.read_text(encoding="utf-8"))
