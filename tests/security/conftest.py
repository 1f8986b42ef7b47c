"""Fixtures for the security tests: real servers shared per module."""

import pytest

from tests.support.live_server import LiveServer


@pytest.fixture(scope="module")
def module_server(tmp_path_factory):
    """Like the live_server fixture (run.py, eventlet), but shared by the tests of one module."""
    servers = []

    def start(**env) -> LiveServer:
        server = LiveServer(tmp_path_factory.mktemp("server"), "eventlet", **env).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
