"""The report's bar chart: ideas and dots per pillar, one layout in two forms.

As SVG for the printable HTML (presentation attributes only: the page allows no style
attributes), and as a PNG for the DOCX, drawn with Pillow at twice the size for print. The
PNG's texts are set in DejaVu Sans from npm (package.json): Pillow's own default font has no
umlauts, and a system font may be missing.
"""

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markupsafe import Markup, escape
from PIL import Image, ImageDraw, ImageFont

WIDTH = 720
LEGEND = 30
LABEL = 18
BAR = 14
BAR_GAP = 3
BLOCK_GAP = 14
NUMBERS = 56  # room right of the longest bar for its number
MAX_LABEL = 95
DOTS_OPACITY = 0.45


@dataclass
class Bar:
    number: int  # the pillar's position, 0 for ideas without a pillar
    label: str
    color: str
    ideas: int
    dots: int


def _block() -> int:
    return LABEL + 2 * BAR + BAR_GAP + BLOCK_GAP


def _scale(bars: list[Bar], room: float) -> float:
    top = max([1] + [b.ideas for b in bars] + [b.dots for b in bars])
    return room / top


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[:MAX_LABEL - 1].rstrip() + "…"


def svg(bars: list[Bar], *, title: str, ideas_label: str, dots_label: str) -> Markup:
    """The chart as an inline SVG element; every text is escaped."""
    height = LEGEND + len(bars) * _block()
    scale = _scale(bars, WIDTH - NUMBERS)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="chart-title">',
        f'<title id="chart-title">{escape(title)}</title>',
        '<g font-family="sans-serif" font-size="13" fill="#1f2937">',
        '<rect x="0" y="4" width="14" height="14" fill="#374151"/>',
        f'<text x="20" y="16">{escape(ideas_label)}</text>',
        f'<rect x="140" y="4" width="14" height="14" fill="#374151" '
        f'fill-opacity="{DOTS_OPACITY}"/>',
        f'<text x="160" y="16">{escape(dots_label)}</text>',
    ]
    for i, bar in enumerate(bars):
        top = LEGEND + i * _block()
        label = f"{bar.number} · {bar.label}" if bar.number else bar.label
        color = escape(bar.color)
        parts.append(f'<text x="0" y="{top + 13}" font-weight="bold">{escape(_short(label))}'
                     "</text>")
        for row, (value, opacity) in enumerate(((bar.ideas, 1), (bar.dots, DOTS_OPACITY))):
            y = top + LABEL + row * (BAR + BAR_GAP)
            length = round(value * scale, 1)
            if value:
                parts.append(f'<rect x="0" y="{y}" width="{length}" height="{BAR}" '
                             f'fill="{color}" fill-opacity="{opacity}"/>')
            parts.append(f'<text x="{length + 6}" y="{y + BAR - 2}">{value}</text>')
    parts.append("</g></svg>")
    return Markup("".join(parts))


# ---- PNG ----------------------------------------------------------------------------------

INK = (31, 41, 55)  # the SVG's #1f2937
KEY = (55, 65, 81)  # the legend's #374151
WHITE = (255, 255, 255)
FALLBACK = (75, 85, 99)
P_SCALE = 2  # the PNG is drawn at twice the SVG's size, for print
FONT_SIZE = 13
FONTS = Path(__file__).resolve().parents[3] / "node_modules" / "dejavu-fonts-ttf" / "ttf"


@cache
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / name), size)


def _rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    if len(color) != 6:
        return FALLBACK
    try:
        return (int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16))
    except ValueError:
        return FALLBACK


def _tint(rgb: tuple[int, int, int], opacity: float) -> tuple[int, int, int]:
    """The colour as it looks at this opacity on white paper."""
    return tuple(round(c * opacity + 255 * (1 - opacity)) for c in rgb)


def _fit(text: str, font, width: float) -> str:
    """The text, cut with an ellipsis where it would run past the image's edge."""
    text = _short(text)
    while len(text) > 1 and font.getlength(text) > width:
        text = text[:-2].rstrip() + "…"
    return text


def png(bars: list[Bar], *, ideas_label: str, dots_label: str) -> bytes:
    """The SVG's drawing as PNG pixels: legend, then per pillar its label and two bars."""
    s = P_SCALE
    width = WIDTH * s
    image = Image.new("RGB", (width, (LEGEND + len(bars) * _block()) * s), WHITE)
    draw = ImageDraw.Draw(image)
    font = _font("DejaVuSans.ttf", FONT_SIZE * s)
    bold = _font("DejaVuSans-Bold.ttf", FONT_SIZE * s)
    draw.rectangle((0, 4 * s, 14 * s - 1, 18 * s - 1), fill=KEY)
    draw.text((20 * s, 16 * s), ideas_label, font=font, fill=INK, anchor="ls")
    dots_key = max(140 * s, round(20 * s + font.getlength(ideas_label) + 16 * s))
    draw.rectangle((dots_key, 4 * s, dots_key + 14 * s - 1, 18 * s - 1),
                   fill=_tint(KEY, DOTS_OPACITY))
    draw.text((dots_key + 20 * s, 16 * s), dots_label, font=font, fill=INK, anchor="ls")
    scale = _scale(bars, WIDTH - NUMBERS) * s
    for i, bar in enumerate(bars):
        top = (LEGEND + i * _block()) * s
        label = f"{bar.number} · {bar.label}" if bar.number else bar.label
        draw.text((0, top + 13 * s), _fit(label, bold, width), font=bold, fill=INK, anchor="ls")
        color = _rgb(bar.color)
        for row, (value, opacity) in enumerate(((bar.ideas, 1.0), (bar.dots, DOTS_OPACITY))):
            y = top + (LABEL + row * (BAR + BAR_GAP)) * s
            length = round(value * scale)
            if value:
                draw.rectangle((0, y, length - 1, y + BAR * s - 1), fill=_tint(color, opacity))
            draw.text((length + 6 * s, y + (BAR - 2) * s), str(value), font=font, fill=INK,
                      anchor="ls")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def bars(pillars, no_pillar_label: str) -> list[Bar]:
    """One bar pair per report pillar: the ideas posted there and the dots they got."""
    return [Bar(number=p.number, label=p.title if p.number else no_pillar_label,
                color=p.color, ideas=p.posted, dots=p.votes) for p in pillars]
