"""Messages larger than an event may be, on the real server over both transports.

docs/protocol.md promises an answer to every event: one over 64 KiB is answered `too_large`
and changes nothing; only a message beyond what the transport reads at all (1 MiB) closes the
connection unanswered.
"""

import threading

import pytest
import requests
import socketio

from app.realtime.base import MAX_EVENT_SIZE, MAX_MESSAGE_SIZE
from tests.support.clients import create_cafe, join, token_of
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.server
TRANSPORTS = ["websocket", "polling"]


@pytest.fixture(scope="module", params=["eventlet", "gevent", "threading"])
def server(request, tmp_path_factory):
    """Each server mode: the transport's limit is Engine.IO's, but each mode's websocket
    library enforces it."""
    server = LiveServer(tmp_path_factory.mktemp("server"), request.param).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def cafe(server):
    links = create_cafe(server, tables=2, seats_per_table=4, rounds=2)
    join(server, links["code"], "First")  # a round starts only with someone to seat
    moderator = socketio.Client(reconnection=False)
    moderator.connect(f"{server.url}?lang=en", namespaces=["/moderator"],
                      auth={"token": token_of(links["moderator_url"])},
                      transports=["websocket"], wait_timeout=10)
    assert moderator.call("start_round", {}, namespace="/moderator", timeout=30)["ok"]
    yield links, moderator
    moderator.disconnect()


class Phone:
    def __init__(self, server, cafe, transport):
        links, _moderator = cafe
        self.auth = {"token": join(server, links["code"], f"Phone {transport}"),
                     "code": links["code"]}
        self.closed = threading.Event()
        self.client = socketio.Client(reconnection=False)
        self.client.on("disconnect", lambda *reason: self.closed.set(),
                       namespace="/participant")
        self.client.connect(f"{server.url}?lang=en", namespaces=["/participant"],
                            auth=self.auth, transports=[transport], wait_timeout=10)

    def call(self, event, payload, timeout=30):
        return self.client.call(event, payload, namespace="/participant", timeout=timeout)


def stored_ideas(cafe) -> list:
    _links, moderator = cafe
    return moderator.call("get_state", {}, namespace="/moderator", timeout=30)["state"]["ideas"]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_an_event_over_64_kib_is_answered_too_large_and_the_connection_stays(
        server, cafe, transport):
    phone = Phone(server, cafe, transport)
    try:
        before = stored_ideas(cafe)
        text = "x" * MAX_EVENT_SIZE
        answer = phone.call("post_idea", {"client_id": "too-large-1", "text": text})
        assert answer == {"ok": False, "error": {
            "code": "too_large",
            "message": "This message is too long for the server. Nothing was changed."}}
        assert stored_ideas(cafe) == before
        # The same connection goes on: the next event is handled as usual.
        assert phone.call("get_state", {})["ok"]
        answer = phone.call("post_idea", {"client_id": "fits-0001", "text": "Passt"})
        assert answer["ok"], answer
        assert not phone.closed.is_set()
    finally:
        phone.client.disconnect()


def test_the_largest_event_that_fits_is_handled(server, cafe):
    """Just under the limit reaches its handler (which refuses the text as too long)."""
    phone = Phone(server, cafe, "websocket")
    try:
        envelope = len('[{"client_id":"fits-0002","text":""}]')
        text = "x" * (MAX_EVENT_SIZE - envelope)
        answer = phone.call("post_idea", {"client_id": "fits-0002", "text": text})
        assert answer["error"]["code"] == "invalid_input", answer
        assert answer["error"]["details"] == {"field": "text"}
    finally:
        phone.client.disconnect()


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_a_message_over_what_the_transport_reads_closes_the_connection(
        server, cafe, transport):
    phone = Phone(server, cafe, transport)
    try:
        text = "x" * MAX_MESSAGE_SIZE
        phone.client.emit("post_idea", {"client_id": "too-large-2", "text": text},
                          namespace="/participant")
        assert phone.closed.wait(15), "the connection stayed open"
    finally:
        phone.client.disconnect()
    # Only that connection: the server answers everyone else as before.
    assert requests.get(f"{server.url}/api/cafes/{cafe[0]['code']}", timeout=10).ok
