"""python-socketio clients that act as phones, the console and the screen against a live server."""

import threading
import time

import requests
import socketio


def create_cafe(server, **settings) -> dict:
    response = requests.post(f"{server.url}/api/cafes", json=settings, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


def join(server, code: str, name: str, **fields) -> str:
    response = requests.post(f"{server.url}/api/cafes/{code}/participants",
                             json={"name": name, **fields}, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()["token"]


def token_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


class Peer:
    """One connection in one namespace; keeps every event it receives, in order."""

    def __init__(self, server, namespace: str, auth: dict, transports=("websocket",),
                 device: str | None = None):
        self.namespace = namespace
        self.events: list[tuple[str, object]] = []
        self.changed = threading.Condition()
        # A generous handshake timeout: on a busy 2-core machine (three app processes behind
        # nginx, chromium beside them) the first upgrade can take longer than the default 5 s.
        self.client = socketio.Client(reconnection=True, reconnection_delay=0.2,
                                      request_timeout=15)
        self.client.on("*", self._record, namespace=namespace)
        # `device` as the browser sends it (static/js/lib/connection.js): nginx routes by it.
        url = server.url + (f"?device={device}" if device else "")
        self.client.connect(url, namespaces=[namespace], auth=auth,
                            transports=list(transports), wait_timeout=10)

    def _record(self, event, data=None):
        with self.changed:
            self.events.append((event, data))
            self.changed.notify_all()

    def call(self, event: str, payload=None, timeout: float = 30):
        return self.client.call(event, payload if payload is not None else {},
                                namespace=self.namespace, timeout=timeout)

    def received(self, event: str) -> list:
        with self.changed:
            return [data for name, data in self.events if name == event]

    def ideas_received(self) -> list:
        """The new ideas, one by one, from the lists they come in (`ideas:new`)."""
        return [idea for ideas in self.received("ideas:new") for idea in ideas]

    def latest(self, event: str):
        found = self.received(event)
        return found[-1] if found else None

    def wait_for(self, condition, timeout: float = 10):
        """Wait until condition(self) is true; fail with what arrived so far."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while not condition(self):
                left = deadline - time.monotonic()
                if left <= 0:
                    names = [name for name, _ in self.events]
                    raise AssertionError(f"timed out on {self.namespace}; got {names[-20:]}")
                self.changed.wait(left)

    def close(self):
        self.client.disconnect()
