"""The phone names the table as the set-up named it: "Tisch 2 · Bühne"."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.clients import Peer, create_cafe, token_of

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_the_seat_card_shows_the_tables_name(live_server, open_page):
    server = live_server()
    tables = [{"name": "Fenster links", "capacity": 4, "pillar": 0},
              {"name": "Bühne", "capacity": 4, "pillar": 1}]
    links = create_cafe(server, title="Benannte Tische", tables=tables, rounds=2)
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    phone = open_page(links["join_url"])
    phone.fill("#name", "Anna")
    phone.click("#join-form button[type=submit]")
    expect(phone.locator("#connection")).to_have_attribute("data-state", "online")
    assert moderator.call("start_round")["ok"]
    expect(phone.locator("#seat-table")).to_have_text(
        re.compile(r"^Tisch [12] · (Fenster links|Bühne)$"))
    assert phone.problems == []
