"""Arbitrary payloads for every Socket.IO event and every JSON endpoint.

Each call is answered with success or a clear error (a stable code and a sentence), never with
`internal`/500 and never with an exception escaping; afterwards the database is consistent.
Runs in-process (Flask-SocketIO's test client, threading mode). The café is set running once
per test: starting a round plans the seating in a child process, too slow for every example.
"""

import string
from collections import Counter
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.bounds import SCREEN_VIEWS as VIEWS
from app.extensions import db, socketio
from app.models import Cafe, CafeTable, Idea, Participant, Phase, Seat
from app.realtime import moderator, participant, screen
from app.realtime.publisher import SocketPublisher
from app.services import cafes, people, rounds
from tests.security.support import events_of
from tests.support.phones import phone_token

# Derandomized: the same examples on every run, so a failure here is a failure everywhere.
FUZZ = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FUZZ_LIGHT = settings(FUZZ, max_examples=150)  # where one answer fits (almost) all

SHARED_EVENTS = ["get_state", "sync_time"]
PHONE_EVENTS = [*events_of(participant.namespace), *SHARED_EVENTS]
CONSOLE_EVENTS = [*events_of(moderator.namespace), *SHARED_EVENTS]
# end_round and finish_cafe leave the running round for good: the empty café gets them. It
# gets no add_person: with someone to seat, start_round would plan (slow) and start a round.
ROUND_CONSOLE_EVENTS = [e for e in CONSOLE_EVENTS if e not in ("end_round", "finish_cafe")]
EMPTY_CONSOLE_EVENTS = [e for e in CONSOLE_EVENTS if e != "add_person"]
# Names a client may send although no handler should ever see them as its own events.
RESERVED_NAMES = ["connect", "disconnect", "connect_error", "message", "json", "state",
                  "timer", "*", "", "on_connect", "_refuse", "authenticate", "identity"]
PHASES = {value for name, value in vars(Phase).items() if name.isupper()}

# ---- strategies -------------------------------------------------------------------------

NUMBER_LIKE = st.sampled_from(["5", " 7 ", "-3", "--5", "²", "٣", "5.0", "1e3", "0x10", ""]) | (
    st.integers(4000, 5000).map(lambda digits: "9" * digits))
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 300), st.integers(-(2**80), 2**80),
    st.floats(), st.text(max_size=20), st.text(min_size=490, max_size=620), NUMBER_LIKE,
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                max_size=4),
    max_leaves=10,
)
CLIENT_IDS = st.from_regex(r"[A-Za-z0-9_-]{8,64}", fullmatch=True) | st.sampled_from(
    ["resend-0001", "resend-0002"])  # a small pool, so resends (duplicates) happen


MISSING = object()


def mostly(likely, rarely):
    """Three draws in four from `likely`: enough plausible input to get past the first check."""
    return st.sampled_from([likely, likely, likely, rarely]).flatmap(lambda chosen: chosen)


def pick(values):
    return st.sampled_from(values) if values else st.nothing()


def shaped(**fields):
    """Objects with the expected fields, each mostly plausible, else junk or missing; plus
    a few keys nobody expects."""
    values = {name: mostly(value, JSON | st.just(MISSING)) for name, value in fields.items()}
    known = st.fixed_dictionaries(values).map(
        lambda drawn: {name: value for name, value in drawn.items() if value is not MISSING})
    extra = st.dictionaries(st.text(max_size=12), JSON, max_size=2)
    return st.builds(lambda extra, known: {**extra, **known}, extra, known)


PILLARS = st.lists(shaped(title=st.text(max_size=130), question=st.text(max_size=310)),
                   max_size=14)
CAFE_SETTINGS = shaped(
    title=st.text(max_size=210), pillars=PILLARS, tables=st.integers(0, 210),
    seats_per_table=st.integers(0, 22), rounds=st.integers(0, 11),
    round_minutes=st.integers(0, 125) | st.lists(st.integers(-1, 125) | st.none(), max_size=11),
    transition_minutes=st.integers(-1, 31) | st.lists(st.integers(-1, 31), max_size=10),
    planned_start=st.none() | st.text(max_size=30) | st.sampled_from(
        ["2026-06-12T14:00", "2026-06-12T14:00+02:00", "0001-01-01T00:00+01:00", 20260612]),
    anonymous=st.booleans() | st.sampled_from(["on", "1"]),
    language=st.sampled_from(["de", "en", "fr"]),
    roles=st.lists(st.text(max_size=64), max_size=13) | st.text(max_size=100),
)
IDEA_IDS = st.integers(1, 40)  # a fresh database numbers the ideas from 1
SCREEN_VIEWS = st.sampled_from([None, *VIEWS, "kitchen"])
PHONE_PAYLOADS = shaped(client_id=CLIENT_IDS, text=st.text(min_size=1, max_size=500),
                        idea_id=IDEA_IDS, dots=st.integers(0, 6))


def console_payloads(here, other):
    """Fields of every console event, aimed at this café's people and tables (or another's);
    or café settings, for update_setup."""
    return shaped(
        participant_id=pick([*here.people, *other.people]),
        phone_id=st.integers(0, 40),  # the phones of both cafés, and ids of none
        table_id=pick([*here.table_ids, *other.table_ids]) | st.none(),
        present=st.booleans(), minutes=st.integers(1, 60), idea_id=IDEA_IDS,
        merge_ids=st.lists(IDEA_IDS, max_size=3), hidden=st.booleans(), pinned=st.booleans(),
        text=st.text(max_size=300), client_id=CLIENT_IDS, view=SCREEN_VIEWS,
        name=st.text(max_size=64), organisation=st.text(max_size=125),
        role=pick(here.roles) | st.text(max_size=64), dots_per_person=st.integers(0, 21),
        max_dots_per_idea=st.integers(0, 21),
        # The harvest's themes: the ideas' own and new ones (move_to_theme, split_theme).
        theme_id=st.integers(1, 6) | st.none(), into_id=st.integers(1, 6),
        suggestion_id=st.integers(1, 6), locked=st.booleans(),
        idea_ids=st.lists(IDEA_IDS, max_size=3),
    ) | CAFE_SETTINGS


def arguments(payloads):
    """An event's arguments: mostly one payload (an object or any JSON); else none, or two."""
    return mostly(st.tuples(mostly(payloads, JSON)),
                  st.just(()) | st.tuples(payloads, JSON))


def event_names(namespace, own_events: list[str], others: list[str]):
    """Mostly the namespace's events; else other audiences', reserved and arbitrary names."""
    unknown = st.text(max_size=16).filter(lambda name: not hasattr(namespace, f"on_{name}"))
    return mostly(st.sampled_from(own_events),
                  st.sampled_from(others + RESERVED_NAMES) | unknown)


# ---- checks -----------------------------------------------------------------------------

def assert_clear_answer(answer, *, forbidden: bool = False):
    assert isinstance(answer, dict), answer
    if answer.get("ok") is True and not forbidden:
        return
    assert answer["ok"] is False, answer
    code, message = answer["error"]["code"], answer["error"]["message"]
    if forbidden:
        assert code == "forbidden", answer
    assert code != "internal", answer
    assert isinstance(code, str) and set(code) <= set(string.ascii_lowercase + "_"), answer
    assert isinstance(message, str) and message.strip(), answer


def assert_clear_response(response, success: int) -> dict | None:
    assert response.status_code < 500, response.get_data(as_text=True)
    body = response.get_json()
    if response.status_code == success:
        return body
    assert 400 <= response.status_code < 500, response.status_code
    assert body is not None, response.get_data(as_text=True)  # a JSON error, not a page
    assert body["ok"] is False
    assert body["error"]["code"] and body["error"]["message"].strip()
    return None


def assert_database_consistent():
    session = db.session
    session.expire_all()
    cafe_of = {p.id: p.cafe_id for p in session.scalars(select(Participant))}
    tables = {t.id: t for t in session.scalars(select(CafeTable))}
    for cafe in session.scalars(select(Cafe)):
        assert cafe.phase in PHASES
        assert -1 <= cafe.current_round < cafe.rounds
        assert cafe.phase != Phase.ROUND or cafe.round_ends_at is not None
        assert cafe.phase != Phase.PAUSED or cafe.paused_remaining_ms is not None
    seats = list(session.scalars(select(Seat)))
    seat_of = {(s.participant_id, s.round_index): s for s in seats}
    assert len(seat_of) == len(seats), "someone has two seats in one round"
    for (table_id, round_index), seated in Counter(
            (s.table_id, s.round_index) for s in seats).items():
        assert seated <= tables[table_id].capacity, (table_id, round_index)
    for seat in seats:
        assert seat.cafe_id == cafe_of[seat.participant_id] == tables[seat.table_id].cafe_id
    for person in session.scalars(select(Participant).where(Participant.host_table_id.is_not(
            None))):
        assert tables[person.host_table_id].cafe_id == person.cafe_id
        for (pid, round_index), seat in seat_of.items():
            if pid == person.id:
                assert seat.table_id == person.host_table_id, (person.id, round_index)
    ideas = list(session.scalars(select(Idea)))
    assert max(Counter((i.participant_id, i.client_id) for i in ideas).values(), default=1) == 1
    for idea in ideas:
        seat = seat_of.get((idea.participant_id, idea.round_index))
        assert seat is not None, f"idea {idea.id} without a seat"
        assert idea.table_id == seat.table_id
        assert idea.pillar_id == tables[seat.table_id].pillar_id
        assert idea.cafe_id == cafe_of[idea.participant_id]


# ---- cafés and connections --------------------------------------------------------------

@pytest.fixture(autouse=True)
def no_rate_limits(monkeypatch):
    """A fuzzer floods by design: lift the rate limits (their own tests cover them) so every
    example reaches its handler. Set before the `app` fixture reads its settings."""
    for setting in ("EVENTS_PER_SECOND", "ADDRESS_EVENTS_PER_SECOND", "IDEAS_PER_MINUTE",
                    "CAFES_PER_HOUR", "CLAIMS_PER_MINUTE"):
        monkeypatch.setenv(setting, "1000000")


@pytest.fixture
def live_app(app):
    app.extensions["publisher"] = SocketPublisher(socketio)  # really emit, as in production
    return app


@pytest.fixture
def connect(live_app):
    clients = []

    def open_client(namespace, **auth):
        client = socketio.test_client(live_app, namespace=namespace, auth=auth)
        assert client.is_connected(namespace), auth
        clients.append((client, namespace))
        return client

    yield open_client
    for client, namespace in clients:
        if client.is_connected(namespace):
            client.disconnect(namespace=namespace)


def describe(cafe) -> SimpleNamespace:
    """Plain values only: ORM objects do not outlive the socket handlers' sessions."""
    members = db.session.scalars(select(Participant).where(Participant.cafe_id == cafe.id))
    return SimpleNamespace(
        code=cafe.code, moderator_token=cafe.moderator_token, screen_token=cafe.screen_token,
        roles=list(cafe.roles), table_ids=[t.id for t in cafe.tables],
        people={p.id: phone_token(p) for p in members},
    )


@pytest.fixture
def running(live_app, make_cafe, make_participant):
    """A café in its first round, three of twelve seats free. One person was marked gone
    before it started (no seat: their ideas are answered no_seat); one came late."""
    cafe = make_cafe(tables=3, seats_per_table=4, rounds=3)
    for n in range(8):
        make_participant(cafe, organisation=f"Org {n % 3}", role=cafe.roles[n % 3])
    gone = make_participant(cafe, "Gone before the start")
    people.set_present(cafe, {"participant_id": gone.id, "present": False})
    rounds.start_round(cafe)
    make_participant(cafe, "Late")
    other = make_cafe(tables=2)
    make_participant(other, "Elsewhere")
    return SimpleNamespace(here=describe(cafe), other=describe(other))


def ack(client, namespace: str, event: str, *args):
    return client.emit(event, *args, namespace=namespace, callback=True)


def fuzz_events(clients: list, namespace: str, names, payloads, allowed: list[str],
                fuzz=FUZZ):
    """Send drawn events with drawn arguments from drawn clients; every answer must be clear."""

    @fuzz
    @given(client=st.sampled_from(clients), event=names, args=arguments(payloads))
    def send(client, event, args):
        answer = ack(client, namespace, event, *args)
        assert_clear_answer(answer, forbidden=event not in allowed)
        client.get_received(namespace)  # drop the broadcasts; only the ack matters here
        assert_database_consistent()

    send()


# ---- Socket.IO --------------------------------------------------------------------------

def test_phones_get_clear_answers_to_anything(connect, running):
    here = running.here
    phones = [connect("/participant", token=token, code=here.code)
              for token in here.people.values()]
    names = event_names(participant.namespace, PHONE_EVENTS, CONSOLE_EVENTS)
    fuzz_events(phones, "/participant", names, PHONE_PAYLOADS, PHONE_EVENTS)


def test_console_gets_clear_answers_to_anything_while_a_round_runs(connect, running):
    console = connect("/moderator", token=running.here.moderator_token)
    names = event_names(moderator.namespace, ROUND_CONSOLE_EVENTS, PHONE_EVENTS)
    fuzz_events([console], "/moderator", names, console_payloads(running.here, running.other),
                CONSOLE_EVENTS)


def test_console_of_an_empty_cafe_gets_clear_answers_to_anything(connect, make_cafe):
    """Nobody to seat: start_round and replan fail fast; finish_cafe closes the café early."""
    cafe = describe(make_cafe())
    console = connect("/moderator", token=cafe.moderator_token)
    names = event_names(moderator.namespace, EMPTY_CONSOLE_EVENTS, PHONE_EVENTS)
    fuzz_events([console], "/moderator", names, console_payloads(cafe, cafe), CONSOLE_EVENTS)


def test_screen_may_only_read(connect, running):
    display = connect("/screen", token=running.here.screen_token)
    names = event_names(screen.namespace, SHARED_EVENTS, CONSOLE_EVENTS + PHONE_EVENTS)
    payloads = console_payloads(running.here, running.other) | PHONE_PAYLOADS
    fuzz_events([display], "/screen", names, payloads, SHARED_EVENTS, fuzz=FUZZ_LIGHT)


def test_connections_open_only_with_the_right_token(live_app, running):
    here, other = running.here, running.other
    tokens = [here.moderator_token, here.screen_token, *here.people.values(),
              *other.people.values(), other.moderator_token]
    codes = [here.code, here.code.lower(), other.code]
    right_token = {"/moderator": {here.moderator_token, other.moderator_token},
                   "/screen": {here.screen_token, other.screen_token}}
    # The handshake's auth is an object; a bare number would read as a packet id on the wire.
    auths = shaped(token=st.sampled_from(tokens), code=st.sampled_from(codes)) | JSON.filter(
        lambda auth: not isinstance(auth, int | float) or isinstance(auth, bool))

    def may_connect(namespace, auth) -> bool:
        token = auth.get("token") if isinstance(auth, dict) else None
        if namespace != "/participant":
            return isinstance(token, str) and token in right_token[namespace]
        code = auth.get("code") if isinstance(auth, dict) else None
        for cafe in (here, other):
            if token in cafe.people.values():
                return code is None or cafes.normalise_code(code) == cafe.code
        return False

    @FUZZ_LIGHT
    @given(namespace=st.sampled_from(["/participant", "/moderator", "/screen"]), auth=auths)
    def connect_with(namespace, auth):
        client = socketio.test_client(live_app, namespace=namespace, auth=auth)
        connected = client.is_connected(namespace)
        if connected:
            client.disconnect(namespace=namespace)
        assert connected == may_connect(namespace, auth), auth

    connect_with()


# ---- HTTP -------------------------------------------------------------------------------

def http_bodies(objects):
    """What a request body may be: an object, any JSON, or bytes that are not JSON at all."""
    return st.one_of(objects.map(lambda o: ("json", o)), JSON.map(lambda o: ("json", o)),
                     st.binary(max_size=40).map(lambda b: ("data", b)))


def post(client, url: str, body):
    kind, value = body
    if kind == "json":
        return client.post(url, json=value)
    return client.post(url, data=value, content_type="application/json")


def test_creating_cafes_answers_clearly(client):
    @FUZZ_LIGHT
    @given(body=http_bodies(CAFE_SETTINGS))
    def create(body):
        created = assert_clear_response(post(client, "/api/cafes", body), 201)
        if created:
            assert set(created) >= {"code", "join_url", "moderator_url", "screen_url"}

    create()
    assert_database_consistent()


def codes_of(*known: str):
    """Known codes, or any one path segment (with "/", or empty, it is another address)."""
    return st.sampled_from(known) | st.text(min_size=1, max_size=20).filter(
        lambda code: "/" not in code)


def test_joining_answers_clearly(client, running, make_cafe):
    closed = make_cafe()
    rounds.finish(closed)
    here = running.here
    codes = codes_of(here.code, here.code.lower(), closed.code)
    people = shaped(name=st.text(max_size=64), organisation=st.text(max_size=125),
                    role=st.sampled_from(here.roles) | st.text(max_size=64))

    @FUZZ_LIGHT
    @given(code=codes, body=http_bodies(people))
    def join(code, body):
        response = post(client, f"/api/cafes/{quote(code, safe='')}/participants", body)
        joined = assert_clear_response(response, 201)
        if joined:
            assert joined["token"] and joined["participant"]["id"]
        assert_database_consistent()

    join()


@pytest.mark.parametrize(("path", "key"), [("", "code"), ("/ideas", "ideas")])
def test_reading_a_cafe_answers_clearly(client, running, path, key):
    codes = codes_of(running.here.code, running.here.code.lower())

    @FUZZ_LIGHT
    @given(code=codes)
    def read(code):
        url = f"/api/cafes/{quote(code, safe='')}{path}"
        info = assert_clear_response(client.get(url), 200)
        if info:
            assert key in info

    read()


def test_importing_people_answers_clearly(client, running):
    """The console's CSV upload: any bytes, or rows of plausible and odd cells."""
    cells = st.text(max_size=70) | pick(running.here.roles) | st.sampled_from(["1", "99", ""])
    rows = st.lists(st.lists(cells, min_size=1, max_size=5), max_size=6)
    tables = rows.map(lambda rows: "\n".join(";".join(row) for row in [
        ["name", "organisation", "role", "host_table"], *rows]).encode())
    authorised = {"Authorization": f"Bearer {running.here.moderator_token}"}

    @FUZZ_LIGHT
    @given(body=tables | st.binary(max_size=200))
    def upload(body):
        response = client.post("/api/moderator/participants", data=body, headers=authorised)
        assert_clear_response(response, 201)
        assert_database_consistent()

    upload()


# ---- what fuzzing found, pinned down ------------------------------------------------------

@pytest.mark.parametrize("number", ["²", "--5", "9" * 5000])
def test_number_fields_refuse_text_that_only_looks_like_a_number(client, number):
    response = client.post("/api/cafes", json={"tables": number})
    assert response.status_code == 400
    assert response.get_json()["error"]["details"] == {"field": "tables"}


@pytest.mark.parametrize("field", ["title", "roles"])
def test_text_with_lone_surrogates_is_refused_as_input(client, field):
    text = "Caf\udce9"  # what a JSON "\udce9" escape decodes to: not storable as UTF-8
    response = client.post("/api/cafes", json={field: [text] if field == "roles" else text})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_input"


@pytest.mark.parametrize(("event", "field"), [
    ("set_host", "participant_id"), ("set_present", "participant_id"),
    ("revoke_phone", "phone_id"), ("rename_theme", "theme_id"),
    ("accept_suggestion", "suggestion_id"), ("reject_suggested_idea", "suggestion_id")])
def test_ids_beyond_the_database_range_are_invalid_input(connect, make_cafe, event, field):
    console = connect("/moderator", token=make_cafe().moderator_token)
    answer = ack(console, "/moderator", event,
                 {field: 2**64, "table_id": None, "present": True, "name": "Thema"})
    assert answer["error"]["details"] == {"field": field}


@pytest.mark.parametrize("namespace", ["/participant", "/moderator", "/screen"])
def test_tokens_that_are_not_text_a_database_can_store_are_refused(live_app, make_cafe,
                                                                    namespace):
    code = make_cafe().code
    client = socketio.test_client(live_app, namespace=namespace,
                                  auth={"token": "\ud800" * 32, "code": code})
    assert not client.is_connected(namespace)


@pytest.mark.parametrize("name", ["connect", "disconnect"])
def test_a_client_cannot_send_connection_events_as_its_own(connect, make_cafe,
                                                           make_participant, name):
    cafe = make_cafe()
    stranger = make_participant(make_cafe())
    phone = connect("/participant", token=phone_token(make_participant(cafe)), code=cafe.code)
    # As an event, "connect" would otherwise re-run the authentication with this auth.
    answer = ack(phone, "/participant", name, None, {"token": phone_token(stranger)})
    assert_clear_answer(answer, forbidden=True)
    state = ack(phone, "/participant", "get_state", {})["state"]
    assert state["cafe"]["code"] == cafe.code


def test_someone_marked_gone_and_back_in_the_same_round_keeps_one_seat(connect, running):
    console = connect("/moderator", token=running.here.moderator_token)
    person = next(iter(running.here.people))
    for present in (False, True):
        answer = ack(console, "/moderator", "set_present",
                     {"participant_id": person, "present": present})
        assert answer["ok"], answer
    assert_database_consistent()


def test_a_host_named_during_a_round_stays_at_their_table_afterwards(connect, running):
    console = connect("/moderator", token=running.here.moderator_token)
    person = next(iter(running.here.people))
    table_now = db.session.scalar(select(Seat.table_id).where(
        Seat.participant_id == person, Seat.round_index == 0))
    assert ack(console, "/moderator", "set_host",
               {"participant_id": person, "table_id": table_now})["ok"]
    assert_database_consistent()
    ended = ack(console, "/moderator", "end_round", {})
    assert ended["ok"], ended
    assert_database_consistent()
    later = db.session.scalars(select(Seat.table_id).where(
        Seat.participant_id == person, Seat.round_index > 0)).all()
    assert later and set(later) == {table_now}
