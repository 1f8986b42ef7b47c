"""HTTP writes meet a locked database as socket events do: wait, retry, then 503 'busy'."""

import sqlite3
import threading
import time
from pathlib import Path

import pytest

# Another writer holding SQLite's own lock; PostgreSQL away: tests/scale/test_cluster.py.
pytestmark = pytest.mark.sqlite_only


def hold_write_lock(app, seconds: float) -> threading.Thread:
    """Another writer holding SQLite's write lock for `seconds`."""
    path = Path(app.config["DATABASE_URL"].removeprefix("sqlite:///"))
    locked = threading.Event()

    def hold():
        other = sqlite3.connect(path)
        other.execute("BEGIN IMMEDIATE")
        locked.set()
        time.sleep(seconds)
        other.rollback()
        other.close()

    holder = threading.Thread(target=hold)
    holder.start()
    locked.wait(5)
    return holder


def test_a_lock_that_stays_is_answered_busy_with_retry_after(app, client):
    holder = hold_write_lock(app, 6)
    response = client.post("/api/cafes", json={"title": "Gesperrt"})
    holder.join()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    assert response.get_json()["error"]["code"] == "busy"
    # Nothing half written: the café is not there, and it can be created now.
    assert client.post("/api/cafes", json={"title": "Gesperrt"}).status_code == 201


def test_a_short_lock_is_waited_out(app, client):
    code = client.post("/api/cafes", json={}).get_json()["code"]
    holder = hold_write_lock(app, 0.5)
    response = client.post(f"/api/cafes/{code}/participants", json={"name": "Geduldig"})
    holder.join()
    assert response.status_code == 201, response.get_json()
