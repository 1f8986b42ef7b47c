"""One person listed twice, merged by hand in the console: the duplicate's phone carries on
as the kept person. And a phone that picks its name from the list (the café allows it)."""

import pytest
from playwright.sync_api import expect

from tests.support.clients import Peer, create_cafe, token_of

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_a_duplicate_merged_in_the_console_keeps_its_phone_as_the_kept_person(
        live_server, open_page):
    server = live_server()
    links = create_cafe(server, title="Netzwerktreffen", tables=2, seats_per_table=4, rounds=2,
                        pick_from_list=True)
    code = links["code"]
    console = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    kept = console.call("add_person", {"name": "Anna Müller", "organisation": "Achern"})
    console.call("add_person", {"name": "Ben Berger", "organisation": "Bühl"})

    # Picking from the list: a few letters, then the name.
    picker = open_page(f"{server.url}/j/{code}")
    picker.fill("#pick-search", "be")
    picker.get_by_role("button", name="Ich bin Ben Berger (Bühl)").click()
    expect(picker.locator("#app")).to_be_visible()

    # Anna joins under a name the list does not know: a second entry for one person.
    phone = open_page(f"{server.url}/j/{code}")
    phone.fill("#name", "A. Müller")
    phone.click("#join-form button[type=submit]")
    expect(phone.locator("#app")).to_be_visible()

    duplicate_token = phone.evaluate(f"localStorage.getItem('wc:{code}:token')")
    # A second phone of the duplicate (its personal link), asleep (its page not running)
    # while they are merged.
    personal_code = next(p["personal_code"] for p in console.call("get_state")["state"][
        "participants"] if p["name"] == "A. Müller")
    asleep = open_page(f"{server.url}/j/{code}/p/{personal_code}")
    # Its state came (the phone noted whom it is); the page's CSP allows no polled predicate.
    for _ in range(100):
        if asleep.evaluate(f"localStorage.getItem('wc:{code}:me')"):
            break
        asleep.wait_for_timeout(100)
    else:
        pytest.fail("the second phone never got its state")
    asleep_token = asleep.evaluate(f"localStorage.getItem('wc:{code}:token')")
    asleep.goto("about:blank")

    console_page = open_page(links["moderator_url"], viewport={"width": 1600, "height": 1000})
    expect(console_page.locator("#people-total")).to_have_text("3")
    console_page.confirm_dialogs = True
    console_page.get_by_role("button", name="A. Müller mit einer anderen Person "
                             "zusammenführen (doppelt eingetragen)").click()
    console_page.fill("#merge-search", "achern")
    expect(console_page.locator("#merge-keep option")).to_have_text(["Anna Müller (Achern)"])
    console_page.get_by_role("button", name="Zusammenführen", exact=True).click()
    expect(console_page.locator("#people-merged")).to_have_text(
        "A. Müller wurde mit Anna Müller zusammengeführt.")
    expect(console_page.locator("#people-total")).to_have_text("2")

    expect(phone.locator("#banner")).to_have_text(
        "Sie stehen jetzt nur noch einmal auf der Liste, als Anna Müller.")
    expect(phone.locator("#connection")).to_have_attribute("data-state", "online")
    state = console.call("get_state")["state"]
    anna = next(p for p in state["participants"] if p["id"] == kept["participant"]["id"])
    # Both phones of the duplicate are Anna's now, with their own tokens.
    assert anna["online"] and [p["number"] for p in anna["phones"]] == [1, 2]
    assert phone.evaluate(f"localStorage.getItem('wc:{code}:token')") == duplicate_token
    phone.reload()  # the phone stays the kept person, and says so only once
    expect(phone.locator("#app")).to_be_visible()
    expect(phone.locator("#banner")).to_be_hidden()
    # The sleeping phone wakes with its token, now Anna's, and is told so.
    asleep.goto(f"{server.url}/j/{code}")
    expect(asleep.locator("#banner")).to_have_text(
        "Sie stehen jetzt nur noch einmal auf der Liste, als Anna Müller.")
    assert asleep.evaluate(f"localStorage.getItem('wc:{code}:token')") == asleep_token
    for page in (console_page, picker, phone, asleep):
        assert page.problems == []
