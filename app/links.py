"""Absolute links to a café's three screens, for pages, acks, the API and QR codes."""

from flask import current_app, url_for

from app.models import Cafe


def absolute(endpoint: str, **values) -> str:
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def public_links(cafe: Cafe) -> dict:
    """What anyone in the room may see: the join link and its code."""
    return {
        "code": cafe.code,
        "join_url": absolute("pages.join_cafe", code=cafe.code),
        "qr_url": absolute("pages.join_qr", code=cafe.code),
    }


def cafe_links(cafe: Cafe) -> dict:
    """All three links; only for the moderator."""
    return {
        **public_links(cafe),
        "moderator_url": absolute("pages.console", token=cafe.moderator_token),
        "screen_url": absolute("pages.screen", token=cafe.screen_token),
    }


def personal_url(cafe: Cafe, personal_code: str) -> str:
    """A person's own join link (badge, route card, mail merge): makes a phone that person."""
    return absolute("pages.personal_link", code=cafe.code, personal_code=personal_code)
