"""The facilitators' guide (docs/guide.md), shown as a page linked from the console.

A deliberately small Markdown reader for our own document: headings, paragraphs, lists,
images, links, bold and code. Every piece of text is escaped before markup is added.
"""

import re
from pathlib import Path

from markupsafe import Markup, escape

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guide.md"
SCREENSHOTS = GUIDE.parent / "screenshots"

_IMAGE = re.compile(r"!\[([^\]]*)\]\(screenshots/([\w.-]+\.png)\)")
_LINK = re.compile(r"\[([^\]]+)\]\((#[\w-]+|https?://[^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`]+)`")


def _inline(text: str) -> str:
    html = str(escape(text))
    html = _IMAGE.sub(r'<img src="/guide/screenshots/\2" alt="\1" loading="lazy">', html)
    html = _LINK.sub(r'<a href="\2">\1</a>', html)
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    return _CODE.sub(r"<code>\1</code>", html)


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-")


def render(markdown: str) -> Markup:
    out: list[str] = []
    paragraph: list[str] = []
    list_tag = None

    def close_paragraph():
        if paragraph:
            out.append(f"<p>{_inline(' '.join(paragraph))}</p>")
            paragraph.clear()

    def close_list():
        nonlocal list_tag
        if list_tag:
            out.append(f"</{list_tag}>")
            list_tag = None

    for line in markdown.splitlines():
        stripped = line.strip()
        heading = re.match(r"^(#{1,3})\s+(.*)$", stripped)
        item = re.match(r"^(?:[-*]|(\d+)\.)\s+(.*)$", stripped)
        if heading:
            close_paragraph()
            close_list()
            level = len(heading.group(1))
            title = heading.group(2)
            out.append(f'<h{level} id="{_slug(title)}">{_inline(title)}</h{level}>')
        elif item:
            close_paragraph()
            tag = "ol" if item.group(1) else "ul"
            if list_tag != tag:
                close_list()
                out.append(f"<{tag}>")
                list_tag = tag
            out.append(f"<li>{_inline(item.group(2))}</li>")
        elif not stripped:
            close_paragraph()
            close_list()
        else:
            close_list()
            paragraph.append(stripped)
    close_paragraph()
    close_list()
    return Markup("\n".join(out))


def guide_html() -> Markup:
    return render(GUIDE.read_text(encoding="utf-8"))
