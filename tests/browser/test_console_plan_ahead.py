"""The console while the seating is planned ahead: the state of the search, the plan's figures,
and a plan printed on route cards kept until the moderator chooses to replace it."""

import pytest
from playwright.sync_api import expect

from tests.support.clients import Peer, create_cafe, join, token_of

pytestmark = [pytest.mark.browser, pytest.mark.server]


def plan_rows(moderator: Peer) -> dict:
    return {row["id"]: row["tables"] for row in moderator.call("get_plan")["plan"]["rows"]}


def test_console_shows_the_plan_being_improved_and_keeps_a_printed_plan(
        live_server, open_page, tmp_path):
    server = live_server(PLAN_AHEAD_TIME_LIMIT="4", REPLAN_DELAY="0.2",
                         ROTATION_TIME_LIMIT="1")
    links = create_cafe(server, title="Vorab", tables=4, seats_per_table=5, rounds=3)
    code = links["code"]
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    console = open_page(f"{links['moderator_url']}?lang=en",
                        viewport={"width": 1400, "height": 1000})
    expect(console.locator("#connection")).to_have_attribute("data-state", "online")
    status = console.locator("#plan-status")
    expect(status).to_be_hidden()

    for n in range(12):
        join(server, code, f"Person {n}", organisation=f"Gemeinde {n % 4}")
    expect(status).to_contain_text("Improving the plan in the background")
    expect(status).to_be_hidden(timeout=30_000)  # the longer search has ended
    figures = console.locator("#plan-figures")
    expect(figures).to_contain_text("Most rounds one pair shares: ")
    expect(figures).to_contain_text("extra meetings: ")
    expect(console.locator("#plan-table tbody tr")).to_have_count(12)
    console.locator("#plan-title").scroll_into_view_if_needed()
    console.screenshot(path=tmp_path / "plan-figures.png")

    printed = plan_rows(moderator)
    cards = open_page(f"{links['moderator_url']}/print/cards")
    expect(cards.locator(".route-card").first).to_be_visible()
    expect(status).to_contain_text("on the printed route cards and stays as printed")
    console.screenshot(path=tmp_path / "plan-printed.png")

    # A latecomer does not change the printed plan: they get free seats around it.
    late = join(server, code, "Spät")
    expect(console.locator("#plan-table tbody tr")).to_have_count(13)
    assert {pid: t for pid, t in plan_rows(moderator).items() if pid in printed} == printed
    assert not moderator.call("get_state")["state"]["planning"]["searching"]

    # "Plan seating now" asks first; saying no keeps the printed plan.
    # (the page fixture dismisses a dialog and notes it as a problem)
    console.click("#btn-replan")
    for _ in range(50):
        if console.problems:
            break
        console.wait_for_timeout(100)
    expect(status).to_contain_text("stays as printed")
    asked = console.problems.pop()
    assert asked.startswith("dialog: ") and "printed route cards" in asked
    assert {pid: t for pid, t in plan_rows(moderator).items() if pid in printed} == printed

    console.confirm_dialogs = True  # now the moderator says yes
    console.click("#btn-replan")
    expect(status).to_be_hidden()
    moderator.wait_for(lambda p: (p.latest("state") or {}).get("planning", {}).get(
        "printed") is False)
    assert late
    moderator.close()
