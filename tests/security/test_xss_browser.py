"""User text is data on every page: XSS payloads in every field, rendered by the real browser.

Payloads go in as café titles, pillar titles and questions, roles, names, organisations and
ideas (through the JSON API and the real sockets); then chromium opens the phone, the console,
the screen and the print pages. No payload may run (a dialog, `window.__xss`), and none may
turn into markup (event-handler attributes, script or frame elements, javascript: URLs) — also
with the Content-Security-Policy switched off, so that escaping alone is tested, not just CSP.
"""

import csv
import io
import json
from dataclasses import dataclass
from urllib.parse import quote

import pytest
import requests

from tests.support.clients import Peer, create_cafe, join, token_of

pytestmark = [pytest.mark.browser, pytest.mark.server]

PAYLOADS = [
    "<script>window.__xss=1</script>",
    "<script>alert('xss')</script>",
    "<img src=x onerror=window.__xss=1>",
    "<img src=x onerror=alert(1)//",
    "<svg onload=window.__xss=1>",
    "<svg><script>window.__xss=1</script></svg>",
    "<body onload=window.__xss=1>",
    "<details open ontoggle=window.__xss=1>",
    "<iframe src=javascript:parent.__xss=1>",
    "<iframe srcdoc='<script>parent.__xss=1</script>'>",
    "<a href=javascript:window.__xss=1>click me</a>",
    "javascript:window.__xss=1",
    '"><img src=x onerror=window.__xss=1>',
    "'><svg onload=window.__xss=1>",
    '" onmouseover="window.__xss=1" x="',
    "' autofocus onfocus='window.__xss=1",
    "</textarea><script>window.__xss=1</script>",
    "</title><script>window.__xss=1</script>",
    "</script><script>window.__xss=1</script>",
    "</option></select><img src=x onerror=window.__xss=1>",
    "${window.__xss=1}",
    "`${alert(1)}`",
    "{{constructor.constructor('window.__xss=1')()}}",
    "{{7*7}} {% raw %} {{ config }}",
    "＜script＞window.__xss=1＜/script＞",
    "\u202e<img src=x onerror=window.__xss=1>",
    "<scr\u200bipt>window.__xss=1</scr\u200bipt>",
    "&lt;script&gt;window.__xss=1&lt;/script&gt;",
    "&#60;img src=x onerror=window.__xss=1&#62;",
    '<div style="width:expression(window.__xss=1)">',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<object data="data:text/html,<script>alert(1)</script>">',
    '<!--<img src="--><img src=x onerror=window.__xss=1>',
    "<input autofocus onfocus=window.__xss=1>",
    "<video><source onerror=window.__xss=1>",
    "<form><button formaction=javascript:alert(1)>go",
    "<meta http-equiv=refresh content=0;url=javascript:alert(1)>",
    "<style>*{background:url(javascript:alert(1))}</style>",
    '<base href="//evil.example/">',
    "<math><mtext><img src=x onerror=window.__xss=1>",
    "%(name)s %s {0} $& $1 $`",
    '=HYPERLINK("javascript:alert(1)","x")',
]
# Put into a page with innerHTML, these become live markup; the others stay text, or the
# parser drops them (a <body> inside a body, a tag cut off at the end of the input).
BECOME_MARKUP = [p for p in PAYLOADS if p.startswith(("<", '"><', "'><", "\u202e<"))
                 and not p.startswith(("<body", "<scr\u200b")) and not p.endswith("//")]
PER_CAFE = 14  # three cafés; a café has at most 12 pillars and 12 roles
PAGES = ["phone", "console", "screen", "cards", "signs"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # the export makes these cells text with '

# Markup that user text must never become, looked for in the rendered DOM.
INJECTED_MARKUP_JS = """() => {
  const found = [];
  const urlAttributes = ["href", "src", "action", "formaction", "data", "srcdoc", "xlink:href"];
  for (const node of document.querySelectorAll("*")) {
    const tag = node.tagName.toLowerCase();
    if (["iframe", "frame", "object", "embed", "base"].includes(tag)) found.push(`<${tag}>`);
    if (tag === "meta" && node.hasAttribute("http-equiv")) found.push("<meta http-equiv>");
    if (tag === "style" && node.closest("body")) found.push("<style> in body");
    const own = (url) => /^\\/(static|vendor)\\//.test(url || "");  // the app's own files
    if (tag === "link" && !own(node.getAttribute("href"))) found.push(node.outerHTML);
    if (tag === "script" && node.type !== "application/json" && !own(node.getAttribute("src")))
      found.push(`<script> ${node.outerHTML.slice(0, 60)}`);
    for (const { name, value } of node.attributes) {
      const attribute = `${tag}[${name}=${value.slice(0, 40)}]`;
      if (name.toLowerCase().startsWith("on")) found.push(attribute);
      if (urlAttributes.includes(name.toLowerCase())
          && /^\\s*(javascript|vbscript|data):/i.test(value)
          && !(tag === "img" && /^data:image\\//i.test(value))) found.push(attribute);
      if (name === "style" && /expression|url\\(/i.test(value)) found.push(attribute);
    }
  }
  return found;
}"""


@dataclass
class PayloadCafe:
    code: str
    moderator_token: str
    screen_token: str
    phone_token: str
    title: str
    pillars: list[str]
    questions: list[str]
    roles: list[str]
    names: list[str]
    organisations: list[str]
    ideas: list[str]

    def page(self, name: str) -> tuple[str, list[str]]:
        """A page's path and the user texts it must show, verbatim, as text."""
        console = f"/m/{self.moderator_token}"
        return {
            "phone": (f"/j/{self.code}", [self.title, self.ideas[0], *self.roles]),
            "console": (console, [*self.names, *self.organisations, *self.ideas,
                                  *self.pillars]),
            "screen": (f"/s/{self.screen_token}", [*self.ideas, *self.pillars]),
            "cards": (f"{console}/print/cards", [self.title, *self.names,
                                                 *self.organisations]),
            "signs": (f"{console}/print/signs", [self.title, *self.pillars, *self.questions]),
        }[name]


def rotated(items: list, by: int) -> list:
    return items[by:] + items[:by]


def title_of(payloads: list[str]) -> str:
    """As many payloads as fit into one café title (200 characters)."""
    title = payloads[0]
    for payload in payloads[1:]:
        if len(title) + 3 + len(payload) > 200:
            break
        title += " · " + payload
    return title


def fill_cafe(server, payloads: list[str]) -> PayloadCafe:
    """A café whose every text is a payload, in its first round, with one idea per person."""
    pillars, questions, roles = payloads[:12], payloads[2:14], payloads[:12]
    names, organisations, ideas = payloads, rotated(payloads, 1), rotated(payloads, 5)
    links = create_cafe(server, title=title_of(payloads), roles=roles, language="en",
                        pillars=[{"title": t, "question": q}
                                 for t, q in zip(pillars, questions, strict=True)],
                        tables=12, seats_per_table=4, rounds=2)
    code = links["code"]
    tokens = [join(server, code, name, organisation=organisation, role=roles[n % 12])
              for n, (name, organisation) in enumerate(zip(names, organisations, strict=True))]
    console = Peer(server, "/moderator", {"token": token_of(links["moderator_url"])})
    assert console.call("start_round")["ok"]
    console.close()
    for n, (token, idea) in enumerate(zip(tokens, ideas, strict=True)):
        phone = Peer(server, "/participant", {"token": token, "code": code})
        answer = phone.call("post_idea", {"client_id": f"xss-idea-{n:03d}", "text": idea})
        assert answer["ok"], answer
        phone.close()
    return PayloadCafe(
        code=code, moderator_token=token_of(links["moderator_url"]),
        screen_token=token_of(links["screen_url"]), phone_token=tokens[0],
        title=title_of(payloads), pillars=pillars, questions=questions, roles=roles,
        names=names, organisations=organisations, ideas=ideas,
    )


@pytest.fixture(scope="module")
def server(module_server):
    return module_server()


@pytest.fixture(scope="module")
def payload_cafes(server) -> list[PayloadCafe]:
    assert all(len(p) <= 60 and p == p.strip() for p in PAYLOADS)  # fits every field as is
    return [fill_cafe(server, PAYLOADS[start:start + PER_CAFE])
            for start in range(0, len(PAYLOADS), PER_CAFE)]


@pytest.fixture
def visit(browser):
    """Open a page in a fresh context (CSP enforced or bypassed, localStorage preset);
    page.problems collects dialogs, script errors and console errors."""
    contexts = []

    def open_page(url: str, *, csp: str = "enforced", storage: dict | None = None):
        context = browser.new_context(locale="en-GB", bypass_csp=csp == "bypassed")
        contexts.append(context)
        for key, value in (storage or {}).items():
            context.add_init_script(
                f"localStorage.setItem({json.dumps(key)}, {json.dumps(value)})")
        page = context.new_page()
        page.problems = []
        page.on("dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
        page.on("pageerror", lambda e: page.problems.append(f"script error: {e}"))
        page.goto(url)
        return page

    yield open_page
    for context in contexts:
        context.close()


# The page's text as people read it: the screen puts soft hyphens into long words, which show
# only where a line breaks.
VISIBLE_TEXT_JS = "() => document.body.textContent.replaceAll('\\u00ad', '')"


def assert_nothing_ran(page, shown: list[str] = (), expected: tuple[str, ...] = ()):
    """No payload ran or became markup; the texts in `shown` are on the page, as text.

    Console errors count as problems, except CSP reports and the `expected` messages."""
    page.wait_for_timeout(100)  # let injected handlers (onerror, onload, ontoggle) fire
    assert page.evaluate("window.__xss") is None
    assert page.evaluate(INJECTED_MARKUP_JS) == []
    allowed = ("Content Security Policy", *expected)
    assert [p for p in page.problems if not any(a in p for a in allowed)] == []
    text = page.evaluate(VISIBLE_TEXT_JS)
    assert [t for t in shown if t not in text] == []


@pytest.mark.parametrize("csp", ["enforced", "bypassed"])
@pytest.mark.parametrize("page_name", PAGES)
@pytest.mark.parametrize("cafe_index", range(len(PAYLOADS) // PER_CAFE))
def test_payloads_stay_text_on_every_page(server, payload_cafes, visit, cafe_index, page_name,
                                         csp):
    cafe = payload_cafes[cafe_index]
    path, shown = cafe.page(page_name)
    storage = {f"wc:{cafe.code}:token": cafe.phone_token} if page_name == "phone" else None
    page = visit(f"{server.url}{path}?lang=en", csp=csp, storage=storage)
    # The last text to arrive: by then the page has rendered its socket state.
    page.wait_for_function(f"t => ({VISIBLE_TEXT_JS})().includes(t)", arg=shown[-1],
                           timeout=15_000)
    assert_nothing_ran(page, shown)


def test_joining_through_the_form_keeps_payloads_as_text(server, payload_cafes, visit):
    cafe = payload_cafes[1]
    name, organisation = PAYLOADS[0], PAYLOADS[12]
    page = visit(f"{server.url}/j/{cafe.code}?lang=en", csp="bypassed")
    page.fill("#name", name)
    page.fill("#organisation", organisation)
    page.select_option("#role", value=cafe.roles[5])
    page.click("#join-form button[type=submit]")
    page.locator("#app").wait_for(state="visible", timeout=10_000)
    page.wait_for_function("code => localStorage.getItem(`wc:${code}:token`)", arg=cafe.code)
    assert_nothing_ran(page, [cafe.title])
    console = Peer(server, "/moderator", {"token": cafe.moderator_token})
    people = console.call("get_state")["state"]["participants"]
    console.close()
    assert {"name": name, "organisation": organisation, "role": cafe.roles[5]} in [
        {key: p[key] for key in ("name", "organisation", "role")} for p in people]


def test_a_code_typed_on_the_join_page_comes_back_as_text(server, visit):
    page = visit(f"{server.url}/join?lang=en", csp="bypassed")
    for payload in PAYLOADS:
        page.goto(f"{server.url}/join?lang=en&code={quote(payload)}")
        assert page.input_value("#code") == payload
        # No café has this code: the page itself is answered 404, as it should be.
        assert_nothing_ran(page, expected=("status of 404",))


def test_the_checks_catch_payloads_that_became_markup(server, visit):
    """The harness itself: had a page put user text in with innerHTML, the checks above
    would have failed for every payload that turns into markup."""
    page = visit(f"{server.url}/join?lang=en", csp="bypassed")
    caught = []
    for payload in PAYLOADS:
        page.evaluate("""html => {
          const probe = Object.assign(document.createElement("div"), {id: "probe"});
          probe.innerHTML = html;
          document.body.append(probe);
        }""", payload)
        # The DOM check alone, which innerHTML makes true at once. window.__xss is set by
        # onerror and onload handlers a moment later (an image fails to load even after its
        # probe is removed), so on a loaded machine it was credited to the next payload.
        if page.evaluate(INJECTED_MARKUP_JS):
            caught.append(payload)
        page.evaluate("() => document.getElementById('probe').remove()")
    assert caught == BECOME_MARKUP


def spreadsheet_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def download(server, cafe: PayloadCafe, kind: str) -> requests.Response:
    response = requests.get(f"{server.url}/m/{cafe.moderator_token}/export.{kind}", timeout=10)
    assert response.status_code == 200
    # A download, never a page: the browser must not render (or sniff) it as HTML.
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "html" not in response.headers["Content-Type"]
    return response


def test_exports_keep_every_payload_verbatim_as_data(server, payload_cafes):
    for cafe in payload_cafes:
        export = download(server, cafe, "json").json()
        assert export["cafe"]["title"] == cafe.title
        assert export["cafe"]["roles"] == cafe.roles
        assert [(p["title"], p["question"]) for p in export["cafe"]["pillars"]] == list(
            zip(cafe.pillars, cafe.questions, strict=True))
        by_text = {idea["text"]: idea["author"] for idea in export["ideas"]}
        assert by_text == dict(zip(cafe.ideas, cafe.names, strict=True))

        body = download(server, cafe, "csv").content.decode("utf-8-sig")
        _header, *rows = csv.reader(io.StringIO(body), delimiter=";")
        assert sorted((row[5], row[6]) for row in rows) == sorted(
            (spreadsheet_text(name), spreadsheet_text(idea))
            for name, idea in zip(cafe.names, cafe.ideas, strict=True))
        assert {row[0] for row in rows} <= {spreadsheet_text(p) for p in cafe.pillars}
