"""The app factory's choices that no page or event shows directly."""

import pytest
from flask import request

WEBSOCKET = {"HTTP_UPGRADE": "websocket", "HTTP_CONNECTION": "Upgrade"}


@pytest.mark.parametrize("headers", [{}, WEBSOCKET], ids=["long-polling", "websocket"])
def test_socket_events_run_in_a_request_context_that_matches_a_rule(app, headers):
    # Flask-SocketIO pushes a request context of the Socket.IO path for every event; a
    # NotFound kept there (with its traceback) made garbage for the collector on each one.
    with app.test_request_context("/socket.io/?EIO=4&transport=websocket",
                                  environ_base=headers):
        assert request.routing_exception is None
        assert request.url_rule.rule == "/socket.io/"
