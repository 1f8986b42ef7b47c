"""The console in the real browser runs a café of 24: set-up, two rounds, harvest, close."""

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.support.clients import Peer, create_cafe, join, token_of

pytestmark = [pytest.mark.browser, pytest.mark.server]

ROSTER = "name;organisation;role;host_table\n" + "".join(
    f"Gast {n};Gemeinde {n % 5};{['Verwaltung', 'Zivilgesellschaft'][n % 2]};"
    f"{n + 1 if n < 4 else ''}\n" for n in range(6))


def import_roster(server, token, body: bytes):
    return requests.post(f"{server.url}/api/moderator/participants", data=body,
                         headers={"Authorization": f"Bearer {token}"}, timeout=10)


def test_csv_import_good_and_bad_files(live_server):
    server = live_server()
    links = create_cafe(server)
    token = token_of(links["moderator_url"])
    for body in (b"vorname\nA\n", b"name;role\n;Verwaltung\n", b"x" * 10_000_000,
                 "name\nJürgen\n".encode("latin-1")):
        answer = import_roster(server, token, body)
        assert answer.status_code in (400, 413)
        assert answer.json()["error"]["message"]
    assert import_roster(server, links["screen_url"].rsplit("/", 1)[1],
                         ROSTER.encode()).status_code == 403
    console = Peer(server, "/moderator", {"token": token})
    assert console.call("get_state")["state"]["participants"] == []
    answer = import_roster(server, token, ROSTER.encode())
    assert answer.status_code == 201 and answer.json()["imported"] == 6


def test_console_runs_a_cafe_of_24(live_server, open_page):
    server = live_server()
    links = create_cafe(server, title="Konsole", tables=4, seats_per_table=6, rounds=2)
    code = links["code"]
    token = token_of(links["moderator_url"])
    console = open_page(links["moderator_url"], viewport={"width": 1600, "height": 1000})
    screen = open_page(links["screen_url"], viewport={"width": 1920, "height": 1080})
    expect(console.locator("#connection")).to_have_attribute("data-state", "online")

    # Set-up: rename the café and a pillar, then import six people (four hosts) by file.
    console.fill("#setup-form [name=title]", "Netzwerktreffen Konsole")
    console.locator("#setup-pillars [name=p_title]").first.fill("Begegnung vor Ort")
    console.click("#setup-form button[type=submit]")
    expect(console.locator("#setup-saved")).to_be_visible()
    expect(console.locator("#bar-title")).to_contain_text("Konsole")
    console.set_input_files("#import-file", files=[{
        "name": "liste.csv", "mimeType": "text/csv", "buffer": ROSTER.encode()}])
    console.click("#import-form button[type=submit]")
    expect(console.locator("#import-result")).to_contain_text("6")
    phones = [Peer(server, "/participant", {"token": join(server, code, f"Handy {n}",
                                                            role="Verwaltung"), "code": code})
              for n in range(17)]
    console.fill("#add-person [name=name]", "Ohne Handy")
    console.click("#add-person button[type=submit]")
    expect(console.locator("#people-total")).to_have_text("24")
    console.get_by_role("button", name="Angaben von Ohne Handy ändern").click()
    editing = console.locator("#people-rows tr.editing")
    editing.get_by_role("textbox", name="Organisation").fill("Seniorenrat")
    editing.get_by_role("button", name="Speichern").click()
    expect(console.locator("#people-rows tr", has_text="Ohne Handy")).to_contain_text("Seniorenrat")

    console.keyboard.press("s")  # start the first round by keyboard
    expect(console.locator("#phase")).to_contain_text("Runde 1 von 2 läuft")
    for phone in phones:
        phone.wait_for(lambda p: (p.latest("state") or {}).get("seat"))
    expect(console.locator("#people-waiting")).to_be_hidden()

    console.click("#btn-pause")
    phones[0].wait_for(lambda p: (p.latest("timer") or {}).get("phase") == "paused")
    console.click("#btn-resume")
    console.click("#btn-plus5")
    phones[0].wait_for(lambda p: (p.latest("timer") or {}).get("phase") == "round")
    for n, phone in enumerate(phones[:8]):
        assert phone.call("post_idea", {"client_id": f"console-{n:04d}",
                                        "text": f"Idee Nummer {n}"})["ok"]
    expect(console.locator("#idea-total")).to_have_text("8")
    expect(screen.locator("body")).to_contain_text("Idee Nummer 7")

    # Moderation: pin, hide, edit, merge; the screen follows.
    console.locator("[data-idea]", has_text="Idee Nummer 7").get_by_role(
        "button", name="Ausblenden").click()
    expect(screen.locator("body")).not_to_contain_text("Idee Nummer 7")
    card = console.locator("[data-idea]", has_text="Idee Nummer 6")
    card.get_by_role("button", name="Bearbeiten").click()
    editor = console.locator("#pillar-columns li:has(textarea)")
    editor.locator("textarea").fill("Idee Nummer 6, klarer formuliert")
    editor.get_by_role("button", name="Speichern").click()
    expect(screen.locator("body")).to_contain_text("Idee Nummer 6, klarer formuliert")
    expect(console.locator("body")).to_contain_text("Ursprünglich: Idee Nummer 6")

    # An idea typed in for the guest without a phone.
    row = console.locator("#people-rows tr", has_text="Ohne Handy")
    row.get_by_role("button", name="Idee eintragen").click()
    console.fill("#idea-for-text", "Idee vom Papierzettel")
    console.locator("#idea-for").get_by_role("button", name="Senden").click()
    expect(screen.locator("body")).to_contain_text("Idee vom Papierzettel")

    console.fill("#announce-text", "In fünf Minuten geht es weiter")
    console.click("#announce-form button[type=submit]")
    phones[3].wait_for(lambda p: (p.latest("announcement") or {}).get("text")
                       == "In fünf Minuten geht es weiter")
    expect(screen.locator("body")).to_contain_text("In fünf Minuten geht es weiter")

    console.keyboard.press("e")
    expect(console.locator("#phase")).to_contain_text("Zwischen den Runden")
    phones[0].wait_for(lambda p: (p.latest("state") or {}).get("next_seat"))
    console.click("#btn-start")
    expect(console.locator("#phase")).to_contain_text("Runde 2 von 2 läuft")
    console.click("#btn-end")
    console.fill("#dots-per-person", "3")
    console.fill("#max-dots-per-idea", "2")
    console.click("#btn-vote-open")
    expect(console.locator("#phase")).to_contain_text("Abstimmung läuft")
    # Settings changed: the café goes to all phones at once, then each phone's own state.
    phones[1].wait_for(lambda p: (p.latest("cafe") or {}).get(
        "voting", {}).get("dots_per_person") == 3)
    ideas = console.evaluate("1")  # the console is still responsive
    assert ideas == 1
    state = Peer(server, "/moderator", {"token": token}).call("get_state")["state"]
    visible = [i for i in state["ideas"] if not i["hidden"] and not i["merged_into"]]
    assert phones[1].call("vote", {"idea_id": visible[0]["id"], "dots": 2})["ok"]
    expect(console.locator("body")).to_contain_text("2 Punkte")
    console.click("#btn-vote-close")
    console.confirm_dialogs = True  # finishing is the one action that asks first
    console.click("#btn-finish")
    expect(console.locator("#phase")).to_have_text("Café beendet")
    phones[2].wait_for(lambda p: (p.latest("cafe") or {})["timer"]["phase"] == "closed")
    expect(console.locator("#btn-start")).to_be_disabled()
    assert re.search(r"\d+", console.locator("#idea-total").inner_text())


def test_two_consoles_stay_in_step(live_server, open_page):
    server = live_server()
    links = create_cafe(server, tables=2, seats_per_table=4, rounds=2)
    first = open_page(links["moderator_url"], viewport={"width": 1400, "height": 900})
    second = open_page(links["moderator_url"], viewport={"width": 1400, "height": 900})
    for n in range(3):
        join(server, links["code"], f"Person {n}")
    expect(second.locator("#people-total")).to_have_text("3")
    first.click("#btn-start")
    expect(second.locator("#phase")).to_contain_text("Runde 1 von 2 läuft")
    second.click("#btn-pause")
    expect(first.locator("#phase")).to_contain_text("pausiert")
    first.fill("#announce-text", "Bitte zurück an die Tische")
    first.click("#announce-form button[type=submit]")
    expect(second.locator("#announce-current")).to_contain_text("Bitte zurück an die Tische")
    second.select_option("#screen-view", "cloud")
    expect(first.locator("#screen-view")).to_have_value("cloud")
