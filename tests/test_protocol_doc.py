"""docs/protocol.md checked against the code: every event, payload key and error code is on it.

The events and error codes are found by reading app/ (the namespaces Flask-SocketIO serves, and
every literal handed to the publisher or to ServiceError), not by importing named modules, so
moving code around does not blind the test. The payload keys come from a real café played
through the HTTP API and the namespaces, so the keys are those a client receives.
"""

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

from app.extensions import socketio

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "protocol.md"
NAMESPACES = ("/participant", "/moderator", "/screen")
LIFECYCLE = {"connect", "disconnect"}
# The publisher's methods and the audience each reaches.
AUDIENCE_OF = {"to_moderators": ("/moderator",), "to_screens": ("/screen",),
               "to_participants": ("/participant",), "to_participant": ("/participant",),
               "to_phone": ("/participant",)}
# A payload key whose value is one of the page's shared shapes ("Shared shapes", the café
# settings, the error object). Its keys are looked up there unless the row defines it.
SHAPE_OF_KEY = {
    "cafe": "cafe", "timer": "timer", "idea": "idea", "ideas": "idea", "tablecloth": "idea",
    "seat": "seat", "next_seat": "seat", "me": "me", "participant": "me",
    "participants": "person", "summary": "summary", "host_summary": "summary",
    "summaries": "summary", "announcement": "announcement", "setup": "settings",
    "error": "error",
    "state": None,  # an audience's state, checked against its own `state` row
}


# ---- the page --------------------------------------------------------------------------

def words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))


def cells(line: str) -> list[str]:
    return [cell.strip().replace("\\|", "|")
            for cell in re.split(r"(?<!\\)\|", line.strip().strip("|"))]


class Page:
    """docs/protocol.md read as sections, tables and shared shapes."""

    def __init__(self, text: str):
        self.text = text
        self.sections: dict[str, list[str]] = defaultdict(list)  # heading -> its lines
        self.tables: list[tuple[str, list[str], list[list[str]]]] = []  # heading, header, rows
        self.stray_rows: list[str] = []
        heading, lines, i = "", text.splitlines(), 0
        while i < len(lines):
            line = lines[i]
            if line.startswith("#"):
                heading = line.lstrip("#").strip()
            self.sections[heading].append(line)
            if line.startswith("|"):
                if i + 1 < len(lines) and re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", lines[i + 1]):
                    header, rows, i = cells(line), [], i + 2
                    while i < len(lines) and lines[i].startswith("|"):
                        rows.append(cells(lines[i]))
                        self.sections[heading].append(lines[i])
                        i += 1
                    self.tables.append((heading, header, rows))
                    continue
                self.stray_rows.append(line)
            i += 1
        self.shapes = self._shapes()

    def section(self, heading: str) -> str:
        return "\n".join(self.sections[heading])

    def _shapes(self) -> dict[str, str]:
        """Each bullet of "Shared shapes" under the names it makes bold (**cafe**)."""
        shapes = {}
        block = self.section("Socket.IO").split("Shared shapes:", 1)[1].split("\n\n", 1)[0]
        for bullet in re.split(r"\n- ", "\n" + block.strip()):
            for name in re.findall(r"\*\*(\w+)\*\*", bullet):
                shapes[name] = " ".join(bullet.split())
        settings = re.search(r"^Café settings.*?(?=\n\n)", self.text, re.S | re.M)
        shapes["settings"] = settings.group(0) if settings else ""
        shapes["error"] = self.section("Errors")
        return shapes

    def rows(self, namespace: str, direction: str) -> dict[str, list[str]]:
        """The rows of the `direction` tables ("client → server" or "server → client") that
        hold for `namespace`: its own section's and those before the first namespace."""
        found = {}
        for heading, header, rows in self.tables:
            shared = heading == "Socket.IO"
            if (shared or f"`{namespace}`" in heading) and header[0] == direction:
                for row in rows:
                    for event in re.findall(r"`([^`]+)`", row[0]):
                        found[event] = row
        return found

    def http_row(self, method_path: str) -> list[str]:
        [row] = [row for heading, header, rows in self.tables if heading == "HTTP"
                 for row in rows if row[0] == f"`{method_path}`"]
        return row

    def error_codes(self) -> set[str]:
        [rows] = [rows for heading, header, rows in self.tables if heading == "Errors"]
        return {code for row in rows for code in re.findall(r"`(\w+)`", row[0])}


@pytest.fixture(scope="module")
def page() -> Page:
    return Page(DOC.read_text(encoding="utf-8"))


def undocumented(value, text: str, page: Page, path: str) -> list[str]:
    """The keys of value (and of the objects in it) that `text` does not name.

    A key holding one of the shared shapes is looked up in that shape, unless `text` spells
    the object out itself (`key: {...}` or `key: [{...}]`). Keys that are ids (a map from
    idea id to its dots) are not names, only their values are checked.
    """
    missing = []
    if isinstance(value, list):
        for item in value:
            missing += undocumented(item, text, page, f"{path}[]")
    elif isinstance(value, dict):
        for key, item in value.items():
            # Published data is as the server holds it: an id map's keys may be numbers.
            key = str(key)
            inner, where = text, f"{path}.{key}"
            if not key.isdigit():
                if key not in words(text):
                    missing.append(where)
                spelled_out = re.search(rf"\b{key}\??`?\s*[:=]\s*`?\[?\{{", text)
                if key in SHAPE_OF_KEY and not spelled_out:
                    if SHAPE_OF_KEY[key] is None:
                        continue
                    inner = page.shapes.get(SHAPE_OF_KEY[key], "")
            missing += undocumented(item, inner, page, where)
    return list(dict.fromkeys(missing))


# ---- the code ---------------------------------------------------------------------------

def app_calls():
    """Every call in app/, with its file, as (name of the function called, call node)."""
    for path in sorted((ROOT / "app").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                yield path.relative_to(ROOT), name, node


def literals(node) -> set[str]:
    """The strings an argument can be (`"a" if x else "b"` gives both)."""
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant)
            and isinstance(n.value, str)} if node is not None else set()


def argument(call: ast.Call, position: int, keyword: str):
    if len(call.args) > position:
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


def emitted_events() -> dict[str, dict[str, str]]:
    """Per namespace, every event the server sends and where: the publisher's calls, and
    the emits with a literal event name (sent in every namespace)."""
    sent = defaultdict(dict)
    for path, name, call in app_calls():
        if name in AUDIENCE_OF:
            namespaces, event_node = AUDIENCE_OF[name], argument(call, 1, "event")
        elif name in ("emit", "_emit"):
            namespaces, event_node = NAMESPACES, argument(call, 0, "event")
            if not isinstance(event_node, ast.Constant):
                continue  # the publisher's own forwarding, event in a variable
        else:
            continue
        for namespace in namespaces:
            for event in literals(event_node):
                sent[namespace].setdefault(event, f"{path}:{call.lineno}")
    return sent


def error_codes_in_code() -> dict[str, str]:
    """Every error code app/ can answer: ServiceError's first argument, and the codes the
    socket layer makes itself (error(code, message))."""
    codes = {}
    for path, name, call in app_calls():
        if name in ("ServiceError", "error") and call.args:
            first = call.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                codes.setdefault(first.value, f"{path}:{call.lineno}")
    return codes


def handled_events() -> dict[str, set[str]]:
    """Per namespace served, the events it has an on_<event> handler for."""
    return {handler.namespace: {name[3:] for name in dir(handler) if name.startswith("on_")}
            - LIFECYCLE for handler in socketio.namespace_handlers}


# ---- events ----------------------------------------------------------------------------

def test_the_page_has_no_table_row_outside_a_table(page):
    # A row after a paragraph is no longer part of the table above it: it renders as text.
    assert not page.stray_rows, "rows outside a table (a paragraph splits it?):\n" + \
        "\n".join(page.stray_rows)


def test_every_handled_event_is_on_the_page_and_every_listed_one_is_handled(page):
    handled = handled_events()
    assert set(handled) == set(NAMESPACES)
    missing, stale = [], []
    for namespace, events in handled.items():
        documented = page.rows(namespace, "client → server")
        missing += [f"{namespace} {event}" for event in sorted(events - set(documented))]
        stale += [f"{namespace} {event}" for event in sorted(set(documented) - events)]
    assert not missing, f"handled but not in a 'client → server' table: {missing}"
    assert not stale, f"in a 'client → server' table but not handled: {stale}"


def test_every_event_the_server_sends_is_on_the_page_and_every_listed_one_is_sent(page):
    sent = emitted_events()
    # Fewer than this means the patterns no longer see the publisher's calls: update them.
    assert sum(map(len, sent.values())) > 25, f"the scan of app/ found too few sends: {sent}"
    missing, stale = [], []
    for namespace in NAMESPACES:
        documented = page.rows(namespace, "server → client")
        missing += [f"{namespace} {event} ({where})"
                    for event, where in sorted(sent[namespace].items())
                    if event not in documented]
        stale += [f"{namespace} {event}" for event in sorted(documented)
                  if event not in sent[namespace]]
    assert not missing, f"sent but not in a 'server → client' table: {missing}"
    assert not stale, f"in a 'server → client' table but never sent: {stale}"


def test_every_error_code_is_on_the_page(page):
    codes = error_codes_in_code()
    assert len(codes) > 20, f"the scan of app/ found too few error codes: {codes}"
    missing = [f"{code} ({where})" for code, where in sorted(codes.items())
               if code not in page.error_codes()]
    assert not missing, f"error codes missing from the table under 'Errors': {missing}"


def test_the_http_layers_own_error_codes_are_on_the_page(page, client, make_cafe):
    """Errors Werkzeug raises before a view answers (unknown address, wrong method, a body
    over MAX_CONTENT_LENGTH) carry their status's name as code."""
    cafe = make_cafe()
    answers = [
        client.get("/api/no-such-thing"),
        client.delete("/api/cafes"),
        client.post("/api/moderator/participants", data=b"x" * (3 * 1024 * 1024),
                    headers={"Authorization": f"Bearer {cafe.moderator_token}"}),
    ]
    codes = {answer.status_code: answer.get_json()["error"]["code"] for answer in answers}
    assert set(codes) == {404, 405, 413}
    missing = sorted(set(codes.values()) - page.error_codes())
    assert not missing, f"HTTP error codes missing from the table under 'Errors': {missing}"


def test_every_http_address_is_on_the_page(page, app):
    """Each route as `METHOD /path` (placeholders may be named differently: <token>)."""
    text = re.sub(r"<[^>]*>", "<>", page.text)
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = re.sub(r"<[^>]*>", "<>", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if not re.search(rf"`{method} {re.escape(path)}(?=[`?\s])", text):
                missing.append(f"{method} {rule.rule}")
    assert not missing, f"addresses missing from the page: {missing}"


# ---- payloads --------------------------------------------------------------------------

class Played:
    """A café played through the HTTP API and the namespaces, keeping what clients got."""

    def __init__(self, app, client, published):
        self.app, self.client, self.published = app, client, published
        self.http: dict[str, object] = {}
        self.acks: list[tuple[str, str, dict]] = []
        self.sockets: dict[str, list] = defaultdict(list)

    def post(self, path, body, status=201):
        answer = self.client.post(path, json=body)
        assert answer.status_code == status, answer.get_json()
        return answer.get_json()

    def connect(self, namespace, **auth):
        connection = socketio.test_client(self.app, namespace=namespace, auth=auth,
                                          query_string="lang=en")
        assert connection.is_connected(namespace), namespace
        self.sockets[namespace].append(connection)
        return connection

    def call(self, connection, namespace, event, payload=None):
        answer = connection.emit(event, payload if payload is not None else {},
                                 namespace=namespace, callback=True)
        self.acks.append((namespace, event, answer))
        assert answer["ok"], (event, answer)
        return answer

    def received(self):
        """(namespace, event, data): what the test clients heard, then what was published."""
        for namespace, connections in self.sockets.items():
            for connection in connections:
                for message in connection.get_received(namespace):
                    yield namespace, message["name"], message["args"][0]
        for namespace, _room, event, data in self.published.sent:
            if namespace in NAMESPACES:
                yield namespace, event, data


@pytest.fixture
def played(app, client, published) -> Played:
    """Lobby, set-up, hosts and people, two rounds with ideas, summaries and moderation,
    voting, and the end: every kind of answer and message at least once."""
    game = Played(app, client, published)
    links = game.http["POST /api/cafes"] = game.post("/api/cafes", {
        "title": "Protokoll", "place": "Rathaus", "tables": 2, "seats_per_table": 4,
        "rounds": 2})
    code = links["code"]
    game.http["GET /api/cafes/<code>"] = client.get(f"/api/cafes/{code}").get_json()
    joined = [game.post(f"/api/cafes/{code}/participants", {"name": f"P{n}"})
              for n in range(3)]
    game.http["POST /api/cafes/<code>/participants"] = joined[0]
    moderator_token = links["moderator_url"].rstrip("/").rsplit("/", 1)[-1]
    screen_token = links["screen_url"].rstrip("/").rsplit("/", 1)[-1]

    mod, m = game.connect("/moderator", token=moderator_token), "/moderator"
    screen = game.connect("/screen", token=screen_token)
    phones = [game.connect("/participant", token=person["token"], code=code)
              for person in joined]
    p = "/participant"
    state = game.call(mod, m, "get_state")["state"]
    tables = [table["id"] for table in state["cafe"]["tables"]]
    ids = [person["participant"]["id"] for person in joined]

    game.call(mod, m, "update_setup", {"title": "Protokoll 2"})
    game.call(mod, m, "set_host", {"participant_id": ids[0], "table_id": tables[0]})
    added = game.call(mod, m, "add_person", {"name": "Ohne Telefon"})["participant"]["id"]
    game.call(mod, m, "edit_person", {"participant_id": added, "name": "Ohne Handy"})
    game.call(mod, m, "set_present", {"participant_id": ids[2], "present": False})
    game.call(mod, m, "set_present", {"participant_id": ids[2], "present": True})
    game.call(mod, m, "announce", {"text": "Willkommen"})
    game.call(mod, m, "set_screen_view", {"view": "join"})
    game.call(mod, m, "set_screen_view", {"view": None})
    game.call(mod, m, "start_round")
    game.call(mod, m, "pause_round")
    game.call(mod, m, "resume_round")
    game.call(mod, m, "extend_round", {"minutes": 1})

    first = game.call(phones[0], p, "post_idea",
                      {"client_id": "idea-0001", "text": "Mehr Radwege bauen"})["idea"]["id"]
    second = game.call(phones[1], p, "post_idea",
                       {"client_id": "idea-0002", "text": "Radwege sicherer machen"})
    game.call(phones[1], p, "post_idea", {"client_id": "idea-0002", "text": "noch einmal"})
    game.call(phones[1], p, "edit_idea", {"client_id": "idea-0002", "text": "Sichere Radwege"})
    game.call(phones[2], p, "post_idea", {"client_id": "idea-0003", "text": "Zurückziehen"})
    game.call(phones[2], p, "withdraw_idea", {"client_id": "idea-0003"})
    game.call(phones[0], p, "save_summary", {"text": "Radwege"})
    for_someone = game.call(mod, m, "post_idea_for", {
        "participant_id": added, "client_id": "idea-0004", "text": "Busse öfter"})["idea"]["id"]
    game.call(mod, m, "pin_idea", {"idea_id": first, "pinned": True})
    game.call(mod, m, "edit_idea", {"idea_id": first, "text": "Mehr Radwege"})
    game.call(mod, m, "merge_ideas", {"idea_id": first, "merge_ids": [second["idea"]["id"]]})
    game.call(mod, m, "hide_idea", {"idea_id": for_someone, "hidden": True})
    game.call(mod, m, "hide_idea", {"idea_id": for_someone, "hidden": False})
    game.call(mod, m, "hide_word", {"word": "Busse", "hidden": True})
    game.call(mod, m, "end_round")
    game.call(mod, m, "get_plan")
    game.call(mod, m, "replan")
    game.call(mod, m, "open_voting", {"dots_per_person": 4})
    game.call(phones[1], p, "vote", {"idea_id": first, "dots": 2})
    game.call(mod, m, "close_voting")
    game.call(mod, m, "finish_cafe")
    for namespace, connection in (("/screen", screen), (p, phones[0]), (m, mod)):
        game.call(connection, namespace, "get_state")
        game.call(connection, namespace, "sync_time")
    export = client.get(f"/m/{moderator_token}/export.json")
    assert export.status_code == 200
    game.http["GET /m/<token>/export.json"] = export.get_json()
    return game


def http_keys_missing(page, played) -> list[str]:
    """The API's answers against their rows; the JSON export against its schema block."""
    missing = []
    for method_path, answer in played.http.items():
        if method_path.endswith("export.json"):
            text = page.text.split("JSON export, schema version", 1)[1].split("```")[1]
        else:
            text = page.http_row(method_path)[-1]
        missing += undocumented(answer, text, page, method_path)
    return missing


def ack_keys_missing(page, played) -> list[str]:
    missing = []
    for namespace, event, answer in played.acks:
        row = page.rows(namespace, "client → server")[event]
        missing += undocumented(answer, row[-1], page, f"{namespace} {event} ack")
    return missing


def message_keys_missing(page, played) -> list[str]:
    """A row whose payload is a shared shape ("idea", "*cafe*") is checked against it."""
    missing, seen = [], set()
    for namespace, event, data in played.received():
        seen.add((namespace, event))
        row = page.rows(namespace, "server → client").get(event)
        assert row, f"{namespace} {event} is sent but not in a 'server → client' table"
        payload = row[1]
        named = re.match(r"\W*(\w+)\W*(?:\(|$)", payload)
        if named and named.group(1) in page.shapes and "{" not in payload.split("(")[0]:
            payload = page.shapes[named.group(1)]
        missing += undocumented(data, payload, page, f"{namespace} {event}")
    # The café played above must reach every audience's main messages.
    for expected in [("/participant", "state"), ("/participant", "cafe"),
                     ("/moderator", "ideas:new"), ("/moderator", "participant"),
                     ("/screen", "state"), ("/screen", "words"), ("/moderator", "votes")]:
        assert expected in seen, f"the played café never sent {expected}"
    return missing


def shape_keys_missing(page, played) -> list[str]:
    """The café, idea, seat and person objects in the states, key by key."""
    states = {namespace: data for namespace, event, data in played.received()
              if event == "state" and "cafe" in data}
    assert set(states) == set(NAMESPACES)
    person = states["/moderator"]["participants"][0]
    objects = {
        "cafe": states["/participant"]["cafe"],
        "idea": states["/moderator"]["ideas"][0],
        "seat": person["seat"],
        "person": person,
        "me": states["/participant"]["me"],
        "timer": states["/screen"]["cafe"]["timer"],
        "announcement": states["/screen"]["cafe"]["announcement"],
    }
    missing = []
    for shape, value in objects.items():
        assert value, f"the played café has no {shape} to compare"
        missing += undocumented(value, page.shapes.get(shape, ""), page, shape)
    return missing


def test_every_payload_key_is_on_the_page(page, played):
    """One played café (it takes seconds) checked four ways; the message names each place."""
    missing = {
        "'Shared shapes'": shape_keys_missing(page, played),
        "the HTTP table": http_keys_missing(page, played),
        "the acks ('client → server' tables)": ack_keys_missing(page, played),
        "the messages ('server → client' tables)": message_keys_missing(page, played),
    }
    report = [f"keys missing from {where}: {list(dict.fromkeys(keys))}"
              for where, keys in missing.items() if keys]
    assert not report, "\n".join(report)
