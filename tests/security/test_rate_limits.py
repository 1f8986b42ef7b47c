"""Event rate limits on the real server: one person's many connections share one budget.

A flooder that opens ten connections with one phone's token must not get ten budgets: its
events beyond the person's limit are answered `rate_limited` before they reach the database,
so another phone's answers stay quick. The flooding connections keep many events in flight
but do wait for answers: a client that never waits still costs the server the reading and
refusing of each message, which only a limit on the transport (a proxy) stops.
"""

import itertools
import statistics
import threading
import time

import pytest
import socketio

from tests.support.clients import Peer, create_cafe, join, token_of

pytestmark = pytest.mark.server

FLOOD_CONNECTIONS = 10
FLOOD_SECONDS = 4
# Events each flooding connection keeps unanswered at a time.
IN_FLIGHT = 20
# Another phone's edits while the flood runs. Measured on two shared cores: with a budget per
# connection each took 2.7 s (the report that found it: 3.5-8 s); with one budget for the
# person the median was 0.1-0.15 s and the slowest 0.5-0.9 s, the first edits waiting behind
# the person's first burst of 60. On a loaded CI box the median reached 0.56 s and the
# slowest 2.0 s, so the bounds sit well above that and well below the 2.7 s every edit took
# with a budget per connection; the count of answered edits below checks the budget exactly.
MEDIAN_BOUND_S = 1.2
SLOWEST_BOUND_S = 4.0


class Flood:
    """Connections editing one idea of the person (a write and a message to the consoles each
    time) as fast as they are answered, each with IN_FLIGHT events unanswered at a time."""

    def __init__(self, server, auth: dict, client_id: str):
        self.peers = [Peer(server, "/participant", auth) for _ in range(FLOOD_CONNECTIONS)]
        self.client_id = client_id
        self.answers: dict[str, int] = {}
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._send, args=(peer,)) for peer in self.peers]

    def _count(self, answer):
        key = "ok" if answer.get("ok") else answer["error"]["code"]
        with self.lock:
            self.answers[key] = self.answers.get(key, 0) + 1

    def _send(self, peer):
        in_flight = threading.Semaphore(IN_FLIGHT)

        def answered(answer):
            self._count(answer)
            in_flight.release()

        for n in itertools.count():
            if self.stop.is_set():
                return
            if in_flight.acquire(timeout=0.1):
                edit = {"client_id": self.client_id, "text": f"Flut {n}"}
                peer.client.emit("edit_idea", edit, namespace="/participant", callback=answered)

    def __enter__(self):
        self.began = time.monotonic()
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join()
        self.seconds = time.monotonic() - self.began
        for peer in self.peers:
            peer.close()


def answer_times(phone, client_id: str, seconds: float) -> list[float]:
    """How long each of another phone's edits takes to be answered, one after the other."""
    times = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        began = time.monotonic()
        edit = {"client_id": client_id, "text": f"Ruhig {len(times)}"}
        try:
            assert phone.call("edit_idea", edit, timeout=10)["ok"]
        except socketio.exceptions.TimeoutError:
            return [*times, float("inf")]  # no answer in 10 s
        times.append(time.monotonic() - began)
        time.sleep(0.1)
    return times


def test_ten_connections_of_one_token_do_not_slow_another_phone(live_server):
    server = live_server()
    links = create_cafe(server, tables=2, seats_per_table=4, round_minutes=30)
    code = links["code"]
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    flooder, calm = join(server, code, "Flut"), join(server, code, "Ruhig")
    assert moderator.call("start_round")["ok"]
    calm = Peer(server, "/participant", {"token": calm, "code": code})
    assert calm.call("post_idea", {"client_id": "calm-idea", "text": "Ruhig"})["ok"]
    flood_auth = {"token": flooder, "code": code}
    flood = Flood(server, flood_auth, "flood-idea")
    assert flood.peers[0].call("post_idea", {"client_id": "flood-idea", "text": "Flut"})["ok"]
    with flood:
        time.sleep(0.5)  # the flood is under way
        times = answer_times(calm, "calm-idea", FLOOD_SECONDS)
    assert statistics.median(times) < MEDIAN_BOUND_S, times
    assert max(times) < SLOWEST_BOUND_S, times
    assert flood.answers.get("rate_limited", 0) > flood.answers.get("ok", 0), flood.answers
    # One person's budget, not ten: the first burst of 60 and 20 a second after it (plus a
    # second for the events still on their way when the flood stopped).
    assert flood.answers.get("ok", 0) <= 60 + 20 * (flood.seconds + 1), flood.answers
