"""Themes and merge suggestions for a café's ideas, in full or one idea at a time.

A full run groups each pillar by average linkage over a similarity of meaning (e5, centred per
pillar) or, without the model, of wording (stems and character 4-grams), and suggests as
near-duplicates the pairs very similar that are also among each other's nearest neighbours.
Weights and thresholds were tuned on bench/harvest/labelled.jsonl and checked on heldout.jsonl (see
docs/benchmarks.md).

The moderator's decisions come in as Constraints and are never undone: a pinned idea stays in
its theme, two themes the moderator keeps apart are never joined, a locked theme takes no idea
in automatically, and a rejected pair is never suggested again.
"""
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from .cluster import average_linkage, near_duplicates
from .naming import by_centrality, keywords, shorten
from .text import stems
from .vectors import MEANING, WORDING, MeaningModel, centred, lexical

IdeaId = Hashable


@dataclass(frozen=True)
class Tuning:
    """How similar is similar enough, per basis (measured on the bench, see the module doc)."""

    meaning_weight: float  # share of meaning in the theme similarity; the rest is wording
    theme_threshold: float  # average similarity at which two clusters join
    merge_threshold: float  # similarity from which a pair is a near-duplicate
    merge_neighbours: int  # each of the pair among the other's this many nearest
    prior_weight: float = 8.0  # how many ideas' worth the prior mean counts when centring


TUNING = {
    # Mixing in wording (0.7 or 0.85 meaning) measured no better than meaning alone on the
    # bench, so meaning decides; wording is the fallback's whole similarity.
    MEANING: Tuning(meaning_weight=1.0, theme_threshold=0.05, merge_threshold=0.45,
                    merge_neighbours=2),
    WORDING: Tuning(meaning_weight=0.0, theme_threshold=0.05, merge_threshold=0.55,
                    merge_neighbours=2),
}


@dataclass(frozen=True)
class Idea:
    id: IdeaId
    pillar: str
    text: str


@dataclass(frozen=True)
class Constraints:
    """The moderator's decisions. `pinned` maps an idea to the key of the theme the moderator
    put it in (a manual move, a join, a split); `locked` theme keys take no idea in
    automatically; `rejected_pairs` are pairs of idea ids never to suggest as a merge."""

    pinned: Mapping[IdeaId, str] = field(default_factory=dict)
    locked: frozenset[str] = frozenset()
    rejected_pairs: frozenset[frozenset] = frozenset()

    def rejects(self, a: IdeaId, b: IdeaId) -> bool:
        return frozenset((a, b)) in self.rejected_pairs


@dataclass
class Theme:
    key: str
    pillar: str
    ids: list[IdeaId]
    name: str = ""
    keywords: list[str] = field(default_factory=list)


@dataclass
class Result:
    basis: str
    themes: list[Theme]
    merges: list[tuple[IdeaId, IdeaId]]

    def as_json(self) -> dict:
        return {
            "basis": self.basis,
            "groups": [list(theme.ids) for theme in self.themes],
            "merges": [list(pair) for pair in self.merges],
            "themes": [{"key": theme.key, "pillar": theme.pillar, "name": theme.name,
                        "keywords": theme.keywords, "ids": list(theme.ids)}
                       for theme in self.themes],
        }


def auto_key(first: IdeaId) -> str:
    """The key of a theme the grouping made: named after its first idea, so stable as long
    as that idea leads it."""
    return f"auto:{first}"


class _Pillar:
    """One pillar's ideas and vectors, in arrival order, with room to grow (an add copies no
    matrix)."""

    def __init__(self, name: str, dim: int):
        self.name = name
        self.ids: list[IdeaId] = []
        self.texts: list[str] = []
        self.words: list[dict[str, str]] = []  # stem -> word as typed, per idea
        self.stem_counts: dict[str, int] = {}  # in how many of the pillar's ideas a stem occurs
        self.theme_of: list[int] = []  # index into themes
        self.themes: list[Theme] = []
        self._meaning = np.zeros((16, dim), dtype=np.float32)
        self._wording = np.zeros((16, lexical([]).shape[1]), dtype=np.float32)

    @property
    def meaning(self) -> np.ndarray:
        return self._meaning[:len(self.ids)]

    @property
    def wording(self) -> np.ndarray:
        return self._wording[:len(self.ids)]

    def append(self, idea: Idea, meaning: np.ndarray, wording: np.ndarray) -> int:
        row = len(self.ids)
        if row == self._meaning.shape[0]:
            self._meaning = np.vstack([self._meaning, np.zeros_like(self._meaning)])
            self._wording = np.vstack([self._wording, np.zeros_like(self._wording)])
        self._meaning[row] = meaning
        self._wording[row] = wording
        self.ids.append(idea.id)
        self.texts.append(idea.text)
        found = dict(stems(idea.text))
        self.words.append(found)
        for stem in found:
            self.stem_counts[stem] = self.stem_counts.get(stem, 0) + 1
        return row


class Harvest:
    """A café's ideas with their themes and merge suggestions.

    `regroup` runs in full (for the background); `add` places one new idea against the
    current themes, as the last step of a full run would, without moving any other idea:
    a full regroup may later regroup differently (see docs/harvest.md for the contract).
    """

    def __init__(self, model: MeaningModel | None = None):
        self.model = model
        self.basis = model.basis if model else WORDING
        self.tuning = TUNING[self.basis]
        self.constraints = Constraints()
        self._pillars: dict[str, _Pillar] = {}
        self._merges: list[tuple[IdeaId, IdeaId]] = []

    # -- vectors and similarities -------------------------------------------------------------

    def _vectors(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        wording = lexical(texts)
        if self.model is None:
            return np.zeros((len(texts), 1), dtype=np.float32), wording
        return self.model.embed(texts), wording

    def _meaning_space(self, pillar: _Pillar) -> np.ndarray:
        if self.model is None:
            return pillar.meaning
        return centred(pillar.meaning, self.model.prior, self.tuning.prior_weight)

    def _similarities(self, pillar: _Pillar, rows: np.ndarray | None = None,
                      cols: np.ndarray | None = None):
        """(theme similarity, merge similarity) of `rows` against `cols` (default: all)."""
        pick = slice(None) if rows is None else rows
        against = slice(None) if cols is None else cols
        weight = self.tuning.meaning_weight
        words = pillar.wording
        # Wording is computed only where it counts: an add must stay within milliseconds.
        lexical_sim = words[pick] @ words[against].T if weight < 1 else 0.0
        if self.model is None:
            return lexical_sim, lexical_sim
        space = self._meaning_space(pillar)
        meaning_sim = space[pick] @ space[against].T
        return weight * meaning_sim + (1 - weight) * lexical_sim, meaning_sim

    # -- full run -----------------------------------------------------------------------------

    def regroup(self, ideas: Iterable[Idea], constraints: Constraints | None = None) -> Result:
        """Group all ideas afresh (vectors are computed for every idea)."""
        ideas = list(ideas)
        if len({idea.id for idea in ideas}) != len(ideas):
            raise ValueError("idea ids must be unique")
        self.constraints = constraints or Constraints()
        meaning, wording = self._vectors([idea.text for idea in ideas])
        self._pillars = {}
        for row, idea in enumerate(ideas):
            pillar = self._pillars.get(idea.pillar)
            if pillar is None:
                pillar = self._pillars[idea.pillar] = _Pillar(idea.pillar, meaning.shape[1])
            pillar.append(idea, meaning[row], wording[row])
        self._merges = []
        for name, pillar in self._pillars.items():
            self._group_pillar(name, pillar)
        return self.result()

    def _group_pillar(self, name: str, pillar: _Pillar) -> None:
        theme_sim, merge_sim = self._similarities(pillar)
        pinned = self.constraints.pinned
        keys = list(dict.fromkeys(pinned[i] for i in pillar.ids if i in pinned))
        seeds = [[row for row, i in enumerate(pillar.ids) if pinned.get(i) == key] for key in keys]
        seeds += [[row] for row, i in enumerate(pillar.ids) if i not in pinned]
        keyed = [c < len(keys) for c in range(len(seeds))]
        frozen = [c < len(keys) and keys[c] in self.constraints.locked for c in range(len(seeds))]
        clusters = average_linkage(theme_sim, self.tuning.theme_threshold, seeds, keyed, frozen)
        pillar.themes = []
        pillar.theme_of = [0] * len(pillar.ids)
        for seed, rows in clusters:
            key = keys[seed] if seed < len(keys) else auto_key(pillar.ids[rows[0]])
            for row in rows:
                pillar.theme_of[row] = len(pillar.themes)
            pillar.themes.append(Theme(key, name, [pillar.ids[row] for row in rows]))
        for a, b in near_duplicates(merge_sim, self.tuning.merge_threshold,
                                    self.tuning.merge_neighbours):
            self._suggest(pillar.ids[a], pillar.ids[b])
        for index in range(len(pillar.themes)):
            self._name_theme(pillar, index, theme_sim)

    def _suggest(self, a: IdeaId, b: IdeaId) -> bool:
        if self.constraints.rejects(a, b):
            return False
        self._merges.append((a, b))
        return True

    def _name_theme(self, pillar: _Pillar, index: int, theme_sim: np.ndarray | None = None):
        """Name one theme; without the pillar's similarity matrix, only its own rows are
        compared (an add must not compute the whole matrix)."""
        theme = pillar.themes[index]
        rows = [row for row, t in enumerate(pillar.theme_of) if t == index]
        if theme_sim is None:
            block = self._similarities(pillar, np.array(rows), np.array(rows))[0]
        else:
            block = theme_sim[np.ix_(rows, rows)]
        texts = [pillar.texts[rows[k]] for k in by_centrality(block)]
        # An empty idea names nothing: the next most central one does.
        theme.name = next((shorten(text) for text in texts if text.strip()), "")
        theme.keywords = keywords([pillar.words[row] for row in rows], pillar.stem_counts,
                                  len(pillar.ids))

    # -- one idea at a time -------------------------------------------------------------------

    def add(self, idea: Idea) -> Theme:
        """Place one new idea: it joins the theme whose ideas it is most similar to on average
        if that reaches the theme threshold (a locked theme only if the idea is pinned to it),
        else it starts a theme; it may bring a merge suggestion with its nearest neighbour.
        Returns its theme."""
        if any(idea.id in pillar.ids for pillar in self._pillars.values()):
            raise ValueError(f"idea {idea.id!r} is already there")
        meaning, wording = self._vectors([idea.text])
        pillar = self._pillars.get(idea.pillar)
        if pillar is None:
            pillar = self._pillars[idea.pillar] = _Pillar(idea.pillar, meaning.shape[1])
        row = pillar.append(idea, meaning[0], wording[0])
        theme_row, merge_row = self._similarities(pillar, np.array([row]))
        theme_row, merge_row = theme_row[0], merge_row[0]
        index = self._place(pillar, row, theme_row)
        pillar.theme_of.append(index)
        self._pair_new(pillar, row, merge_row)
        self._name_theme(pillar, index)
        return pillar.themes[index]

    def _place(self, pillar: _Pillar, row: int, theme_row: np.ndarray) -> int:
        key = self.constraints.pinned.get(pillar.ids[row])
        if key is not None:
            for index, theme in enumerate(pillar.themes):
                if theme.key == key:
                    theme.ids.append(pillar.ids[row])
                    return index
        elif pillar.themes:
            labels = np.array(pillar.theme_of)
            count = np.bincount(labels, minlength=len(pillar.themes))
            total = np.bincount(labels, weights=theme_row[:row], minlength=len(pillar.themes))
            average = total / np.maximum(count, 1)
            for index, theme in enumerate(pillar.themes):
                if theme.key in self.constraints.locked:
                    average[index] = -np.inf
            best = int(np.argmax(average))
            if average[best] >= self.tuning.theme_threshold:
                pillar.themes[best].ids.append(pillar.ids[row])
                return best
        pillar.themes.append(Theme(key or auto_key(pillar.ids[row]), pillar.name,
                                   [pillar.ids[row]]))
        return len(pillar.themes) - 1

    def _pair_new(self, pillar: _Pillar, row: int, merge_row: np.ndarray) -> None:
        """The merge suggestion a full run would make for the new idea: similar enough, and
        each among the other's nearest (older suggestions stay until the next regroup)."""
        n = len(pillar.ids)
        if n < 2:
            return
        rank = min(self.tuning.merge_neighbours, n - 1)
        others = merge_row.copy()
        others[row] = -np.inf
        order = np.argsort(-others, kind="stable")[:rank]
        bar = others[order[-1]]
        space = self._meaning_space(pillar) if self.model else pillar.wording
        for j in order:
            if others[j] < self.tuning.merge_threshold or others[j] < bar:
                continue
            theirs = space @ space[j]
            theirs[j] = -np.inf
            if others[j] >= np.sort(theirs)[-rank]:
                self._suggest(pillar.ids[int(j)], pillar.ids[row])

    def result(self) -> Result:
        themes = [theme for pillar in self._pillars.values() for theme in pillar.themes]
        return Result(self.basis, themes, list(self._merges))


def group(ideas: Iterable[Idea], model: MeaningModel | None,
          constraints: Constraints | None = None) -> Result:
    """Themes and merge suggestions for all ideas at once."""
    return Harvest(model).regroup(ideas, constraints)
