"""Load benchmark: the real server (one process, SQLite) under a hall of phones, measured
against a bare Flask-SocketIO relay (bench/relay.py) driven by the same load.

    .venv/bin/python bench/load.py --phones 1000 --more 1000 --modes eventlet gevent

For each server mode it reports: connections held and memory per phone; a burst where every
phone posts one idea at once (lost, doubled, throughput); steady posting at a fixed rate
(p50/p95 from emit to the moderator); starting a round (time until the last phone has its
seat; rounds 1 to 3 with --rotations 3, the default, and the median counts); a reconnect
storm (all phones drop and come back, with the moderator's answer times meanwhile). Figures
for the relay come from the same clients on the same machine, so each app figure is also
shown as a ratio.

With --voting-ideas N a second scenario follows: the phones post N ideas, the round ends and
voting opens; each phone fetches the idea list when it hears the café change, as the phone
page does (time until the last phone has it, bytes per phone, the moderator's slowest answer
meanwhile), then again with the ETag it got (a reconnect: 304). The relay serves the very body
the app sent from memory, so the comparison is the cost of the app's list alone.

    .venv/bin/python bench/load.py --phones 1000 --voting-ideas 5000 --voting-only
"""

import argparse
import asyncio
import contextlib
import gc
import gzip
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import socketio

ROOT = Path(__file__).resolve().parents[1]
CONNECT_BATCH = 100


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def start(command: list[str], env: dict, port: int, cwd: Path = ROOT) -> subprocess.Popen:
    log = open(Path(tempfile.gettempdir()) / f"load-server-{port}.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **env},
                               stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), 0.2):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{command} did not start")


class Phone:
    """One simulated phone: a websocket Socket.IO client that records arrival times. Told
    "busy" when connecting, it tries again after the retry_ms the server named, jittered
    (0.5-1.5x), as the phone page does (static/js/lib/connection.js)."""

    def __init__(self, namespace: str, auth: dict):
        self.namespace = namespace
        self.auth = auth
        # The random key the phone page adds to its Socket.IO query: nginx routes by it, so
        # behind nginx (bench/scale.py) a phone and its reconnects reach one process.
        self.device = secrets.token_hex(8)
        self.arrivals: dict[str, list[tuple[float, object]]] = {}
        self.waiting: dict[str, asyncio.Event] = {}
        self.busy_answers = 0
        self.refusal = None
        self.failure = ""  # why the last connect failed: an error code, or the exception
        self.client = self._new_client()

    def _new_client(self) -> socketio.AsyncClient:
        client = socketio.AsyncClient(reconnection=False)
        client.on("*", self._record, namespace=self.namespace)
        client.on("connect_error", self._refused, namespace=self.namespace)
        return client

    async def _record(self, event, data=None):
        self.arrivals.setdefault(event, []).append((time.perf_counter(), data))
        if event in self.waiting:
            self.waiting.pop(event).set()

    async def _refused(self, data=None):
        # python-socketio hands over {message, data}; `data` is the error object.
        self.refusal = data.get("data") if isinstance(data, dict) else None

    async def next(self, event: str) -> None:
        """Wait for the next `event` (the phone page reacts to it)."""
        await self.waiting.setdefault(event, asyncio.Event()).wait()

    async def connect(self, url: str, give_up_after: float = 60) -> bool:
        deadline = time.perf_counter() + give_up_after
        while True:
            self.refusal = None
            try:
                await self.client.connect(f"{url}?device={self.device}",
                                          namespaces=[self.namespace], auth=self.auth,
                                          transports=["websocket"], wait_timeout=30)
                return True
            except Exception as exc:  # a refused phone is a figure, not a crash
                refusal = self.refusal
                if not (isinstance(refusal, dict) and refusal.get("code") == "busy"):
                    self.failure = (refusal or {}).get("code") or str(exc)[:60]
                    return False
            self.busy_answers += 1
            await self.client.disconnect()
            # A busy database (no retry_ms) is waited out as the page does: 5 s.
            pause = (refusal.get("details", {}).get("retry_ms", 5000) / 1000
                     * random.uniform(0.5, 1.5))
            if time.perf_counter() + pause > deadline:
                self.failure = "busy until it gave up"
                return False
            await asyncio.sleep(pause)
            self.client = self._new_client()

    async def call(self, event: str, payload=None, timeout: float = 60):
        return await self.client.call(event, payload or {}, namespace=self.namespace,
                                      timeout=timeout)

    def new_ideas(self, since: float = 0) -> list[tuple[float, dict]]:
        """(arrival, idea) of every new idea since then, from the lists they come in
        (`ideas:new`: the ideas written together, one list)."""
        return [(t, idea) for t, ideas in self.arrivals.get("ideas:new", []) if t >= since
                for idea in ideas]

    def first_after(self, event: str, since: float) -> float | None:
        times = [t for t, _ in self.arrivals.get(event, []) if t >= since]
        return min(times) if times else None


async def connect_all(phones: list[Phone], url: str) -> int:
    ok = 0
    for start_at in range(0, len(phones), CONNECT_BATCH):
        batch = phones[start_at:start_at + CONNECT_BATCH]
        ok += sum(await asyncio.gather(*(p.connect(url) for p in batch)))
    return ok


async def wait_until(condition, timeout: float) -> bool:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.01)
    return condition()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


# ---- the app ------------------------------------------------------------------------------

async def join_all(url: str, code: str, count: int, offset: int,
                   joining: int = 50) -> list[str]:
    """`count` people join, `joining` at a time."""
    async with aiohttp.ClientSession() as session:
        semaphore = asyncio.Semaphore(joining)

        async def join(n: int) -> str:
            async with semaphore, session.post(f"{url}/api/cafes/{code}/participants",
                                               json={"name": f"Phone {n}"}) as response:
                return (await response.json())["token"]

        return await asyncio.gather(*(join(n) for n in range(offset, offset + count)))


def start_app(mode: str, app_dir: Path, profile: Path | None = None,
              **settings: str) -> tuple[subprocess.Popen, str]:
    """run.py on a free port with the bench's limits; `settings` override the environment
    (bench/scale.py: PostgreSQL, Redis); with `profile`, run.py under bench/profiled_run.py."""
    port = free_port()
    folder = tempfile.mkdtemp()
    env = {"HOST": "127.0.0.1", "PORT": str(port), "ASYNC_MODE": mode, "INSTANCE_PATH": folder,
           "DATABASE_URL": f"sqlite:///{folder}/load.db", "ROTATION_TIME_LIMIT": "5",
           "IDEAS_PER_MINUTE": "100000", "EVENTS_PER_SECOND": "100000",
           "ADDRESS_EVENTS_PER_SECOND": "1000000",
           "MAX_PARTICIPANTS": "100000", "MAX_CONNECTIONS": "10000", **settings}
    # Profiled: run.py under bench/profiled_run.py, which writes its figures on SIGTERM.
    command = ([sys.executable, str(ROOT / "bench/profiled_run.py"), str(profile)] if profile
               else [sys.executable, "run.py"])
    return start(command, env, port, cwd=app_dir), f"http://127.0.0.1:{port}"


def stop_app(server: subprocess.Popen, profiled: bool) -> None:
    if profiled:
        server.terminate()
        try:
            server.wait(timeout=60)
            return
        except subprocess.TimeoutExpired:
            pass
    server.kill()
    server.wait()


def show_pages(links: dict) -> subprocess.Popen:
    """Chromium showing the café's console and screen (bench/show_pages.py), once both are up."""
    pages = subprocess.Popen([sys.executable, str(ROOT / "bench/show_pages.py"),
                              links["moderator_url"], links["screen_url"]],
                             stdout=subprocess.PIPE, text=True)
    if pages.stdout.readline().strip() != "ready":
        pages.kill()
        raise RuntimeError("chromium did not show the console and the screen")
    return pages


def settle() -> None:
    """Between measured phases, garbage is collected here, and this process's objects so far
    (a thousand phones and all they heard) are set aside from later collections. Within a
    phase the collector is off (see main): its full collections through them paused the
    benchmark for 0.3-0.4 s, and the pause counted as the server's latency."""
    gc.collect()
    gc.freeze()


def no_phase(name: str) -> contextlib.AbstractContextManager:
    """What measure_app wraps each phase in by default: nothing (bench/scale.py reads the
    processes' CPU time around each)."""
    return contextlib.nullcontext()


def profiled_phases(server: subprocess.Popen, profile: Path):
    """Each phase profiled on its own: bench/profiled_run.py closes a file at each SIGUSR1."""
    closed = 0

    def close_file() -> None:
        nonlocal closed
        closed += 1
        server.send_signal(signal.SIGUSR1)
        # Two signals sent at once would count as one: the next waits for this one's file.
        deadline = time.monotonic() + 30
        while not Path(f"{profile}.{closed}").exists() and time.monotonic() < deadline:
            time.sleep(0.05)

    @contextlib.contextmanager
    def phase(name: str):
        close_file()  # the stretch since the last phase
        yield
        close_file()
        print(f"profile of the phase '{name}': {profile}.{closed}", flush=True)

    return phase


async def seated_hall(pids: list[int], url: str, count: int, more: int, figures: dict,
                      phase=no_phase, joining: int = 50,
                      pages: list | None = None,
                      show=show_pages) -> tuple[str, Phone, list[Phone]]:
    """A café with `count` phones connected, planned: (code, moderator, phones). With `pages`
    (a list), chromium shows its console and screen from the start (what `show` returns for
    the café's links is added: show_pages's process)."""
    async with aiohttp.ClientSession() as session, session.post(
            f"{url}/api/cafes", json={"tables": (count + more) // 12 + 1,
                                       "seats_per_table": 12, "rounds": 3}) as response:
        links = await response.json()
    code = links["code"]
    if pages is not None:
        pages.append(await asyncio.to_thread(show, links))
    with phase("join"):
        tokens = await join_all(url, code, count, 0, joining)
    moderator = Phone("/moderator", {"token": links["moderator_url"].rsplit("/", 1)[1]})
    await moderator.connect(url)
    with phase("connect"):
        figures.update(await connections(pids, url, code, tokens, mode="app"))
    phones = figures.pop("phones")
    # The server plans the seating while the phones join (a quick plan, then a longer
    # search); wait until it is done, so that starting the round measures what the
    # relay's rotate does: a personal message to every phone.
    began = time.perf_counter()
    with phase("planning"):
        while (await moderator.call("get_state"))["state"]["planning"]["searching"]:
            await asyncio.sleep(0.2)
    figures["planning_s"] = time.perf_counter() - began
    return code, moderator, phones


async def run_app(mode: str, count: int, more: int, steady_seconds: float,
                  app_dir: Path, profile: Path | None = None, browser: bool = False,
                  rotations: int = 1) -> dict:
    server, url = start_app(mode, app_dir, profile)
    pages: list[subprocess.Popen] = []
    try:
        return await measure_app([server.pid], url, count, more, steady_seconds,
                                 phase=profiled_phases(server, profile) if profile else no_phase,
                                 pages=pages if browser else None, rotations=rotations)
    finally:
        for process in pages:
            process.terminate()
            process.wait()
        stop_app(server, profile is not None)


async def measure_app(pids: list[int], url: str, count: int, more: int,
                      steady_seconds: float, phase=no_phase, idle_seconds: float = 0,
                      joining: int = 50, pages: list | None = None,
                      rotations: int = 1) -> dict:
    """Every figure of the app behind `url`, served by the processes `pids` (their memory
    is what the phones cost); `phase(name)` wraps each phase. With `idle_seconds` the hall
    first sits connected and silent that long (what holding the phones costs: pings,
    presence heartbeats). `joining`: how many people join at a time. `pages`: see
    seated_hall. `rotations`: how many rounds' starts are measured (at most the café's 3),
    each after the round before was ended."""
    figures: dict = {}
    code, moderator, phones = await seated_hall(pids, url, count, more, figures, phase,
                                                joining, pages)
    if idle_seconds:
        with phase("idle"):
            await asyncio.sleep(idle_seconds)
    starts = []
    for number in range(rotations):
        if number:
            await everyone_told(moderator, phones, "end_round")
        settle()
        with phase("rotation"):
            starts.append(await everyone_told(moderator, phones, "start_round"))
    figures.update(rotation_figures(starts))

    settle()
    with phase("burst"):
        figures.update(await burst(phones, moderator, "app"))
    state = (await moderator.call("get_state"))["state"]
    stored = [i["client_id"] for i in state["ideas"]]
    figures["burst_stored"] = len(stored)
    figures["burst_doubled"] = len(stored) - len(set(stored))
    settle()
    with phase("steady"):
        figures.update(await steady(phones, moderator, steady_seconds))
    settle()
    with phase("storm"):
        figures.update(await storm(phones, moderator, url))

    if more:
        extra = await join_all(url, code, more, count)
        held = await connections(pids, url, code, extra, mode="app")
        figures["connected_total"] = figures["connected"] + held["connected"]
        figures["refused_total"] = figures["refused"] + held["refused"]
        for phone in held["phones"]:
            await phone.client.disconnect()
    for phone in phones:
        await phone.client.disconnect()
    await moderator.client.disconnect()
    return figures


async def connections(pids: list[int], url: str, code: str, tokens: list[str],
                      mode: str) -> dict:
    settle()
    before = sum(map(rss_kib, pids))
    namespace_auth = ({"token": t, "code": code} for t in tokens) if mode == "app" else (
        {} for _ in tokens)
    phones = [Phone("/participant", auth) for auth in namespace_auth]
    began = time.perf_counter()
    connected = await connect_all(phones, url)
    return {"phones": phones, "connected": connected, "refused": len(phones) - connected,
            "connect_s": time.perf_counter() - began,
            "connect_busy_answers": sum(p.busy_answers for p in phones),
            "kib_per_phone": (sum(map(rss_kib, pids)) - before) / max(1, connected)}


async def everyone_told(moderator: Phone, phones: list[Phone], event: str) -> float:
    """ms from the moderator's `event` (start_round; the relay's rotate) until the last
    phone had its new state; nan when not all got one in 2 minutes."""
    since = time.perf_counter()
    answer = await moderator.call(event)
    assert answer["ok"], answer
    told = await wait_until(lambda: all(p.first_after("state", since) for p in phones), 120)
    last = max(p.first_after("state", since) or since for p in phones)
    return (last - since) * 1000 if told else float("nan")


# The relay's own round start spread 156-271 ms from run to run on the 2-core box, which
# swung the ratio of a single start from 1.1x to 2.7x: each is measured several times
# (--rotations), and the median is the figure.
def rotation_figures(starts: list[float]) -> dict:
    return {"rotation_last_seat_ms": statistics.median(starts),
            "rotation_each_ms": ", ".join(f"{ms:.0f}" for ms in starts)}


async def burst(phones: list[Phone], moderator: Phone, tag: str) -> dict:
    since = time.perf_counter()
    answers = await asyncio.gather(*(
        p.call("post_idea", {"client_id": f"burst-{n:06d}", "text": f"Burst idea {n}"})
        for n, p in enumerate(phones)))
    acked_at = time.perf_counter()
    arrived = await wait_until(lambda: len(moderator.new_ideas(since)) >= len(phones), 60)
    times = [t for t, _ in moderator.new_ideas(since)]
    last = max(times) if times else acked_at
    return {"burst_acked": sum(1 for a in answers if a.get("ok")),
            "burst_at_moderator": len(times) if arrived or times else 0,
            "burst_ideas_per_s": len(phones) / (max(last, acked_at) - since)}


async def steady(phones: list[Phone], moderator: Phone, seconds: float, rate: float = 50) -> dict:
    """rate ideas per second in total from random phones; latency emit -> moderator."""
    sent: dict[str, float] = {}
    total = int(seconds * rate)
    pending = []
    began = time.perf_counter()
    for n in range(total):
        target = began + n / rate
        await asyncio.sleep(max(0, target - time.perf_counter()))
        phone = phones[(n * 7919) % len(phones)]
        text = f"steady {n}"
        sent[text] = time.perf_counter()
        pending.append(asyncio.ensure_future(
            phone.call("post_idea", {"client_id": f"steady-{n:06d}", "text": text})))
    await wait_until(lambda: sum(1 for _, d in moderator.new_ideas()
                                 if d["text"] in sent) >= total, 30)
    await asyncio.gather(*pending)
    latencies = [(t - sent[d["text"]]) * 1000 for t, d in moderator.new_ideas()
                 if d["text"] in sent]
    return {"steady_sent": total, "steady_arrived": len(latencies),
            "steady_p50_ms": statistics.median(latencies) if latencies else float("nan"),
            "steady_p95_ms": percentile(latencies, 0.95)}


class ModeratorPokes:
    """The moderator keeps working while the phones load the server: one request every
    0.2 s, taken in turn from `pokes`, each answer timed (ms), from a process of its own
    (bench/console_pokes.py) on a connection of its own, like the console in its browser."""

    def __init__(self, moderator: Phone, url: str, pokes):
        self.command = [sys.executable, str(ROOT / "bench/console_pokes.py"), url,
                        moderator.namespace, json.dumps(moderator.auth), *pokes]
        self.pokes = pokes
        self.answer_times: list[tuple[str, float]] = []

    async def start(self) -> "ModeratorPokes":
        self.process = await asyncio.create_subprocess_exec(
            *self.command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
        if (await self.process.stdout.readline()).strip() != b"ready":
            raise RuntimeError("the console's pokes could not connect")
        return self

    async def stop(self) -> float:
        """Stop poking; the slowest answer meanwhile."""
        output, _ = await self.process.communicate(b"")
        self.answer_times = [tuple(entry) for entry in json.loads(output)]
        return max((ms for _, ms in self.answer_times), default=0)

    def slowest_by_event(self) -> str:
        """"sync_time 120, get_plan 340": the slowest answer to each request, ms."""
        return ", ".join(
            f"{event} {max(ms for e, ms in self.answer_times if e == event):.0f}"
            for event in self.pokes if any(e == event for e, _ in self.answer_times))


async def storm(phones: list[Phone], moderator: Phone, url: str,
                pokes=("sync_time", "get_plan")) -> dict:
    """All phones drop, then come back within 5 s; the moderator keeps working meanwhile
    (its requests taken in turn from `pokes`)."""
    await asyncio.gather(*(p.client.disconnect() for p in phones))
    for phone in phones:
        phone.arrivals.clear()
    poker = await ModeratorPokes(moderator, url, pokes).start()
    began = time.perf_counter()
    spread = 5 / max(1, len(phones))

    async def come_back(n: int, phone: Phone):
        await asyncio.sleep(n * spread)
        phone.client = phone._new_client()
        return await phone.connect(url)

    back = await asyncio.gather(*(come_back(n, p) for n, p in enumerate(phones)))
    restored = await wait_until(lambda: all(p.arrivals.get("state") for p in phones), 60)
    done = time.perf_counter()
    slowest = await poker.stop()
    return {"storm_reconnected": sum(back), "storm_all_state": restored,
            "storm_s": done - began, "storm_moderator_max_ms": slowest,
            "storm_moderator_slowest": poker.slowest_by_event(),
            "storm_busy_answers": sum(p.busy_answers for p in phones),
            "storm_failures": failures(p for p, ok in zip(phones, back, strict=True) if not ok)}


def failures(phones) -> str:
    """Why phones did not get back, counted: "12 timeout, 3 busy until it gave up"."""
    counted: dict[str, int] = {}
    for phone in phones:
        counted[phone.failure] = counted.get(phone.failure, 0) + 1
    return ", ".join(f"{n} {why}" for why, n in counted.items()) or "none"


WORDS = ("Begegnungsorte", "Quartier", "Ehrenamt", "Verwaltung", "Jugendliche", "Schule",
         "Nachbarschaft", "Bus", "Radwege", "Wohnen", "bezahlbar", "Vereine", "Räume", "offen",
         "digital", "Beteiligung", "Kita", "Senioren", "Kultur", "Sport", "Markt", "Grünflächen",
         "mehr", "bessere", "gemeinsam", "Sprechstunde", "Treffpunkt", "Bibliothek", "abends",
         "Sicherheit", "Klima", "Bäume", "Parkplätze", "Fest", "Austausch", "Netzwerk")


def idea_text(n: int) -> str:
    """A phone-typed idea of 4 to 14 words: text that compresses like real ideas do."""
    pick = random.Random(n)
    return f"{n}: " + " ".join(pick.choice(WORDS) for _ in range(pick.randint(4, 14)))


async def post_many(phones: list[Phone], total: int) -> int:
    """`total` ideas, every phone posting its share one after another, all phones at once."""
    async def share(n: int, phone: Phone) -> int:
        stored = 0
        for k in range(n, total, len(phones)):
            answer = await phone.call("post_idea", {"client_id": f"vote-{k:06d}",
                                                    "text": idea_text(k)})
            stored += bool(answer.get("ok"))
        return stored

    return sum(await asyncio.gather(*(share(n, p) for n, p in enumerate(phones))))


async def fetch_wave(phones: list[Phone], url: str, path: str, moderator: Phone,
                     open_event: str, open_payload: dict,
                     pokes: tuple[str, ...], etags: list[str] | None = None) -> dict:
    """The moderator opens voting; every phone, hearing `cafe`, fetches the list (with the
    ETag it holds, if any). The moderator goes on working meanwhile."""
    got: list[tuple[float, int, int, str]] = [None] * len(phones)  # type: ignore[list-item]
    heard: list[float] = [0.0] * len(phones)
    # At most CONNECT_BATCH requests under way, as when connecting: a thousand new
    # connections at once overflow the server's listen backlog, and the refused ones wait
    # out TCP's retry (1, 3, 7 s...), which would measure the kernel, not the server.
    connector = aiohttp.TCPConnector(limit=CONNECT_BATCH)
    async with aiohttp.ClientSession(connector=connector, auto_decompress=False) as session:
        async def phone_fetches(n: int, phone: Phone) -> None:
            await phone.next("cafe")
            heard[n] = time.perf_counter()
            headers = {"Accept-Encoding": "gzip"}
            if etags:
                headers["If-None-Match"] = etags[n]
            async with session.get(f"{url}{path}", headers=headers) as response:
                body = await response.read()
                got[n] = (time.perf_counter(), response.status, len(body),
                          response.headers.get("ETag", ""))

        settle()
        fetching = [asyncio.ensure_future(phone_fetches(n, p)) for n, p in enumerate(phones)]
        await asyncio.sleep(0.1)  # every phone is listening
        since = time.perf_counter()
        answer = await moderator.call(open_event, open_payload)
        assert answer.get("ok"), answer
        poker = await ModeratorPokes(moderator, url, pokes).start()
        # A phone the server dropped meanwhile (a missed ping) never hears it: counted.
        _, missed = await asyncio.wait(fetching, timeout=120)
        for task in missed:
            task.cancel()
        slowest = await poker.stop()
    done = [entry for entry in got if entry]
    statuses = sorted({status for _, status, _, _ in done})
    return {"phones_served": len(done),
            "heard_s": max(heard) - since, "last_s": max(t for t, _, _, _ in done) - since,
            "bytes_per_phone": statistics.mean(size for _, _, size, _ in done),
            "statuses": "/".join(map(str, statuses)),
            "moderator_max_ms": slowest,
            "etags": [entry[3] if entry else "" for entry in got]}


async def voting_app(mode: str, count: int, ideas: int, app_dir: Path,
                     profile: Path | None = None) -> tuple[dict, bytes]:
    """The app's figures, and the list it served (the relay serves the same bytes)."""
    server, url = start_app(mode, app_dir, profile)
    figures: dict = {}
    try:
        code, moderator, phones = await seated_hall([server.pid], url, count, 0, figures)
        assert (await moderator.call("start_round"))["ok"]
        await wait_until(lambda: all(p.arrivals.get("state") for p in phones), 60)
        began = time.perf_counter()
        figures["ideas_stored"] = await post_many(phones, ideas)
        figures["posting_s"] = time.perf_counter() - began
        assert (await moderator.call("end_round"))["ok"]
        await asyncio.sleep(1)  # the end of the round has reached every phone
        path = f"/api/cafes/{code}/ideas"
        # The moderator asks what the relay's can answer (get_plan for a big hall takes
        # the server most of a second by itself and would hide the list's cost).
        first = await fetch_wave(phones, url, path, moderator, "open_voting",
                                 {"dots_per_person": 3}, ("sync_time",))
        again = await fetch_wave(phones, url, path, moderator, "close_voting", {},
                                 ("sync_time",), first.pop("etags"))
        again.pop("etags")
        figures.update({f"first_{k}": v for k, v in first.items()})
        figures.update({f"again_{k}": v for k, v in again.items()})
        async with aiohttp.ClientSession() as session, session.get(
                f"{url}{path}", headers={"Accept-Encoding": "identity"}) as response:
            served = await response.read()
        figures["ideas_listed"] = len(json.loads(served)["ideas"])
        for phone in phones:
            await phone.client.disconnect()
        await moderator.client.disconnect()
    finally:
        stop_app(server, profile is not None)
    return figures, served


async def voting_relay(mode: str, count: int, body: bytes) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as file:
        file.write(body)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start([sys.executable, "bench/relay.py", str(port), mode, file.name], {}, port)
    try:
        moderator = Phone("/moderator", {})
        await moderator.connect(url)
        held = await connections([server.pid], url, "", ["-"] * count, mode="relay")
        phones = held.pop("phones")
        figures = {"connected": held["connected"]}
        first = await fetch_wave(phones, url, "/ideas", moderator, "open_voting", {},
                                 ("sync_time",))
        again = await fetch_wave(phones, url, "/ideas", moderator, "open_voting", {},
                                 ("sync_time",), first.pop("etags"))
        again.pop("etags")
        figures.update({f"first_{k}": v for k, v in first.items()})
        figures.update({f"again_{k}": v for k, v in again.items()})
        for phone in phones:
            await phone.client.disconnect()
        await moderator.client.disconnect()
    finally:
        server.kill()
        server.wait()
        os.unlink(file.name)
    return figures


def report_voting(mode: str, count: int, ideas: int, app: dict, relay: dict,
                  body: bytes) -> None:
    print(f"\n### {mode}: voting opens, {count} phones, {ideas} ideas "
          f"(list {len(body) / 1e6:.2f} MB, gzipped {len(gzip.compress(body)) / 1e6:.2f} MB)\n")
    print(f"ideas stored {app['ideas_stored']} in {app['posting_s']:.1f} s, "
          f"listed {app['ideas_listed']}, phones connected {app['connected']} "
          f"(relay {relay['connected']})\n")
    print("| figure | app | bare relay | app / relay |")
    print("|---|---|---|---|")
    rows = [
        ("voting opens: phones that got the list", "first_phones_served"),
        ("voting opens: seconds until the last phone heard it", "first_heard_s"),
        ("voting opens: seconds until the last phone has the list", "first_last_s"),
        ("voting opens: bytes per phone", "first_bytes_per_phone"),
        ("voting opens: HTTP statuses", "first_statuses"),
        ("voting opens: slowest moderator answer meanwhile, ms", "first_moderator_max_ms"),
        ("again: phones answered", "again_phones_served"),
        ("again: seconds until the last phone heard the café change", "again_heard_s"),
        ("again with the ETag: seconds until the last phone is answered", "again_last_s"),
        ("again with the ETag: bytes per phone", "again_bytes_per_phone"),
        ("again with the ETag: HTTP statuses", "again_statuses"),
        ("again with the ETag: slowest moderator answer meanwhile, ms",
         "again_moderator_max_ms"),
    ]
    for label, key in rows:
        a, r = app[key], relay[key]
        ratio = f"{a / r:.2f}x relay" if isinstance(a, float) and r else ""
        print(f"| {label} | {shown(a)} | {shown(r)} | {ratio} |")


# ---- the relay ----------------------------------------------------------------------------

async def run_relay(mode: str, count: int, rotations: int = 1) -> dict:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start([sys.executable, "bench/relay.py", str(port), mode], {}, port)
    try:
        moderator = Phone("/moderator", {})
        await moderator.connect(url)
        held = await connections([server.pid], url, "", ["-"] * count, mode="relay")
        phones = held.pop("phones")
        figures = dict(held)
        starts = []
        for _ in range(rotations):
            settle()
            starts.append(await everyone_told(moderator, phones, "rotate"))
        figures.update(rotation_figures(starts))
        settle()
        figures.update(await burst(phones, moderator, "relay"))
        settle()
        # The relay answers only sync_time; it sends each phone a small state on connect.
        figures.update(await storm(phones, moderator, url, pokes=("sync_time",)))
        for phone in phones:
            await phone.client.disconnect()
        await moderator.client.disconnect()
    finally:
        server.kill()
        server.wait()
    return figures


def shown(value) -> str:
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def report(mode: str, app: dict, relay: dict) -> None:
    def ratio(key, higher_is_better):
        if key not in relay or not relay[key]:
            return ""
        value = app[key] / relay[key]
        return f"{value:.2f}x relay" if higher_is_better is not None else ""

    print(f"\n### {mode}\n")
    print("| figure | app | bare relay | app / relay |")
    print("|---|---|---|---|")
    rows = [
        ("phones connected (first wave)", "connected", True),
        ("refused", "refused", None),
        ("seconds to connect them", "connect_s", False),
        ("'busy, retry' answers while connecting them", "connect_busy_answers", None),
        ("server memory per connected phone, KiB", "kib_per_phone", None),
        ("planning the seating for everyone, s", "planning_s", None),
        ("rotation: last phone has its seat, ms (median)", "rotation_last_seat_ms", False),
        ("rotation: each start, ms", "rotation_each_ms", None),
        ("burst: ideas acknowledged", "burst_acked", None),
        ("burst: ideas at the moderator", "burst_at_moderator", None),
        ("burst: ideas stored", "burst_stored", None),
        ("burst: ideas stored twice", "burst_doubled", None),
        ("burst: ideas per second", "burst_ideas_per_s", True),
        ("steady 50/s: sent / arrived", None, None),
        ("steady: p50 emit to moderator, ms", "steady_p50_ms", None),
        ("steady: p95 emit to moderator, ms", "steady_p95_ms", None),
        ("reconnect storm: phones back / all got state", None, None),
        ("reconnect storm: seconds until all had state", "storm_s", False),
        ("reconnect storm: slowest moderator answer, ms", "storm_moderator_max_ms", False),
        ("reconnect storm: slowest answer to each request, ms", "storm_moderator_slowest", None),
        ("reconnect storm: 'busy, retry' answers", "storm_busy_answers", None),
        ("reconnect storm: why phones did not get back", "storm_failures", None),
        ("after adding more phones: connected / refused", None, None),
    ]
    for label, key, better in rows:
        if key is None:
            if "steady" in label:
                value = f"{app['steady_sent']} / {app['steady_arrived']}"
            elif "storm" in label:
                value = f"{app['storm_reconnected']} / {app['storm_all_state']}"
                base = f"{relay['storm_reconnected']} / {relay['storm_all_state']}"
                print(f"| {label} | {value} | {base} | |")
                continue
            else:
                value = f"{app.get('connected_total', '–')} / {app.get('refused_total', '–')}"
            print(f"| {label} | {value} | | |")
            continue
        app_value = app.get(key, "–")
        relay_value = relay.get(key, "–")
        print(f"| {label} | {shown(app_value)} | {shown(relay_value)} | "
              f"{ratio(key, better) if better is not None else ''} |")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--more", type=int, default=1000, help="phones added afterwards")
    parser.add_argument("--modes", nargs="+", default=["eventlet", "gevent"])
    parser.add_argument("--steady-seconds", type=float, default=10)
    parser.add_argument("--voting-ideas", type=int, default=0,
                        help="then the voting scenario with this many ideas (0: not run)")
    parser.add_argument("--voting-only", action="store_true",
                        help="only the voting scenario")
    parser.add_argument("--app-dir", type=Path, default=ROOT,
                        help="the checkout whose run.py is measured (to compare versions)")
    parser.add_argument("--busy", action="store_true",
                        help="a second process keeps one core busy all along (the laptop's "
                             "browsers drawing the console and the screen)")
    parser.add_argument("--browser", action="store_true",
                        help="chromium shows the app's console and screen all along (the "
                             "relay has none to show)")
    parser.add_argument("--rotations", type=int, default=3, choices=(1, 2, 3),
                        help="rounds' starts measured, app and relay alike (the median counts)")
    parser.add_argument("--profile", type=Path,
                        help="profile the app's server (cProfile) into this file; the "
                             "figures of a profiled run are slower than real ones")
    args = parser.parse_args()
    print(f"load benchmark: {args.phones} phones (+{args.more}), modes {args.modes}, "
          f"voting ideas {args.voting_ideas}, app {args.app_dir}, "
          f"{'one core busy, ' if args.busy else ''}"
          f"{'chromium showing console and screen, ' if args.browser else ''}"
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"load average {os.getloadavg()[0]:.2f}")
    gc.disable()  # collected between phases only (settle)
    busy = (subprocess.Popen([sys.executable, "-c", "while True: pass"]) if args.busy
            else None)
    try:
        for mode in args.modes:
            if not args.voting_only:
                relay = await run_relay(mode, args.phones, args.rotations)
                app = await run_app(mode, args.phones, args.more, args.steady_seconds,
                                    args.app_dir, args.profile, args.browser, args.rotations)
                report(mode, app, relay)
            if args.voting_ideas:
                app, body = await voting_app(mode, args.phones, args.voting_ideas, args.app_dir,
                                             args.profile)
                relay = await voting_relay(mode, args.phones, body)
                report_voting(mode, args.phones, args.voting_ideas, app, relay, body)
    finally:
        if busy:
            busy.kill()
            busy.wait()
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
