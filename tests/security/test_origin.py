"""Only this server's own pages (or the origins ALLOWED_ORIGINS names) may open a socket.

A page on another site must not open a connection from a visitor's browser (cross-site
WebSocket hijacking). Each refusal has a control: the same request from an allowed origin
connects, so the origin is what decides.
"""

import pytest
import requests

from tests.security.support import connect_error
from tests.support.clients import create_cafe, token_of

pytestmark = pytest.mark.server

SAME = "http://127.0.0.1:{port}"
# (ALLOWED_ORIGINS, Origin header, accepted?)
CASES = [
    ("", SAME, True),
    ("", "http://evil.example", False),
    ("", "null", False),  # sandboxed frames and file:// pages
    ("", "https://127.0.0.1:{port}", False),
    ("", "http://127.0.0.1:1", False),
    ("", "http://localhost:{port}", False),
    ("", "http://127.0.0.1:{port}.evil.example", False),
    ("http://a.example", "http://a.example", True),
    ("http://a.example", "http://evil.example", False),
    ("http://a.example", "https://a.example", False),
    ("http://a.example", "http://a.example.evil.example", False),
    # A list without a single origin must not switch the check off.
    (" , ", SAME, True),
    (" , ", "http://evil.example", False),
]


@pytest.fixture(scope="module")
def serve(module_server):
    """One server (and one café on it) per ALLOWED_ORIGINS value, shared by the module."""
    started = {}

    def serve(allowed_origins: str):
        if allowed_origins not in started:
            server = module_server(ALLOWED_ORIGINS=allowed_origins)
            screen_token = token_of(create_cafe(server)["screen_url"])
            started[allowed_origins] = server, screen_token
        return started[allowed_origins]

    return serve


def case_id(case) -> str:
    allowed, origin, accepted = case
    allowed = {"": "unset", " , ": "no origin listed"}.get(allowed, allowed)
    return f"{allowed}|{origin}|{'accepted' if accepted else 'refused'}"


@pytest.mark.parametrize("transport", ["websocket", "polling"])
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_socket_connection_by_origin(serve, case, transport):
    allowed, origin, accepted = case
    server, screen_token = serve(allowed)
    origin = origin.format(port=server.port)
    refusal = connect_error(server.url, "/screen", {"token": screen_token}, origin=origin,
                            transport=transport)
    assert (refusal is None) == accepted, refusal


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_polling_handshake_by_origin(serve, case):
    allowed, origin, accepted = case
    server, _ = serve(allowed)
    origin = origin.format(port=server.port)
    response = requests.get(f"{server.url}/socket.io/?EIO=4&transport=polling",
                            headers={"Origin": origin}, timeout=10)
    if accepted:
        assert response.status_code == 200 and response.text.startswith('0{"sid"')
    else:
        assert response.status_code == 400
        assert "sid" not in response.text
        assert response.headers.get("Access-Control-Allow-Origin") != origin
