"""static/js/lib/connection.js in the real browser, with a stand-in Socket.IO client: a hall
reconnects spread out (jittered backoff) and a phone told `busy` connects again after the wait
the server named (issue 18)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.server]

# Stands in for /vendor/socket.io.esm.min.js: records the options and every connect() call,
# and lets the test play the server's refusals.
FAKE_IO = """
export function io(namespace, options) {
  const handlers = {};
  const socket = {
    connected: false,
    io: { on() {} },
    on(event, handler) { (handlers[event] ??= []).push(handler); },
    listeners(event) { return handlers[event] ?? []; },
    connect() { window.connects.push(performance.now()); },
    disconnect() {},
    refuse(data) {
      window.refusedAt = performance.now();
      for (const handler of handlers.connect_error ?? []) handler({ message: "refused", data });
    },
  };
  Object.assign(window, { socket, ioOptions: options, connects: [] });
  return socket;
}
"""


def test_a_busy_phone_connects_again_after_the_jittered_wait(live_server, browser):
    server = live_server()
    # The stand-in module is loaded by an import from the test, not by the page's own scripts.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.route("**/vendor/socket.io.esm.min.js", lambda route: route.fulfill(
        status=200, content_type="text/javascript", body=FAKE_IO))
    page.goto(f"{server.url}/join")
    page.evaluate("""async () => {
        const { connect } = await import("/static/js/lib/connection.js");
        connect("/participant", { token: "t" }, null);
    }""")
    options = page.evaluate("window.ioOptions")
    assert (options["reconnectionDelay"], options["reconnectionDelayMax"],
            options["randomizationFactor"]) == (500, 5000, 0.5)

    page.evaluate("""socket.refuse({ code: "busy", message: "x", details: { retry_ms: 400 } })""")
    page.wait_for_function("window.connects.length === 1", timeout=5000)
    waited = page.evaluate("window.connects[0] - window.refusedAt")
    assert 200 <= waited <= 600 + 100  # 0.5-1.5 x 400 ms, and a timer's slack

    # Refusals that waiting does not help are left to the pages (join again, café deleted).
    page.evaluate("""socket.refuse({ code: "unknown_participant", message: "x" })""")
    page.wait_for_timeout(700)
    assert page.evaluate("window.connects.length") == 1
    context.close()
