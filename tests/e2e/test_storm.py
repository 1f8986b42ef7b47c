"""A hall reconnecting at once while the laptop is busy (issue 18): the real server, one core
kept busy by another process, 200 phones dropping and coming back together. Not timed: it
asserts that every phone gets back with its own state and every console request is answered."""

import asyncio
import concurrent.futures
import random
import subprocess
import sys

import aiohttp
import pytest
import socketio

from tests.support.clients import create_cafe, token_of

pytestmark = pytest.mark.server

PHONES = 200


class StormPhone:
    """A phone as its page behaves (static/js/lib/connection.js): refused `busy`, it waits the
    retry_ms the server named, jittered 0.5-1.5x, and connects again."""

    def __init__(self, url: str, auth: dict):
        self.url = url
        self.auth = auth
        self.states: list[dict] = []
        self.busy_answers = 0
        self.client: socketio.AsyncClient | None = None

    async def connect(self) -> None:
        while True:
            refused = {}
            client = socketio.AsyncClient(reconnection=False)
            client.on("state", self.states.append, namespace="/participant")
            client.on("connect_error", refused.update, namespace="/participant")
            try:
                await client.connect(self.url, namespaces=["/participant"], auth=self.auth,
                                     transports=["websocket"], wait_timeout=30)
                self.client = client
                return
            except socketio.exceptions.ConnectionError:
                # python-socketio hands over {message, data}; `data` is the error object (the
                # browser client's err.data). Only `busy` is waited out; anything else fails.
                refusal = refused.get("data") or {}
                assert refusal.get("code") == "busy", refused
            self.busy_answers += 1
            await client.disconnect()
            wait = refusal.get("details", {}).get("retry_ms", 5000)  # as the page does
            await asyncio.sleep(wait / 1000 * random.uniform(0.5, 1.5))


async def join_all(url: str, code: str) -> list[str]:
    async with aiohttp.ClientSession() as session:
        async def join(n: int) -> str:
            async with session.post(f"{url}/api/cafes/{code}/participants",
                                    json={"name": f"Phone {n}"}) as response:
                assert response.status == 201
                return (await response.json())["token"]

        return list(await asyncio.gather(*(join(n) for n in range(PHONES))))


async def storm(url: str, links: dict) -> None:
    tokens = await join_all(url, links["code"])
    phones = [StormPhone(url, {"token": t, "code": links["code"]}) for t in tokens]
    moderator = socketio.AsyncClient(reconnection=False)
    await moderator.connect(url, namespaces=["/moderator"], transports=["websocket"],
                            auth={"token": token_of(links["moderator_url"])}, wait_timeout=30)
    await asyncio.gather(*(p.connect() for p in phones))
    await asyncio.gather(*(p.client.disconnect() for p in phones))
    for phone in phones:
        phone.states.clear()

    answers = []
    stopping = asyncio.Event()

    async def console_works():
        while not stopping.is_set():
            for event in ("sync_time", "get_state", "get_plan"):
                answers.append(await moderator.call(event, {}, namespace="/moderator",
                                                    timeout=60))
            await asyncio.sleep(0.1)

    console = asyncio.ensure_future(console_works())
    # The Wi-Fi comes back: every phone within a second, in a random order.
    await asyncio.gather(*(delayed(p.connect(), random.random()) for p in phones))
    for _ in range(300):
        if all(p.states for p in phones):
            break
        await asyncio.sleep(0.1)
    stopping.set()
    await console
    await asyncio.gather(*(p.client.disconnect() for p in phones))
    await moderator.disconnect()

    without = [p.auth["token"] for p in phones if not p.states]
    assert without == [], f"{len(without)} phones got no state"
    names = {p.states[-1]["me"]["name"] for p in phones}
    assert names == {f"Phone {n}" for n in range(PHONES)}
    assert all(p.states[-1]["cafe"]["code"] == links["code"] for p in phones)
    assert answers and all(a["ok"] for a in answers), [a for a in answers if not a["ok"]]
    # The admission control was at work, else this test would not cover it.
    assert sum(p.busy_answers for p in phones) > 0


async def delayed(work, seconds: float):
    await asyncio.sleep(seconds)
    return await work


def test_a_hall_reconnecting_on_a_busy_laptop_gets_back_and_the_console_answers(live_server):
    # Few connects at once, so that a storm of 200 meets the admission control for sure, and
    # a short wait after `busy`, so that the test stays short.
    server = live_server(PHONE_CONNECTS_AT_ONCE="20", PHONE_CONNECT_RETRY_MS="300",
                         EVENTS_PER_SECOND="1000", ADDRESS_EVENTS_PER_SECOND="100000")
    links = create_cafe(server, tables=20, seats_per_table=12, rounds=2)
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        # In a thread of its own: the browser tests' Playwright keeps an event loop running
        # in the main thread for the session, and asyncio.run refuses to nest.
        with concurrent.futures.ThreadPoolExecutor(1) as thread:
            thread.submit(asyncio.run, storm(server.url, links)).result()
    finally:
        busy.kill()
        busy.wait()
