"""The worker the app runs the harvest in: JSON lines in, one answer a line out, in order."""
import io
import json

from app.harvest.serve import serve

PARENTS = "Sprachkurse mit Kinderbetreuung"


def exchange(*requests) -> list[dict]:
    stdin = io.StringIO("".join(
        (r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
        for r in requests))
    stdout = io.StringIO()
    assert serve(True, stdin, stdout) == 0
    return [json.loads(line) for line in stdout.getvalue().splitlines()]


def test_ready_then_regroup_then_adds_against_the_kept_themes():
    ready, grouped, added = exchange(
        {"op": "regroup", "cafe": 1, "constraints": {"rejected": [[1, 2]]},
         "ideas": [[1, 7, PARENTS], [2, 7, PARENTS + "!"], [3, 8, "Fest der Kulturen"]]},
        {"op": "add", "cafe": 1, "ideas": [[4, 8, "Ein Fest der Kulturen"]]})
    assert ready == {"ready": True, "basis": "wording"}
    assert grouped["ok"] and grouped["groups"] == [[1, 2], [3]]
    assert grouped["merges"] == []  # the rejected pair is not suggested
    assert added["ok"] and added["themes"] == [
        {"key": "auto:3", "pillar": "8", "name": added["themes"][0]["name"],
         "keywords": added["themes"][0]["keywords"], "ids": [3, 4]}]
    assert added["merges"] == [[3, 4]]


def test_load_keeps_stored_themes_and_an_unknown_cafe_is_said():
    _, unknown, loaded, added = exchange(
        {"op": "add", "cafe": 5, "ideas": [[9, 1, PARENTS]]},
        {"op": "load", "cafe": 5, "constraints": {},
         # The same words in two themes: the stored split stays.
         "ideas": [[1, 1, PARENTS, "auto:1"], [2, 1, PARENTS, "m:1"]]},
        {"op": "add", "cafe": 5, "ideas": [[3, 1, PARENTS]]})
    assert unknown == {"ok": False, "error": "unknown_cafe"}
    assert loaded == {"ok": True}
    assert added["ok"] and added["themes"][0]["key"] in ("auto:1", "m:1")
    assert len(added["themes"][0]["ids"]) == 2


def test_a_bad_request_is_answered_and_the_worker_goes_on():
    _, bad, unknown_op, grouped = exchange(
        "not json", {"op": "shout", "cafe": 1},
        {"op": "regroup", "cafe": 1, "ideas": [[1, 1, "Fest"]]})
    assert bad["ok"] is False and bad["error"]
    assert unknown_op == {"ok": False, "error": "unknown op 'shout'"}
    assert grouped["ok"] and grouped["groups"] == [[1]]
