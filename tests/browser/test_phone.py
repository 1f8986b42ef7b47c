"""The phone in the real browser: bad Wi-Fi, a server restart, and the harvest vote."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.clients import Peer, create_cafe, join, token_of

pytestmark = [pytest.mark.browser, pytest.mark.server]


def joined_phone(open_page, server, code, name="Ayşe"):
    phone = open_page(f"{server.url}/j/{code}")
    phone.fill("#name", name)
    phone.click("#join-form button[type=submit]")
    expect(phone.locator("#connection")).to_have_attribute("data-state", "online")
    return phone


def running_cafe(server, **settings):
    links = create_cafe(server, tables=2, seats_per_table=4, rounds=2, **settings)
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    return links, moderator


def send_idea(phone, text):
    phone.fill("#idea-text", text)
    phone.click("#send-idea")


def texts_at(moderator):
    return sorted(i["text"] for i in moderator.call("get_state")["state"]["ideas"])


def test_offline_ideas_and_draft_survive_a_reload_and_arrive_once(live_server, open_page):
    server = live_server()
    links, moderator = running_cafe(server)
    phone = joined_phone(open_page, server, links["code"])
    assert moderator.call("start_round")["ok"]
    expect(phone.locator("#seat-table")).to_have_text(re.compile(r"Tisch \d"))
    # Let the service worker take control, so the page itself loads without a network.
    phone.wait_for_function(
        "async () => Boolean(await caches.match(location.pathname + location.search))")

    phone.context.set_offline(True)
    expect(phone.locator("#connection")).not_to_have_attribute("data-state", "online")
    send_idea(phone, "Offline eins")
    send_idea(phone, "Offline zwei")
    phone.fill("#idea-text", "Entwurf, noch nicht gesendet")
    expect(phone.locator("#my-ideas .badge.waiting")).to_have_count(2)

    phone.reload()
    expect(phone.locator("#my-ideas .badge.waiting")).to_have_count(2)
    expect(phone.locator("#idea-text")).to_have_value("Entwurf, noch nicht gesendet")
    assert texts_at(moderator) == []

    phone.context.set_offline(False)
    expect(phone.locator("#my-ideas .badge.stored")).to_have_count(2, timeout=15_000)
    assert texts_at(moderator) == ["Offline eins", "Offline zwei"]
    phone.reload()  # a reload online resends nothing
    expect(phone.locator("#my-ideas .badge.stored")).to_have_count(2)
    # A status is a coloured word: the printed name badges' frame once reached it too.
    expect(phone.locator("#my-ideas .badge.stored").first).to_have_css("border-top-style", "none")
    assert texts_at(moderator) == ["Offline eins", "Offline zwei"]
    expect(phone.locator("#idea-text")).to_have_value("Entwurf, noch nicht gesendet")


def test_server_restart_mid_round_keeps_seat_time_and_ideas(live_server, open_page):
    server = live_server()
    links, moderator = running_cafe(server)
    phone = joined_phone(open_page, server, links["code"])
    assert moderator.call("start_round")["ok"]
    seat = phone.locator("#seat-table")
    expect(seat).to_have_text(re.compile(r"Tisch \d"))
    table_before = seat.inner_text()
    moderator.close()

    server.stop()
    expect(phone.locator("#connection")).to_have_attribute("data-state", "reconnecting")
    send_idea(phone, "Während der Pause gesendet")
    expect(phone.locator("#my-ideas .badge.sending, #my-ideas .badge.waiting")).to_have_count(1)

    server.start()
    expect(phone.locator("#connection")).to_have_attribute("data-state", "online",
                                                           timeout=20_000)
    expect(phone.locator("#my-ideas .badge.stored")).to_have_count(1, timeout=15_000)
    expect(seat).to_have_text(table_before)
    expect(phone.locator("#timer")).to_have_text(re.compile(r"^(19|20):[0-5]\d$"))
    again = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    assert texts_at(again) == ["Während der Pause gesendet"]


def test_voting_with_limited_dots(live_server, open_page):
    server = live_server()
    links, moderator = running_cafe(server)
    code = links["code"]
    others = [Peer(server, "/participant", {"token": join(server, code, f"P{i}"), "code": code})
              for i in range(3)]
    phone = joined_phone(open_page, server, code)
    assert moderator.call("start_round")["ok"]
    for n, peer in enumerate(others):
        peer.wait_for(lambda p: (p.latest("state") or {}).get("seat"))
        assert peer.call("post_idea", {"client_id": f"vote-{n:04d}", "text": f"Idee {n}"})["ok"]
    assert moderator.call("end_round")["ok"]
    answer = moderator.call("open_voting", {"dots_per_person": 3, "max_dots_per_idea": 2})
    assert answer["ok"], answer

    expect(phone.locator("#harvest")).to_be_visible()
    expect(phone.locator("#dots-left")).to_contain_text("3 von 3")
    # Go through the pillars until the ideas show up, then spend and move dots.
    items = phone.locator("#vote-list .vote-item")
    for tab in phone.locator("#pillar-tabs .tab").all():
        tab.click()
        if items.count():
            break
    first_plus = items.nth(0).locator(".dot-button").nth(1)
    first_plus.click()
    first_plus.click()
    expect(phone.locator("#dots-left")).to_contain_text("1 von 3")
    expect(first_plus).to_be_disabled()  # at most 2 dots on one idea
    items.nth(0).locator(".dot-button").nth(0).click()  # take one back
    expect(phone.locator("#dots-left")).to_contain_text("2 von 3")
    totals = moderator.call("get_state")["state"]["votes"]
    assert sum(totals.values()) == 1

    assert moderator.call("close_voting")["ok"]
    expect(phone.locator("#dots-left")).to_contain_text("geschlossen")
    expect(items.nth(0).locator(".dot-button").nth(1)).to_be_disabled()
    refused = others[0].call("vote", {"idea_id": int(next(iter(totals))), "dots": 1})
    assert refused["error"]["code"] == "voting_closed"
    assert refused["error"]["message"]

    # Opened again, the phone asks whether its copy of the list is current (it is: 304).
    asked = []
    phone.on("request", lambda r: asked.append(r) if r.url.endswith("/ideas") else None)
    phone.reload()
    expect(items).not_to_have_count(0)
    assert asked
    for request in asked:
        answer = request.response().all_headers()
        assert request.all_headers().get("if-none-match") == answer["etag"]
        # Chromium shows the revalidated copy as 200; the server's bodiless 304 had no
        # Content-Encoding, a full answer would have.
        assert "content-encoding" not in answer
