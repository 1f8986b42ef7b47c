"""A café on three server processes behind nginx (PostgreSQL + Redis): 1 console, 1 screen and
60 phones, half on WebSocket, half on long-polling only, spread over all three processes.

Every idea reaches the console and the screen exactly once and is stored once; what the
moderator does reaches phones held by other processes; presence written by one process is
read right through another.
"""

import collections
import concurrent.futures
import random
import re
import secrets
import time

import pytest
import requests
import socketio
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from tests.scale.conftest import PROCESSES
from tests.support.clients import Peer, create_cafe, join, token_of

pytestmark = [pytest.mark.server, pytest.mark.scale]

PHONES = 60


def connect_all(cluster, count: int, code: str):
    """Join `count` people and connect their phones in parallel; every second one on
    long-polling only. Returns (phones, device keys): random keys like the page's, the same
    in every run, so that how nginx spreads them is what this run checks, not chance."""
    draw = random.Random(f"hall of {count}")
    devices = [f"{draw.getrandbits(64):016x}" for _ in range(count)]

    def phone(n: int) -> Peer:
        token = join(cluster, code, f"Person {n}")
        transports = ("websocket",) if n % 2 else ("polling",)
        return Peer(cluster, "/participant", {"token": token, "code": code},
                    transports=transports, device=devices[n])

    with concurrent.futures.ThreadPoolExecutor(12) as pool:
        return list(pool.map(phone, range(count))), devices


def test_sixty_phones_on_three_processes(cluster):
    links = create_cafe(cluster, title="Kongress", tables=6, seats_per_table=12, rounds=2,
                        round_minutes=10)
    code = links["code"]
    moderator = Peer(cluster, "/moderator", {"token": token_of(links["moderator_url"])},
                     device="console")
    screen = Peer(cluster, "/screen", {"token": token_of(links["screen_url"])},
                  device="screen")
    phones, devices = connect_all(cluster, PHONES, code)

    # Presence: each phone's connection is counted by the process holding it and read here
    # through the console's process.
    def all_online(peer):
        return sum(1 for p in peer.call("get_state")["state"]["participants"]
                   if p["online"]) == PHONES

    moderator.wait_for(all_online, timeout=30)
    screen.wait_for(lambda p: (p.latest("phone_count") or {}).get("count") == PHONES,
                    timeout=30)

    # Seats: the start reaches every phone, whichever process holds it.
    assert moderator.call("start_round")["ok"]
    for phone in phones:
        phone.wait_for(lambda p: ((p.latest("state") or {}).get("seat") or {}).get("round")
                       == 0, timeout=30)

    # Ideas: posted through every process, each reaches console and screen once.
    def post(n: int):
        answer = phones[n].call("post_idea", {"client_id": f"scale-{n:04d}",
                                              "text": f"Idee Nummer {n}"})
        assert answer["ok"], answer
        return answer["idea"]

    with concurrent.futures.ThreadPoolExecutor(12) as pool:
        ideas = list(pool.map(post, range(PHONES)))
    # A resend (a phone reconnected before its ack came) is answered, not stored again.
    assert phones[0].call("post_idea", {"client_id": "scale-0000",
                                        "text": "Idee Nummer 0"})["duplicate"]
    texts = sorted(idea["text"] for idea in ideas)

    def has_all(peer):
        return sorted(i["text"] for i in peer.ideas_received()) == texts

    moderator.wait_for(has_all, timeout=30)
    screen.wait_for(has_all, timeout=30)
    engine = create_engine(cluster.database_url)
    with engine.connect() as connection:
        stored = connection.execute(text(
            "SELECT text, count(*) FROM idea GROUP BY text ORDER BY text")).all()
    engine.dispose()
    assert [row[0] for row in stored] == texts
    assert {row[1] for row in stored} == {1}

    # Moderation reaches the screen (on its process) and the author's phone (on its own).
    first, second, third = ideas[1], ideas[2], ideas[3]
    assert moderator.call("pin_idea", {"idea_id": first["id"], "pinned": True})["ok"]
    assert moderator.call("hide_idea", {"idea_id": second["id"], "hidden": True})["ok"]
    assert moderator.call("merge_ideas", {"idea_id": first["id"],
                                          "merge_ids": [third["id"]]})["ok"]
    screen.wait_for(lambda p: any(i["id"] == first["id"] and i["pinned"]
                                  for i in p.received("idea:update")))
    screen.wait_for(lambda p: {second["id"], third["id"]}
                    <= {r["id"] for r in p.received("idea:removed")})
    phones[1].wait_for(lambda p: any(i["id"] == first["id"] and i["pinned"]
                                     for i in p.received("idea:update")))

    # The timer reaches every phone.
    assert moderator.call("pause_round")["ok"]
    for phone in phones:
        phone.wait_for(lambda p: (p.latest("timer") or {}).get("phase") == "paused",
                       timeout=30)

    # Votes: cast through the phones' processes, totals on the console's.
    assert moderator.call("resume_round")["ok"]
    assert moderator.call("end_round")["ok"]
    assert moderator.call("open_voting", {})["ok"]
    for phone in phones[:10]:
        answer = phone.call("vote", {"idea_id": ideas[10]["id"], "dots": 1})
        assert answer["ok"], answer
    moderator.wait_for(lambda p: any(v["idea_id"] == ideas[10]["id"] and v["total"] == 10
                                     for v in p.received("votes")), timeout=30)

    for peer in [moderator, screen, *phones]:
        peer.close()

    # Every process held at least a fifth of the phones, each phone on one process only
    # (long-polling sessions live in one process's memory). nginx hashes the keys
    # (CRC32 modulo 3): of halls of 60 random keys, about 2 % leave a process below a fifth,
    # so this hall's keys are fixed (connect_all). The consistent hash of before gave a
    # process 11 of 60 in one CI run.
    routes = cluster.nginx.routes()
    held = collections.Counter()
    for device in devices:
        assert len(routes[device]) == 1, routes[device]
        held[cluster.process_of(next(iter(routes[device])))] += 1
    assert sorted(held) == list(range(PROCESSES))
    assert min(held.values()) >= PHONES * 0.2, held


# Before the faults: right after a process was killed and started again, nginx counts it as
# failed for a while (fail_timeout) and may send a long-polling session's requests elsewhere,
# which this test's polling clients would take for lost answers.
def test_revoking_and_deleting_close_sockets_on_other_processes(cluster):
    """The console on one process signs a person's phones out, then deletes the café: phones
    held by the other processes hear it and are closed there too (not only refused)."""
    links = create_cafe(cluster, title="Schließen", tables=2, seats_per_table=10, rounds=1)
    code = links["code"]
    # On long-polling, so that nginx logs where each device went at once (its handshake).
    moderator = Peer(cluster, "/moderator", {"token": token_of(links["moderator_url"])},
                     transports=("polling",), device="closing-console")
    console_at = cluster.nginx.routes()["closing-console"]
    elsewhere = []
    for n in range(30):  # devices hash onto the processes: two land elsewhere soon
        device = secrets.token_hex(8)
        phone = Peer(cluster, "/participant", {"token": join(cluster, code, f"Person {n}"),
                                                "code": code},
                     transports=("polling",), device=device)
        route = cluster.nginx.routes().get(device, set())
        if route and not route & console_at:
            elsewhere.append(phone)
            if len(elsewhere) == 2:
                break
    assert len(elsewhere) == 2, "no phone landed on another process"
    revoked, other = elsewhere
    revoked.wait_for(lambda p: p.latest("state"))
    person = revoked.latest("state")["me"]["id"]
    assert moderator.call("revoke_phones", {"participant_id": person})["ok"]
    revoked.wait_for(lambda p: p.received("revoked"))
    wait_until_closed(revoked)
    assert other.client.connected

    deleted = requests.post(links["moderator_url"] + "/delete", data={"confirmation": code},
                            timeout=10)
    assert deleted.status_code == 200
    other.wait_for(lambda p: p.received("cafe_deleted"))
    wait_until_closed(other)
    wait_until_closed(moderator)


def call_until_answered(peer: Peer, event: str, payload: dict, timeout: float = 60):
    """What the phone's outbox does: send again (same client_id) until an answer comes,
    across the reconnect to another process."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return peer.call(event, payload, timeout=5)
        except socketio.exceptions.SocketIOError:
            assert time.monotonic() < deadline, f"{event} never answered"
            time.sleep(0.2)


def test_a_killed_process_loses_no_phone_and_no_idea(cluster):
    """One process is killed (SIGKILL, by PID) mid-round: its phones reconnect through nginx
    to the others, get their state again, and their waiting ideas are stored exactly once."""
    links = create_cafe(cluster, title="Ausfall", tables=2, seats_per_table=10, rounds=1)
    code = links["code"]
    moderator = Peer(cluster, "/moderator", {"token": token_of(links["moderator_url"])},
                     device="fault-console")
    phones, devices = connect_all(cluster, 12, code)
    assert moderator.call("start_round")["ok"]
    for phone in phones:
        phone.wait_for(lambda p: ((p.latest("state") or {}).get("seat") or {}).get("round")
                       == 0, timeout=30)
    states_before = [len(phone.received("state")) for phone in phones]
    victim = cluster.servers[1]
    victim.process.kill()
    victim.process.wait()
    try:
        with concurrent.futures.ThreadPoolExecutor(12) as pool:
            answers = list(pool.map(
                lambda n: call_until_answered(phones[n], "post_idea", {
                    "client_id": f"fault-{n:04d}", "text": f"Trotz Ausfall {n}"}),
                range(len(phones))))
        assert all(answer["ok"] for answer in answers), answers
        moved = [n for n, phone in enumerate(phones)
                 if len(phone.received("state")) > states_before[n]]
        for n in moved:  # a reconnected phone got its whole state again, seat included
            assert phones[n].latest("state")["seat"]["round"] == 0
        stored = stored_texts(cluster, code)
        assert stored == sorted(f"Trotz Ausfall {n}" for n in range(len(phones)))
        console = call_until_answered(moderator, "get_state", {})["state"]
        assert sorted(i["text"] for i in console["ideas"]) == stored
        # Presence, read through the console's process: every phone online once, and once
        # they all closed nobody, although the killed process never counted its phones out
        # (its lease ran out and another process removed its counts).
        online = wait_for_online(moderator, len(phones))
        assert online == len(phones)
        for phone in phones:
            phone.close()
        assert wait_for_online(moderator, 0) == 0
        moderator.close()
        # The phones the killed process held: nginx sent them elsewhere afterwards.
        killed = f"127.0.0.1:{victim.port}"
        routes = cluster.nginx.routes()
        were_there = [d for d in devices if killed in routes[d]]
        assert were_there, "no phone was on the killed process"
        assert all(len(routes[d]) >= 2 for d in were_there)
        assert sorted(moved) == sorted(devices.index(d) for d in were_there)
    finally:
        victim.start(120)


def wait_for_online(console: Peer, expected: int, timeout: float = 30) -> int:
    """How many people the console lists as online, once it is `expected` (or the timeout)."""
    deadline = time.monotonic() + timeout
    while True:
        state = call_until_answered(console, "get_state", {})["state"]
        online = sum(1 for person in state["participants"] if person["online"])
        if online == expected or time.monotonic() > deadline:
            return online
        time.sleep(0.5)


def wait_until_closed(peer: Peer, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while peer.client.connected:
        assert time.monotonic() < deadline, f"{peer.namespace} still open"
        time.sleep(0.1)


def fault_cafe(cluster, name: str, count: int = 6):
    links = create_cafe(cluster, title=name, tables=2, seats_per_table=10, rounds=1)
    moderator = Peer(cluster, "/moderator", {"token": token_of(links["moderator_url"])},
                     device=f"{name}-console")
    phones, _ = connect_all(cluster, count, links["code"])
    assert moderator.call("start_round")["ok"]
    for phone in phones:
        phone.wait_for(lambda p: ((p.latest("state") or {}).get("seat") or {}).get("round")
                       == 0, timeout=30)
    return links, moderator, phones


def stored_texts(cluster, code: str) -> list[str]:
    engine = create_engine(cluster.database_url)
    with engine.connect() as connection:
        texts = connection.execute(text(
            "SELECT idea.text FROM idea JOIN cafe ON cafe.id = idea.cafe_id"
            " WHERE cafe.code = :code ORDER BY idea.text"), {"code": code}).scalars().all()
    engine.dispose()
    return texts


def post_until_stored(phone: Peer, client_id: str, text_: str, timeout: float = 60) -> dict:
    """The phone's outbox: an idea answered `busy` (or not at all) is sent again."""
    deadline = time.monotonic() + timeout
    while True:
        answer = call_until_answered(phone, "post_idea", {"client_id": client_id,
                                                          "text": text_}, timeout)
        if answer["ok"]:
            return answer
        assert answer["error"]["code"] == "busy", answer
        assert time.monotonic() < deadline, "still busy"
        time.sleep(0.5)


def test_after_redis_restarts_ideas_arrive_and_a_console_gets_the_full_state(
        cluster, redis_server):
    links, moderator, phones = fault_cafe(cluster, "Redis")
    redis_server.stop()
    # Meanwhile ideas are stored (the database is there), only their news cannot travel.
    for n, phone in enumerate(phones[:3]):
        assert post_until_stored(phone, f"redis-down-{n}", f"Ohne Redis {n}")["ok"]
    redis_server.start()
    # Each process's listener comes back by itself (python-socketio retries, waiting 1, 2,
    # 4 ... s): every phone posts an idea, again, until one round of them all reaches the
    # console (phones on its own process reach it without Redis, the others only through it).
    deadline = time.monotonic() + 60
    for attempt in range(1000):
        expected = {f"Mit Redis {attempt}-{n}" for n in range(len(phones))}
        for n, phone in enumerate(phones):
            assert post_until_stored(phone, f"redis-up-{attempt}-{n}",
                                     f"Mit Redis {attempt}-{n}")["ok"]
        try:
            moderator.wait_for(lambda p, e=expected: e <= {i["text"] for i in
                                                           p.ideas_received()}, timeout=3)
            break
        except AssertionError:
            assert time.monotonic() < deadline, "ideas stopped arriving after Redis came back"
    # A console opened now (any process) has everything, also what was posted without Redis.
    again = Peer(cluster, "/moderator", {"token": token_of(links["moderator_url"])},
                 device="redis-console-again")
    again.wait_for(lambda p: p.latest("state") is not None)
    texts = sorted(i["text"] for i in again.latest("state")["ideas"])
    assert texts == stored_texts(cluster, links["code"])
    assert {f"Ohne Redis {n}" for n in range(3)} <= set(texts)
    for peer in [moderator, again, *phones]:
        peer.close()


def test_postgresql_away_for_five_seconds_loses_no_idea(cluster, postgres_server):
    links, moderator, phones = fault_cafe(cluster, "Postgres")
    postgres_server.stop()
    answers = []
    try:
        started = time.monotonic()
        # Phones keep posting while the database is away: they hear `busy` (never an
        # internal error) and keep their ideas.
        for n, phone in enumerate(phones):
            try:
                answers.append(phone.call("post_idea", {"client_id": f"pg-down-{n}",
                                                        "text": f"Ohne Datenbank {n}"},
                                          timeout=30))
            except socketio.exceptions.TimeoutError:
                # Once in many CI runs on a loaded box, one call went unanswered (not
                # reproduced on an idle or CPU-loaded machine). The phone's outbox keeps the
                # idea and sends it again, as below; the logs say what the server did.
                print(f"post_idea of phone {n} unanswered in 30 s; server logs:",
                      *(server.log()[-3000:] for server in cluster.servers), sep="\n")
        time.sleep(max(0.0, 5 - (time.monotonic() - started)))
    finally:
        postgres_server.start()
    assert {a["error"]["code"] for a in answers if not a["ok"]} <= {"busy"}, answers
    assert any(not a["ok"] for a in answers)
    for n, phone in enumerate(phones):  # the outbox sends again once the server answers
        post_until_stored(phone, f"pg-down-{n}", f"Ohne Datenbank {n}")
    assert stored_texts(cluster, links["code"]) == sorted(
        f"Ohne Datenbank {n}" for n in range(len(phones)))
    moderator.wait_for(lambda p: len({i["text"] for i in p.ideas_received()})
                       == len(phones), timeout=30)
    for peer in [moderator, *phones]:
        peer.close()


@pytest.mark.browser
def test_a_cafe_in_the_browser_on_three_processes(cluster, open_page):
    """Phone, console and screen pages through nginx: the phone's device key (kept in
    localStorage, sent by static/js/lib/connection.js) routes all its requests to one process,
    also after a reload, and its idea reaches the console and the screen."""
    links = create_cafe(cluster, title="Im Browser", tables=2, seats_per_table=6, rounds=1)
    console = open_page(links["moderator_url"], viewport={"width": 1280, "height": 900})
    screen = open_page(links["screen_url"], viewport={"width": 1280, "height": 720})
    phone = open_page(f"{cluster.url}/j/{links['code']}")
    phone.fill("#name", "Ayşe")
    phone.click("#join-form button[type=submit]")
    for page in (console, phone):
        expect(page.locator("#connection")).to_have_attribute("data-state", "online")
    moderator = Peer(cluster, "/moderator", {"token": token_of(links["moderator_url"])},
                     device="browser-test-console")
    assert moderator.call("start_round")["ok"]
    expect(phone.locator("#seat-table")).to_have_text(re.compile(r"Tisch \d"))
    phone.fill("#idea-text", "Aus dem Browser")
    phone.click("#send-idea")
    expect(phone.locator("#my-ideas .badge.stored")).to_have_count(1)
    expect(console.locator("#idea-total")).to_have_text("1")
    expect(screen.locator("body")).to_contain_text("Aus dem Browser")
    device = phone.evaluate("localStorage.getItem('device')")
    phone.reload()
    expect(phone.locator("#connection")).to_have_attribute("data-state", "online")
    assert phone.evaluate("localStorage.getItem('device')") == device
    moderator.close()
    for page in (console, screen, phone):
        page.close()
    assert len(cluster.nginx.routes()[device]) == 1
    assert [page.problems for page in (console, screen, phone)] == [[], [], []]
