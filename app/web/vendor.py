"""Serves the browser libraries installed from npm (node_modules is never committed)."""

from pathlib import Path

from flask import Blueprint, abort, send_from_directory

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
SOCKET_IO = NODE_MODULES / "socket.io-client" / "dist"
HYPHEN = NODE_MODULES / "hyphen"
# Only the files a page loads, by the name the page asks for; nothing else under node_modules
# is reachable.
FILES = {
    "socket.io.esm.min.js": SOCKET_IO / "socket.io.esm.min.js",
    "socket.io.esm.min.js.map": SOCKET_IO / "socket.io.esm.min.js.map",
    # TeX's hyphenation patterns for the projection screen (one per café language).
    "hyphen.js": HYPHEN / "hyphen.js",
    "hyphen-de.js": HYPHEN / "patterns" / "de-1996.js",
    "hyphen-en.js": HYPHEN / "patterns" / "en-us.js",
}

blueprint = Blueprint("vendor", __name__)


@blueprint.get("/vendor/<name>")
def vendor_file(name: str):
    path = FILES.get(name)
    if path is None or not path.exists():
        abort(404)
    return send_from_directory(path.parent, path.name, max_age=7 * 24 * 3600)
