"""The Socket.IO transport itself: its own HTTP answers and the namespaces it opens.

Engine.IO answers /socket.io/ requests without Flask, so Flask's headers never reach them; a
long-polling answer carries user text (names, ideas) and must not be sniffed as HTML.
"""

import json

import pytest
import requests

from tests.security.support import connect_error
from tests.support.clients import create_cafe, join, token_of

pytestmark = pytest.mark.server

NAME = "<script>alert(1)</script> Ana"


@pytest.fixture(scope="module")
def server(module_server):
    return module_server()


@pytest.fixture(scope="module")
def cafe(server):
    links = create_cafe(server)
    return {"code": links["code"], "moderator": token_of(links["moderator_url"]),
            "screen": token_of(links["screen_url"]),
            "participant": join(server, links["code"], NAME)}


def polling_answers(server, cafe) -> list[requests.Response]:
    """A phone on long-polling, as a browser without WebSocket connects: the handshake, the
    namespace's connect, and the poll that brings the state with the person's name."""
    base = f"{server.url}/socket.io/?EIO=4&transport=polling"
    handshake = requests.get(base, timeout=10)
    sid = json.loads(handshake.text[1:])["sid"]
    auth = {"token": cafe["participant"], "code": cafe["code"]}
    connect = requests.post(f"{base}&sid={sid}", data="40/participant," + json.dumps(auth),
                            timeout=10)
    answers = [handshake, connect]
    while NAME not in answers[-1].text:
        answers.append(requests.get(f"{base}&sid={sid}", timeout=10))
        assert len(answers) < 6, [a.text for a in answers]
    unknown_session = requests.get(f"{base}&sid=unknown", timeout=10)
    return [*answers, unknown_session]


def test_polling_answers_are_never_sniffed(server, cafe):
    answers = polling_answers(server, cafe)
    assert any(NAME in answer.text for answer in answers)
    assert answers[-1].status_code == 400
    for answer in answers:
        assert answer.headers.get("X-Content-Type-Options") == "nosniff", answer.text


def test_pages_keep_their_own_headers_once(server, cafe):
    response = requests.get(f"{server.url}/j/{cafe['code']}", timeout=10)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_the_default_namespace_is_refused(server, transport):
    refusal = connect_error(server.url, "/", transport=transport)
    assert refusal is not None


@pytest.mark.parametrize("transport", ["websocket", "polling"])
@pytest.mark.parametrize("namespace", ["/participant", "/moderator", "/screen"])
def test_the_audiences_namespaces_still_connect(server, cafe, namespace, transport):
    auth = {"token": cafe[namespace.strip("/")], "code": cafe["code"]}
    assert connect_error(server.url, namespace, auth, transport=transport) is None
