"""How many bytes a phone transfers to open the participant page for the first time.

Starts the real server, opens /j/<code> in Debian's chromium with an empty cache, and sums
what the browser's own network log says crossed the wire (headers and compressed bodies),
including the Socket.IO handshake. Also lists any request to a host other than the app's.

    .venv/bin/python bench/phone_weight.py
"""

import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import requests
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.support.live_server import LiveServer

BUDGET = 150 * 1024


def measure(server: LiveServer) -> tuple[int, list[tuple[str, int]], list[str]]:
    code = requests.post(f"{server.url}/api/cafes", json={}, timeout=10).json()["code"]
    app_host = urlparse(server.url).netloc
    rows: list[tuple[str, int]] = []
    foreign: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"],
        )
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()

        def finished(request):
            sizes = request.sizes()
            rows.append((request.url.replace(server.url, ""),
                         sizes["responseHeadersSize"] + sizes["responseBodySize"]
                         + sizes["requestHeadersSize"] + sizes["requestBodySize"]))
            if urlparse(request.url).netloc != app_host:
                foreign.append(request.url)

        # On the context, so the service worker's own fetches are counted too.
        context.on("requestfinished", finished)
        page.goto(f"{server.url}/j/{code}", wait_until="networkidle")
        page.fill("#name", "Messung")
        page.click("#join-form button[type=submit]")
        page.wait_for_selector("#connection[data-state=online]")
        page.wait_for_timeout(1000)
        browser.close()
    return sum(size for _, size in rows), rows, foreign


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        server = LiveServer(Path(folder)).start()
        try:
            total, rows, foreign = measure(server)
        finally:
            server.stop()
    for url, size in sorted(rows, key=lambda row: -row[1]):
        print(f"{size:>8}  {url[:90]}")
    print(f"{total:>8}  total bytes on the wire ({total / 1024:.1f} KiB; budget "
          f"{BUDGET // 1024} KiB: {'within' if total <= BUDGET else 'OVER'})")
    print(f"requests to other hosts: {foreign or 'none'}")


if __name__ == "__main__":
    main()
