"""The real server (run.py on eventlet) driven through the real protocol by socket clients."""

import json

import pytest
import requests

from tests.support.clients import Peer, create_cafe, join, token_of

pytestmark = pytest.mark.server


def test_two_rounds_with_fourteen_phones(live_server):
    server = live_server()
    links = create_cafe(server, title="E2E", tables=4, seats_per_table=5, rounds=2,
                        round_minutes=10)
    code = links["code"]
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    screen = Peer(server, "/screen", {"token": token_of(links["screen_url"])})
    tokens = [join(server, code, f"Person {i}", role="Verwaltung") for i in range(14)]
    phones = [Peer(server, "/participant", {"token": t, "code": code}) for t in tokens]

    moderator.wait_for(lambda p: len(p.received("participant")) >= 14)
    people = moderator.call("get_state")["state"]["participants"]
    tables = moderator.latest("state")["cafe"]["tables"]
    for person, table in zip(people[:2], tables[:2], strict=True):
        answer = moderator.call("set_host", {"participant_id": person["id"],
                                             "table_id": table["id"]})
        assert answer["ok"], answer

    sent = []
    for round_index in range(2):
        answer = moderator.call("start_round")
        assert answer["ok"], answer
        for phone in phones:
            phone.wait_for(lambda p, r=round_index: (p.latest("state") or {}).get("seat")
                           and p.latest("state")["seat"]["round"] == r)
        for person, table in zip(people[:2], tables[:2], strict=True):
            phone = phones[[p["id"] for p in people].index(person["id"])]
            assert phone.latest("state")["seat"]["table_id"] == table["id"]
        for n, phone in enumerate(phones):
            text = f"Idee {round_index}-{n} <b>fett</b> äöü"
            payload = {"client_id": f"e2e-{round_index}-{n:03d}", "text": text}
            answer = phone.call("post_idea", payload)
            assert answer["ok"] and not answer["duplicate"], answer
            assert answer["idea"]["round"] == round_index
            sent.append(text)
        assert moderator.call("end_round")["ok"]

    def has_all(peer):
        return sorted(i["text"] for i in peer.ideas_received()) == sorted(sent)

    moderator.wait_for(has_all)
    screen.wait_for(has_all)
    assert all("author" not in idea for idea in screen.ideas_received())

    export = requests.get(f"{links['moderator_url']}/export.json", timeout=10)
    assert export.status_code == 200
    assert sorted(i["text"] for i in json.loads(export.text)["ideas"]) == sorted(sent)
    csv_body = requests.get(f"{links['moderator_url']}/export.csv", timeout=10)
    assert csv_body.content.startswith("\ufeff".encode())
    assert len(csv_body.text.strip().splitlines()) == len(sent) + 1

    for peer in [moderator, screen, *phones]:
        peer.close()


def test_resent_idea_is_stored_once_and_acked_twice(live_server):
    server = live_server()
    links = create_cafe(server, tables=2, seats_per_table=4, rounds=1)
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    phone = Peer(server, "/participant", {"token": join(server, links["code"], "Anna"),
                                          "code": links["code"]})
    assert moderator.call("start_round")["ok"]
    payload = {"client_id": "resend-0001", "text": "Nur einmal"}
    first, second = phone.call("post_idea", payload), phone.call("post_idea", payload)
    assert first["ok"] and second["ok"] and second["duplicate"]
    assert first["idea"]["id"] == second["idea"]["id"]
    state = moderator.call("get_state")["state"]
    assert [i["text"] for i in state["ideas"]] == ["Nur einmal"]
    moderator.close()
    phone.close()


def test_reconnecting_phone_gets_its_full_state(live_server):
    server = live_server()
    links = create_cafe(server, tables=2, seats_per_table=4, rounds=2)
    moderator = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    token = join(server, links["code"], "Ben")
    phone = Peer(server, "/participant", {"token": token, "code": links["code"]})
    assert moderator.call("start_round")["ok"]
    assert phone.call("post_idea", {"client_id": "before-drop", "text": "Vorher"})["ok"]
    phone.close()
    again = Peer(server, "/participant", {"token": token, "code": links["code"]})
    again.wait_for(lambda p: p.latest("state") is not None)
    state = again.latest("state")
    assert state["me"]["name"] == "Ben"
    assert state["seat"]["round"] == 0
    assert state["cafe"]["timer"]["phase"] == "round"
    assert state["cafe"]["timer"]["ends_at"] > state["cafe"]["timer"]["server_now"]
    assert [i["text"] for i in state["ideas"]] == ["Vorher"]
    moderator.close()
    again.close()
