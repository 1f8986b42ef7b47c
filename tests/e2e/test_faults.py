"""Faults on the real server: killed mid-round, a locked database, a flooding client."""

import signal
import sqlite3
import threading
import time

import pytest
import requests

from tests.support.clients import Peer, create_cafe, join, token_of

pytestmark = pytest.mark.server


def running_cafe(server, phones=4):
    links = create_cafe(server, tables=2, seats_per_table=4, rounds=2, round_minutes=30)
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    peers = [Peer(server, "/participant", {"token": join(server, links["code"], f"P{n}"),
                                           "code": links["code"]}) for n in range(phones)]
    assert moderator.call("start_round")["ok"]
    for peer in peers:
        peer.wait_for(lambda p: (p.latest("state") or {}).get("seat"))
    return links, moderator, peers


def test_killed_server_restarts_with_everything_and_nothing_twice(live_server):
    server = live_server()
    _, moderator, phones = running_cafe(server)
    before = moderator.call("get_state")["state"]
    acked = [phone.call("post_idea", {"client_id": f"before-{n:04d}", "text": f"Vorher {n}"})
             for n, phone in enumerate(phones)]
    assert all(a["ok"] for a in acked)

    server.stop(signal.SIGKILL)
    # While the server is gone each phone writes one more idea; it stays in its outbox.
    outboxes = [[{"client_id": f"before-{n:04d}", "text": f"Vorher {n}"},
                 {"client_id": f"during-{n:04d}", "text": f"Währenddessen {n}"}]
                for n in range(len(phones))]
    server.start()

    for phone in [moderator, *phones]:
        # python-socketio reconnects by itself; the server sends the full state on connect.
        phone.wait_for(lambda p: p.client.connected and len(p.received("state")) >= 2,
                       timeout=20)
    after = moderator.latest("state")
    assert after["cafe"]["timer"]["ends_at"] == before["cafe"]["timer"]["ends_at"]
    assert [(p["id"], p["seat"]) for p in after["participants"]] == \
        [(p["id"], p["seat"]) for p in before["participants"]]
    for phone, outbox in zip(phones, outboxes, strict=True):
        for idea in outbox:  # resend everything not seen acknowledged, and more
            answer = phone.call("post_idea", idea)
            assert answer["ok"], answer
    texts = sorted(i["text"] for i in moderator.call("get_state")["state"]["ideas"])
    assert texts == sorted([f"Vorher {n}" for n in range(4)] +
                           [f"Währenddessen {n}" for n in range(4)])


def hold_write_lock(database: str, seconds: float, started: threading.Event):
    connection = sqlite3.connect(database, timeout=10)
    connection.execute("BEGIN EXCLUSIVE")
    started.set()
    time.sleep(seconds)
    connection.rollback()
    connection.close()


@pytest.mark.sqlite_only  # PostgreSQL away: tests/scale/test_cluster.py
def test_locked_database_delays_or_refuses_clearly_and_keeps_serving(live_server, tmp_path):
    server = live_server()
    _, moderator, phones = running_cafe(server, phones=2)
    database = server.env["DATABASE_URL"].removeprefix("sqlite:///")

    started = threading.Event()
    short = threading.Thread(target=hold_write_lock, args=(database, 0.8, started))
    short.start()
    started.wait()
    answer = phones[0].call("post_idea", {"client_id": "locked-0001", "text": "Kurz gesperrt"})
    assert answer["ok"], answer  # a brief lock is waited out
    short.join()

    started.clear()
    long = threading.Thread(target=hold_write_lock, args=(database, 6, started))
    long.start()
    started.wait()
    began = time.monotonic()
    answer = phones[1].call("post_idea", {"client_id": "locked-0002", "text": "Lang gesperrt"})
    # Meanwhile the server still answers others quickly.
    assert moderator.call("sync_time")["ok"]
    assert answer == {"ok": False, "error": {"code": "busy", "message": answer["error"]["message"]}}
    assert time.monotonic() - began < 6
    long.join()
    assert phones[1].call("post_idea", {"client_id": "locked-0002",
                                        "text": "Lang gesperrt"})["ok"]
    texts = sorted(i["text"] for i in moderator.call("get_state")["state"]["ideas"])
    assert texts == ["Kurz gesperrt", "Lang gesperrt"]


def test_a_flooding_client_is_limited_without_slowing_the_others(live_server):
    server = live_server()
    _, _, phones = running_cafe(server, phones=2)
    flooder, calm = phones
    refused = 0
    for _ in range(200):
        answer = flooder.call("sync_time")
        refused += answer["ok"] is False and answer["error"]["code"] == "rate_limited"
    assert refused > 100
    began = time.monotonic()
    assert calm.call("post_idea", {"client_id": "calm-00001", "text": "Ruhig"})["ok"]
    assert time.monotonic() - began < 1
    time.sleep(3)  # the connection's own bucket refills; the idea limit still holds
    ideas = [flooder.call("post_idea", {"client_id": f"flood-{n:05d}", "text": "x"})
             for n in range(40)]
    stored = sum(a["ok"] for a in ideas)
    assert 0 < stored < 40
    assert {a["error"]["code"] for a in ideas if not a["ok"]} == {"rate_limited"}


def seated_as_planned(moderator, rounds: range, timeout: float = 20) -> dict:
    """The plan once everyone present has a seat and nobody absent has one in `rounds`."""
    deadline = time.monotonic() + timeout
    while True:
        plan = moderator.call("get_plan")["plan"]
        if all((row["tables"][r] is None) == (row["left_after_round"] is not None)
               for row in plan["rows"] for r in rounds):
            return plan
        assert time.monotonic() < deadline, plan
        time.sleep(0.3)


def test_people_join_while_the_console_replans(live_server):
    """The engine searches for seconds with no transaction open: joins, new cafés and a
    deletion meanwhile are answered 201/200, never 500 or busy, and whoever joined during
    the search still gets a seat in the coming round."""
    server = live_server(ROTATION_TIME_LIMIT="2")
    links = create_cafe(server, tables=4, seats_per_table=10, rounds=3)
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    for n in range(12):
        join(server, links["code"], f"Früh {n}")
    assert moderator.call("replan")["ok"]
    leaving = moderator.call("get_state")["state"]["participants"][0]["id"]
    spare = create_cafe(server, title="Wird gelöscht")

    answer = moderator.call("set_present", {"participant_id": leaving, "present": False})
    assert answer["ok"], answer
    time.sleep(0.6)  # the engine is searching now (it starts 0.5 s after the change)
    statuses = []
    for n in range(20):
        statuses.append(requests.post(f"{server.url}/api/cafes/{links['code']}/participants",
                                      json={"name": f"Spät {n}"}, timeout=30).status_code)
    statuses.append(requests.post(f"{server.url}/api/cafes", json={}, timeout=30).status_code)
    statuses.append(requests.post(spare["moderator_url"] + "/delete",
                                  data={"confirmation": spare["code"]}, timeout=30).status_code)
    assert set(statuses) <= {200, 201}, statuses
    plan = seated_as_planned(moderator, range(1))
    assert len(plan["rows"]) == 32


def test_attendance_ticked_at_a_facilitators_pace_is_all_kept(live_server):
    """Eight boxes, one every half second, between rounds: every change is acknowledged at
    once and kept, and the coming rounds end up planned for exactly those present."""
    server = live_server(ROTATION_TIME_LIMIT="2")
    links = create_cafe(server, tables=3, seats_per_table=6, rounds=3)
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    for n in range(14):
        join(server, links["code"], f"Person {n}")
    assert moderator.call("replan")["ok"]
    people = moderator.call("get_state")["state"]["participants"]
    for person in people[:8]:
        started = time.monotonic()
        answer = moderator.call("set_present", {"participant_id": person["id"],
                                                "present": False})
        assert answer["ok"], answer
        assert time.monotonic() - started < 1.5  # acknowledged without waiting for the engine
        time.sleep(0.5)
    plan = seated_as_planned(moderator, range(3))
    absent = {row["id"] for row in plan["rows"] if row["left_after_round"] is not None}
    assert absent == {person["id"] for person in people[:8]}
    state = moderator.call("get_state")["state"]
    assert sum(not p["present"] for p in state["participants"]) == 8


def test_a_background_replan_that_fails_tells_the_console(live_server):
    server = live_server(ROTATION_TIME_LIMIT="1")
    links = create_cafe(server, tables=2, seats_per_table=2, rounds=2)
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    for n in range(2):
        join(server, links["code"], f"Geht gleich {n}")
    assert moderator.call("replan")["ok"]
    for person in moderator.call("get_state")["state"]["participants"]:
        assert moderator.call("set_present", {"participant_id": person["id"],
                                              "present": False})["ok"]
    moderator.wait_for(lambda p: p.received("replan_failed"), timeout=15)
    assert moderator.latest("replan_failed")["code"] == "nobody_joined"
