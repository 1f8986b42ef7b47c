"""The report's bar chart, drawn by the app itself: ideas and dots per pillar.

As SVG for the printable HTML (presentation attributes only: the page allows no style
attributes), and as a PNG for the DOCX, written with zlib alone. The PNG carries numbers
only (a built-in digit font); the pillars' names go in the caption under it.
"""

import struct
import zlib
from dataclasses import dataclass

from markupsafe import Markup, escape

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

# 5 x 7 digits, one string per row, '#' for ink.
DIGITS = {
    "0": (".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."),
    "1": ("..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "2": (".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"),
    "3": ("#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."),
    "4": ("...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."),
    "5": ("#####", "#....", "####.", "....#", "....#", "#...#", ".###."),
    "6": ("..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."),
    "7": ("#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."),
    "8": (".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."),
    "9": (".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."),
}
PIXEL = 4  # one font dot is PIXEL x PIXEL image pixels
GLYPH_W, GLYPH_H = 5 * PIXEL, 7 * PIXEL
INK = (31, 41, 55)
WHITE = (255, 255, 255)
P_SCALE = 2  # the PNG is drawn at twice the SVG's size, for print


def _rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    if len(color) != 6:
        return (75, 85, 99)
    try:
        return (int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16))
    except ValueError:
        return (75, 85, 99)


def _tint(rgb: tuple[int, int, int], opacity: float) -> tuple[int, int, int]:
    """The colour as it looks at this opacity on white paper."""
    return tuple(round(c * opacity + 255 * (1 - opacity)) for c in rgb)


class Canvas:
    def __init__(self, width: int, height: int):
        self.width, self.height = width, height
        self.pixels = bytearray(bytes(WHITE) * (width * height))

    def rect(self, x: int, y: int, w: int, h: int, rgb) -> None:
        x0, x1 = max(0, x), min(self.width, x + w)
        if x1 <= x0:
            return
        line = bytes(rgb) * (x1 - x0)
        for row in range(max(0, y), min(self.height, y + h)):
            start = (row * self.width + x0) * 3
            self.pixels[start:start + len(line)] = line

    def number(self, x: int, y: int, value: int) -> None:
        """Digits with their top left corner at (x, y)."""
        for char in str(value):
            for row, pattern in enumerate(DIGITS[char]):
                for col, dot in enumerate(pattern):
                    if dot == "#":
                        self.rect(x + col * PIXEL, y + row * PIXEL, PIXEL, PIXEL, INK)
            x += GLYPH_W + PIXEL

    def png(self) -> bytes:
        stride = self.width * 3
        raw = b"".join(b"\x00" + bytes(self.pixels[y * stride:(y + 1) * stride])
                       for y in range(self.height))

        def chunk(tag: bytes, data: bytes) -> bytes:
            return (struct.pack(">I", len(data)) + tag + data
                    + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def png(bars: list[Bar]) -> bytes:
    """Per pillar: its number at the left, then the ideas bar and the (lighter) dots bar."""
    s = P_SCALE
    gutter = 3 * (GLYPH_W + PIXEL)  # room for a pillar number of up to 3 digits
    bar_h, gap, block_gap = BAR * s, BAR_GAP * s, BLOCK_GAP * s
    block = 2 * bar_h + gap + block_gap
    width = WIDTH * s
    height = block_gap + max(1, len(bars)) * block
    canvas = Canvas(width, height)
    room = width - gutter - 4 * (GLYPH_W + PIXEL) - 12
    scale = _scale(bars, room)
    for i, bar in enumerate(bars):
        top = block_gap + i * block
        if bar.number:
            canvas.number(0, top + bar_h + gap // 2 - GLYPH_H // 2, bar.number)
        for row, (value, opacity) in enumerate(((bar.ideas, 1.0), (bar.dots, DOTS_OPACITY))):
            y = top + row * (bar_h + gap)
            length = round(value * scale)
            canvas.rect(gutter, y, length, bar_h, _tint(_rgb(bar.color), opacity))
            canvas.number(gutter + length + 10, y + (bar_h - GLYPH_H) // 2, value)
    return canvas.png()


def bars(pillars, no_pillar_label: str) -> list[Bar]:
    """One bar pair per report pillar: the ideas posted there and the dots they got."""
    return [Bar(number=p.number, label=p.title if p.number else no_pillar_label,
                color=p.color, ideas=p.posted, dots=p.votes) for p in pillars]
