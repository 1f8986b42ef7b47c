"""WCAG 2.1 AA checks with axe-core (from npm) on the phone page, and small-screen layout."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.browser import CHROMIUM, PHONE
from tests.support.clients import Peer, create_cafe, join, token_of

pytestmark = [pytest.mark.browser, pytest.mark.server]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


@pytest.fixture
def audited_page(browser):
    """A page whose context may inject axe: only the audit bypasses the page's CSP."""
    assert CHROMIUM.exists()
    contexts = []

    def open_new(url, viewport=PHONE):
        context = browser.new_context(viewport=viewport, locale="de-DE", bypass_csp=True)
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        return page

    yield open_new
    for context in contexts:
        context.close()


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa']})")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x)" for v in result["violations"]
            if v["impact"] in SERIOUS]


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


def test_phone_states_meet_wcag_aa_and_fit_320_px(live_server, audited_page):
    server = live_server()
    links = create_cafe(server, tables=2, seats_per_table=4, rounds=1)
    code = links["code"]
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    other = Peer(server, "/participant", {"token": join(server, code, "Ben"), "code": code})
    phone = audited_page(f"{server.url}/j/{code}", viewport={"width": 320, "height": 640})
    assert violations(phone) == []
    phone.fill("#name", "Anna Lange-Nachname-Mit-Vielen-Teilen")
    phone.click("#join-form button[type=submit]")
    expect(phone.locator("#connection")).to_have_attribute("data-state", "online")
    assert moderator.call("start_round")["ok"]
    other.wait_for(lambda p: (p.latest("state") or {}).get("seat"))
    expect(phone.locator("#seat-table")).to_have_text(re.compile(r"Tisch \d"))
    phone.fill("#idea-text", "Eine Idee " * 20)
    phone.click("#send-idea")
    expect(phone.locator("#my-ideas .badge.stored")).to_have_count(1)
    assert violations(phone) == []
    assert no_sideways_scroll(phone)
    phone.set_viewport_size({"width": 844, "height": 390})  # landscape
    assert no_sideways_scroll(phone)
    assert other.call("post_idea", {"client_id": "axe-idea-01", "text": "Idee"})["ok"]
    assert moderator.call("end_round")["ok"]
    assert moderator.call("open_voting", {})["ok"]
    expect(phone.locator("#harvest")).to_be_visible()
    phone.set_viewport_size({"width": 320, "height": 640})
    assert violations(phone) == []
    assert no_sideways_scroll(phone)


@pytest.mark.parametrize("path", ["/", "/join"])
def test_entry_pages_meet_wcag_aa(live_server, audited_page, path):
    server = live_server()
    page = audited_page(server.url + path, viewport={"width": 320, "height": 640})
    assert violations(page) == []
    assert no_sideways_scroll(page)


def test_the_console_fits_320_px_with_a_long_title(live_server, audited_page):
    """A facilitator checking the café on a phone: nothing wider than the screen (the CSV
    file field and the people filter were), and the title takes a line of its own instead of
    being broken inside its words beside the connection badge."""
    server = live_server()
    links = create_cafe(server, title="Netzwerktreffen Integration und Ehrenamt 2026",
                        tables=2, seats_per_table=4, rounds=1)
    console = audited_page(links["moderator_url"], viewport={"width": 320, "height": 640})
    expect(console.locator("#connection")).to_have_attribute("data-state", "online")
    assert no_sideways_scroll(console)
    assert console.locator("#bar-title").bounding_box()["width"] > 250


# Each word of the node on one line: a word broken across lines has two boxes.
WORDS_WHOLE = """(node) => {
  const text = node.firstChild;
  const broken = [];
  for (const match of text.data.matchAll(/\\S+/g)) {
    const range = document.createRange();
    range.setStart(text, match.index);
    range.setEnd(text, match.index + match[0].length);
    if (range.getClientRects().length > 1) broken.push(match[0]);
  }
  return broken;
}"""


def test_a_long_pillar_keeps_its_words_whole_on_a_320_px_phone(live_server, open_page):
    """Chromium here hyphenates no German: the pillar's type gets smaller instead of the
    card showing "zivilgesellschaftliche" and "m" on two lines."""
    server = live_server()
    pillar = "Augenhöhe von Verwaltung und zivilgesellschaftlichem Engagement"
    links = create_cafe(server, tables=1, seats_per_table=4, rounds=1,
                        pillars=[{"title": pillar, "question": "Was muss sich ändern?"}])
    phone = open_page(f"{server.url}/j/{links['code']}", viewport={"width": 320, "height": 640})
    phone.fill("#name", "Anna")
    phone.click("#join-form button[type=submit]")
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    assert moderator.call("start_round")["ok"]
    title = phone.locator("#seat-pillar")
    expect(title).to_have_text(pillar)
    assert title.evaluate(WORDS_WHOLE) == []
    size = float(title.evaluate("(node) => parseFloat(getComputedStyle(node).fontSize)"))
    assert 16 <= size < 1.3 * 16  # smaller than its 1.3rem, never below 1rem
    assert no_sideways_scroll(phone)
    phone.set_viewport_size({"width": 844, "height": 390})  # landscape: room for full size
    expect(title).to_have_css("font-size", f"{1.3 * 16:g}px")
    assert phone.problems == []
