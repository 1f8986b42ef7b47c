"""The harvest as a long-lived worker: python -m app.harvest --serve [--wording]

The app runs the harvest in this child process (app/services/harvesting.py), so that the CPU
work of embedding and clustering never runs in a cooperative server's event loop, and the model
is loaded once. One JSON object a line in on stdin, one answer a line out on stdout, in order:

- first, unasked: {"ready": true, "basis": "meaning" | "wording"}
- {"op": "regroup", "cafe": c, "ideas": [[id, pillar, text], ...], "constraints": C}
  -> {"ok": true, "basis", "groups", "merges", "themes"} (Result.as_json); the café's state
  is kept for the adds that follow
- {"op": "load", "cafe": c, "ideas": [[id, pillar, text, key], ...], "constraints": C}
  -> {"ok": true}: the café's themes as they are stored (each idea stays in the theme with its
  key), for a worker that does not know them (started anew, or another process grouped)
- {"op": "add", "cafe": c, "ideas": [[id, pillar, text], ...]} -> {"ok": true, "themes":
  [the themes the new ideas joined or started, as in Result.as_json], "merges": [new pairs]},
  or {"ok": false, "error": "unknown_cafe"} when the café was neither grouped nor loaded here

C is {"pinned": [[id, key], ...], "locked": [key, ...], "rejected": [[id, id], ...]}. A request
that cannot be done is answered {"ok": false, "error": "..."}; the worker goes on. It ends when
stdin closes (the server stopped or died).
"""
import io
import json
import os
import sys

from .core import Constraints, Harvest, Idea
from .vectors import load_model


def constraints_of(data: dict | None) -> Constraints:
    data = data or {}
    return Constraints(
        pinned={idea_id: str(key) for idea_id, key in data.get("pinned", [])},
        locked=frozenset(str(key) for key in data.get("locked", [])),
        rejected_pairs=frozenset(frozenset(pair) for pair in data.get("rejected", [])))


def theme_json(theme) -> dict:
    return {"key": theme.key, "pillar": theme.pillar, "name": theme.name,
            "keywords": theme.keywords, "ids": list(theme.ids)}


class Worker:
    """The cafés' harvests, sharing one model (and its cache of embedded texts)."""

    def __init__(self, model):
        self.model = model
        self.basis = Harvest(model).basis
        self.cafes: dict[int, Harvest] = {}

    def handle(self, request: dict) -> dict:
        op = request.get("op")
        cafe = request.get("cafe")
        if op == "regroup":
            harvest = self.cafes[cafe] = Harvest(self.model)
            ideas = [Idea(i, str(p), t) for i, p, t in request["ideas"]]
            return {"ok": True, **harvest.regroup(ideas, constraints_of(
                request.get("constraints"))).as_json()}
        if op == "load":
            return self._load(cafe, request)
        if op == "add":
            return self._add(cafe, request["ideas"])
        return {"ok": False, "error": f"unknown op {op!r}"}

    def _load(self, cafe, request: dict) -> dict:
        constraints = constraints_of(request.get("constraints"))
        stored = {idea_id: key for idea_id, _, _, key in request["ideas"] if key}
        harvest = Harvest(self.model)
        # Every idea pinned to its stored theme reproduces the stored themes (two keys never
        # join); then the moderator's own constraints govern what comes next.
        harvest.regroup([Idea(i, str(p), t) for i, p, t, _ in request["ideas"]],
                        Constraints({**stored, **constraints.pinned}, constraints.locked,
                                    constraints.rejected_pairs))
        harvest.constraints = constraints
        self.cafes[cafe] = harvest
        return {"ok": True}

    def _add(self, cafe, ideas: list) -> dict:
        harvest = self.cafes.get(cafe)
        if harvest is None:
            return {"ok": False, "error": "unknown_cafe"}
        before = len(harvest.result().merges)
        touched = {}
        for idea_id, pillar, text in ideas:
            theme = harvest.add(Idea(idea_id, str(pillar), text))
            touched[theme.key] = theme
        return {"ok": True, "themes": [theme_json(theme) for theme in touched.values()],
                "merges": [list(pair) for pair in harvest.result().merges[before:]]}


def serve(wording: bool, stdin=None, stdout=None) -> int:
    """Answer requests from stdin until it closes (the app's pipes when not given)."""
    if stdin is None:
        stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8")
    if stdout is None:
        # Only answers go to the app's pipe: anything else printed, by Python or by a
        # library's C code, would be read as the answer to the next request. So the answers
        # get the pipe to themselves and everything else written to file 1 goes to stderr.
        stdout = io.TextIOWrapper(os.fdopen(os.dup(1), "wb"), encoding="utf-8")
        os.dup2(2, 1)
    worker = Worker(None if wording else load_model())

    def answer(data: dict) -> None:
        stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        stdout.flush()

    answer({"ready": True, "basis": worker.basis})
    for line in stdin:
        if not line.strip():
            continue
        try:
            answer(worker.handle(json.loads(line)))
        except (KeyError, TypeError, ValueError) as exc:  # JSON errors are ValueErrors
            answer({"ok": False, "error": " ".join(str(exc).split()) or type(exc).__name__})
    return 0
