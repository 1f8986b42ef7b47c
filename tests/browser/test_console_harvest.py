"""The console while a café is harvested: summaries, merged ideas, announcements, set-up,
the participants list and the route cards, in the real browser.

Screenshots go to /tmp/console/ for a person to look at.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.clients import Peer, create_cafe, join, token_of

pytestmark = [pytest.mark.browser, pytest.mark.server]

SHOTS = Path("/tmp/console")
CONSOLE = {"width": 1280, "height": 800}


def shoot(page, name, part=None):
    """The whole page, or only the part (a CSS selector) a person should look at."""
    SHOTS.mkdir(exist_ok=True)
    path = str(SHOTS / f"{name}.png")
    if part:
        page.locator(part).screenshot(path=path)
    else:
        # The console lays out only the panels in view (content-visibility): a picture of
        # the whole page asks for all of them first, or those out of view come out blank.
        page.evaluate("""document.querySelectorAll('.console-main > .panel')
            .forEach((panel) => { panel.style.contentVisibility = 'visible'; })""")
        page.screenshot(path=path, full_page=True)


def running_cafe(server):
    """Two tables, a host at table 1, three phones seated in round 1."""
    links = create_cafe(server, title="Ernte", tables=2, seats_per_table=6, rounds=2)
    code = links["code"]
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    names = ["Hanna Host", "Ben", "Clara"]
    phones = [Peer(server, "/participant", {"token": join(server, code, name), "code": code})
              for name in names]
    state = moderator.call("get_state")["state"]
    table_one = next(t for t in state["cafe"]["tables"] if t["number"] == 1)
    host_id = next(p["id"] for p in state["participants"] if p["name"] == "Hanna Host")
    assert moderator.call("set_host", {"participant_id": host_id,
                                       "table_id": table_one["id"]})["ok"]
    assert moderator.call("start_round")["ok"]
    return links, moderator, phones


def test_summaries_show_per_table_as_hosts_save(live_server, open_page):
    server = live_server()
    links, _, phones = running_cafe(server)
    assert phones[0].call("save_summary", {"text": "Sprachcafé im Rathaus"})["ok"]
    console = open_page(links["moderator_url"], viewport=CONSOLE)
    first = console.locator("#summary-cards [data-table='1']")
    expect(first).to_contain_text("Sprachcafé im Rathaus")
    expect(first).to_contain_text("Gastgeber: Hanna Host")
    expect(console.locator("#summary-cards [data-table='2']")).to_contain_text(
        "Noch nicht geschrieben.")
    # Live: a later save replaces the text without reloading the page.
    assert phones[0].call("save_summary", {"text": "Sprachcafé, jeden Donnerstag"})["ok"]
    expect(first).to_contain_text("Sprachcafé, jeden Donnerstag")
    expect(console.locator("#summaries-done")).to_have_text(
        "1 von 2 Tischen haben eine geschrieben")
    console.locator("#summaries-title").scroll_into_view_if_needed()
    shoot(console, "summaries")
    assert console.problems == []


def test_the_screen_shows_the_hosts_summaries_when_chosen(live_server, open_page):
    server = live_server()
    links, _, phones = running_cafe(server)
    summary = ("Sprachcafé im Rathaus, jeden Donnerstag: Ehrenamtliche und "
               "Verwaltungsmitarbeitende laden gemeinsam ein.")
    assert phones[0].call("save_summary", {"text": summary})["ok"]
    console = open_page(links["moderator_url"], viewport=CONSOLE)
    screen = open_page(links["screen_url"], viewport={"width": 1920, "height": 1080})
    expect(screen.locator("body")).to_have_attribute("data-view", "walls")
    console.locator("#screen-view").select_option(label="Zusammenfassungen der Tische")
    expect(screen.locator("body")).to_have_attribute("data-view", "summaries")
    card = screen.locator(".table-summary")
    expect(card).to_have_count(1)
    expect(card.locator(".table-summary-head")).to_have_text("Tisch 1")
    expect(card.locator(".table-summary-text")).to_have_text(summary)  # soft hyphens aside
    assert card.evaluate("n => n.scrollHeight <= n.clientHeight + 1")
    # Only the two pillars with tables have a panel; the other says its table wrote nothing yet.
    expect(screen.locator("#summaries .wall-panel")).to_have_count(2)
    expect(screen.locator("#summaries .placeholder")).to_have_text(
        "Von diesen Tischen gibt es noch keine Zusammenfassung.")
    assert card.evaluate("n => getComputedStyle(n).borderLeftColor") == screen.locator(
        "#summaries .wall-panel").first.evaluate("n => getComputedStyle(n).borderTopColor")
    # Live: a host's later save replaces the card's text.
    assert phones[0].call("save_summary", {"text": "Sprachcafé, jeden Donnerstag"})["ok"]
    expect(card.locator(".table-summary-text")).to_have_text("Sprachcafé, jeden Donnerstag")
    shoot(screen, "screen-summaries")
    assert console.problems == [] and screen.problems == []


def test_merged_idea_shows_its_count(live_server, open_page):
    server = live_server()
    links, moderator, phones = running_cafe(server)
    ids = [phone.call("post_idea", {"client_id": f"harvest-{n:04d}", "text": f"Sprachcafé {n}"})
           ["idea"]["id"] for n, phone in enumerate(phones)]
    console = open_page(links["moderator_url"], viewport=CONSOLE)
    kept = console.locator(f"[data-idea='{ids[0]}'] .idea-text")
    expect(kept).to_have_text("Sprachcafé 0")
    assert moderator.call("merge_ideas", {"idea_id": ids[0], "merge_ids": ids[1:]})["ok"]
    expect(kept).to_have_text("Sprachcafé 0 (3×)")
    console.locator("#ideas-title").scroll_into_view_if_needed()
    shoot(console, "merged")
    assert console.problems == []


def test_announcement_is_shown_only_while_the_screen_shows_it(live_server, open_page):
    server = live_server()
    links = create_cafe(server, title="Durchsage")
    console = open_page(links["moderator_url"], viewport=CONSOLE)
    console.clock.install()
    console.reload()  # the page's timers are the fake clock's from here on
    console.fill("#announce-text", "Kaffee steht bereit")
    console.click("#announce-form button[type=submit]")
    expect(console.locator("#announce-current")).to_have_text(
        "Wird gerade gezeigt: Kaffee steht bereit")
    console.clock.fast_forward(21_000)  # the screen's banner lasts 20 s
    expect(console.locator("#announce-current")).to_have_text(
        re.compile(r"^Zuletzt gezeigt um \d\d:\d\d: Kaffee steht bereit$"))
    shoot(console, "announcement")
    assert console.problems == []


def test_setup_numbers_the_tables_and_shows_colours(live_server, open_page):
    server = live_server()
    links = create_cafe(server, title="Aufbau", tables=3, seats_per_table=6, rounds=2)
    console = open_page(links["moderator_url"], viewport=CONSOLE)
    rows = console.locator("#setup-tables > li")
    expect(rows.locator(".table-number")).to_have_text(["Tisch 1", "Tisch 2", "Tisch 3"])
    # The pillar's colour is named, and the table beside it wears it.
    first_colour = console.locator("#setup-pillars [name=p_color]").first
    expect(first_colour.locator("option:checked")).to_have_text("Blau")
    first_colour.select_option("#be123c")
    swatch = rows.first.locator(".swatch")
    expect(swatch).to_have_css("background-color", "rgb(190, 18, 60)")
    rows.nth(1).get_by_role("button").click()  # remove table 2: the last one becomes table 2
    expect(rows.locator(".table-number")).to_have_text(["Tisch 1", "Tisch 2"])
    shoot(console, "setup", ".panel.setup")
    assert console.problems == []


def mixed_room(server):
    """A running café where Clara is marked absent, someone has no phone and Ben's phone
    has gone offline."""
    links, moderator, phones = running_cafe(server)
    state = moderator.call("get_state")["state"]
    clara = next(p["id"] for p in state["participants"] if p["name"] == "Clara")
    assert moderator.call("set_present", {"participant_id": clara, "present": False})["ok"]
    assert moderator.call("add_person", {"name": "Ohne Handy"})["ok"]
    phones[1].close()  # Ben's phone goes offline
    return links, moderator, phones


def test_participants_list_is_wide_keeps_names_in_view_and_filters(live_server, open_page):
    server = live_server()
    links, _moderator, _phones = mixed_room(server)  # the phones stay connected
    console = open_page(links["moderator_url"], viewport=CONSOLE)
    people = console.locator(".panel.people")
    names = console.locator("#people-rows td:first-child")
    expect(names).to_have_count(4)
    # Full width: the panel spans the page, not half of it.
    assert people.bounding_box()["width"] > 1100
    # Scrolled to the "Takes part" column, the name beside it is still in view.
    console.set_viewport_size({"width": 700, "height": 800})
    scroll = console.locator(".panel.people .table-scroll")
    assert scroll.evaluate("n => { n.scrollLeft = n.scrollWidth; return n.scrollLeft; }") > 0
    scroller = scroll.bounding_box()
    name_box = names.first.bounding_box()
    assert name_box["x"] >= scroller["x"] - 1
    shoot(console, "people-scrolled", ".panel.people")
    console.set_viewport_size(CONSOLE)
    console.select_option("#people-filter", "online")
    expect(names).to_contain_text(["Hanna Host", "Clara"])
    console.select_option("#people-filter", "offline")
    expect(names).to_contain_text(["Ben", "Ohne Handy"])
    console.select_option("#people-filter", "absent")
    expect(names).to_contain_text(["Clara"])
    expect(names).to_have_count(1)
    shoot(console, "people", ".panel.people")
    assert console.problems == []


def test_german_csv_headers_import_from_the_console(live_server, open_page):
    server = live_server()
    links = create_cafe(server, title="Liste", tables=2, rounds=2)
    console = open_page(links["moderator_url"], viewport=CONSOLE)
    german = "Name;Gemeinde;Rolle;Gastgeber an Tisch\nAnna;Bühl;Verwaltung;1\nBen;Achern;;\n"
    console.set_input_files("#import-file", files=[{
        "name": "liste.csv", "mimeType": "text/csv", "buffer": german.encode()}])
    console.click("#import-form button[type=submit]")
    expect(console.locator("#import-result")).to_contain_text("2")
    expect(console.locator("#people-rows tr", has_text="Anna")).to_contain_text("Bühl")
    console.set_input_files("#import-file", files=[{
        "name": "liste.csv", "mimeType": "text/csv", "buffer": b"Name;Telefon\nCem;0761\n"}])
    console.click("#import-form button[type=submit]")
    expect(console.locator("#import-result")).to_contain_text("unbekannt: „Telefon“")
    shoot(console, "import", "#import-form")
    # The refused file's 400 answer is logged by chromium; nothing else may be.
    assert [p for p in console.problems if "status of 400" not in p] == []


def test_route_cards_only_for_people_present_and_on_request_without_phone(live_server,
                                                                         open_page):
    server = live_server()
    links, _moderator, _phones = mixed_room(server)  # the phones stay connected
    console = open_page(links["moderator_url"], viewport=CONSOLE)
    cards_url = console.locator("#cards-without-phone").get_attribute("href")
    cards = open_page(links["moderator_url"] + "/print/cards", viewport=CONSOLE)
    expect(cards.locator(".route-card h2")).to_have_text(["Hanna Host", "Ben", "Ohne Handy"])
    cards.goto(f"{server.url}{cards_url}")
    expect(cards.locator(".route-card h2")).to_have_text(["Ben", "Ohne Handy"])
    shoot(cards, "cards-without-phone")
    assert console.problems == [] and cards.problems == []
