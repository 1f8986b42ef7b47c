"""The demo café the run command leaves ready, so a new user can try all three screens."""

import socket

from sqlalchemy import select

from app.extensions import db
from app.links import cafe_links
from app.models import Cafe
from app.services import cafes

DEMO_TITLE = "Netzwerktreffen Integration (Demo)"


def lan_address() -> str:
    """The address other devices in the room reach this laptop by.

    Connecting a UDP socket sends no packet; it only asks the kernel which interface it
    would route through.
    """
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.254.254.254", 1))
        return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def ensure_demo_cafe(app, base_url: str) -> dict:
    """Create the demo café once (kept across restarts) and return its links."""
    with app.test_request_context(base_url=base_url), app.app_context():
        cafe = db.session.scalar(select(Cafe).where(Cafe.title == DEMO_TITLE))
        if cafe is None:
            cafe = cafes.create_cafe({"title": DEMO_TITLE, "tables": 8, "seats_per_table": 6,
                                      "rounds": 4, "round_minutes": 20}, "de")
        links = cafe_links(cafe)
        db.session.remove()
        return links
