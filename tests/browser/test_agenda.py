"""Rounds of different lengths count down right on the phone, the console and the screen, and
the console says how far the café runs behind its planned start.

Run with AGENDA_SHOTS=folder to keep screenshots of the console (1280 px) and the phone
(320 px) for a look.
"""

import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.clients import create_cafe

pytestmark = [pytest.mark.browser, pytest.mark.server]

CONSOLE = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}
SCREEN = {"width": 1280, "height": 720}


def seconds_left(page) -> int:
    minutes, seconds = page.locator("#timer").inner_text().split(":")
    return int(minutes) * 60 + int(seconds)


def test_each_round_counts_down_its_own_minutes_everywhere(live_server, open_page, tmp_path):
    shots = Path(os.environ.get("AGENDA_SHOTS") or tmp_path)
    server = live_server()
    late_start = datetime.now(UTC) - timedelta(minutes=3, seconds=10)
    links = create_cafe(server, title="Agenda-Café", tables=2, seats_per_table=4, rounds=2,
                        round_minutes=[7, 3], transition_minutes=[2],
                        planned_start=late_start.isoformat())
    console = open_page(links["moderator_url"], viewport=CONSOLE)
    expect(console.locator("#connection")).to_have_attribute("data-state", "online")
    # The lobby, past the planned start: three minutes behind already.
    expect(console.locator("#agenda-drift")).to_have_text("3 Min. hinter dem Plan")
    expect(console.locator("#agenda-rounds li")).to_have_count(3)  # two rounds and the end
    expect(console.locator("#agenda-rounds li").first).to_contain_text("Runde 1 · 7 Min.")
    expect(console.locator("[name=a_round]")).to_have_count(2)
    expect(console.locator("[name=a_change]")).to_have_count(1)
    console.locator(".setup").screenshot(path=str(shots / "agenda-setup-1280.png"))

    phone = open_page(links["join_url"], viewport=PHONE)
    phone.fill("#name", "Anna")
    phone.click("#join-form button[type=submit]")
    expect(phone.locator("#connection")).to_have_attribute("data-state", "online")
    screen = open_page(links["screen_url"], viewport=SCREEN)

    for minutes in (7, 3):
        console.click("#btn-start")
        full = re.compile(rf"^({minutes - 1}:5\d|{minutes}:00)$")
        for page in (phone, console, screen):
            expect(page.locator("#timer")).to_have_text(full)
            assert minutes * 60 - 5 <= seconds_left(page) <= minutes * 60
        if minutes == 7:
            expect(console.locator("#agenda-drift")).to_have_text("3 Min. hinter dem Plan")
            expect(console.locator("#agenda-rounds li[data-state=now]")).to_contain_text(
                "Runde 1")
            console.locator(".live").screenshot(path=str(shots / "agenda-live-1280.png"))
            phone.screenshot(path=str(shots / "agenda-phone-320.png"))
            console.click("#btn-end")
            # The change-over counts its own 2 minutes.
            expect(console.locator("#timer")).to_have_text(re.compile(r"^(1:5\d|2:00)$"))
    assert phone.problems == [] and console.problems == [] and screen.problems == []
