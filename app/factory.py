"""The app factory: configuration, extensions, blueprints and socket namespaces."""

import atexit
import logging
import uuid
from pathlib import Path

from flask import Flask, g, has_request_context, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import Rule

import app.realtime  # noqa: F401  (registers the namespaces before any init_app)
from app.config import LANGUAGES, Config
from app.extensions import (
    babel,
    db,
    harvester,
    idea_lists,
    idea_writer,
    limits,
    phone_admission,
    phone_states,
    presence_writer,
    publisher,
    socketio,
)
from app.limits import Limits
from app.realtime.admission import Admission
from app.realtime.base import MAX_MESSAGE_SIZE
from app.realtime.batching import Batcher
from app.realtime.heartbeat import keep_presence_alive
from app.realtime.packets import OnceEncodedPacket
from app.realtime.publisher import (
    MODERATOR_NS,
    PARTICIPANT_NS,
    SCREEN_NS,
    IndexedManager,
    SocketPublisher,
    queue_manager,
)
from app.schema import upgrade_database
from app.services import ideas, phones, presence, privacy, snapshots
from app.services.harvesting import HarvestWorker
from app.services.idea_list import IdeaLists
from app.services.locking import retry_while_locked
from app.web import api, downloads, errors, pages, vendor
from app.web.compression import compress
from app.web.nosniff import NoSniff
from app.web.ui import template_globals

ROOT = Path(__file__).resolve().parent.parent

SECURITY_HEADERS = {
    # No inline script or style anywhere: user text can never turn into code.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    # Console and screen links carry secret tokens: never hand them on as a referrer.
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def select_locale() -> str:
    """An explicit choice first, then the café's language, then the browser's."""
    if not has_request_context():  # background work speaks the café's language
        return g.get("cafe_language") or "de"
    chosen = request.args.get("lang") or request.cookies.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return g.get("cafe_language") or request.accept_languages.best_match(LANGUAGES) or "de"


class WorldCafeFlask(Flask):
    def dispatch_request(self):
        # HTTP writes meet a locked SQLite as socket events do: wait, retry, then 'busy'.
        return retry_while_locked(super().dispatch_request)


def create_app(config: Config | None = None) -> Flask:
    config = config or Config()
    app = WorldCafeFlask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(config.INSTANCE_DIR),
    )
    app.config.from_object(config)
    # Names this process's presence counts (app/services/presence.py): a restart is a new one.
    app.config["PROCESS_ID"] = uuid.uuid4().hex
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    db.init_app(app)
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(ROOT / "app" / "translations"))
    socketio.init_app(
        app,
        async_mode=config.ASYNC_MODE,
        message_queue=config.MESSAGE_QUEUE,
        # Rooms known per socket (a leaving socket costs its own rooms only); with several
        # processes a closed room's sockets are closed on all of them.
        client_manager=(queue_manager(config.MESSAGE_QUEUE) if config.MESSAGE_QUEUE
                        else IndexedManager()),
        cors_allowed_origins=config.ALLOWED_ORIGINS,
        max_http_buffer_size=MAX_MESSAGE_SIZE,
        # Payloads written to JSON once, without python-socketio's walk looking for bytes.
        serializer=OnceEncodedPacket,
        ping_interval=10,
        ping_timeout=20,
        # Only the audiences' namespaces: python-socketio would otherwise accept '/' too, a
        # connection that no handler checks or limits.
        namespaces=[PARTICIPANT_NS, MODERATOR_NS, SCREEN_NS],
    )
    # Wraps Engine.IO's middleware, whose own answers Flask's headers never reach.
    app.wsgi_app = NoSniff(app.wsgi_app)
    if config.TRUSTED_PROXIES:
        # Outermost, so that Socket.IO's requests (answered before Flask) see the phone's
        # address too: the per-address limits must count phones, not nginx.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.TRUSTED_PROXIES,
                                x_proto=config.TRUSTED_PROXIES)
    publisher.init_app(app, SocketPublisher(socketio))
    limits.init_app(app, Limits(config))
    idea_writer.init_app(app, Batcher(app, ideas.post_ideas_by_token))
    presence_writer.init_app(app, Batcher(app, presence.connections_changed))
    # Phones' states at most snapshots.BULK at a time (narrowed queries), with other clients'
    # turn between batches: 200 at once read the whole café for each batch and held the
    # server, the console waiting 2.5 s in a reconnect storm with one core busy (issue 18).
    phone_states.init_app(app, Batcher(app, phones.connects_by_token,
                                       max_batch=snapshots.BULK))
    phone_admission.init_app(app, Admission(config.PHONE_CONNECTS_AT_ONCE,
                                            config.PHONE_CONNECT_RETRY_MS))
    idea_lists.init_app(app, IdeaLists())
    worker = HarvestWorker()
    harvester.init_app(app, worker)
    # The worker also ends by itself when this process dies (its input closes).
    atexit.register(worker.stop)

    app.register_blueprint(pages.blueprint)
    app.register_blueprint(api.blueprint)
    app.register_blueprint(vendor.blueprint)
    app.register_blueprint(downloads.blueprint)
    # Flask-SocketIO handles each event inside a request context of the Socket.IO path. With
    # no rule for it, every event raised and kept a NotFound with its traceback: a reference
    # cycle for the garbage collector, hundreds a second in a busy hall. The rules have no
    # view: Engine.IO answers this path before Flask sees it.
    app.url_map.add(Rule("/socket.io/", endpoint="socket.io", methods=["GET", "POST"]))
    app.url_map.add(Rule("/socket.io/", endpoint="socket.io", websocket=True, methods=["GET"]))
    errors.register(app)
    app.jinja_env.globals.update(template_globals())

    @app.after_request
    def secure_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        lang = request.args.get("lang")
        if lang in LANGUAGES:
            response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="Lax")
        return compress(response)

    if config.AUTO_MIGRATE:
        upgrade_database(config.DATABASE_URL)
    with app.app_context():
        presence.start_process(only_process=config.MESSAGE_QUEUE is None)
    if config.MESSAGE_QUEUE:
        keep_presence_alive(app, config.PRESENCE_LEASE)
    if db.engine.dialect.name == "sqlite":
        # A deletion whose log scrub a stop interrupted is finished here.
        privacy.empty_log()
    return app
