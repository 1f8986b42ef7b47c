"""The café this app was made for, through the real server: 60 people from 23 municipalities
with 4 roles, 4 pillars with 2 tables of 8 each, a host at one table per pillar, 4 rounds.
The seating is planned while people join; Start answers at once, and no two people travel
together through more than two rounds."""

import random
import time
from collections import Counter
from itertools import combinations

import pytest

from tests.support.clients import Peer, create_cafe, join, token_of

pytestmark = pytest.mark.server

PEOPLE = 60
ROUNDS = 4
ROLES = ["Verwaltung", "Zivilgesellschaft", "Politik", "Wirtschaft"]
TOWNS = [f"Gemeinde {n + 1}" for n in range(23)]
START_BOUND_S = 2.0  # loose: bench/start_bench.py records the real figure


def settled(moderator: Peer, timeout: float = 90) -> None:
    """Wait until the server's background search for this café has ended."""
    deadline = time.monotonic() + timeout
    while moderator.call("get_state")["state"]["planning"]["searching"]:
        assert time.monotonic() < deadline, "the background search did not end"
        time.sleep(0.3)


def test_sixty_people_planned_ahead_no_travel_buddies(live_server):
    server = live_server(PLAN_AHEAD_TIME_LIMIT="8", REPLAN_DELAY="0.3")
    links = create_cafe(server, title="Sechzig", tables=8, seats_per_table=8, rounds=ROUNDS,
                        round_minutes=20, roles=ROLES)
    code = links["code"]
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    rng = random.Random(15)
    tokens = [join(server, code, f"Person {n}", organisation=rng.choice(TOWNS),
                   role=rng.choice(ROLES)) for n in range(PEOPLE)]
    people = moderator.call("get_state")["state"]["participants"]
    tables = moderator.call("get_state")["state"]["cafe"]["tables"]
    hosted = {}
    for person, table in zip(people, tables[:4], strict=False):  # tables 1-4: one per pillar
        assert moderator.call("set_host", {"participant_id": person["id"],
                                           "table_id": table["id"]})["ok"]
        hosted[person["id"]] = table["id"]
    assert len({t["pillar_id"] for t in tables[:4]}) == 4
    phones = [Peer(server, "/participant", {"token": t, "code": code}) for t in tokens]

    moderator.wait_for(lambda p: {"searching": True, "printed": False}
                       in p.received("planning"))
    settled(moderator)
    plan = moderator.call("get_plan")["plan"]
    assert plan["planned_rounds"] == list(range(ROUNDS))  # all rounds planned ahead

    by_round = []
    for round_index in range(ROUNDS):
        began = time.monotonic()
        answer = moderator.call("start_round")
        took = time.monotonic() - began
        assert answer["ok"], answer
        assert took < START_BOUND_S, f"start_round of round {round_index + 1} took {took:.2f} s"
        for phone in phones:
            phone.wait_for(lambda p, r=round_index: ((p.latest("state") or {}).get("seat")
                                                      or {}).get("round") == r)
        seats = {}
        for person_id, phone in zip([p["id"] for p in people], phones, strict=True):
            seats[person_id] = phone.latest("state")["seat"]["table_id"]
        assert all(seats[pid] == tid for pid, tid in hosted.items())
        by_round.append(seats)
        assert moderator.call("end_round")["ok"]

    meetings = Counter()
    for seats in by_round:
        for a, b in combinations(sorted(seats), 2):
            if seats[a] == seats[b]:
                meetings[a, b] += 1
    assert max(meetings.values()) <= 2  # no travel buddies
    figures = moderator.call("get_plan")["plan"]["figures"]
    assert figures["max_meetings"] == max(meetings.values())
    assert figures["pillar_repeats"] == 0
    for peer in [moderator, *phones]:
        peer.close()
