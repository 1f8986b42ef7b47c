"""Voting on themes in the real browser: the 320 px phone folds a theme open and puts dots
on it; the screen ranks the themes and, once voting closes, lists the bridging themes.

No service makes themes yet outside the harvest's grouping, so the test writes two themes
into the live server's database, as the grouping would.
"""

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from tests.browser.test_accessibility import audited_page, violations  # noqa: F401 (a fixture)
from tests.browser.test_phone import running_cafe
from tests.support.clients import Peer, join

pytestmark = [pytest.mark.browser, pytest.mark.server]

NARROW = {"width": 320, "height": 640}
WIDE = {"width": 1280, "height": 720}


def add_themes(server, code: str) -> None:
    """Per pillar with ideas one theme holding them, named after the pillar's first idea
    (written into the server's database, SQLite or PostgreSQL)."""
    engine = create_engine(server.env["DATABASE_URL"])
    with engine.begin() as database:
        cafe_id = database.execute(text("SELECT id FROM cafe WHERE code = :code"),
                                   {"code": code}).scalar_one()
        ideas = database.execute(text("SELECT id, pillar_id FROM idea WHERE cafe_id = :cafe "
                                      "ORDER BY id"), {"cafe": cafe_id}).all()
        for pillar_id in sorted({pillar for _id, pillar in ideas}):
            first = next(i for i, p in ideas if p == pillar_id)
            theme = database.execute(
                text("INSERT INTO theme (cafe_id, pillar_id, key, name, keywords, renamed, "
                     "locked) VALUES (:cafe, :pillar, :key, :name, :keywords, false, false) "
                     "RETURNING id"),
                {"cafe": cafe_id, "pillar": pillar_id, "key": f"auto:{first}",
                 "name": f"Begegnung im Quartier {pillar_id}",
                 "keywords": json.dumps(["begegnung", "quartier"])}).scalar_one()
            database.execute(text("UPDATE idea SET theme_id = :theme WHERE pillar_id = :pillar "
                                  "AND cafe_id = :cafe"),
                             {"theme": theme, "pillar": pillar_id, "cafe": cafe_id})
    engine.dispose()


def test_a_phone_votes_on_themes_and_the_screen_ranks_and_bridges_them(
        live_server, open_page, audited_page, tmp_path):  # noqa: F811 (the fixture)
    server = live_server()
    links, moderator = running_cafe(server)
    code = links["code"]
    roles = ["Verwaltung"] * 3 + ["Zivilgesellschaft"] * 3
    others = [Peer(server, "/participant",
                   {"token": join(server, code, f"P{i}", role=role), "code": code})
              for i, role in enumerate(roles)]
    phone = audited_page(f"{server.url}/j/{code}", viewport=NARROW)  # axe may run here
    phone.fill("#name", "Ayşe")
    phone.click("#join-form button[type=submit]")
    expect(phone.locator("#connection")).to_have_attribute("data-state", "online")
    assert moderator.call("start_round")["ok"]
    for n, peer in enumerate(others):
        peer.wait_for(lambda p: (p.latest("state") or {}).get("seat"))
        assert peer.call("post_idea", {"client_id": f"theme-{n:04d}",
                                       "text": f"Treffpunkt für alle Generationen {n}"})["ok"]
    assert moderator.call("end_round")["ok"]
    add_themes(server, code)
    # First a vote on ideas; then, voting closed, the café switches to themes and the phone,
    # still in the harvest, fetches the list with the themes.
    assert moderator.call("open_voting", {"dots_per_person": 3, "max_dots_per_idea": 2})["ok"]
    expect(phone.locator("#harvest")).to_be_visible()
    assert moderator.call("close_voting")["ok"]
    assert moderator.call("update_setup", {"vote_on": "themes"})["ok"]
    assert moderator.call("open_voting", {})["ok"]

    items = phone.locator("#vote-list .theme-item")
    for tab in phone.locator("#pillar-tabs .tab").all():
        tab.click()
        if items.count():
            break
    theme = items.nth(0)
    expect(theme.locator(".theme-keywords")).to_have_text("begegnung · quartier")
    expect(theme.locator(".theme-ideas")).to_be_hidden()
    theme.locator(".theme-toggle").click()
    expect(theme.locator(".theme-ideas li").first).to_contain_text("Treffpunkt")
    expect(theme.locator(".theme-toggle")).to_have_attribute("aria-expanded", "true")
    plus = theme.locator(".dot-button").nth(1)
    plus.click()
    plus.click()
    expect(phone.locator("#dots-left")).to_contain_text("1 von 3")
    expect(phone.locator("#seat-label")).to_contain_text("Themen")
    expect(plus).to_be_disabled()
    # Nothing sticks out of the 320 px phone, and the folded-open theme meets WCAG AA.
    assert phone.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    assert violations(phone) == []
    theme_id = int(moderator.call("get_state")["state"]["themes"]["themes"][0]["id"])
    folder = Path(os.environ.get("SHOTS_DIR", tmp_path))
    phone.screenshot(path=str(folder / "phone-themes-320.png"), full_page=True)

    themes = moderator.call("get_state")["state"]["themes"]["themes"]
    for peer in others:  # every peer backs the first theme
        answer = peer.call("vote_theme", {"theme_id": themes[0]["id"], "dots": 1})
        assert answer["ok"], answer
    assert moderator.call("close_voting")["ok"]
    screen = open_page(links["screen_url"], viewport=WIDE)
    expect(screen.locator("#results-title")).to_have_text("Die Themen mit den meisten Punkten")
    ranked = screen.locator(f"#results .rank-item[data-theme='{theme_id}']")
    expect(ranked).to_contain_text("Begegnung im Quartier")
    bridging = screen.locator("#bridging")
    expect(bridging).to_contain_text("Brückenthemen")
    expect(bridging.locator(".bridging-roles").first).to_contain_text("Verwaltung: 100 %")
    screen.screenshot(path=str(folder / "screen-themes-results.png"))
    assert not screen.problems
