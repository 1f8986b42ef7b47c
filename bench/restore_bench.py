"""Other clients' answer times while /restore handles uploads, on the real server (run.py).

While phones (Socket.IO `sync_time`) and browsers (GET /join) keep asking, each again 0.1 s
after its answer, another process uploads in turn: nothing (the baseline), the export of a
600-person café with 5,000 ideas, the largest export the limit allows (2,000 people; its
ideas fill it to just under MAX_RESTORE_MB), and two bodies over the limit (that export
padded to 20 MB, and a 63 MB JSON array). For each it reports the upload's answer and time,
and p50/p95/max of the other clients' requests sent while it ran. The bound: p95 under
100 ms.

    .venv/bin/python bench/restore_bench.py [--mode eventlet] [--phones 20] [--browsers 5]
"""

import argparse
import math
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from export_bench import build  # noqa: E402

from app import create_app  # noqa: E402
from app.config import Config  # noqa: E402
from app.extensions import db  # noqa: E402
from app.realtime.publisher import RecordingPublisher  # noqa: E402
from app.services.exports import json_export  # noqa: E402
from tests.support.clients import Peer, create_cafe, join  # noqa: E402
from tests.support.live_server import LiveServer  # noqa: E402

BOUND_S = 0.1
BASELINE_S = 3.0
PAUSE_S = 0.1  # between one onlooker's requests
UPLOADER = """
import sys, requests
with open(sys.argv[2], "rb") as body:
    answer = requests.post(sys.argv[1], files={"archive": ("cafe.json", body)}, timeout=600)
print(answer.status_code)
"""


def export_of(folder: Path, people: int, ideas: int) -> bytes:
    """A café built like bench/export_bench.py, exported as its JSON file."""
    app = create_app(Config(INSTANCE_DIR=folder, SECRET_KEY="bench", ASYNC_MODE="threading",
                            DATABASE_URL=f"sqlite:///{folder / f'build-{people}-{ideas}.db'}",
                            MESSAGE_QUEUE=None, PUBLIC_URL=None, CAFES_PER_HOUR=1000))
    app.extensions["publisher"] = RecordingPublisher()
    with app.test_request_context("/"):
        cafe, _ = build(people, ideas)
        body = json_export.json_text(cafe).encode()
    db.session.remove()
    db.engine.dispose()
    return body


class Onlookers:
    """Phones and browsers asking again and again; keeps (sent at, seconds) per request."""

    def __init__(self, server, phones: int, browsers: int):
        links = create_cafe(server, title="Nebenan", tables=4, rounds=3)
        self.peers = [Peer(server, "/participant",
                           {"token": join(server, links["code"], f"Phone {n}"),
                            "code": links["code"]}) for n in range(phones)]
        self.samples: list[tuple[float, float]] = []
        self.running = True
        self.threads = [threading.Thread(target=self._phone, args=(peer,), daemon=True)
                        for peer in self.peers]
        self.threads += [threading.Thread(target=self._browser, args=(server.url,), daemon=True)
                         for _ in range(browsers)]
        for thread in self.threads:
            thread.start()

    def _timed(self, ask) -> None:
        while self.running:
            sent = time.monotonic()
            ask()
            self.samples.append((sent, time.monotonic() - sent))
            time.sleep(PAUSE_S)

    def _phone(self, peer):
        self._timed(lambda: peer.call("sync_time", {}))

    def _browser(self, url):
        with requests.Session() as session:
            self._timed(lambda: session.get(url + "/join", timeout=60).raise_for_status())

    def between(self, start: float, end: float) -> list[float]:
        return sorted(seconds for sent, seconds in list(self.samples) if start <= sent <= end)

    def stop(self):
        self.running = False
        for thread in self.threads:
            thread.join()
        for peer in self.peers:
            peer.close()


def upload(url: str, body: bytes, folder: Path) -> str:
    """POST the body as /restore's file from another process (the onlookers' threads would
    otherwise wait for this process's GIL while it sends); returns the answer's status."""
    path = folder / "upload.json"
    path.write_bytes(body)
    done = subprocess.run([sys.executable, "-c", UPLOADER, url + "/restore", str(path)],
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def percentile(values: list[float], share: float) -> float:
    return values[math.ceil(share * len(values)) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", default="eventlet", choices=("eventlet", "gevent", "threading"))
    parser.add_argument("--phones", type=int, default=20)
    parser.add_argument("--browsers", type=int, default=5)
    args = parser.parse_args()
    limit = Config(INSTANCE_DIR=Path(tempfile.gettempdir())).MAX_RESTORE_BYTES
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        realistic = export_of(folder, 600, 5000)
        # 2,000 people with 10,000 ideas export to 7.63 MB; each further idea (with its
        # share of votes) adds about 650 bytes: fill the limit up to 50 kB.
        largest = export_of(folder, 2000, 10_000 + (limit - 7_680_000) // 650)
        assert len(largest) <= limit - 2048, len(largest)  # room for the multipart framing
        uploads = [
            ("nothing (baseline)", None),
            (f"600 people, 5,000 ideas ({len(realistic) / 1e6:.1f} MB)", realistic),
            (f"largest allowed: 2,000 people ({len(largest) / 1e6:.1f} MB)", largest),
            ("that export padded to 20 MB", largest[:-2] + b" " * (20_000_000 - len(largest))
             + largest[-2:]),
            ("63 MB JSON array", b"[" + b"1," * 31_500_000 + b"1]"),
        ]
        server = LiveServer(folder, args.mode, CAFES_PER_HOUR="1000").start()
        rows, failed = [], False
        try:
            onlookers = Onlookers(server, args.phones, args.browsers)
            time.sleep(1)
            for label, body in uploads:
                start = time.monotonic()
                if body is None:
                    time.sleep(BASELINE_S)
                    answer = "–"
                else:
                    answer = upload(server.url, body, folder)
                end = time.monotonic()
                time.sleep(0.5)  # requests sent near the end have answered
                taken = onlookers.between(start, end)
                p95 = percentile(taken, 0.95)
                failed |= p95 >= BOUND_S
                rows.append((label, answer, end - start, len(taken),
                             statistics.median(taken), p95, taken[-1]))
            onlookers.stop()
        finally:
            server.stop()
    print(f"\nmode {args.mode}, {args.phones} phones + {args.browsers} browsers asking, "
          f"MAX_RESTORE_BYTES {limit:,}\n")
    print("| upload | answer | upload s | requests meanwhile | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, answer, seconds, count, p50, p95, slowest in rows:
        print(f"| {label} | {answer} | {seconds:.2f} | {count} | {p50 * 1000:.0f} | "
              f"{p95 * 1000:.0f} | {slowest * 1000:.0f} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
