"""The word cloud as the café walk found it: fillers and inflections led it (issue item 14).

Phones are python-socketio clients; the screen (1920x1080) and the console (1280x800) are
chromium pages. Screenshots go to SHOTS_DIR when it is set (otherwise a temporary folder).
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.clients import Peer, create_cafe, join, token_of

pytestmark = [pytest.mark.browser, pytest.mark.server]

SCREEN = {"width": 1920, "height": 1080}
CONSOLE = {"width": 1280, "height": 800}
IDEAS = [
    "Treffen jeden Donnerstag um 18 Uhr im Rathaus",
    "Einmal im Jahr ein Fest, erst früh am Morgen aufbauen",
    "Echten Austausch mit dem Kaffee im Rathaus",
    "Mit echtem Austausch Vertrauen schaffen, Kaffee für alle",
    "Jedes Jahr um 10 Uhr einen Kaffee im Rathaus",
]


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("SHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return lambda page, name: page.screenshot(path=str(folder / f"{name}.png"))


@pytest.fixture
def cafe(live_server):
    server = live_server(WORD_CLOUD_DELAY="0")
    links = create_cafe(server, title="Wortwolke", tables=1, seats_per_table=4, rounds=1)
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    phone = Peer(server, "/participant", {"token": join(server, links["code"], "Wortreich"),
                                          "code": links["code"]})
    assert moderator.call("start_round")["ok"]
    assert moderator.call("set_screen_view", {"view": "cloud"})["ok"]
    phone.wait_for(lambda p: (p.latest("state") or {}).get("seat"))
    for n, text in enumerate(IDEAS):
        assert phone.call("post_idea", {"client_id": f"word-cloud-{n:03d}", "text": text})["ok"]
    return links


def cloud_word(page, word):
    return page.locator(".cloud-words li", has_text=re.compile(f"^{word}$"))


def test_fillers_leave_and_inflections_fold(cafe, open_page, shots):
    screen = open_page(cafe["screen_url"], viewport=SCREEN)
    expect(cloud_word(screen, "Rathaus")).to_have_count(1)
    expect(screen.locator(".cloud-words li", has_text=re.compile("^(Uhr|Jahr|erst|früh)$"))
           ).to_have_count(0)
    expect(cloud_word(screen, "Echten")).to_have_attribute("title", "2")  # echten + echtem
    expect(cloud_word(screen, "echtem")).to_have_count(0)
    shots(screen, "screen-cloud")


def test_the_moderator_removes_a_word_and_brings_it_back(cafe, open_page, shots):
    screen = open_page(cafe["screen_url"], viewport=SCREEN)
    console = open_page(cafe["moderator_url"], viewport=CONSOLE)
    expect(cloud_word(screen, "Kaffee")).to_have_count(1)
    expect(console.locator("#hidden-words")).to_be_hidden()

    console.fill("#hide-word-text", "kaffee")
    console.get_by_role("button", name="Wort entfernen").click()

    expect(cloud_word(screen, "Kaffee")).to_have_count(0)
    expect(console.locator("#hidden-words .chip")).to_have_text(["kaffee wieder zeigen"])
    expect(console.locator("#hide-word-text")).to_have_value("")
    console.locator("#hide-word-form").scroll_into_view_if_needed()
    shots(console, "console-hidden-word")
    shots(screen, "screen-without-kaffee")

    console.get_by_role("button", name="„kaffee“ wieder in den Wortwolken zeigen").click()
    expect(cloud_word(screen, "Kaffee")).to_have_count(1)
    expect(console.locator("#hidden-words")).to_be_hidden()
    assert console.problems == [] and screen.problems == []


def test_two_words_at_once_are_refused_where_the_moderator_looks(cafe, open_page):
    console = open_page(cafe["moderator_url"], viewport=CONSOLE)
    console.fill("#hide-word-text", "Kaffee Rathaus")
    console.get_by_role("button", name="Wort entfernen").click()
    expect(console.locator("#action-error")).to_have_text(
        "Geben Sie ein einzelnes Wort ein, ohne Leerzeichen, Ziffern oder Satzzeichen.")
    expect(console.locator("#hide-word-text")).to_have_value("Kaffee Rathaus")
