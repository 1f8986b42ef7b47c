"""Deleting a café, seen on the phone, the console and the screen in the real browser."""

import pytest
import requests
from playwright.sync_api import expect

from tests.support.clients import create_cafe

pytestmark = [pytest.mark.browser, pytest.mark.server]
GONE = "Dieses Café wurde mit allem, was darin war, gelöscht."


def test_every_screen_says_the_cafe_is_gone_and_promises_no_reconnect(live_server,
                                                                        open_page):
    server = live_server()
    links = create_cafe(server, title="Wird gelöscht", tables=2, seats_per_table=4, rounds=2)
    phone = open_page(links["join_url"])
    phone.fill("#name", "Anna Müller")
    phone.click("#join-form button[type=submit]")
    expect(phone.locator("#connection")).to_have_attribute("data-state", "online")
    console = open_page(links["moderator_url"], viewport={"width": 1280, "height": 800})
    expect(console.locator("#connection")).to_have_attribute("data-state", "online")
    screen = open_page(links["screen_url"], viewport={"width": 1280, "height": 720})
    expect(screen.locator("main")).not_to_contain_text(GONE)

    deleted = requests.post(links["moderator_url"] + "/delete",
                            data={"confirmation": links["code"]}, timeout=10)
    assert deleted.status_code == 200
    for page in (phone, console, screen):
        expect(page.locator("main")).to_contain_text(GONE)
    for page in (phone, console):
        expect(page.locator("#connection")).to_have_attribute("data-state", "closed")
        expect(page.locator("#connection")).to_have_text("getrennt")
    assert phone.evaluate("Object.keys(localStorage).filter((k) => k.includes("
                          f"'{links['code']}'))") == []

    # The link opened again later: a page that says so (410), not "wrong link".
    for page in (phone, console):
        response = page.goto(page.url)
        assert response.status == 410
        expect(page.locator("main")).to_contain_text(GONE)
        page.problems.clear()  # the browser logs the 410 itself
    for page in (phone, console, screen):
        assert page.problems == []
