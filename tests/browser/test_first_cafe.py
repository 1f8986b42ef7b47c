"""A phone and the console in the real browser, against the real server."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.clients import create_cafe

pytestmark = [pytest.mark.browser, pytest.mark.server]

XSS = "<img src=x onerror=alert(1)>"


def seconds_left(page) -> int:
    minutes, seconds = page.locator("#timer").inner_text().split(":")
    return int(minutes) * 60 + int(seconds)


def test_join_by_code_see_seat_and_countdown_post_idea(live_server, open_page):
    server = live_server()
    links = create_cafe(server, title="Browser-Café", tables=2, seats_per_table=4, rounds=2,
                        round_minutes=12)
    console = open_page(links["moderator_url"], viewport={"width": 1280, "height": 900})
    expect(console.locator("#connection")).to_have_attribute("data-state", "online")

    phone = open_page(f"{server.url}/join")
    phone.fill("#code", links["code"].lower())
    phone.click("button[type=submit]")
    expect(phone).to_have_url(re.compile(f"/j/{links['code']}$"))
    phone.fill("#name", XSS)
    phone.fill("#organisation", "Gemeinde Musterstadt")
    phone.click("#join-form button[type=submit]")
    expect(phone.locator("#connection")).to_have_attribute("data-state", "online")
    expect(phone.locator("#seat-label")).to_contain_text("Das Café beginnt gleich")

    expect(console.locator("#people-rows")).to_contain_text(XSS)
    console.click("#btn-start")

    expect(phone.locator("#seat-table")).to_have_text(re.compile(r"^Tisch [12]$"))
    expect(phone.locator("#seat-pillar")).not_to_be_empty()
    expect(phone.locator("#timer")).to_have_text(re.compile(r"^1[12]:[0-5]\d$"))
    # The console hears of the start after every phone (its state comes last): on a loaded
    # machine it may not show the countdown yet when the phone does.
    expect(console.locator("#timer")).to_have_text(re.compile(r"^1[12]:[0-5]\d$"))
    # Phone and console count down against the server's clock: within a second of each other.
    for _ in range(3):
        phone_left, console_left = (seconds_left(page) for page in (phone, console))
        assert abs(phone_left - console_left) <= 1, (phone_left, console_left)
        phone.wait_for_timeout(700)

    phone.fill("#idea-text", XSS + " Sprachpatenschaften für Neuzugewanderte")
    expect(phone.locator("#idea-count")).to_have_text(re.compile(r"^\d+ / 500$"))
    phone.click("#send-idea")
    expect(phone.locator("#my-ideas .badge.stored")).to_have_count(1)
    expect(phone.locator("#my-ideas")).to_contain_text(XSS)

    expect(console.locator("#pillar-columns")).to_contain_text(
        XSS + " Sprachpatenschaften für Neuzugewanderte")
    expect(console.locator("#idea-total")).to_have_text("1")
    # The text stayed text: no element was made from it anywhere.
    assert console.locator("#pillar-columns img").count() == 0
    assert phone.locator("img").count() == 0
    assert phone.problems == [] and console.problems == []


def test_unknown_code_shows_a_readable_error(live_server, open_page):
    server = live_server()
    phone = open_page(f"{server.url}/join")
    phone.fill("#code", "QQQQQQ")
    phone.click("button[type=submit]")
    expect(phone.locator("#code-error")).to_contain_text("kein Café")
