"""Settings, read once from the environment with safe defaults."""

import os
import secrets
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ASYNC_MODES = ("eventlet", "gevent", "threading")
HARVEST_MODES = ("meaning", "wording", "off")
LANGUAGES = ("de", "en")
INSTANCE_DIR = Path(
    os.environ.get("INSTANCE_PATH", Path(__file__).resolve().parent.parent / "instance")
)


def _secret_key(instance_dir: Path) -> str:
    """Keep a generated key under instance/ so sessions survive a restart."""
    key_file = instance_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def _origins(raw: str | None) -> list[str] | None:
    """None means same origin only (Flask-SocketIO's default check)."""
    if not raw:
        return None
    # An empty list would switch the origin check off: a list naming no origin means unset.
    return [origin.strip() for origin in raw.split(",") if origin.strip()] or None


def _time_zone(name: str | None) -> ZoneInfo | None:
    """The café's time zone for the times people read in exports; None: the server's own."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"TIMEZONE must name a time zone such as Europe/Berlin, not {name!r}") from None


class Config:
    def __init__(self, **overrides):
        env = os.environ
        instance_dir = Path(overrides.pop("INSTANCE_DIR", INSTANCE_DIR))
        self.INSTANCE_DIR = instance_dir
        self.HOST = env.get("HOST", "0.0.0.0")
        self.PORT = int(env.get("PORT", "5000"))
        self.DATABASE_URL = env.get("DATABASE_URL") or f"sqlite:///{instance_dir / 'worldcafe.db'}"
        self.SECRET_KEY = env.get("SECRET_KEY") or _secret_key(instance_dir)
        self.ASYNC_MODE = env.get("ASYNC_MODE", "eventlet")
        self.MESSAGE_QUEUE = env.get("MESSAGE_QUEUE") or None
        self.ALLOWED_ORIGINS = _origins(env.get("ALLOWED_ORIGINS"))
        # Public base URL for links and QR codes when the app sits behind a proxy.
        self.PUBLIC_URL = (env.get("PUBLIC_URL") or "").rstrip("/") or None
        # How many proxies (nginx: 1) stand in front and say in X-Forwarded-For who is asking.
        # 0: none; the rate limits per address then count the connecting address itself.
        self.TRUSTED_PROXIES = int(env.get("TRUSTED_PROXIES", "0"))
        self.BABEL_DEFAULT_LOCALE = env.get("DEFAULT_LOCALE", "de")
        self.AUTO_MIGRATE = True
        # Uploads (participant lists, templates) are small; anything larger is refused.
        self.MAX_CONTENT_LENGTH = 2 * 1024 * 1024
        # A café's JSON export, for restoring it: 600 people with 5,000 ideas make 3.6 MB,
        # 2,000 people with 10,000 ideas 7.6 MB. Larger uploads are refused unread.
        self.MAX_RESTORE_BYTES = int(float(env.get("MAX_RESTORE_MB", "8")) * 1_000_000)
        self.ROTATION_TIME_LIMIT = float(env.get("ROTATION_TIME_LIMIT", "3"))
        # Limits that keep one café or one client from starving the others.
        self.MAX_PARTICIPANTS = int(env.get("MAX_PARTICIPANTS", "2000"))
        self.IDEAS_PER_MINUTE = int(env.get("IDEAS_PER_MINUTE", "20"))
        self.CAFES_PER_HOUR = int(env.get("CAFES_PER_HOUR", "30"))
        # Look-ups of personal links (opening one, claiming it) per address: a hall behind
        # one NAT address scanning badges at the door makes two each.
        self.CLAIMS_PER_MINUTE = int(env.get("CLAIMS_PER_MINUTE", "300"))
        # Socket events per connection, and per person however many connections they open.
        self.EVENTS_PER_SECOND = int(env.get("EVENTS_PER_SECOND", "20"))
        # Per address, with 10 s of it as the burst. One address may be a whole hall behind one
        # NAT: 2,000 phones reconnecting together after the Wi-Fi dropped send about 5 events
        # each (two sync_time, the waiting ideas), the burst; all voting (five dots in half a
        # minute) send about 350 a second. The per-person limit is what holds a flooder; this
        # one caps what many made-up people on one address can ask of the server.
        self.ADDRESS_EVENTS_PER_SECOND = int(env.get("ADDRESS_EVENTS_PER_SECOND", "1000"))
        self.MAX_CONNECTIONS = int(env.get("MAX_CONNECTIONS", "5000"))
        # Phones connecting at once (token, state, presence under way); one more is answered
        # `busy` with PHONE_CONNECT_RETRY_MS, which its page waits (jittered) before trying
        # again, so that a hall reconnecting together never holds up the console and screen.
        self.PHONE_CONNECTS_AT_ONCE = int(env.get("PHONE_CONNECTS_AT_ONCE", "100"))
        self.PHONE_CONNECT_RETRY_MS = int(env.get("PHONE_CONNECT_RETRY_MS", "1000"))
        # Seconds between word-cloud updates of the screen during a burst of ideas.
        self.WORD_CLOUD_DELAY = float(env.get("WORD_CLOUD_DELAY", "1.5"))
        # Seconds a deletion waits for readers (a long download) to let go of the
        # write-ahead log before it tells the moderator and finishes in the background.
        self.SCRUB_WAIT_SECONDS = float(env.get("SCRUB_WAIT_SECONDS", "3"))
        # Where the café takes place (an IANA name, e.g. Europe/Berlin): the exports show their
        # times in it. Unset: the server's local zone, which is usually the café's.
        self.TIMEZONE = _time_zone(env.get("TIMEZONE"))
        # Seconds to wait for more attendance or host changes before the coming rounds are
        # planned again (0: at once, before the change is acknowledged).
        self.REPLAN_DELAY = float(env.get("REPLAN_DELAY", "0.5"))
        # Seconds the background search may improve the plan of the coming rounds while the
        # café fills up and between rounds (after a quick plan of ROTATION_TIME_LIMIT); every
        # change of roster, hosts, attendance or set-up starts it anew. 0: no planning ahead,
        # the first round is planned when it starts.
        self.PLAN_AHEAD_TIME_LIMIT = float(env.get("PLAN_AHEAD_TIME_LIMIT", "20"))
        # Seconds after which a server process that stopped beating its heartbeat (killed,
        # its machine gone) no longer counts its phones as online (with MESSAGE_QUEUE).
        self.PRESENCE_LEASE = float(env.get("PRESENCE_LEASE", "30"))
        # How the harvest groups ideas into themes (docs/harvest.md): "meaning" (the bundled
        # model; by wording where it cannot load), "wording", or "off" (no automatic themes).
        self.HARVEST = env.get("HARVEST", "meaning")
        # Seconds new ideas are gathered before they get their themes (one write per burst),
        # and seconds of quiet before the café's themes are regrouped in full (0: at once).
        self.HARVEST_DELAY = float(env.get("HARVEST_DELAY", "0.5"))
        self.REGROUP_DELAY = float(env.get("REGROUP_DELAY", "10"))
        self.TESTING = False
        for key, value in overrides.items():
            setattr(self, key, value)
        if self.ASYNC_MODE not in ASYNC_MODES:
            raise ValueError(f"ASYNC_MODE must be one of {', '.join(ASYNC_MODES)}")
        if self.HARVEST not in HARVEST_MODES:
            raise ValueError(f"HARVEST must be one of {', '.join(HARVEST_MODES)}")
