"""Where the console's and the screen's browser spend their time while a hall of phones
starts a round and sends a burst of ideas: chromium's own CPU profile of each page, per phase.

    .venv/bin/python bench/page_profile.py [--phones 1000] [--busy]

Prints, for each phase and page, the milliseconds the page's main thread was busy and the
functions that took most of it (self time). "(program)" is the browser's own work for the
page (style, layout, paint); "(idle)" is time with nothing to do. Uses Debian's chromium, as
bench/show_pages.py does; the server and the phones are bench/load.py's.
"""

import argparse
import asyncio
import collections
import subprocess
import sys
import time

import load
from playwright.async_api import async_playwright
from show_pages import CHROMIUM, CHROMIUM_ARGS


def busiest(profile: dict, top: int) -> tuple[float, list[tuple[str, float]]]:
    """(busy ms, [(function, self ms)]) from a CDP Profiler profile."""
    nodes = {node["id"]: node["callFrame"] for node in profile["nodes"]}
    spent: collections.Counter = collections.Counter()
    # Each sample's time is the delta to the next one.
    for sample, delta in zip(profile["samples"], [*profile["timeDeltas"][1:], 0], strict=True):
        frame = nodes[sample]
        where = frame["url"].rsplit("/", 1)[-1]
        name = frame["functionName"] or "(anonymous)"
        spent[f"{name} {where}:{frame['lineNumber'] + 1}" if where else name] += delta / 1000
    busy = sum(ms for name, ms in spent.items() if name != "(idle)")
    return busy, spent.most_common(top)


async def round_start(moderator, phones) -> str:
    since = time.perf_counter()
    await moderator.call("start_round")
    await load.wait_until(lambda: all(p.first_after("state", since) for p in phones), 120)
    last = max(p.first_after("state", since) or since for p in phones)
    return f"last phone seated after {(last - since) * 1000:.0f} ms"


async def burst(moderator, phones) -> str:
    result = await load.burst(phones, moderator, "app")
    return f"{result['burst_ideas_per_s']:.0f} ideas/s"


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--busy", action="store_true", help="a second process keeps a core busy")
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args()
    busy = (subprocess.Popen([sys.executable, "-c", "while True: pass"]) if args.busy
            else None)
    server, url = load.start_app("eventlet", load.ROOT)
    try:
        found: list[dict] = []  # the café's links (no pages yet: they open below)
        _code, moderator, phones = await load.seated_hall(
            [server.pid], url, args.phones, 0, {}, pages=found, show=lambda links: links)
        links = found[0]
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM,
                                                       args=CHROMIUM_ARGS)
            console = await browser.new_page(viewport={"width": 1366, "height": 768})
            await console.goto(links["moderator_url"])
            await console.wait_for_selector('#connection[data-state="online"]')
            screen = await browser.new_page(viewport={"width": 1920, "height": 1080})
            await screen.goto(links["screen_url"])
            await screen.wait_for_load_state("networkidle")
            await asyncio.sleep(2)
            sessions = {}
            for name, page in (("console", console), ("screen", screen)):
                sessions[name] = await page.context.new_cdp_session(page)
                await sessions[name].send("Profiler.enable")
                await sessions[name].send("Profiler.setSamplingInterval", {"interval": 500})
            for phase, run in (("round start", round_start), ("burst", burst)):
                for session in sessions.values():
                    await session.send("Profiler.start")
                outcome = await run(moderator, phones)
                await asyncio.sleep(2)  # what the pages draw after the last message
                print(f"## {phase}: {outcome}")
                for name, session in sessions.items():
                    busy_ms, top = busiest((await session.send("Profiler.stop"))["profile"],
                                           args.top)
                    print(f"{name}: busy {busy_ms:.0f} ms")
                    for function, ms in top:
                        print(f"  {ms:8.1f} ms  {function}")
            await browser.close()
    finally:
        if busy:
            busy.kill()
        load.stop_app(server, False)


if __name__ == "__main__":
    asyncio.run(main())
