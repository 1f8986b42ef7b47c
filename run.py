"""Start the World-Café server. Monkey-patching happens here, first thing, and nowhere else."""

import os

ASYNC_MODE = os.environ.get("ASYNC_MODE", "eventlet")
if ASYNC_MODE == "eventlet":
    import eventlet

    eventlet.monkey_patch()
    # psycopg (PostgreSQL) waits in C unless it sees a patched select; it recognises only
    # gevent's patching. Its select-based wait uses eventlet's green select: other clients
    # go on while a query waits for the database.
    os.environ.setdefault("PSYCOPG_WAIT_FUNC", "wait_select")
elif ASYNC_MODE == "gevent":
    from gevent import monkey

    monkey.patch_all()

import argparse  # noqa: E402
import gc  # noqa: E402

from app import create_app  # noqa: E402
from app.config import Config  # noqa: E402
from app.demo import ensure_demo_cafe, lan_address  # noqa: E402
from app.extensions import socketio  # noqa: E402


def tune_garbage_collector() -> None:
    """With a thousand phones connected the server holds millions of objects, and each full
    collection stalled every client for 100-200 ms (measured at a round start with 1000
    phones). What start-up made is frozen out of collections, and full collections wait for
    a thousand middle ones, so they become rare. The young generations stay small: a pause
    costs in proportion to what they hold, and young generations of 50,000 objects stalled
    the server for 50-250 ms in a burst of ideas (issue 18); of 1,000, for under 30 ms."""
    gc.freeze()
    gc.set_threshold(1_000, 10, 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the World-Café server.")
    parser.add_argument("--demo", action="store_true",
                        help="create a demo café on first start and print its three links")
    args = parser.parse_args()

    config = Config()
    if config.PUBLIC_URL is None and config.HOST in ("0.0.0.0", "::"):
        # Phones need the laptop's address in the room, not 'localhost'.
        config.PUBLIC_URL = f"http://{lan_address()}:{config.PORT}"
    app = create_app(config)
    base_url = config.PUBLIC_URL or f"http://{config.HOST}:{config.PORT}"
    if args.demo:
        links = ensure_demo_cafe(app, base_url)
        print("Demo café ready:", flush=True)
        print(f"  Moderator console: {links['moderator_url']}", flush=True)
        print(f"  Projection screen: {links['screen_url']}", flush=True)
        print(f"  Join (code {links['code']}): {links['join_url']}", flush=True)
    print(f"Serving on {base_url} ({config.ASYNC_MODE})", flush=True)
    tune_garbage_collector()
    # eventlet serves at most max_size connections at once (1024 unless told otherwise).
    options = {"max_size": config.MAX_CONNECTIONS} if config.ASYNC_MODE == "eventlet" else {}
    socketio.run(app, host=config.HOST, port=config.PORT, allow_unsafe_werkzeug=True,
                 log_output=False, **options)


if __name__ == "__main__":
    main()
