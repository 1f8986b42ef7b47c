"""python -m app.harvest: themes as JSON on stdout, or one line on stderr and exit status 2."""
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LINES = [
    {"id": 1, "pillar": "Teilhabe", "text": "Sprachkurse mit Kinderbetreuung"},
    {"id": 2, "pillar": "Teilhabe", "text": "sprachkurse mit kinderbetreuung!!"},
    {"id": "x", "pillar": "Vielfalt", "text": "Fest der Kulturen 🎉"},
]


def run_cli(tmp_path, text, *options):
    path = tmp_path / "ideas.jsonl"
    path.write_text(text, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "app.harvest", str(path), *options],
                          cwd=REPO, capture_output=True, text=True, timeout=120)


def test_cli_prints_groups_merges_and_named_themes(tmp_path):
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in LINES) + "\n\n"
    result = run_cli(tmp_path, text, "--wording")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["basis"] == "wording"
    assert sorted(str(i) for group in out["groups"] for i in group) == ["1", "2", "x"]
    assert [1, 2] in out["groups"] and out["merges"] == [[1, 2]]
    assert {theme["name"] for theme in out["themes"]} >= {"Fest der Kulturen 🎉"}


def test_cli_refuses_unreadable_input_with_one_line(tmp_path):
    for text in ('{"id": 1, "text": "no pillar"}\n', "not json\n"):
        result = run_cli(tmp_path, text, "--wording")
        assert result.returncode == 2
        assert result.stderr.startswith("harvest: cannot read ideas:")
        assert len(result.stderr.strip().splitlines()) == 1
    missing = subprocess.run([sys.executable, "-m", "app.harvest", str(tmp_path / "none.jsonl")],
                             cwd=REPO, capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2 and "cannot read ideas" in missing.stderr
