"""The projection screen through a whole café, on a 16:9 and a 4:3 beamer at once.

Phones and the console are python-socketio clients; two chromium pages are the screens. Run with
WRITE_SCREENSHOTS=1 to refresh docs/screenshots/screen-phase-*.png (otherwise a temporary folder).
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.clients import Peer, create_cafe, join, token_of

pytestmark = [pytest.mark.browser, pytest.mark.server]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDE = {"width": 1920, "height": 1080}
OLD = {"width": 1024, "height": 768}
FIRST = ["Anna", "Ben", "Clara", "Deniz", "Elif", "Felix", "Greta", "Hamid", "Ida", "Jonas",
         "Katarina", "Lukas", "Mara", "Nils", "Olga", "Paul", "Rosa", "Samir", "Tanja", "Viktor"]
LAST = ["Achterberg", "Böhm", "Çelik", "Dietrich", "Engel", "Fischer-Özdemir", "Graf"]
IDEAS = [
    "Sprachcafé im Rathaus, jeden Donnerstag um 18 Uhr",
    "Patenschaften zwischen Vereinen und Neuzugewanderten",
    "Mehrsprachige Infotafeln am Bahnhof und im Bürgerbüro",
    "Begegnungsfest im Sommer mit Essen aus aller Welt",
    "Sprechstunde der Verwaltung direkt im Quartier",
    "Übersetzungs-Pool von Freiwilligen für Behördengänge",
    "Gemeinsames Kochen im Jugendhaus",
    "Ehrenamtsbörse online und auf Papier",
    "Ein Sprachcafé auch für Eltern, mit Kinderbetreuung",
]

# Visible elements that stick out of the viewport (sideways always; downwards too: the screen
# never scrolls, so whatever is below the bottom edge is cut off).
OUTSIDE = """() => {
  const w = document.documentElement.clientWidth, h = document.documentElement.clientHeight;
  const out = [];
  if (document.documentElement.scrollWidth > w) out.push("document is wider than the window");
  for (const node of document.querySelectorAll("body *")) {
    const box = node.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(node).visibility === "hidden") continue;
    if (box.left < -1 || box.right > w + 1 || box.bottom > h + 1) {
      out.push(`${node.tagName}.${node.className} ${Math.round(box.left)}-${Math.round(box.right)}`
               + ` bottom ${Math.round(box.bottom)}`);
    }
  }
  return out;
}"""


@pytest.fixture
def shots(tmp_path):
    folder = DOCS if os.environ.get("WRITE_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        page.wait_for_timeout(300)  # let arrivals settle
        page.screenshot(path=str(folder / f"screen-phase-{name}.png"))

    return take


def fits(*pages):
    for page in pages:
        assert page.evaluate(OUTSIDE) == [], page.viewport_size
        assert page.problems == [], page.problems


def seconds(text: str) -> int:
    minutes, secs = text.split(":")
    return int(minutes) * 60 + int(secs)


def test_screen_follows_the_cafe_through_every_phase(live_server, open_page, shots):
    server = live_server()
    links = create_cafe(server, title="Netzwerktreffen Integration Ortenau", tables=12,
                        seats_per_table=6, rounds=2, round_minutes=20, transition_minutes=3)
    code = links["code"]
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    names = [f"{FIRST[n % len(FIRST)]} {LAST[n % len(LAST)]}" for n in range(70)]
    tokens = [join(server, code, name, organisation=f"Gemeinde {n % 5}")
              for n, name in enumerate(names)]
    phones = [Peer(server, "/participant", {"token": token, "code": code})
              for token in tokens[:9]]
    # Pages of the where-list turn every 2 s here (8 s by default).
    wide = open_page(f"{links['screen_url']}?page_seconds=2", viewport=WIDE)
    old = open_page(f"{links['screen_url']}?page_seconds=2", viewport=OLD)
    screens = (wide, old)

    # Lobby: the join view with the QR code, the code and how many are here with a phone.
    for page in screens:
        expect(page.locator("body")).to_have_attribute("data-view", "join")
        expect(page.locator("#joined-count")).to_have_text("9")
        expect(page.locator("#screen-code")).to_have_text(code)
        expect(page.locator(".qr-box svg")).to_be_visible()
        expect(page.locator("#join-pillars li")).to_have_count(4)
    late = join(server, code, "Zoe Spät")
    late_phone = Peer(server, "/participant", {"token": late, "code": code})
    expect(wide.locator("#joined-count")).to_have_text("10")
    shots(wide, "1-lobby")
    fits(*screens)

    # Round 1: the walls fill live, the timer counts down, pinned ideas come first.
    assert moderator.call("start_round")["ok"]
    for page in screens:
        expect(page.locator("body")).to_have_attribute("data-view", "walls")
        expect(page.locator("#round-label")).to_have_text("Runde 1 von 2")
        expect(page.locator("#timer")).to_have_text(re.compile(r"^(20:00|19:\d\d)$"))
    for phone in phones:
        phone.wait_for(lambda p: (p.latest("state") or {}).get("seat"))
    for n, phone in enumerate(phones):
        assert phone.call("post_idea", {"client_id": f"screen-{n:04d}", "text": IDEAS[n]})["ok"]
    for page in screens:
        expect(page.locator(".card")).to_have_count(len(IDEAS))
    newest = wide.locator(".card", has_text=IDEAS[-1])
    expect(newest).to_have_class(re.compile(r"\bfresh\b"))  # the arrival glides in
    ideas = moderator.call("get_state")["state"]["ideas"]
    first = next(i for i in ideas if i["text"] == IDEAS[0])
    assert moderator.call("pin_idea", {"idea_id": first["id"], "pinned": True})["ok"]
    panel = wide.locator(f".wall-panel[data-pillar='{first['pillar_id']}']")
    expect(panel.locator(".card").first).to_have_text(IDEAS[0])
    expect(panel.locator(".card").first).to_have_class(re.compile(r"\bpinned\b"))
    before = seconds(wide.locator("#timer").inner_text())
    wide.wait_for_timeout(1300)
    assert seconds(wide.locator("#timer").inner_text()) < before
    shots(wide, "2-round")
    fits(*screens)

    # Moderation reaches the wall: a hidden idea leaves it; a pause shows on the clock.
    hidden = next(i for i in ideas if i["text"] == IDEAS[6])
    assert moderator.call("hide_idea", {"idea_id": hidden["id"], "hidden": True})["ok"]
    expect(wide.locator(".card", has_text=IDEAS[6])).to_have_count(0)
    assert moderator.call("pause_round")["ok"]
    expect(wide.locator("#timer")).to_have_attribute("data-paused", "true")
    expect(wide.locator("#round-label")).to_have_text("Runde 1 von 2 · pausiert")
    assert moderator.call("resume_round")["ok"]

    # The moderator's announcement covers the screen, and goes when taken down.
    text = "Bitte in fünf Minuten zum Plenum in den großen Saal kommen – Kaffee steht bereit!"
    assert moderator.call("announce", {"text": text})["ok"]
    for page in screens:
        expect(page.locator("#announcement")).to_be_visible()
        expect(page.locator("#announcement-text")).to_have_text(text)
    shots(wide, "3-announcement")
    fits(*screens)
    assert moderator.call("announce", {"text": ""})["ok"]
    expect(wide.locator("#announcement")).to_be_hidden()

    # A pinned view wins over the phase until the moderator lets go.
    assert moderator.call("set_screen_view", {"view": "join"})["ok"]
    expect(wide.locator("body")).to_have_attribute("data-view", "join")
    assert moderator.call("set_screen_view", {"view": None})["ok"]
    expect(wide.locator("body")).to_have_attribute("data-view", "walls")

    # Between rounds: every name with the next table, a page at a time, and the table map.
    assert moderator.call("end_round")["ok"]
    for page in screens:
        expect(page.locator("body")).to_have_attribute("data-view", "where")
        expect(page.locator("#where-title")).to_have_text("Wohin geht es als Nächstes?")
        expect(page.locator("#round-label")).to_have_text("Gleich: Runde 2 von 2")
        expect(page.locator("#timer")).to_have_text(re.compile(r"^[0-3]:\d\d$"))
        expect(page.locator("#table-map li")).to_have_count(4)
    for page in screens:
        expect(page.locator("#where-pager")).to_be_visible()
        expect(page.locator("#where-page")).to_contain_text(re.compile(r"^Seite 1 von [2-9] · "))
    shots(wide, "4-between")
    fits(*screens)
    # Every name shows on some page; the pages turn by themselves and start again.
    pages = int(re.search(r"von (\d+)", wide.locator("#where-page").inner_text()).group(1))
    seen = []
    for number in range(1, pages + 1):
        label = re.compile(rf"^Seite {number} von {pages} · ")
        expect(wide.locator("#where-page")).to_contain_text(label, timeout=5000)
        shown = wide.evaluate("""() => [document.getElementById("where-page").textContent,
            [...document.querySelectorAll(".where-name")].map((node) => node.textContent)]""")
        assert label.match(shown[0])  # read in one go, so that no page turned in between
        seen += shown[1]
    assert sorted(seen) == sorted([*names, "Zoe Spät"])
    expect(wide.locator("#where-page")).to_contain_text("Seite 1 von", timeout=5000)
    assert late_phone

    # Harvest: the totals wait for the end of voting, then the best ideas top their pillar.
    assert moderator.call("start_round")["ok"]
    assert moderator.call("end_round")["ok"]
    assert moderator.call("open_voting", {"dots_per_person": 5, "max_dots_per_idea": 3})["ok"]
    for page in screens:
        expect(page.locator("body")).to_have_attribute("data-view", "results")
        expect(page.locator("#results-title")).to_contain_text("Abstimmung läuft")
        expect(page.locator(".results-held")).to_be_visible()
    best = next(i for i in ideas if i["text"] == IDEAS[1])
    for phone in phones[:4]:
        assert phone.call("vote", {"idea_id": best["id"], "dots": 3})["ok"]
    assert phones[5].call("vote", {"idea_id": first["id"], "dots": 2})["ok"]
    for phone, n, dots in ((phones[6], 3, 3), (phones[7], 4, 2), (phones[8], 5, 1),
                           (phones[4], 7, 2), (phones[4], 8, 3)):
        idea = next(i for i in ideas if i["text"] == IDEAS[n])
        assert phone.call("vote", {"idea_id": idea["id"], "dots": dots})["ok"]
    expect(wide.locator(".rank-votes")).to_have_count(0)
    assert moderator.call("close_voting")["ok"]
    expect(wide.locator("#results-title")).to_have_text("Die Ideen mit den meisten Punkten")
    best_panel = wide.locator(f".wall-panel[data-pillar='{best['pillar_id']}']")
    expect(best_panel.locator(".rank-item").first).to_contain_text(IDEAS[1])
    expect(best_panel.locator(".rank-votes").first).to_have_text("12")
    expect(old.locator(".rank-votes", has_text="12")).to_have_count(1)
    shots(wide, "5-harvest")
    fits(*screens)

    # Closed: thanks, and what the café brought together.
    assert moderator.call("finish_cafe")["ok"]
    for page in screens:
        expect(page.locator("body")).to_have_attribute("data-view", "thanks")
        expect(page.locator("#closed-counts")).to_have_text("71 Teilnehmende · 8 Ideen")
        expect(page.locator("#timer")).to_be_empty()
    shots(wide, "6-closed")
    fits(*screens)


def test_word_cloud_grows_live(live_server, open_page, shots):
    server = live_server()
    links = create_cafe(server, title="Wortwolke", tables=2, seats_per_table=4, rounds=1)
    code = links["code"]
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    phones = [Peer(server, "/participant", {"token": join(server, code, f"Person {n}"),
                                            "code": code}) for n in range(4)]
    assert moderator.call("start_round")["ok"]
    assert moderator.call("set_screen_view", {"view": "cloud"})["ok"]
    screens = (open_page(links["screen_url"], viewport=WIDE),
               open_page(links["screen_url"], viewport=OLD))
    for page in screens:
        expect(page.locator("body")).to_have_attribute("data-view", "cloud")
    for n, phone in enumerate(phones * 2):
        phone.wait_for(lambda p: (p.latest("state") or {}).get("seat"))
        assert phone.call("post_idea", {"client_id": f"cloud-{n:04d}",
                                        "text": IDEAS[n % len(IDEAS)]})["ok"]
    for page in screens:
        word = page.locator(".cloud-words li", has_text=re.compile(r"^Sprachcafé$"))
        expect(word).to_have_count(1, timeout=5000)
        expect(page.locator(".cloud-words li", has_text=re.compile(r"^(und|für|im)$"))
               ).to_have_count(0)
    shots(screens[0], "7-cloud")
    fits(*screens)
