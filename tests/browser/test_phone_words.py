"""What the phone says: hosts who stay, the last round, the change-over, the badge before
joining, an idea over the limit, counted words and an announcement missed by a reload."""

import re

import pytest
from flask_babel import force_locale
from playwright.sync_api import expect

from app.web.ui import client_strings
from tests.support.clients import Peer, create_cafe, join, token_of

pytestmark = [pytest.mark.browser, pytest.mark.server]

MAX_IDEA = 500


def cafe_with_moderator(server, rounds=2):
    links = create_cafe(server, tables=2, seats_per_table=4, rounds=rounds)
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    return links, moderator


def joined_phone(open_page, server, code, name="Ayşe"):
    phone = open_page(f"{server.url}/j/{code}")
    phone.fill("#name", name)
    phone.click("#join-form button[type=submit]")
    expect(phone.locator("#connection")).to_have_attribute("data-state", "online")
    return phone


def make_host(moderator, name, table_number):
    state = moderator.call("get_state")["state"]
    table = next(t for t in state["cafe"]["tables"] if t["number"] == table_number)
    person = next(p for p in state["participants"] if p["name"] == name)
    answer = moderator.call("set_host", {"participant_id": person["id"], "table_id": table["id"]})
    assert answer["ok"], answer


def test_a_host_is_told_to_stay_between_rounds(live_server, open_page):
    server = live_server()
    links, moderator = cafe_with_moderator(server)
    host = joined_phone(open_page, server, links["code"], name="Hanna")
    make_host(moderator, "Hanna", 1)
    assert moderator.call("start_round")["ok"]
    expect(host.locator("#seat-table")).to_have_text("Tisch 1")
    assert moderator.call("end_round")["ok"]

    expect(host.locator("#banner")).to_have_text(
        "Die Runde ist zu Ende. Sie bleiben an Tisch 1 und begrüßen die nächste Gruppe.")
    expect(host.locator("#seat-label")).to_have_text(
        "Sie bleiben und begrüßen die nächste Gruppe an")
    expect(host.locator("#seat-table")).to_have_text("Tisch 1")
    expect(host.locator("#round-label")).to_have_text("Tischwechsel · Sie bleiben an Tisch 1")


def test_after_the_last_round_the_phone_says_what_the_screen_says(live_server, open_page):
    server = live_server()
    links, moderator = cafe_with_moderator(server, rounds=2)
    phone = joined_phone(open_page, server, links["code"])
    for _ in range(2):
        assert moderator.call("start_round")["ok"]
        assert moderator.call("end_round")["ok"]

    done = "Alle Runden sind gespielt. Danke – bitte bleiben Sie für die Ernte."
    expect(phone.locator("#banner")).to_have_text(done)
    expect(phone.locator("#seat-label")).to_have_text("Alle Runden gespielt")
    expect(phone.locator("#seat-question")).to_have_text(done)
    expect(phone.locator("#round-label")).to_have_text("Alle Runden gespielt")
    expect(phone.locator("main")).not_to_contain_text("Noch kein Platz")
    expect(phone.locator("main")).not_to_contain_text("nächsten Tisch")


def test_the_changeover_countdown_names_the_next_table(live_server, open_page):
    server = live_server()
    links, moderator = cafe_with_moderator(server)
    phone = joined_phone(open_page, server, links["code"])
    assert moderator.call("start_round")["ok"]
    assert moderator.call("end_round")["ok"]

    next_table = phone.locator("#seat-table").inner_text().removeprefix("Tisch ")
    expect(phone.locator("#round-label")).to_have_text(
        f"Tischwechsel · weiter an Tisch {next_table}")
    expect(phone.locator("#timer")).to_have_text(re.compile(r"^\d+:[0-5]\d$"))


def test_the_name_page_shows_no_connection_badge_before_joining(live_server, open_page):
    server = live_server()
    links, _ = cafe_with_moderator(server)
    phone = open_page(f"{server.url}/j/{links['code']}")
    expect(phone.locator("#join-form")).to_be_visible()
    expect(phone.locator("#connection")).to_be_hidden()

    phone.fill("#name", "Ayşe")
    phone.click("#join-form button[type=submit]")
    expect(phone.locator("#connection")).to_be_visible()
    expect(phone.locator("#connection")).to_have_attribute("data-state", "online")


def test_an_idea_over_the_limit_is_refused_and_kept_for_shortening(live_server, open_page):
    server = live_server()
    links, moderator = cafe_with_moderator(server)
    phone = joined_phone(open_page, server, links["code"])
    assert moderator.call("start_round")["ok"]
    expect(phone.locator("#send-idea")).to_be_enabled()
    box = phone.locator("#idea-text")

    too_long = "x" * (MAX_IDEA + 20)
    box.fill(too_long)
    expect(phone.locator("#idea-count")).to_have_text("20 Zeichen zu viel")
    phone.click("#send-idea")
    expect(phone.locator("#idea-hint")).to_have_text(
        "Ihre Idee ist länger als 500 Zeichen. Bitte kürzen Sie sie und senden Sie sie dann.")
    expect(box).to_have_value(too_long)
    assert moderator.call("get_state")["state"]["ideas"] == []

    box.fill("y" * (MAX_IDEA - 5))
    expect(phone.locator("#idea-count")).to_have_text("Noch 5 Zeichen")
    expect(phone.locator("#idea-hint")).to_be_hidden()
    phone.click("#send-idea")
    expect(phone.locator("#my-ideas .badge.stored")).to_have_count(1)
    assert [len(i["text"]) for i in moderator.call("get_state")["state"]["ideas"]] == [MAX_IDEA - 5]


def test_counted_words_take_the_singular_for_one(live_server, open_page):
    server = live_server()
    links, moderator = cafe_with_moderator(server)
    code = links["code"]
    author = Peer(server, "/participant", {"token": join(server, code, "Paul"), "code": code})
    phone = joined_phone(open_page, server, code)
    assert moderator.call("start_round")["ok"]
    author.wait_for(lambda p: (p.latest("state") or {}).get("seat"))
    assert author.call("post_idea", {"client_id": "plural-0001", "text": "Eine Idee"})["ok"]
    assert moderator.call("end_round")["ok"]
    assert moderator.call("open_voting", {"dots_per_person": 1, "max_dots_per_idea": 1})["ok"]

    expect(phone.locator("#dots-left")).to_have_text("Noch 1 von 1 Punkt")
    items = phone.locator("#vote-list .vote-item")
    for tab in phone.locator("#pillar-tabs .tab").all():
        tab.click()
        if items.count():
            break
    items.nth(0).locator(".dot-button").nth(1).click()
    expect(items.nth(0).locator(".dots")).to_have_attribute("aria-label", "1 Punkt auf dieser Idee")


def test_an_announcement_survives_a_reload_and_stays_readable(live_server, open_page):
    server = live_server()
    links, moderator = cafe_with_moderator(server)
    phone = joined_phone(open_page, server, links["code"])
    assert moderator.call("start_round")["ok"]
    assert moderator.call("announce", {"text": "Kaffee steht im Foyer bereit"})["ok"]
    expect(phone.locator("#banner")).to_have_text("Kaffee steht im Foyer bereit")

    phone.reload()
    expect(phone.locator("#banner")).to_have_text("Kaffee steht im Foyer bereit")
    last = phone.locator("#last-announcement")
    expect(last).to_contain_text(re.compile(r"Letzte Ansage, \d\d:\d\d Uhr"))
    expect(last).to_contain_text("Kaffee steht im Foyer bereit")
    # Shown once: the next phase's banner is not covered by it again.
    assert moderator.call("end_round")["ok"]
    expect(phone.locator("#banner")).to_contain_text("Die Runde ist zu Ende")


@pytest.mark.parametrize(("locale", "forms"), [
    ("en", {"one": "%(count)s dot on this idea", "other": "%(count)s dots on this idea"}),
    ("de", {"one": "%(count)s Punkt auf dieser Idee", "other": "%(count)s Punkte auf dieser Idee"}),
])
def test_counted_texts_reach_the_page_in_both_forms(app, locale, forms):
    with app.test_request_context("/"), force_locale(locale):
        assert client_strings()["dots_on_idea"] == forms
