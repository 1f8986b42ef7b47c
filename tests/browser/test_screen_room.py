"""What the room reads on the projection screen: results held back while voting, table names,
honest head counts, and every idea in full.

Phones and the console are python-socketio clients; chromium is the screen (1920x1080).
Screenshots go to SCREENSHOTS (a temporary folder unless set).
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.clients import Peer, create_cafe, join, token_of

pytestmark = [pytest.mark.browser, pytest.mark.server]

WIDE = {"width": 1920, "height": 1080}


@pytest.fixture
def shot(tmp_path):
    folder = Path(os.environ.get("SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        page.wait_for_timeout(300)
        page.screenshot(path=str(folder / f"{name}.png"))

    return take


def seated_phones(server, code, names):
    phones = [Peer(server, "/participant", {"token": join(server, code, name), "code": code})
              for name in names]
    return phones


def ideas_of(moderator):
    return {i["text"]: i for i in moderator.call("get_state")["state"]["ideas"]}


def test_results_wait_for_the_end_of_voting(live_server, open_page, shot):
    server = live_server()
    links = create_cafe(server, title="Abstimmung", tables=1, seats_per_table=4, rounds=1)
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    phones = seated_phones(server, links["code"], ["Anna", "Ben"])
    assert moderator.call("start_round")["ok"]
    for n, phone in enumerate(phones):
        phone.wait_for(lambda p: (p.latest("state") or {}).get("seat"))
        assert phone.call("post_idea", {"client_id": f"held-idea-{n}", "text": f"Idee {n}"})["ok"]
    assert moderator.call("end_round")["ok"]
    assert moderator.call("open_voting", {})["ok"]
    screen = open_page(links["screen_url"], viewport=WIDE)
    expect(screen.locator("body")).to_have_attribute("data-view", "results")
    idea = ideas_of(moderator)["Idee 0"]
    assert phones[1].call("vote", {"idea_id": idea["id"], "dots": 3})["ok"]
    expect(screen.locator(".results-held")).to_have_text(
        "Ergebnisse nach dem Ende der Abstimmung")
    screen.wait_for_timeout(500)  # a total that slipped through would show by now
    expect(screen.locator(".rank-votes")).to_have_count(0)
    shot(screen, "results-held")
    assert moderator.call("close_voting")["ok"]
    expect(screen.locator(".rank-votes").first).to_have_text("3")
    expect(screen.locator(".results-held")).to_have_count(0)
    shot(screen, "results-shown")


NAMED_TABLES = [{"name": "Fenster links", "capacity": 4, "pillar": 0},
                {"name": "Bühne", "capacity": 4, "pillar": 1},
                {"name": "", "capacity": 4, "pillar": 1}]


def test_table_names_show_with_their_numbers(live_server, open_page, shot):
    server = live_server()
    links = create_cafe(server, title="Tischnamen", tables=NAMED_TABLES, rounds=2)
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    phones = seated_phones(server, links["code"], ["Anna", "Ben", "Cem", "Dora", "Emil"])
    signs = open_page(links["moderator_url"] + "/print/signs", viewport=WIDE)
    expect(signs.locator(".sign-name")).to_have_text(["Fenster links", "Bühne"])
    shot(signs, "tables-signs")
    assert moderator.call("start_round")["ok"]
    phones[0].wait_for(lambda p: (p.latest("state") or {}).get("seat"))
    seat = phones[0].latest("state")["seat"]
    named = {1: "Fenster links", 2: "Bühne", 3: ""}
    assert seat["table_name"] == named[seat["table_number"]]  # for the phone
    screen = open_page(links["screen_url"], viewport=WIDE)
    expect(screen.locator("body")).to_have_attribute("data-view", "walls")
    expect(screen.locator(".panel-tables").first).to_have_text("Tisch 1 · Fenster links")
    expect(screen.locator(".panel-tables").nth(1)).to_have_text("Tisch 2 · Bühne, Tisch 3")
    shot(screen, "tables-walls")
    assert moderator.call("end_round")["ok"]
    expect(screen.locator("body")).to_have_attribute("data-view", "where")
    expect(screen.locator(".map-table")).to_have_text(["1 · Fenster links", "2 · Bühne", "3"])
    chips = screen.locator(".where-table").all_inner_texts()
    assert len(chips) == 5 and set(chips) <= {"1 · Fenster links", "2 · Bühne", "3"}
    assert "2 · Bühne" in chips or "1 · Fenster links" in chips
    shot(screen, "tables-where")


def test_head_counts_count_the_room_not_the_list(live_server, open_page, shot):
    server = live_server()
    links = create_cafe(server, title="Köpfe", tables=2, seats_per_table=4, rounds=1)
    code = links["code"]
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    listed = [moderator.call("add_person", {"name": name})["participant"]["id"]
              for name in ("Liste Eins", "Liste Zwei", "Liste Drei")]
    tokens = [join(server, code, name) for name in ("Anna", "Ben")]
    screen = open_page(links["screen_url"], viewport=WIDE)
    expect(screen.locator("body")).to_have_attribute("data-view", "join")
    expect(screen.locator(".joined")).to_have_text("0 mit dem Handy dabei")
    phones = [Peer(server, "/participant", {"token": token, "code": code}) for token in tokens]
    expect(screen.locator("#joined-count")).to_have_text("2")
    shot(screen, "counts-join")
    phones[1].close()
    expect(screen.locator("#joined-count")).to_have_text("1")
    assert moderator.call("set_present", {"participant_id": listed[0], "present": False})["ok"]
    assert moderator.call("start_round")["ok"]
    assert moderator.call("end_round")["ok"]
    assert moderator.call("finish_cafe")["ok"]
    expect(screen.locator("#closed-counts")).to_have_text("4 Teilnehmende · 0 Ideen")
    shot(screen, "counts-thanks")


LONG_IDEA = ("Willkommenslotsen in jedem Ortsteil, die Neuzugewanderte in den ersten Wochen "
             "begleiten: zu Behörden, Ärztinnen und Ärzten, Kitas und Schulen, in Vereine und "
             "Nachbarschaftstreffs, mit Sprechstunden im Rathaus und einem gemeinsamen "
             "Stammtisch einmal im Monat, damit aus der ersten Begleitung Freundschaften werden. "
             "Die Stadt stellt einen Raum, die Vereine bringen Zeit und Erfahrung mit.")


def test_every_idea_can_be_read_in_full(live_server, open_page, shot):
    server = live_server()
    links = create_cafe(server, title="Lange Ideen", tables=1, seats_per_table=4, rounds=1)
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    phones = seated_phones(server, links["code"], ["Anna", "Ben", "Cem", "Dora"])
    assert moderator.call("start_round")["ok"]
    texts = [LONG_IDEA] + [f"Idee {n}: Begegnungsmöglichkeiten für Verwaltungsmitarbeitende "
                           f"und Ehrenamtliche im Quartier schaffen" for n in range(11)]
    for n, text in enumerate(texts):  # each person may post 20 a minute
        phone = phones[n % len(phones)]
        phone.wait_for(lambda p: (p.latest("state") or {}).get("seat"))
        answer = phone.call("post_idea", {"client_id": f"long-idea-{n:03d}", "text": text})
        assert answer["ok"], answer
    screen = open_page(links["screen_url"] + "?wall_seconds=2", viewport=WIDE)
    expect(screen.locator(".card")).to_have_count(len(texts))
    wall = screen.locator(".wall-panel", has=screen.locator(".card"))
    expect(wall.locator(".idea-cards")).to_have_attribute("lang", "de")
    # The long idea is shown whole: nothing of it is cut off, and no word is broken.
    long_card = screen.locator(".card-text", has_text="Willkommenslotsen")
    expect(long_card).to_be_visible(timeout=30000)  # on some page
    assert long_card.evaluate("n => n.scrollHeight <= n.clientHeight + 1"
                              " && n.scrollWidth <= n.clientWidth + 1")
    assert long_card.evaluate("n => !n.classList.contains('squeezed')")
    # German words break where German breaks them (soft hyphens from TeX's patterns), never
    # in the middle of a syllable.
    assert "Will\u00adkom\u00admens\u00adlot\u00adsen" in long_card.text_content()
    assert "Nach\u00adbar\u00adschafts\u00adtreffs" in long_card.text_content()
    # Pillar titles, the longest of the defaults too, are read whole (smaller type, no "…").
    cut_titles = screen.evaluate("""() => [...document.querySelectorAll("#walls .panel-title")]
        .filter((n) => n.scrollHeight > n.clientHeight + 1 || n.scrollWidth > n.clientWidth + 1)
        .map((n) => n.textContent)""")
    assert cut_titles == []
    assert long_card.evaluate("n => parseFloat(getComputedStyle(n).fontSize) < "
                              "parseFloat(getComputedStyle(n.parentNode).fontSize)")
    shot(screen, "walls-long")
    # Too many for one wall: pages turn, and every idea shows on one of them.
    expect(wall.locator(".panel-page")).to_contain_text("Seite 1 von ")
    pages = int(wall.locator(".panel-page").inner_text().rsplit(" ", 1)[1])
    seen = set()
    shot(screen, "walls-pages")
    for page in range(1, pages + 1):
        expect(wall.locator(".panel-page")).to_have_text(f"Seite {page} von {pages}", timeout=5000)
        shown, cut = screen.evaluate("""() => {
            const list = [...document.querySelectorAll(".idea-cards")]
                .find((l) => l.children.length);
            const cards = [...list.children].filter((c) => !c.hidden);
            return [cards.map((c) => c.dataset.idea),
                    cards.filter((c) => c.offsetTop + c.offsetHeight > list.clientHeight + 1)
                         .length];
        }""")
        assert cut == 0, f"page {page}: a card is cut off at the bottom"
        seen |= set(shown)
    assert len(seen) == len(texts)


def test_results_show_long_ideas_whole(live_server, open_page, shot):
    server = live_server()
    links = create_cafe(server, title="Lange Ergebnisse", tables=1, seats_per_table=4, rounds=1,
                        hold_results=False)
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    phone = seated_phones(server, links["code"], ["Anna"])[0]
    assert moderator.call("start_round")["ok"]
    phone.wait_for(lambda p: (p.latest("state") or {}).get("seat"))
    assert phone.call("post_idea", {"client_id": "long-result-1", "text": LONG_IDEA})["ok"]
    assert moderator.call("end_round")["ok"]
    assert moderator.call("open_voting", {})["ok"]
    idea = ideas_of(moderator)[LONG_IDEA]
    assert phone.call("vote", {"idea_id": idea["id"], "dots": 2})["ok"]
    screen = open_page(links["screen_url"], viewport=WIDE)
    text = screen.locator(".rank-text")
    expect(text).to_have_text(LONG_IDEA)
    expect(screen.locator(".rank-list")).to_have_attribute("lang", "de")
    assert text.evaluate("n => n.scrollHeight <= n.clientHeight + 1"
                         " && n.scrollWidth <= n.clientWidth + 1")
    shot(screen, "results-long")
