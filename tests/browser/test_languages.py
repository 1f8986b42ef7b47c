"""German and English pages show no text of the other language and no untranslated key."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import expect

from tests.support.clients import Peer, create_cafe, join, token_of

pytestmark = [pytest.mark.browser, pytest.mark.server]

CATALOG = Path(__file__).resolve().parents[2] / "app/translations/de/LC_MESSAGES/messages.po"
SCRIPT_KEY = re.compile(r"\b[a-z]+_[a-z_]+\b")  # what t() shows for a key it does not know


def phrases(language: str) -> list[re.Pattern]:
    """Texts that belong to one language only, as patterns (placeholders match anything)."""
    with open(CATALOG, "rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in catalog:
        if not message.id or message.id == message.string:
            continue
        texts = message.id if language == "en" else message.string
        # A counted text (msgid_plural) comes as a tuple: one text per form.
        for text in texts if isinstance(texts, tuple) else (texts,):
            if len(text.split()) < 3:
                continue  # short words like "Pause" or "Code" are the same in both
            pattern = re.escape(text)
            pattern = re.sub(r"%\\\(\w+\\\)[sd]", ".+?", pattern)
            found.append(re.compile(pattern))
    return found


VISIBLE_PROSE = """() => {
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll('code, script').forEach((node) => node.remove());  // names, not prose
  document.body.append(copy);
  copy.hidden = false;
  const text = copy.innerText;
  copy.remove();
  return text;
}"""


def foreign_text(page, language: str) -> list[str]:
    visible = page.evaluate(VISIBLE_PROSE)
    other = "en" if language == "de" else "de"
    problems = [p.pattern for p in phrases(other) if p.search(visible)]
    problems += SCRIPT_KEY.findall(visible)
    return problems


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_screen_speaks_one_language(live_server, open_page, language):
    server = live_server()
    links = create_cafe(server, tables=2, seats_per_table=4, rounds=1, language=language)
    code = links["code"]
    locale = "de-DE" if language == "de" else "en-GB"
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    other = Peer(server, "/participant", {"token": join(server, code, "Ben"), "code": code})
    pages = {
        "create": open_page(f"{server.url}/?lang={language}", locale=locale),
        "join": open_page(f"{server.url}/join?lang={language}", locale=locale),
        "phone": open_page(f"{server.url}/j/{code}?lang={language}", locale=locale),
        "console": open_page(f"{links['moderator_url']}?lang={language}",
                             viewport={"width": 1440, "height": 900}, locale=locale),
        "screen": open_page(f"{links['screen_url']}?lang={language}",
                            viewport={"width": 1920, "height": 1080}, locale=locale),
    }
    seen = {}

    def check(state):
        for name, page in pages.items():
            page.wait_for_timeout(300)
            problems = foreign_text(page, language)
            assert problems == [], (state, name, problems)
            seen[(state, name)] = True

    check("join form")
    phone = pages["phone"]
    phone.fill("#name", "Anna")
    phone.click("#join-form button[type=submit]")
    expect(phone.locator("#connection")).to_have_attribute("data-state", "online")
    check("lobby")
    assert moderator.call("start_round")["ok"]
    other.wait_for(lambda p: (p.latest("state") or {}).get("seat"))
    assert other.call("post_idea", {"client_id": "lang-idea-1", "text": "Idee"})["ok"]
    phone.fill("#idea-text", "Meine Idee")
    phone.click("#send-idea")
    expect(phone.locator("#my-ideas .badge.stored")).to_have_count(1)
    assert moderator.call("pause_round")["ok"]
    check("round paused")
    assert moderator.call("end_round")["ok"]
    check("between")
    assert moderator.call("open_voting", {})["ok"]
    check("harvest")
    assert moderator.call("close_voting")["ok"]
    assert moderator.call("finish_cafe")["ok"]
    check("closed")
    assert len(seen) == 5 * 6
