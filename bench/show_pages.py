"""Debian's chromium showing a café's console and projection screen, as on the moderator's
laptop during a café, for bench/load.py --browser: it prints "ready" once both pages are up
and keeps them open (drawing every change) until it is stopped.

    .venv/bin/python bench/show_pages.py <console URL> <screen URL>
"""

import signal
import sys
import threading

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-gpu"]


def main() -> None:
    console_url, screen_url = sys.argv[1:3]
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        console = browser.new_page(viewport={"width": 1366, "height": 768})
        console.goto(console_url)
        console.wait_for_selector('#connection[data-state="online"]', timeout=120_000)
        screen = browser.new_page(viewport={"width": 1920, "height": 1080})
        screen.goto(screen_url)
        screen.wait_for_load_state("networkidle", timeout=120_000)
        print("ready", flush=True)
        # Playwright's objects belong to this thread: wait here, letting its loop run.
        while not stopping.is_set():
            console.wait_for_timeout(500)
        browser.close()


if __name__ == "__main__":
    main()
