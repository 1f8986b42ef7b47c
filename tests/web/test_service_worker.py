"""The phone's service worker stores every file the phone page needs when it is installed, so
that a reload without a network finds them all (not only those the browser's own cache kept)."""

import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "static"
IMPORT = re.compile(r"""^import\s[^;]*?from\s+"([^"]+)";""", re.MULTILINE | re.DOTALL)


def shell() -> set[str]:
    text = (STATIC / "sw.js").read_text()
    listed = re.search(r"const SHELL = \[(.*?)\];", text, re.DOTALL).group(1)
    return set(re.findall(r'"([^"]+)"', listed))


def imported_from(module: str) -> set[str]:
    """The module's address and those of everything it imports, transitively."""
    seen: set[str] = set()
    waiting = [module]
    while waiting:
        address = waiting.pop()
        if address in seen:
            continue
        seen.add(address)
        if address.startswith("/vendor/"):
            continue
        source = (STATIC / address.removeprefix("/static/")).read_text()
        folder = address.rsplit("/", 1)[0]
        for target in IMPORT.findall(source):
            waiting.append(target if target.startswith("/") else _join(folder, target))
    return seen


def _join(folder: str, relative: str) -> str:
    parts = folder.split("/")
    for piece in relative.split("/"):
        if piece == "..":
            parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def test_every_module_of_the_phone_page_is_stored_at_install():
    needed = imported_from("/static/js/participant.js")
    assert "/static/js/phone/seat.js" in needed and "/vendor/socket.io.esm.min.js" in needed
    assert needed - shell() == set()
