"""Creating a café and finding it again by its code or one of its tokens."""

import hmac
import re
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.config import LANGUAGES
from app.extensions import db
from app.models import Cafe, CafeTable, Pillar
from app.services import defaults, validate
from app.services.errors import ServiceError, invalid, not_allowed

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a code read aloud or off a beamer is typed right.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY3479"
JOIN_CODE_LENGTH = 6
MAX_PILLARS = 12
# What new_token() makes. Anything else is no token and is not looked up at all.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_token() -> str:
    return secrets.token_urlsafe(24)  # 192 bits


def looks_like_token(token) -> bool:
    return isinstance(token, str) and TOKEN_SHAPE.fullmatch(token) is not None


def normalise_code(raw) -> str:
    if not isinstance(raw, str):
        return ""
    return "".join(ch for ch in raw.upper() if ch.isalnum())[:JOIN_CODE_LENGTH * 2]


def _unique_code() -> str:
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if db.session.scalar(select(Cafe.id).where(Cafe.code == code)) is None:
            return code


def _pillars(data: dict, language: str) -> list[tuple[str, str]]:
    raw = data.get("pillars")
    if raw is None:
        return defaults.DEFAULT_PILLARS[language]
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_PILLARS:
        raise invalid("pillars", _l("A café needs 1 to %(max)d pillars.", max=MAX_PILLARS))
    pillars = []
    for item in raw:
        if not isinstance(item, dict):
            raise invalid("pillars", _l("Each pillar needs a title and a question."))
        title = validate.text(item, "title", _l("Pillar title"), min_len=1, max_len=120)
        question = validate.text(item, "question", _l("Guiding question"), min_len=0,
                                 max_len=300, default="")
        pillars.append((title, question))
    return pillars


def _roles(data: dict, language: str) -> list[str]:
    raw = data.get("roles")
    if raw is None:
        return list(defaults.DEFAULT_ROLES[language])
    if isinstance(raw, str):
        raw = [line for line in raw.splitlines() if line.strip()]
    if not isinstance(raw, list) or len(raw) > 12:
        raise invalid("roles", _l("Give at most 12 roles, one per line."))
    return [validate.text({"role": role}, "role", _l("Role"), min_len=1, max_len=60)
            for role in raw]


def create_cafe(data: dict, default_language: str = "de") -> Cafe:
    """Validate the set-up, then create the café, its pillars and its tables in one commit."""
    data = validate.payload(data)
    language = data.get("language") or default_language
    if language not in LANGUAGES:
        raise invalid("language", _l("Choose German (de) or English (en)."))
    pillars = _pillars(data, language)
    title = validate.text(data, "title", _l("Title"), min_len=1, max_len=200,
                          default=defaults.DEFAULT_TITLE[language])
    table_count = validate.integer(data, "tables", _l("Number of tables"), low=1, high=200,
                                   default=len(pillars) * 2)
    seats = validate.integer(data, "seats_per_table", _l("Seats per table"), low=2, high=20,
                             default=defaults.DEFAULT_SEATS_PER_TABLE)
    rounds = validate.integer(data, "rounds", _l("Number of rounds"), low=1, high=10,
                              default=max(3, min(5, len(pillars))))
    minutes = validate.integer(data, "round_minutes", _l("Minutes per round"), low=1,
                               high=120, default=defaults.DEFAULT_ROUND_MINUTES)
    cafe = Cafe(
        code=_unique_code(),
        title=title,
        moderator_token=new_token(),
        screen_token=new_token(),
        language=language,
        anonymous=validate.boolean(data, "anonymous", _l("Anonymous"), default=False),
        roles=_roles(data, language),
        rounds=rounds,
        round_minutes=minutes,
    )
    cafe.pillars = [
        Pillar(position=i, title=title, question=question,
               color=defaults.PILLAR_COLORS[i % len(defaults.PILLAR_COLORS)])
        for i, (title, question) in enumerate(pillars)
    ]
    # Tables go round the pillars so every pillar gets an even share of them.
    cafe.tables = [
        CafeTable(number=n + 1, capacity=seats, pillar=cafe.pillars[n % len(cafe.pillars)])
        for n in range(table_count)
    ]
    db.session.add(cafe)
    db.session.commit()
    return cafe


def cafe_by_code(raw_code) -> Cafe:
    code = normalise_code(raw_code)
    cafe = db.session.scalar(select(Cafe).where(Cafe.code == code)) if code else None
    if cafe is None:
        raise ServiceError(
            "unknown_cafe", _l("There is no café with this code. Please check the code."),
            status=404,
        )
    return cafe


def _by_token(column, token) -> Cafe | None:
    if not looks_like_token(token):
        return None
    cafe = db.session.scalar(select(Cafe).where(column == token))
    # The lookup narrows by index; the constant-time compare is what decides.
    if cafe is not None and hmac.compare_digest(getattr(cafe, column.key), token):
        return cafe
    return None


def cafe_for_moderator(token) -> Cafe:
    cafe = _by_token(Cafe.moderator_token, token)
    if cafe is None:
        raise not_allowed()
    return cafe


def cafe_for_screen(token) -> Cafe:
    cafe = _by_token(Cafe.screen_token, token)
    if cafe is None:
        raise ServiceError("forbidden", _l("This screen link is not valid."), status=403)
    return cafe
