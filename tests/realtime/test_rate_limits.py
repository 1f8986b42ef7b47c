"""Event limits through the namespaces: a person's connections and an address's people share
a budget (in-process clients; tests/security/test_rate_limits.py floods the real server)."""

import pytest

from app.extensions import socketio
from tests.support.phones import phone_token


@pytest.fixture(autouse=True)
def small_limits(monkeypatch):
    """Bursts of 3 events a person, 10 an address; read by the `app` fixture's settings."""
    monkeypatch.setenv("EVENTS_PER_SECOND", "1")
    monkeypatch.setenv("ADDRESS_EVENTS_PER_SECOND", "1")


@pytest.fixture
def phone(app, make_cafe, make_participant):
    cafe = make_cafe()
    clients = []

    def connect(token=None, address="10.0.0.1"):
        http = app.test_client()
        http.environ_base["REMOTE_ADDR"] = address
        token = token or phone_token(make_participant(cafe))
        client = socketio.test_client(app, namespace="/participant", flask_test_client=http,
                                      auth={"token": token, "code": cafe.code})
        assert client.is_connected("/participant")
        client.token = token
        clients.append(client)
        return client

    yield connect
    for client in clients:
        client.disconnect(namespace="/participant")


def answers(client, count: int) -> list[dict]:
    return [client.emit("sync_time", {}, namespace="/participant", callback=True)
            for _ in range(count)]


def refused(got: list[dict]) -> int:
    return sum(not a["ok"] and a["error"]["code"] == "rate_limited" for a in got)


def test_a_second_connection_with_the_same_token_gets_no_new_budget(phone):
    first = phone()
    second = phone(token=first.token)
    assert all(a["ok"] for a in answers(first, 3))
    got = answers(second, 3)
    assert refused(got) == 3
    assert "Moment" in got[0]["error"]["message"]  # German, the café's language
    assert answers(phone(), 1)[0]["ok"]  # someone else is not held back


def test_people_behind_one_address_share_a_generous_budget(phone):
    hall = [phone() for _ in range(5)]
    got = [answer for person in hall for answer in answers(person, 3)]
    assert sum(a["ok"] for a in got) == 10 and refused(got) == 5
    assert answers(phone(address="10.0.0.2"), 1)[0]["ok"]
