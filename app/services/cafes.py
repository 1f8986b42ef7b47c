"""Creating a café and finding it again by its code or one of its tokens."""

import hashlib
import hmac
import re
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.config import LANGUAGES
from app.extensions import db, limits
from app.models import Cafe, DeletedLink
from app.services import setup, validate
from app.services.errors import ServiceError, invalid, not_allowed

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a code read aloud or off a beamer is typed right.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY3479"
JOIN_CODE_LENGTH = 6
# What new_token() makes. Anything else is no token and is not looked up at all.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")
LINK_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")


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


def check_creation_rate(address: str | None) -> None:
    """Creating cafés is open to anyone on the network: a few per hour per address."""
    if not limits.cafes.allow(address):
        raise ServiceError(
            "rate_limited",
            _l("Too many cafés were created from this device. Please try again later."),
            status=429,
        )


def create_cafe(data, default_language: str = "de", *, address: str | None = None) -> Cafe:
    """Validate the set-up (a form, JSON or a saved template), then create it in one commit.

    address: where a request over the network comes from, allowed a few cafés per hour (the
    demo and tools pass none). `data` may be a function that reads the set-up (an upload):
    it is called after that check, so a refused upload is never read.
    """
    if address is not None:
        check_creation_rate(address)
    data = validate.payload(data() if callable(data) else data)
    language = data.get("language") or default_language
    if language not in LANGUAGES:
        raise invalid("language", _l("Choose German (de) or English (en)."))
    values = setup.read_setup({**data, "language": language}, setup.default_setup(language))
    cafe = Cafe(code=_unique_code(), moderator_token=new_token(), screen_token=new_token())
    setup.apply_setup(cafe, values)
    db.session.add(cafe)
    db.session.commit()
    return cafe


def link_digest(secret: str) -> str:
    """What is kept of a deleted café's join code or token (models.DeletedLink)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def deleted_links(secrets_: list) -> set:
    """Those of the given codes or tokens that belonged to a café deleted since."""
    # Only what this app hands out (codes and tokens) is looked up: anything else was never
    # a link of a café.
    digests = {link_digest(s): s for s in secrets_
               if isinstance(s, str) and LINK_SHAPE.fullmatch(s)}
    if not digests:
        return set()
    found = db.session.scalars(select(DeletedLink.digest).where(
        DeletedLink.digest.in_(digests)))
    return {digests[digest] for digest in found}


def cafe_deleted() -> ServiceError:
    """A link of a deleted café: 410, so people know it is gone, not mistyped."""
    return ServiceError(
        "cafe_deleted", _l("This café has been deleted, with everything in it."), status=410
    )


def cafe_by_code(raw_code) -> Cafe:
    code = normalise_code(raw_code)
    cafe = db.session.scalar(select(Cafe).where(Cafe.code == code)) if code else None
    if cafe is None and deleted_links([code]):
        raise cafe_deleted()
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
        raise cafe_deleted() if deleted_links([token]) else not_allowed()
    return cafe


def cafe_for_screen(token) -> Cafe:
    cafe = _by_token(Cafe.screen_token, token)
    if cafe is None and deleted_links([token]):
        raise cafe_deleted()
    if cafe is None:
        raise ServiceError("forbidden", _l("This screen link is not valid."), status=403)
    return cafe
