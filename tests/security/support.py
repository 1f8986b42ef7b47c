"""Helpers shared by the security tests: what a café stores, and how a refused socket looks."""

import sqlite3
from contextlib import closing, contextmanager
from pathlib import Path
from types import SimpleNamespace

import requests
import socketio

from tests.support.live_server import LiveServer


def events_of(namespace) -> list[str]:
    """Every event a namespace handles itself (its on_<event> methods), beyond connecting and
    the get_state and sync_time that every namespace answers."""
    common = {"connect", "disconnect", "get_state", "sync_time"}
    return sorted(name[3:] for name in dir(namespace)
                  if name.startswith("on_") and name[3:] not in common)


def english(server: LiveServer) -> SimpleNamespace:
    """The server as the Peer helper sees it, with English messages on every connection."""
    return SimpleNamespace(url=f"{server.url}?lang=en")


def phase_of(server: LiveServer, code: str) -> str:
    response = requests.get(f"{server.url}/api/cafes/{code}", timeout=10)
    return response.json()["timer"]["phase"]


def cafe_rows(server: LiveServer, code: str) -> dict[str, list[tuple]]:
    """Every stored row of one café, table by table: equal snapshots mean nothing changed."""
    database = Path(server.env["DATABASE_URL"].removeprefix("sqlite:///"))
    with closing(sqlite3.connect(database)) as conn:
        rows = {"cafe": conn.execute("SELECT * FROM cafe WHERE code = ?", (code,)).fetchall()}
        cafe_id = rows["cafe"][0][0]
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'cafe'")]
        for table in tables:
            columns = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
            if "cafe_id" in columns:
                rows[table] = conn.execute(
                    f'SELECT * FROM "{table}" WHERE cafe_id = ? ORDER BY rowid', (cafe_id,)
                ).fetchall()
    return rows


@contextmanager
def unchanged(server: LiveServer, code: str):
    """Fail unless the café's phase and every stored row are the same afterwards."""
    phase, before = phase_of(server, code), cafe_rows(server, code)
    yield
    assert phase_of(server, code) == phase
    assert cafe_rows(server, code) == before, "the café's stored data changed"


def connect_error(url: str, namespace: str, auth=None, origin=None, transport="websocket"):
    """Try to open a namespace; None if it connected, else the server's connect_error data
    (or the transport's error text when the handshake itself was refused)."""
    # websocket-client sends its own Origin header unless told which one to send.
    options = {"origin": origin} if origin and transport == "websocket" else {}
    headers = {"Origin": origin} if origin and transport == "polling" else {}
    client = socketio.Client(reconnection=False, websocket_extra_options=options)
    refusals = []
    client.on("connect_error", refusals.append, namespace=namespace)
    try:
        client.connect(url, namespaces=[namespace], auth=auth, headers=headers,
                       transports=[transport], wait_timeout=10)
    except socketio.exceptions.ConnectionError as exc:
        return refusals[-1] if refusals else str(exc)
    finally:
        client.disconnect()
    return None
