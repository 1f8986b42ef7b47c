"""The server mode is a setting: the same café works on eventlet, gevent and threading."""

import re
from pathlib import Path

import pytest

from tests.support.clients import Peer, create_cafe, join, token_of

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.server
@pytest.mark.parametrize("mode", ["eventlet", "gevent", "threading"])
def test_a_round_with_an_idea_in_each_async_mode(live_server, tmp_path, mode):
    # On an empty file: the server creates the schema itself on start, in every mode.
    server = live_server(mode, DATABASE_URL=f"sqlite:///{tmp_path / 'empty.db'}")
    assert f"({mode})" in server.log()
    links = create_cafe(server, tables=2, seats_per_table=3, rounds=1)
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    phone = Peer(server, "/participant", {"token": join(server, links["code"], "Mia"),
                                          "code": links["code"]})
    assert moderator.call("start_round")["ok"]
    phone.wait_for(lambda p: (p.latest("state") or {}).get("seat"))
    assert phone.call("post_idea", {"client_id": f"mode-{mode}", "text": mode})["ok"]
    moderator.wait_for(lambda p: [i["text"] for i in p.ideas_received()] == [mode])
    phone.close()
    moderator.close()


def test_only_run_py_knows_the_async_library():
    pattern = re.compile(r"^\s*(import|from)\s+(eventlet|gevent)\b", re.MULTILINE)
    offenders = [str(path.relative_to(ROOT)) for path in (ROOT / "app").rglob("*.py")
                 if pattern.search(path.read_text())]
    assert offenders == []
    assert pattern.search((ROOT / "run.py").read_text())
