"""The bare reference for bench/load.py: a minimal Flask-SocketIO relay, no database.

Phones emit post_idea; the relay forwards each to the moderator room at once and acks. The moderator
emits rotate; the relay sends every phone one personal message. Whatever the app does on top
(validation, storage, seating) is measured against this. Given a file, the relay serves it at
GET /ideas as a static file: read and gzipped once, with an ETag and 304 (the voting scenario),
and open_voting sends every phone `cafe`.

    python bench/relay.py PORT MODE [FILE]      (MODE: eventlet or gevent)
"""

import sys

MODE = sys.argv[2] if len(sys.argv) > 2 else "eventlet"
if MODE == "eventlet":
    import eventlet

    eventlet.monkey_patch()
elif MODE == "gevent":
    from gevent import monkey

    monkey.patch_all()

import gzip  # noqa: E402
import hashlib  # noqa: E402
from pathlib import Path  # noqa: E402

from flask import Flask, Response, request  # noqa: E402
from flask_socketio import SocketIO, emit, join_room  # noqa: E402

app = Flask(__name__)
socketio = SocketIO(app, async_mode=MODE, max_http_buffer_size=64 * 1024)
phones: set[str] = set()
IDEAS = Path(sys.argv[3]).read_bytes() if len(sys.argv) > 3 else b'{"ideas":[]}'
IDEAS_GZIPPED = gzip.compress(IDEAS, compresslevel=6)
IDEAS_ETAG = '"' + hashlib.sha256(IDEAS).hexdigest()[:32] + '-gz"'


@app.get("/ideas")
def ideas():
    headers = {"ETag": IDEAS_ETAG, "Cache-Control": "no-cache"}
    if request.headers.get("If-None-Match") == IDEAS_ETAG:
        return Response(status=304, headers=headers)
    return Response(IDEAS_GZIPPED, mimetype="application/json",
                    headers={**headers, "Content-Encoding": "gzip"})


@socketio.on("connect", namespace="/participant")
def phone_connected(auth=None):
    phones.add(request.sid)
    emit("state", {"seat": None})  # what a reconnecting phone needs at least: its state


@socketio.on("disconnect", namespace="/participant")
def phone_gone(reason=None):
    phones.discard(request.sid)


@socketio.on("post_idea", namespace="/participant")
def relay_idea(payload):
    # As the app's list (`ideas:new`), one message per idea: a relay has nothing to gather.
    socketio.emit("ideas:new", [payload], namespace="/moderator", to="moderators")
    return {"ok": True}


@socketio.on("connect", namespace="/moderator")
def moderator_connected(auth=None):
    join_room("moderators")


@socketio.on("rotate", namespace="/moderator")
def rotate(_payload=None):
    for number, sid in enumerate(list(phones)):
        socketio.emit("state", {"seat": {"table_number": number % 100 + 1}},
                      namespace="/participant", to=sid)
    return {"ok": True}


@socketio.on("open_voting", namespace="/moderator")
def open_voting(_payload=None):
    socketio.emit("cafe", {"voting": {"open": True}}, namespace="/participant")
    return {"ok": True}


@socketio.on("sync_time", namespace="/moderator")
def sync_time(_payload=None):
    return {"ok": True}


if __name__ == "__main__":
    options = {"max_size": 10_000} if MODE == "eventlet" else {}
    socketio.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_output=False, **options)
