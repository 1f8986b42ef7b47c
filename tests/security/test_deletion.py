"""A deleted café's open sockets are closed by the server and never hear a later café.

The listeners here record `cafe_deleted` but do not act on it, as a hostile client would not.
"""

import requests

from tests.security.support import connect_error
from tests.support.clients import Peer, create_cafe, join, token_of


def test_deleted_cafes_sockets_are_closed_and_hear_nothing_of_the_next(live_server):
    server = live_server()
    old = create_cafe(server, title="Café X", tables=2, seats_per_table=5, rounds=1)
    old_phone = join(server, old["code"], "Xaver")
    listeners = [
        Peer(server, "/moderator", {"token": token_of(old["moderator_url"])}),
        Peer(server, "/screen", {"token": token_of(old["screen_url"])}),
        Peer(server, "/participant", {"token": old_phone, "code": old["code"]}),
    ]
    old_ids = (listeners[0].latest("state")["cafe"]["tables"][-1]["id"],
               listeners[2].latest("state")["me"]["id"])

    deleted = requests.post(old["moderator_url"] + "/delete",
                            data={"confirmation": old["code"]}, timeout=10)
    assert deleted.status_code == 200
    for peer in listeners:
        peer.wait_for(lambda p: p.received("cafe_deleted") and not p.client.connected)
        peer.events.clear()

    new = create_cafe(server, title="Café Y", tables=2, seats_per_table=5, rounds=1)
    moderator = Peer(server, "/moderator", {"token": token_of(new["moderator_url"])})
    phone = Peer(server, "/participant", {"token": join(
        server, new["code"], "Yasmin Vertraulich", organisation="Stadt Y"), "code": new["code"]})
    assert moderator.call("start_round")["ok"]
    phone.wait_for(lambda p: (p.latest("state") or {}).get("seat"))
    assert phone.call("post_idea", {"client_id": "y-idea-000001", "text": "Geheime Idee"})["ok"]
    assert moderator.call("announce", {"text": "Nur für Café Y"})["ok"]
    moderator.wait_for(lambda p: p.ideas_received() and p.received("announcement"))
    new_ids = (moderator.latest("state")["cafe"]["tables"][0]["id"],
               phone.latest("state")["me"]["id"])
    assert new_ids[0] > old_ids[0] and new_ids[1] > old_ids[1]  # never handed on

    for peer in listeners:
        assert peer.events == [] and not peer.client.connected
    # Coming back with the old links: told the café is gone, not let in.
    for namespace, token in [("/moderator", token_of(old["moderator_url"])),
                             ("/screen", token_of(old["screen_url"])),
                             ("/participant", old_phone)]:
        refused = connect_error(server.url, namespace, {"token": token})
        assert refused["data"]["code"] == "cafe_deleted", (namespace, refused)
    for url in (old["moderator_url"], old["screen_url"], old["join_url"]):
        assert requests.get(url, timeout=10).status_code == 410, url
    for peer in [moderator, phone]:
        peer.close()
