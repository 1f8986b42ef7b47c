"""Live aggregation of ideas: pure functions over plain data, no Flask, no database."""

import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

from app import stopwords


def count_ideas(ideas: Iterable[dict]) -> dict:
    """Counts per pillar, per round and per table for ideas given as dicts.

    Keys are strings because the result travels as JSON.
    """
    by_pillar: Counter[str] = Counter()
    by_round: Counter[str] = Counter()
    by_table: Counter[str] = Counter()
    total = 0
    for idea in ideas:
        total += 1
        by_pillar[str(idea["pillar_id"])] += 1
        by_round[str(idea["round"])] += 1
        by_table[str(idea["table_id"])] += 1
    return {
        "total": total,
        "by_pillar": dict(by_pillar),
        "by_round": dict(by_round),
        "by_table": dict(by_table),
    }


# A word: letters (any script, umlauts and ß included), joined by inner hyphens or apostrophes,
# so "Übersetzungs-Pool" and "don't" stay whole. Digits, underscores and emoji never match.
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_LINK = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+", re.IGNORECASE)
MIN_LETTERS = 3


# Snowball stemmers (the snowballstemmer package) fold inflections: "echtem" and "echten"
# count as one word. A stemmer is not safe for two threads at once; the threading mode runs
# handlers in threads, hence one per thread.
_stemmers = threading.local()


def _stemmer(language: str):
    name = "english" if language == "en" else "german"
    cached = getattr(_stemmers, name, None)
    if cached is None:
        cached = snowballstemmer.stemmer(name)
        setattr(_stemmers, name, cached)
    return cached


def is_word(text: str) -> bool:
    """Whether text is one word as the word cloud reads words."""
    return _WORD.fullmatch(unicodedata.normalize("NFC", text).replace("’", "'")) is not None


@lru_cache(maxsize=100_000)
def _stem(lower: str, language: str) -> str:
    """Snowball in pure Python costs about 40 µs a word: 0.5 s for the 1,250 ideas of one
    pillar in a big café, each time its word cloud was drawn (and the screen's state draws
    every pillar's). A café's ideas share a few thousand words, so each is stemmed once."""
    return _stemmer(language).stemWord(lower)


@lru_cache(maxsize=100_000)
def _counted_as(lower: str, language: str) -> str:
    """The stem a lower-cased word counts as in a word cloud, or "" for a word left out (too
    few letters, a stop word); decided once per word, like the stem."""
    letters = sum(1 for char in lower if char.isalpha())
    if letters < MIN_LETTERS or lower in stopwords.ALL:
        return ""
    return _stem(lower, language)


def word_key(word: str, language: str = "de") -> str:
    """What the word cloud counts a word as: its lower-cased stem in the café's language."""
    return _stem(word.lower(), language)


def word_cloud(texts: Iterable[str], limit: int = 40, *, language: str = "de",
               hidden: Iterable[str] = ()) -> list[tuple[str, int]]:
    """The most frequent words of idea texts, for a word cloud: [(word, count), ...].

    Inflected forms count together ("echtem", "echten") and are shown as their most frequent
    spelling (German nouns keep their capital). Stop words (German and English), links,
    numbers, words of fewer than three letters and every form of a hidden word are left out.
    Sorted by count, most first, then alphabetically.
    """
    hidden_keys = {_stem(word.lower(), language) for word in hidden}
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for text in texts:
        text = _LINK.sub(" ", unicodedata.normalize("NFC", text or ""))
        for match in _WORD.finditer(text):
            word = match.group().replace("’", "'")
            key = _counted_as(word.lower(), language)
            if not key or key in hidden_keys:
                continue
            counts[key] += 1
            spellings.setdefault(key, Counter())[word] += 1
    # Counter.most_common keeps first-seen order among equals: ties go to the first spelling.
    shown = [(spellings[key].most_common(1)[0][0], n) for key, n in counts.items()]
    shown.sort(key=lambda item: (-item[1], item[0].lower(), item[0]))
    return shown[:max(0, limit)]
