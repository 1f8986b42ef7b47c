"""Walks one café through every phase and photographs each screen in it.

Run with WRITE_SCREENSHOTS=1 to refresh docs/screenshots/; otherwise the pictures go to a
temporary folder and the test still checks that every state renders without errors.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.clients import Peer, create_cafe, join, token_of

pytestmark = [pytest.mark.browser, pytest.mark.server]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
IDEAS = [
    "Sprachcafé im Rathaus, jeden Donnerstag",
    "Patenschaften zwischen Vereinen und Neuzugewanderten",
    "Mehrsprachige Infotafeln am Bahnhof",
    "Begegnungsfest im Sommer mit Essen aus aller Welt",
    "Sprechstunde der Verwaltung im Quartier",
    "Übersetzungs-Pool von Freiwilligen",
    "Gemeinsames Kochen im Jugendhaus",
    "Ehrenamtsbörse online und auf Papier",
]


@pytest.fixture
def shots(tmp_path):
    folder = DOCS if os.environ.get("WRITE_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name, expected_error=None):
        page.evaluate("window.scrollTo(0, 0)")  # show the top, whatever field has the focus
        page.wait_for_timeout(400)
        page.screenshot(path=str(folder / f"{name}.png"))
        problems = [p for p in page.problems if not (expected_error and expected_error in p)]
        assert problems == [], (name, problems)

    return take


def test_every_phase_on_phone_console_and_screen(live_server, open_page, shots):
    server = live_server()
    links = create_cafe(server, title="Netzwerktreffen Integration", tables=4,
                        seats_per_table=5, rounds=2, round_minutes=20)
    code = links["code"]
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    peers = [Peer(server, "/participant",
                  {"token": join(server, code, f"Person {i}", organisation=f"Gemeinde {i % 4}",
                                 role=["Verwaltung", "Zivilgesellschaft"][i % 2]),
                   "code": code}) for i in range(11)]
    console = open_page(links["moderator_url"], viewport={"width": 1920, "height": 1080})
    screen = open_page(links["screen_url"], viewport={"width": 1920, "height": 1080})
    phone = open_page(f"{server.url}/j/{code}")
    shots(phone, "phone-1-join")
    phone.fill("#name", "Ayşe Öztürk")
    phone.fill("#organisation", "Stadt Achern")
    phone.click("#join-form button[type=submit]")
    expect(phone.locator("#seat-label")).not_to_be_empty()
    me = moderator.call("get_state")["state"]["participants"][-1]
    first_table = moderator.call("get_state")["state"]["cafe"]["tables"][0]
    assert moderator.call("set_host", {"participant_id": me["id"],
                                       "table_id": first_table["id"]})["ok"]
    shots(phone, "phone-2-lobby")
    shots(console, "console-1-lobby")
    shots(screen, "screen-1-lobby")

    assert moderator.call("start_round")["ok"]
    expect(phone.locator("#seat-table")).to_have_text(re.compile(r"Tisch \d"))
    for n, peer in enumerate(peers):
        peer.wait_for(lambda p: (p.latest("state") or {}).get("seat"))
        peer.call("post_idea", {"client_id": f"shot-{n:04d}", "text": IDEAS[n % len(IDEAS)]})
    phone.fill("#idea-text", "Ein Begegnungscafé am Bahnhof mit Spielecke")
    phone.click("#send-idea")
    expect(phone.locator("#my-ideas .badge.stored")).to_have_count(1)
    phone.fill("#summary-text", "Wichtig: feste Orte, feste Zeiten, und jemand, der einlädt.")
    phone.click("#save-summary")
    phone.fill("#idea-text", "Noch ein Entwurf …")
    shots(phone, "phone-3-round-host")
    shots(console, "console-2-round")
    shots(screen, "screen-2-round")

    assert moderator.call("end_round")["ok"]
    # This phone hosts a table: between rounds it is told to stay and welcome the next group.
    expect(phone.locator("#seat-label")).to_have_text(re.compile("Sie bleiben"))
    shots(phone, "phone-4-between")
    shots(screen, "screen-3-between")
    assert moderator.call("start_round")["ok"]
    assert moderator.call("end_round")["ok"]
    assert moderator.call("open_voting", {"dots_per_person": 5, "max_dots_per_idea": 3})["ok"]
    expect(phone.locator("#harvest")).to_be_visible()
    for tab in phone.locator("#pillar-tabs .tab").all():
        tab.click()
        if phone.locator("#vote-list .vote-item").count():
            break
    phone.locator("#vote-list .vote-item").nth(0).locator(".dot-button").nth(1).click()
    expect(phone.locator("#dots-left")).to_contain_text("4 von 5")
    shots(phone, "phone-5-harvest")
    shots(console, "console-3-harvest")
    shots(screen, "screen-4-harvest")

    assert moderator.call("close_voting")["ok"]
    assert moderator.call("finish_cafe")["ok"]
    expect(phone.locator("#seat-label")).to_have_text("Das Café ist beendet.")
    shots(phone, "phone-6-closed")
    shots(screen, "screen-5-closed")

    phone.context.set_offline(True)
    expect(phone.locator("#connection")).to_have_attribute("data-state", "offline")
    shots(phone, "phone-7-offline", expected_error="ERR_INTERNET_DISCONNECTED")
