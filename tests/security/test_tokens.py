"""Only the moderator's token runs a café.

Every other token (none, a wrong one, a phone's, the screen's) is refused with the same clear
error, on the socket and on every console endpoint, and nothing stored for the café changes.
Another café's console token opens that other café only, and cannot reach into this one.
"""

import hmac
import json
import secrets
import time
from dataclasses import dataclass

import pytest
import requests
from socketio import packet

from app.extensions import socketio as server_socketio
from app.realtime import moderator, participant
from app.services import cafes
from tests.security.support import connect_error, english, events_of, phase_of, unchanged
from tests.support.clients import Peer, create_cafe, join, token_of

CONSOLE_EVENTS = events_of(moderator.namespace)  # every event only the console may send
PHONE_EVENTS = events_of(participant.namespace)  # (edit_idea is the phone's own too)
OTHER_AUDIENCES = [("phone", e) for e in CONSOLE_EVENTS if e not in PHONE_EVENTS] + [
    ("screen", e) for e in CONSOLE_EVENTS]
CONSOLE_PAGES = ["", "/export.csv", "/export.json", "/setup.json", "/print/cards",
                 "/print/signs"]
BAD_TOKENS = ["none", "wrong", "participant", "screen"]
NEEDS_MODERATOR = "This action needs the moderator's link of this café."
NOT_THIS_CONNECTION = "This connection may not do that."
IMPORT_CSV = "name;organisation\nMallory;Nowhere\n"


@dataclass
class CafeUnderTest:
    code: str
    title: str
    moderator_token: str
    screen_token: str
    phone_tokens: list[str]
    participant_ids: list[int]
    table_ids: list[int]
    idea_ids: list[int]

    def token(self, kind: str) -> str | None:
        return {"none": None, "wrong": secrets.token_urlsafe(24),
                "participant": self.phone_tokens[0], "screen": self.screen_token}[kind]

    def targets(self) -> dict:
        """One payload that every console event would act on, aimed at this café's people,
        tables and ideas (each event reads its own fields and ignores the rest)."""
        return {
            "minutes": 5, "participant_id": self.participant_ids[0],
            "table_id": self.table_ids[0], "present": False,
            "idea_id": self.idea_ids[0] if self.idea_ids else 1, "merge_ids": self.idea_ids[1:],
            "hidden": True, "pinned": True, "text": "Hijacked", "view": "thanks",
            "name": "Mallory", "client_id": "mallory-0001", "title": "Hijacked",
            "dots_per_person": 3,
        }


def open_cafe(server, title: str, people: int, ideas: int = 0) -> CafeUnderTest:
    """A café with `people` joined; with `ideas`, its first round runs and each posted one."""
    links = create_cafe(server, title=title, tables=2, seats_per_table=4, rounds=2)
    code, phone_tokens = links["code"], [join(server, links["code"], f"{title} person {n}")
                                         for n in range(people)]
    console = Peer(english(server), "/moderator", {"token": token_of(links["moderator_url"])})
    if ideas:
        assert console.call("start_round")["ok"]
        for n, token in enumerate(phone_tokens[:ideas]):
            phone = Peer(server, "/participant", {"token": token, "code": code})
            assert phone.call("post_idea", {"client_id": f"idea-{n:04d}", "text": "Idea"})["ok"]
            phone.close()
    state = console.call("get_state")["state"]
    console.close()
    return CafeUnderTest(
        code=code, title=title, moderator_token=token_of(links["moderator_url"]),
        screen_token=token_of(links["screen_url"]), phone_tokens=phone_tokens,
        participant_ids=[p["id"] for p in state["participants"]],
        table_ids=[t["id"] for t in state["cafe"]["tables"]],
        idea_ids=[i["id"] for i in state["ideas"]],
    )


@pytest.fixture(scope="module")
def server(module_server):
    return module_server()


@pytest.fixture(scope="module")
def cafe(server) -> CafeUnderTest:
    """A café in the lobby with three people: start_round would succeed for its console."""
    return open_cafe(server, "Token-Café", people=3)


@pytest.fixture(scope="module")
def phone(server, cafe):
    peer = Peer(english(server), "/participant", {"token": cafe.phone_tokens[0],
                                                  "code": cafe.code})
    yield peer
    peer.close()


@pytest.fixture(scope="module")
def screen(server, cafe):
    peer = Peer(english(server), "/screen", {"token": cafe.screen_token})
    yield peer
    peer.close()


# ---- the socket -------------------------------------------------------------------------

@pytest.mark.server
@pytest.mark.parametrize("kind", BAD_TOKENS)
def test_console_socket_refuses_every_other_token_the_same_way(server, cafe, kind):
    auth = None if kind == "none" else {"token": cafe.token(kind)}
    with unchanged(server, cafe.code):
        refusal = connect_error(english(server).url, "/moderator", auth)
    # Socket.IO clients read connect_error's `data`; the phone checks data.code.
    assert refusal == {"message": NEEDS_MODERATOR,
                       "data": {"code": "forbidden", "message": NEEDS_MODERATOR}}


@pytest.mark.server
@pytest.mark.parametrize(("audience", "event"), OTHER_AUDIENCES)
def test_phone_and_screen_connections_are_refused_every_console_event(
        server, cafe, phone, screen, audience, event):
    peer = {"phone": phone, "screen": screen}[audience]
    with unchanged(server, cafe.code):
        answer = peer.call(event, cafe.targets())
    assert answer == {"ok": False, "error": {"code": "forbidden",
                                             "message": NOT_THIS_CONNECTION}}
    assert phase_of(server, cafe.code) == "lobby"


@pytest.mark.server
def test_console_events_from_a_connection_without_the_console_namespace_are_dropped(
        server, cafe, phone):
    """A hand-made packet for /moderator on a phone's connection must reach no handler."""
    answers = []
    with unchanged(server, cafe.code):
        for event in CONSOLE_EVENTS:
            ack_id = phone.client._generate_ack_id("/moderator", answers.append)
            phone.client._send_packet(phone.client.packet_class(
                packet.EVENT, namespace="/moderator", data=[event, cafe.targets()], id=ack_id))
        assert phone.call("sync_time")["ok"]  # the server has read the packets before it
        time.sleep(1)  # give any wrongly started handler (in a green thread) time to commit
    assert answers == []


@pytest.mark.server
def test_another_cafes_console_cannot_reach_into_this_cafe(server):
    target = open_cafe(server, "Target café", people=3, ideas=2)
    other = open_cafe(server, "Other café", people=0)
    console = Peer(english(server), "/moderator", {"token": other.moderator_token})
    try:
        with unchanged(server, target.code):
            answers = {event: console.call(event, target.targets()) for event in CONSOLE_EVENTS}
    finally:
        console.close()
    for event in ("set_host", "set_present", "edit_person"):
        assert answers[event]["error"]["details"] == {"field": "participant_id"}, event
    for page in CONSOLE_PAGES:
        body = requests.get(f"{server.url}/m/{other.moderator_token}{page}", timeout=10).text
        assert target.code not in body and target.title not in body, page


# ---- the console's HTTP endpoints -----------------------------------------------------------

def console_page(server, token: str, page: str) -> requests.Response:
    return requests.get(f"{server.url}/m/{token}{page}?lang=en", timeout=10)


def import_people(server, token: str | None) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.post(f"{server.url}/api/moderator/participants?lang=en", data=IMPORT_CSV,
                         headers=headers, timeout=10)


@pytest.mark.server
@pytest.mark.parametrize("page", CONSOLE_PAGES)
@pytest.mark.parametrize("kind", ["wrong", "participant", "screen"])
def test_console_pages_refuse_every_other_token_the_same_way(server, cafe, page, kind):
    with unchanged(server, cafe.code):
        response = console_page(server, cafe.token(kind), page)
    assert response.status_code == 403
    assert response.headers["Content-Type"].startswith("text/html")
    assert NEEDS_MODERATOR in response.text.replace("&#39;", "'")
    assert cafe.code not in response.text and cafe.title not in response.text
    assert response.text == console_page(server, cafe.token("wrong"), page).text


@pytest.mark.server
@pytest.mark.parametrize("page", CONSOLE_PAGES)
def test_console_pages_without_a_token_serve_nothing(server, cafe, page):
    """`/m/` with no token at all is not a console address: refused or not found."""
    with unchanged(server, cafe.code):
        response = console_page(server, "", page)
    assert response.status_code in (403, 404)
    assert response.headers["Content-Type"].startswith("text/html")
    assert cafe.code not in response.text and cafe.title not in response.text


@pytest.mark.server
@pytest.mark.parametrize("kind", BAD_TOKENS)
def test_participant_import_refuses_every_other_token_the_same_way(server, cafe, kind):
    with unchanged(server, cafe.code):
        response = import_people(server, cafe.token(kind))
    assert response.status_code == 403
    assert response.json() == {"ok": False, "error": {"code": "forbidden",
                                                      "message": NEEDS_MODERATOR}}


@pytest.mark.server
def test_the_right_token_opens_every_console_endpoint(server, cafe):
    """The control: the refusals above are about the token, not about the endpoints."""
    for page in CONSOLE_PAGES:
        assert console_page(server, cafe.moderator_token, page).status_code == 200, page
    export = console_page(server, cafe.moderator_token, "/export.json")
    assert json.loads(export.text)["cafe"]["code"] == cafe.code
    elsewhere = open_cafe(server, "Import control", people=0)
    assert import_people(server, elsewhere.moderator_token).status_code == 201


# ---- the comparison itself ----------------------------------------------------------------

@pytest.fixture
def compared(monkeypatch):
    """Record every hmac.compare_digest call the café service makes; its answer is `verdict`."""
    calls, real = [], hmac.compare_digest

    def recording(stored, given):
        calls.append((stored, given))
        return real(stored, given) and recording.verdict

    recording.verdict = True
    monkeypatch.setattr(cafes.hmac, "compare_digest", recording)
    return recording, calls


def open_everything(app, client, cafe) -> list[bool]:
    """Open the console and the screen, as a page and as a socket; True where it opened."""
    opened = [client.get(f"/m/{cafe.moderator_token}").status_code == 200,
              client.get(f"/s/{cafe.screen_token}").status_code == 200]
    for namespace, token in (("/moderator", cafe.moderator_token),
                             ("/screen", cafe.screen_token)):
        socket = server_socketio.test_client(app, namespace=namespace, auth={"token": token})
        opened.append(socket.is_connected(namespace))
        if opened[-1]:
            socket.disconnect(namespace=namespace)
    return opened


def test_moderator_and_screen_tokens_are_compared_in_constant_time(app, client, make_cafe,
                                                                   compared):
    cafe = make_cafe()
    _, calls = compared
    assert open_everything(app, client, cafe) == [True] * 4
    # Every check (at connect and again for each event) went through compare_digest.
    assert set(calls) == {(cafe.moderator_token, cafe.moderator_token),
                          (cafe.screen_token, cafe.screen_token)}
    assert len(calls) >= 4


def test_the_constant_time_comparison_is_what_decides(app, client, make_cafe, compared):
    cafe = make_cafe()
    recording, calls = compared
    recording.verdict = False
    assert open_everything(app, client, cafe) == [False] * 4
    assert len(calls) == 4


# ---- what the phone makes of a refusal ------------------------------------------------------

@pytest.mark.server
@pytest.mark.browser
@pytest.mark.parametrize("whose", ["unknown", "other_cafe"])
def test_phone_with_a_token_this_cafe_does_not_know_is_asked_to_join_again(
        server, cafe, browser, whose):
    token = {"unknown": secrets.token_urlsafe(24),
             "other_cafe": open_cafe(server, "Elsewhere", people=1).phone_tokens[0]}[whose]
    context = browser.new_context(locale="en-GB")
    try:
        context.add_init_script(
            f"localStorage.setItem({json.dumps(f'wc:{cafe.code}:token')}, {json.dumps(token)})")
        page = context.new_page()
        page.goto(f"{server.url}/j/{cafe.code}?lang=en")
        page.locator("#join-form").wait_for(state="visible", timeout=10_000)
        assert "join" in page.locator("#join-error").inner_text().lower()
        assert page.evaluate(f"localStorage.getItem('wc:{cafe.code}:token')") is None
    finally:
        context.close()
