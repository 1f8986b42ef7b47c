"""Serves the browser libraries installed from npm (node_modules is never committed)."""

from pathlib import Path

from flask import Blueprint, abort, send_from_directory

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
# Only the files a page loads; nothing else under node_modules is reachable.
FILES = {
    "socket.io.esm.min.js": NODE_MODULES / "socket.io-client" / "dist",
    "socket.io.esm.min.js.map": NODE_MODULES / "socket.io-client" / "dist",
}

blueprint = Blueprint("vendor", __name__)


@blueprint.get("/vendor/<name>")
def vendor_file(name: str):
    folder = FILES.get(name)
    if folder is None or not (folder / name).exists():
        abort(404)
    return send_from_directory(folder, name, max_age=7 * 24 * 3600)
