"""The moderator's console working while phones load the server, for bench/load.py: one
request every 0.2 s, taken in turn from the events named, each answer timed.

It runs in a process of its own, as the console runs in a browser of its own: in the
benchmark's process its answers would wait behind the thousand simulated phones' own work.

    console_pokes.py URL NAMESPACE AUTH_JSON EVENT...

Prints "ready" once connected; when its standard input closes, prints the answers as JSON,
[[event, milliseconds], ...], and ends.
"""

import asyncio
import json
import sys
import time

import socketio


async def main() -> None:
    url, namespace, auth, *events = sys.argv[1:]
    client = socketio.AsyncClient(reconnection=False)
    await client.connect(url, namespaces=[namespace], auth=json.loads(auth),
                         transports=["websocket"], wait_timeout=30)
    answers: list[tuple[str, float]] = []
    print("ready", flush=True)
    closed = asyncio.ensure_future(asyncio.to_thread(sys.stdin.read))
    while not closed.done():
        event = events[len(answers) % len(events)]
        began = time.perf_counter()
        await client.call(event, {}, namespace=namespace, timeout=60)
        answers.append((event, (time.perf_counter() - began) * 1000))
        await asyncio.wait([closed], timeout=0.2)
    print(json.dumps(answers), flush=True)
    await client.disconnect()


if __name__ == "__main__":
    asyncio.run(main())
