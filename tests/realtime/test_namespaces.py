"""Each audience's namespace, through Flask-SocketIO's in-process test client."""

import time

import pytest

from app.extensions import db, socketio
from app.models import Participant
from app.realtime.admission import Admission
from app.realtime.publisher import SocketPublisher, participant_room
from app.services import ideas, people, rounds
from tests.support.phones import phone_token
from tests.support.themes import add_suggestion, add_theme

MODERATOR_EVENTS = ["start_round", "pause_round", "resume_round", "extend_round", "end_round",
                    "finish_cafe", "set_host", "merge_people"]


@pytest.fixture
def live_app(app):
    # These tests listen on sockets, so announcements must really be emitted.
    app.extensions["publisher"] = SocketPublisher(socketio)
    return app


@pytest.fixture
def connect(live_app):
    clients = []

    def open_client(namespace, **auth):
        client = socketio.test_client(live_app, namespace=namespace, auth=auth)
        clients.append(client)
        return client

    yield open_client
    for client in clients:
        if client.is_connected(namespace=None):
            client.disconnect(namespace="/moderator")


def ack(client, namespace, event, payload=None):
    return client.emit(event, payload if payload is not None else {}, namespace=namespace,
                       callback=True)


def test_each_role_gets_its_full_state_on_connect(connect, make_cafe, make_participant):
    cafe = make_cafe()
    person = make_participant(cafe, "Anna")
    moderator = connect("/moderator", token=cafe.moderator_token)
    screen = connect("/screen", token=cafe.screen_token)
    phone = connect("/participant", token=phone_token(person), code=cafe.code)
    [m_state] = [e["args"][0] for e in moderator.get_received("/moderator") if e["name"] == "state"]
    assert m_state["links"]["moderator_url"].endswith(cafe.moderator_token)
    assert [p["name"] for p in m_state["participants"]] == ["Anna"]
    [s_state] = [e["args"][0] for e in screen.get_received("/screen") if e["name"] == "state"]
    assert s_state["participant_count"] == 1
    assert "moderator_url" not in s_state["links"]
    assert cafe.moderator_token not in str(s_state)
    [p_state] = [e["args"][0] for e in phone.get_received("/participant") if e["name"] == "state"]
    assert p_state["me"]["name"] == "Anna"
    assert cafe.moderator_token not in str(p_state)


@pytest.mark.parametrize("kind", ["none", "wrong", "screen", "participant", "other_cafe"])
def test_moderator_namespace_refuses_every_other_token(connect, make_cafe, make_participant,
                                                        kind):
    cafe, other = make_cafe(), make_cafe()
    tokens = {
        "none": None,
        "wrong": "A" * 32,
        "screen": cafe.screen_token,
        "participant": phone_token(make_participant(cafe)),
        "other_cafe": other.screen_token,
    }
    client = connect("/moderator", token=tokens[kind])
    assert not client.is_connected(namespace="/moderator")


def test_participant_token_of_another_cafe_is_refused(connect, make_cafe, make_participant):
    here, there = make_cafe(), make_cafe()
    visitor = make_participant(there)
    client = connect("/participant", token=phone_token(visitor), code=here.code)
    assert not client.is_connected(namespace="/participant")


@pytest.mark.parametrize("event", MODERATOR_EVENTS)
def test_phones_and_screen_cannot_run_the_cafe(connect, make_cafe, make_participant, event):
    cafe = make_cafe()
    phone = connect("/participant", token=phone_token(make_participant(cafe)))
    screen = connect("/screen", token=cafe.screen_token)
    for client, namespace in ((phone, "/participant"), (screen, "/screen")):
        answer = ack(client, namespace, event, {"minutes": 5})
        assert answer["ok"] is False
        assert answer["error"]["code"] == "forbidden"
        assert answer["error"]["message"]
    assert cafe.phase == "lobby"


def test_screen_cannot_post_ideas(connect, make_cafe):
    cafe = make_cafe()
    screen = connect("/screen", token=cafe.screen_token)
    assert ack(screen, "/screen", "post_idea", {"client_id": "screen-01", "text": "x"})[
        "error"]["code"] == "forbidden"


THEME_EVENTS = ["rename_theme", "lock_theme", "move_to_theme", "split_theme", "join_themes",
                "accept_suggestion", "reject_suggestion", "reject_suggested_idea"]


def test_only_the_console_decides_on_themes(connect, make_cafe, make_participant):
    cafe = make_cafe()
    person = make_participant(cafe)
    rounds.start_round(cafe)
    idea, _ = ideas.post_idea(person, {"client_id": "theme-ns-1", "text": "Bänke"})
    twice, _ = ideas.post_idea(person, {"client_id": "theme-ns-2", "text": "Mehr Bänke"})
    theme = add_theme(db.session, [idea.id, twice.id], "Orte")
    suggestion = add_suggestion(db.session, idea.id, twice.id)
    phone = connect("/participant", token=phone_token(person), code=cafe.code)
    screen = connect("/screen", token=cafe.screen_token)
    payload = {"theme_id": theme.id, "name": "Fremd", "locked": True,
               "suggestion_id": suggestion.id, "idea_id": twice.id}
    for client, namespace in ((phone, "/participant"), (screen, "/screen")):
        for event in THEME_EVENTS:
            assert ack(client, namespace, event, payload)["error"]["code"] == "forbidden"
    db.session.refresh(theme)
    db.session.refresh(suggestion)
    assert (theme.name, theme.locked, suggestion.rejected) == ("Orte", False, False)
    moderator = connect("/moderator", token=cafe.moderator_token)
    answer = ack(moderator, "/moderator", "rename_theme", {"theme_id": theme.id,
                                                          "name": "Treffpunkte"})
    assert answer["ok"] and answer["theme"]["name"] == "Treffpunkte"
    [sent] = [e["args"][0] for e in screen.get_received("/screen") if e["name"] == "themes"]
    assert [(t["name"], t["size"]) for t in sent["themes"]] == [("Treffpunkte", 2)]


# The long text is far over its 500 characters but under the 64 KiB an event may have (a
# larger event is answered too_large before any handler: tests/e2e/test_message_size.py).
@pytest.mark.parametrize(
    "payload",
    [None, [], "text", 42, {"client_id": ["x"], "text": "y"}, {"client_id": "abcdefgh",
                                                            "text": "z" * 10_000}],
)
def test_malformed_idea_payloads_get_a_readable_error(connect, make_cafe, make_participant,
                                                      payload):
    cafe = make_cafe()
    phone = connect("/participant", token=phone_token(make_participant(cafe)))
    answer = phone.emit("post_idea", payload, namespace="/participant", callback=True)
    assert answer["ok"] is False
    assert answer["error"]["code"] == "invalid_input"
    assert len(answer["error"]["message"]) > 10


def test_moderator_controls_answer_with_the_new_timer(connect, make_cafe, make_participant):
    cafe = make_cafe(rounds=2)
    for _ in range(3):
        make_participant(cafe)
    moderator = connect("/moderator", token=cafe.moderator_token)
    started = ack(moderator, "/moderator", "start_round")
    assert started["ok"] and started["timer"]["phase"] == "round"
    assert ack(moderator, "/moderator", "extend_round", {"minutes": 5})["ok"]
    wrong = ack(moderator, "/moderator", "resume_round")
    assert wrong == {"ok": False, "error": {
        "code": "wrong_phase", "message": wrong["error"]["message"],
        "details": {"phase": "round"}}}
    assert "während eine Runde läuft" in wrong["error"]["message"]


def test_merge_people_answers_and_the_duplicates_phone_comes_back_as_the_kept_person(
        connect, make_cafe, make_participant):
    cafe = make_cafe()
    keep, duplicate = make_participant(cafe, "Anna Müller"), make_participant(cafe, "Anna M.")
    token = phone_token(duplicate)
    moderator = connect("/moderator", token=cafe.moderator_token)
    phone = connect("/participant", token=token, code=cafe.code)
    phone.get_received("/participant")
    answer = ack(moderator, "/moderator", "merge_people",
                 {"keep_id": keep.id, "duplicate_id": duplicate.id})
    assert answer["ok"] and (answer["dots_trimmed"], answer["host_dropped"]) == (0, False)
    assert answer["participant"]["id"] == keep.id
    # Read from the client's queue: the server may have closed the phone already.
    assert [e["args"][0] for e in phone.queue if e["name"] == "merged"] == [{}]
    # The same token connects again, now as the kept person.
    again = connect("/participant", token=token, code=cafe.code)
    states = [e["args"][0] for e in again.get_received("/participant") if e["name"] == "state"]
    assert states[-1]["me"]["id"] == keep.id
    refused = ack(moderator, "/moderator", "merge_people",
                  {"keep_id": keep.id, "duplicate_id": keep.id})
    assert refused["error"]["code"] == "same_person"


def test_english_connection_gets_english_errors(live_app, make_cafe):
    cafe = make_cafe()
    client = socketio.test_client(live_app, namespace="/moderator",
                                  query_string="?lang=en", auth={"token": cafe.moderator_token})
    answer = ack(client, "/moderator", "pause_round")
    assert answer["error"]["message"] == "This is not possible before the first round."
    client.disconnect(namespace="/moderator")


def wait_until(condition, timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "waited in vain"
        time.sleep(0.02)


def test_a_revoked_phone_is_told_and_closed_while_the_other_phone_stays(
        connect, make_cafe, make_participant):
    cafe = make_cafe()
    anna = make_participant(cafe, "Anna")
    spare = people.claim(cafe.code, {"personal_code": anna.personal_code}, "10.0.0.1")
    spare_id = spare.id
    first = connect("/participant", token=phone_token(anna), code=cafe.code)
    second = connect("/participant", token=spare.token, code=cafe.code)
    moderator = connect("/moderator", token=cafe.moderator_token)
    wait_until(lambda: db.session.get(Participant, anna.id).connections == 2
               or db.session.expire_all())
    assert ack(moderator, "/moderator", "revoke_phone", {"phone_id": spare_id})["ok"]
    wait_until(lambda: not second.is_connected(namespace="/participant"))
    # A closed test client refuses get_received; what it heard before is in its queue.
    assert "revoked" in [e["name"] for e in second.queue]
    assert "revoked" not in [e["name"] for e in first.get_received("/participant")]
    # The first phone still acts as Anna; the closed one counted itself out of presence.
    assert ack(first, "/participant", "get_state")["state"]["me"]["name"] == "Anna"
    wait_until(lambda: db.session.get(Participant, anna.id).connections == 1
               or db.session.expire_all())
    [listed] = [p for p in ack(moderator, "/moderator", "get_state")["state"]["participants"]]
    assert [phone["number"] for phone in listed["phones"]] == [1] and listed["online"]


def test_phones_beyond_the_connects_at_once_are_refused_and_console_and_screen_are_not(
        live_app, connect, make_cafe, make_participant):
    cafe = make_cafe()
    anna = make_participant(cafe, "Anna")
    live_app.extensions["phone_admission"] = Admission(limit=1, retry_ms=700)
    with live_app.extensions["phone_admission"].admitted():  # another phone is connecting
        refused = connect("/participant", token=phone_token(anna), code=cafe.code)
        moderator = connect("/moderator", token=cafe.moderator_token)
        screen = connect("/screen", token=cafe.screen_token)
    assert not refused.is_connected(namespace="/participant")
    assert refused.queue == []  # refused before its state was built
    assert moderator.is_connected(namespace="/moderator")
    assert screen.is_connected(namespace="/screen")
    # The place is free again: the phone's next try gets in with its state.
    phone = connect("/participant", token=phone_token(anna), code=cafe.code)
    [state] = [e["args"][0] for e in phone.get_received("/participant") if e["name"] == "state"]
    assert state["me"]["name"] == "Anna"
    assert live_app.extensions["phone_admission"].in_flight == 0


def test_a_phone_that_leaves_leaves_every_room_and_the_others_still_hear(
        live_app, connect, make_cafe, make_participant):
    cafe = make_cafe()
    anna, ben = make_participant(cafe, "Anna"), make_participant(cafe, "Ben")
    leaving = connect("/participant", token=phone_token(anna), code=cafe.code)
    staying = connect("/participant", token=phone_token(ben), code=cafe.code)
    manager = socketio.server.manager
    [sid] = [s for s, _ in manager.get_participants("/participant", participant_room(anna.id))]
    leaving.disconnect(namespace="/participant")
    assert all(sid not in members for members in manager.rooms["/participant"].values())
    assert ("/participant", sid) not in manager.rooms_of
    staying.get_received("/participant")
    with live_app.app_context():
        SocketPublisher(socketio).to_participants(cafe.id, "cafe", {"checked": True})
    assert [e["args"][0] for e in staying.get_received("/participant")
            if e["name"] == "cafe"] == [{"checked": True}]
