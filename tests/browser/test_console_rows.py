"""The console's long lists keep their rows: what arrives redraws only the rows it changes,
and a form open in a row keeps what the moderator is typing."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.clients import Peer, create_cafe, join, token_of

pytestmark = [pytest.mark.browser, pytest.mark.server]

# Marks an element from the page (not an attribute the app sets): a row built anew loses it.
MARK = "(node) => { node.dataset.probe = 'kept'; }"


def test_new_ideas_and_presence_redraw_only_their_rows(live_server, open_page):
    server = live_server()
    links = create_cafe(server, tables=2, seats_per_table=6, rounds=2)
    code = links["code"]
    phones = [Peer(server, "/participant", {"token": join(server, code, f"Gast {n}"), "code": code})
              for n in range(4)]
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    assert moderator.call("start_round")["ok"]
    for n, phone in enumerate(phones[:3]):
        assert phone.call("post_idea", {"client_id": f"rows-{n:04d}", "text": f"Idee {n}"})["ok"]
    console = open_page(links["moderator_url"], viewport={"width": 1600, "height": 1000})
    expect(console.locator("#idea-total")).to_have_text("3")

    idea_row = console.locator("[data-idea]", has_text="Idee 0")
    person_row = console.locator("#people-rows tr", has_text="Gast 1")
    idea_row.evaluate(MARK)
    person_row.evaluate(MARK)
    edited = console.locator("[data-idea]", has_text="Idee 2")
    edited.get_by_role("button", name="Bearbeiten").click()
    editor = console.locator("#pillar-columns li:has(textarea) textarea")
    editor.fill("Idee 2, halb umformuliert")

    # Meanwhile the hall goes on: a new idea and a phone that goes away.
    assert phones[3].call("post_idea", {"client_id": "rows-0003", "text": "Idee 3"})["ok"]
    phones[2].close()
    expect(console.locator("#idea-total")).to_have_text("4")
    gone = console.locator("#people-rows tr", has_text="Gast 2")
    expect(gone.locator(".dot")).to_have_class("dot off")

    assert idea_row.get_attribute("data-probe") == "kept"
    assert person_row.get_attribute("data-probe") == "kept"
    expect(editor).to_have_value("Idee 2, halb umformuliert")
    # The newest idea of a pillar is on top of its column.
    pillar = console.locator("[data-idea]", has_text="Idee 3").evaluate(
        "(node) => node.closest('[data-pillar]').dataset.pillar")
    expect(console.locator(f"[data-pillar='{pillar}'] [data-idea]").first).to_contain_text("Idee 3")


def test_a_round_start_sets_the_seats_in_the_rows_it_keeps(live_server, open_page):
    """Everyone gets a new table at a round's start: the people list sets the seat cells and
    the write buttons in place instead of building every row anew."""
    server = live_server()
    links = create_cafe(server, tables=2, seats_per_table=6, rounds=2)
    for n in range(4):
        join(server, links["code"], f"Gast {n}")
    console = open_page(links["moderator_url"], viewport={"width": 1600, "height": 1000})
    row = console.locator("#people-rows tr", has_text="Gast 1")
    write = row.get_by_role("button", name="Idee eintragen")
    expect(write).to_be_disabled()
    expect(row.locator("td").nth(3)).to_have_text("–")
    row.evaluate(MARK)

    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    assert moderator.call("start_round")["ok"]
    expect(row.locator("td").nth(3)).to_have_text(re.compile(r"^[12]$"))
    expect(write).to_be_enabled()
    assert row.get_attribute("data-probe") == "kept"
