"""A café run from the organiser's guest list: imported, then each phone becomes its person
by the personal QR link, or by typing its name in another spelling; no one comes twice."""

import re

import pytest
from playwright.sync_api import expect

from app.web.qr import qr_svg
from tests.support.clients import Peer, create_cafe, token_of

pytestmark = [pytest.mark.browser, pytest.mark.server]

GUESTS = "Name;Organisation;Rolle\nAnna Müller;Achern;Verwaltung\n" + "".join(
    f"Gast {n};Gemeinde {n % 5};Zivilgesellschaft\n" for n in range(1, 24))


def people_of(console: Peer) -> dict[str, dict]:
    return {p["name"]: p for p in console.call("get_state")["state"]["participants"]}


def test_phones_become_the_people_of_an_imported_list(live_server, open_page):
    server = live_server()
    links = create_cafe(server, title="Netzwerktreffen", tables=4, seats_per_table=6, rounds=2)
    code = links["code"]
    console_page = open_page(links["moderator_url"], viewport={"width": 1600, "height": 1000})
    console_page.set_input_files("#import-file", files=[{
        "name": "anmeldungen.csv", "mimeType": "text/csv", "buffer": GUESTS.encode()}])
    console_page.click("#import-form button[type=submit]")
    expect(console_page.locator("#import-result")).to_contain_text("24")
    expect(console_page.locator("#people-total")).to_have_text("24")
    console = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    # Nobody is here yet: starting would seat nobody.
    assert console.call("start_round")["error"]["code"] == "nobody_checked_in"
    listed = people_of(console)

    # Badges and route cards, opened from the console, carry each person's own link as QR.
    anna_link = f"{server.url}/j/{code}/p/{listed['Anna Müller']['personal_code']}"
    anna_qr = re.search(r' d="([^"]+)"', qr_svg(anna_link, fit=True)).group(1)
    for link, item in (("Namensschilder", ".name-badge"), ("Laufzettel", ".route-card")):
        with console_page.context.expect_page() as opened:
            console_page.get_by_role("link", name=link, exact=True).click()
        sheet = opened.value
        expect(sheet.locator(item)).to_have_count(24)
        printed = sheet.locator(item, has_text="Anna Müller").locator("svg path").first
        assert printed.get_attribute("d") == anna_qr
        sheet.close()

    assert console.call("check_in", {"participant_id": listed["Gast 23"]["id"],
                                     "checked_in": True})["ok"]
    expect(console_page.locator("#not-here")).to_contain_text("23 Personen auf der Liste")
    assert console.call("start_round")["ok"]  # the 23 not here are left out
    expect(console_page.locator("#not-here")).to_be_hidden()

    # Three personal QR links on three phones: each phone is that person, seated now.
    phones = {}
    for name in ("Gast 1", "Gast 2", "Gast 3"):
        phone = open_page(f"{server.url}/j/{code}/p/{listed[name]['personal_code']}")
        expect(phone.locator("#seat-table")).to_have_text(re.compile(r"Tisch \d"))
        expect(phone.locator("#seat-table")).to_have_text(
            f"Tisch {people_of(console)[name]['seat']['table_number']}")
        # The page goes on at the café's own address: a reload or bookmark keeps no secret.
        expect(phone).to_have_url(re.compile(rf"/j/{code}$"))
        phones[name] = phone
    row = console_page.locator("#people-rows tr", has=console_page.get_by_role(
        "button", name="Angaben von Gast 1 ändern", exact=True))
    expect(row).to_contain_text("Handy 1, seit")
    phones["Gast 1"].reload()  # the phone stays that person
    seat_of_gast_1 = f"Tisch {people_of(console)['Gast 1']['seat']['table_number']}"
    expect(phones["Gast 1"].locator("#seat-table")).to_have_text(seat_of_gast_1)

    # A fourth phone joins by the café's code under another spelling of a listed name.
    fourth = open_page(f"{server.url}/j/{code}")
    fourth.fill("#name", "anna mueller")
    fourth.click("#join-form button[type=submit]")
    expect(fourth.locator("#listed-question")).to_have_text("Sind Sie Anna Müller (Achern)?")
    # The question stands alone; the name typed can still be changed, and is asked again.
    expect(fourth.locator("#join-form")).to_be_hidden()
    fourth.get_by_role("button", name="Eingegebenen Namen ändern").click()
    expect(fourth.locator("#name")).to_be_focused()
    expect(fourth.locator("#listed")).to_be_hidden()
    fourth.click("#join-form button[type=submit]")
    fourth.get_by_role("button", name="Ja, ich bin Anna Müller (Achern)").click()
    # Seated as a latecomer: wait for the seat before asking the console which one it is.
    expect(fourth.locator("#seat-table")).to_have_text(re.compile(r"Tisch \d"))
    expect(fourth.locator("#seat-table")).to_have_text(
        f"Tisch {people_of(console)['Anna Müller']['seat']['table_number']}")
    expect(console_page.locator("#people-total")).to_have_text("24")
    assert len(people_of(console)) == 24
    assert [p["number"] for p in people_of(console)["Anna Müller"]["phones"]] == [1]

    # The door: four phones and a tick checked their people in, the others are not here;
    # someone without a phone is ticked late and seated.
    expect(console_page.locator("#people-checked-in")).to_have_text("5 von 5 eingecheckt")
    console_page.fill("#people-search", "mueller")
    expect(console_page.locator("#people-rows tr")).to_have_count(1)
    expect(console_page.locator("#people-rows")).to_contain_text("Anna Müller")
    console_page.fill("#people-search", "gast 5")
    console_page.get_by_role("checkbox", name="Gast 5 ist eingecheckt").check()
    expect(console_page.locator("#people-checked-in")).to_have_text("6 von 6 eingecheckt")
    assert people_of(console)["Gast 5"]["seat"] is not None
    console_page.fill("#people-search", "")

    # A second phone for Gast 1 (a flat battery, a borrowed phone): allowed, the console
    # lists both. The moderator signs out the borrowed one: it is told and forgets the café,
    # the first keeps working. Then all of them: the first forgets the café too.
    spare = open_page(f"{server.url}/j/{code}/p/{listed['Gast 1']['personal_code']}")
    expect(spare.locator("#seat-table")).to_be_visible()
    expect(row).to_contain_text("Handy 2, seit")
    console_page.confirm_dialogs = True
    row.get_by_role("button", name="Handy 2 von Gast 1 abmelden").click()
    expect(spare.locator("main")).to_contain_text("Die Moderation hat dieses Handy")
    assert spare.evaluate(f"localStorage.getItem('wc:{code}:token')") is None
    expect(row).not_to_contain_text("Handy 2")
    phones["Gast 1"].reload()
    expect(phones["Gast 1"].locator("#seat-table")).to_have_text(seat_of_gast_1)
    row.get_by_role("button", name="Alle Handys von Gast 1 abmelden").click()
    expect(phones["Gast 1"].locator("main")).to_contain_text("Die Moderation hat dieses Handy")
    assert phones["Gast 1"].evaluate(f"localStorage.getItem('wc:{code}:token')") is None
    expect(row).not_to_contain_text("Handy")
    old = open_page(f"{server.url}/j/{code}/p/{listed['Gast 1']['personal_code']}")
    assert "Dieser persönliche Link gilt nicht (mehr)" in old.locator("main").inner_text()
    # The others keep their seats and phones.
    expect(phones["Gast 2"].locator("#seat-table")).to_be_visible()
    for page in (console_page, *phones.values(), spare):
        assert page.problems == []
    # The question comes as the 409 `name_on_list`, which chromium logs as a failed load.
    assert [p for p in fourth.problems if "409 (CONFLICT)" not in p] == []
