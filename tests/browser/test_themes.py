"""The harvest's themes in the real browser: the console's "Themen" view live, merge
suggestions accepted and rejected with one key each (the same idea three times is one item,
merged with one Enter), an idea moved by keyboard and one by drag and drop, the screen's
themes view, and the report by theme.

The themes are written into the live server's database as the automatic grouping would
(tests/support/themes.py); any theme decision then sends every theme to the consoles and
screens, the new one with them. Screenshots go to /tmp/themes/ for a person to look at.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from app.models import Idea
from tests.support.clients import Peer, create_cafe, token_of
from tests.support.themes import add_suggestion, add_theme

pytestmark = [pytest.mark.browser, pytest.mark.server]

SHOTS = Path("/tmp/themes")
CONSOLE = {"width": 1280, "height": 900}
PROJECTOR = {"width": 1920, "height": 1080}
TEXTS = ["Mehr Bänke im Park", "Bänke im Stadtpark", "Sitzgelegenheiten am Marktplatz",
         "Nachbarschaftsfest im Sommer", "Straßenfest für alle", "Fest der Nachbarn",
         "Repair-Café im Gemeindehaus", "Offener Treff für Jugendliche",
         # The same idea three times, in no theme yet: one suggestion of three ideas.
         "Sprachkurse am Abend", "Sprachkurse abends", "Sprachkurse am Abend für alle"]


def shoot(page, name, part=None):
    SHOTS.mkdir(exist_ok=True)
    path = str(SHOTS / f"{name}.png")
    if part:
        page.locator(part).screenshot(path=path)
    else:
        page.screenshot(path=path)


def test_the_moderator_works_the_themes_and_the_screen_shows_them(live_server, open_page):
    server = live_server()
    links = create_cafe(server, title="Ernte mit Themen", tables=4, seats_per_table=6, rounds=1)
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    people = [moderator.call("add_person", {"name": f"Person {n:02d}"})["participant"]["id"]
              for n in range(24)]
    assert moderator.call("start_round")["ok"]
    state = moderator.call("get_state")["state"]
    pillar = state["cafe"]["pillars"][0]
    at_table = [p["id"] for p in state["participants"]
                if p["seat"] and p["seat"]["pillar_id"] == pillar["id"]]
    assert len(people) == 24 and len(at_table) >= 4
    ids = [moderator.call("post_idea_for", {"participant_id": at_table[n % len(at_table)],
                                            "client_id": f"themes-{n:04d}", "text": text}
                          )["idea"]["id"] for n, text in enumerate(TEXTS)]

    engine = create_engine(server.env["DATABASE_URL"])
    with Session(engine) as session:
        add_theme(session, ids[0:3], "Bänke", ["Bank", "Park"])
        fests = add_theme(session, ids[3:6], "Feste", ["Fest", "Nachbarn"]).id
        accept = add_suggestion(session, ids[0], ids[1]).id
        same = [add_suggestion(session, ids[a], ids[b]).id for a, b in ((8, 9), (9, 10), (8, 10))]
        add_suggestion(session, ids[3], ids[5])

    console = open_page(links["moderator_url"], viewport=CONSOLE)
    view = console.locator("#themes-view")
    view.scroll_into_view_if_needed()
    cards = console.locator("#theme-list > .theme")
    expect(cards.locator(".theme-name")).to_have_text(["Bänke", "Feste"])
    expect(cards.first).to_contain_text("3 Ideen")
    expect(cards.first.locator(".theme-keywords")).to_have_text("BankPark")

    # A new theme arrives while the console is open: it shows without reloading.
    with Session(engine) as session:
        add_theme(session, ids[6:8], "Treffpunkte")
    assert moderator.call("lock_theme", {"theme_id": fests, "locked": True})["ok"]
    expect(cards.locator(".theme-name")).to_have_text(["Bänke", "Feste", "Treffpunkte"])
    expect(cards.nth(1).locator(".theme-lock")).to_have_attribute("aria-pressed", "true")
    shoot(console, "console-themes", "#themes-view")

    # The three suggestions of the same idea are one item, showing its three ideas.
    suggestions = console.locator("#suggestions > .suggestion")
    expect(suggestions).to_have_count(3)
    group = console.locator(f"[data-suggestion='{same[0]}']")
    expect(group).to_have_attribute("data-ideas", " ".join(map(str, ids[8:11])))
    expect(group.locator(".suggestion-text")).to_have_text(TEXTS[8:11])
    expect(group).to_contain_text("3 Ideen sagen dasselbe")
    expect(group.get_by_role(
        "button", name="„Sprachkurse abends“ gehört nicht zu den anderen")).to_be_visible()
    shoot(console, "console-suggestions", "#suggestions-box")
    console.set_viewport_size({"width": 320, "height": 800})
    assert view.evaluate("n => n.scrollWidth <= n.clientWidth + 1")
    shoot(console, "console-suggestions-phone", "#suggestions-box")
    console.set_viewport_size(CONSOLE)

    # One key each: Enter merges the focused suggestion (a whole group), Delete keeps apart.
    console.locator(f"[data-suggestion='{accept}']").focus()
    console.keyboard.press("Enter")
    expect(suggestions).to_have_count(2)
    expect(cards.first).to_contain_text("2 Ideen")
    expect(group).to_be_focused()
    console.keyboard.press("Enter")
    expect(suggestions).to_have_count(1)
    with Session(engine) as session:
        assert [session.get(Idea, idea_id).merged_into_id for idea_id in ids[8:11]] == [
            None, ids[8], ids[8]]
    expect(suggestions.first).to_be_focused()
    console.keyboard.press("Delete")
    expect(console.locator("#suggestions-box")).to_be_hidden()

    # An idea moved by keyboard: focused, the number of another theme takes it there.
    idea = console.locator(f".theme-idea[data-idea='{ids[2]}']")
    idea.focus()
    console.keyboard.press("2")
    expect(cards.nth(1).locator(f".theme-idea[data-idea='{ids[2]}']")).to_be_focused()
    expect(cards.nth(1)).to_contain_text("4 Ideen")
    # And by drag and drop: an idea of "Treffpunkte" dropped on "Bänke".
    console.locator(f".theme-idea[data-idea='{ids[6]}']").drag_to(cards.first)
    # The move goes to the server and comes back as the themes: on a loaded box (a CI run)
    # that took longer than the 5 s a check waits by default.
    expect(cards.first.locator(f".theme-idea[data-idea='{ids[6]}']")).to_be_visible(
        timeout=15_000)
    expect(cards.first).to_contain_text("2 Ideen")
    shoot(console, "console-themes-after", "#themes-view")
    console.set_viewport_size({"width": 320, "height": 800})
    assert view.evaluate("n => n.scrollWidth <= n.clientWidth + 1")
    shoot(console, "console-themes-phone", "#themes-view")
    console.set_viewport_size(CONSOLE)

    screen = open_page(links["screen_url"], viewport=PROJECTOR)
    console.locator("#screen-view").select_option("themes")
    expect(screen.locator("body")).to_have_attribute("data-view", "themes")
    panel = screen.locator(f"#themes .wall-panel[data-pillar='{pillar['id']}']")
    expect(panel.locator(".theme-item-name")).to_have_text(["Feste", "Bänke", "Treffpunkte"])
    expect(panel.locator(".theme-item-size")).to_have_text(["4 Ideen", "2 Ideen", "1 Idee"])
    shoot(screen, "screen-themes")

    # The printable report from the console's link lists the pillar's ideas by theme.
    with console.context.expect_page() as opened:
        console.get_by_role("link", name="Bericht zum Drucken").click()
    report = opened.value
    report.wait_for_load_state()
    expect(report.locator("section.theme h3")).to_contain_text(["Feste", "Bänke",
                                                                "Treffpunkte"])
    expect(report.locator("section.theme").first).to_contain_text("Straßenfest für alle")
    assert console.problems == [] and screen.problems == []
