"""Words of an idea: tokens, stems and the character pieces that tie compounds together.

Ideas are typed on phones: "Begegnungsorte" and "Orte der Begegnung", "Fußball" and "Fussball",
"Kochabend internat. Küche". Stems (German Snowball, which also folds the umlauts) catch the
inflections; character 4-grams inside each stem catch compounds and small typos, which a whole
word never would.
"""
import re
import unicodedata

import snowballstemmer

from app.stopwords import ALL as STOP_WORDS

# Words every café idea uses ("more", "together", "create", "offer"): they would tie unrelated
# ideas together and make poor keywords, so they count as stop words here.
HARVEST_FILLERS = frozenset((
    "mehr", "gemeinsam", "gemeinsame", "gemeinsames", "gemeinsamen", "zusammen", "schaffen",
    "machen", "anbieten", "einrichten", "organisieren", "nutzen", "sollen", "sollte", "statt",
    "einfach", "neue", "neuen", "alle", "allen", "jede", "jeder", "jedes", "viele", "vielen",
    "verschiedene", "verschiedener", "versch", "u", "f", "fuer", "fürs", "z", "b", "bzw", "x",
    "together", "more", "make", "also", "please", "everyone", "all",
))
STOP = STOP_WORDS | HARVEST_FILLERS
WORD = re.compile(r"[^\W_]+", re.UNICODE)
NGRAM = 4
_stemmer = snowballstemmer.stemmer("german")


def fold(text: str) -> str:
    """Lower case, sharp s as "ss", compatibility forms unified (full-width letters, ligatures)."""
    return unicodedata.normalize("NFKC", text).lower().replace("ß", "ss")


def typed_words(text: str) -> list[tuple[str, str]]:
    """(folded, as typed) for every content word, in order; stop words, single letters and
    numbers left out."""
    found = WORD.findall(unicodedata.normalize("NFKC", text))
    pairs = [(fold(word), word) for word in found]
    return [(w, word) for w, word in pairs if len(w) > 1 and w not in STOP and not w.isdigit()]


def stems(text: str) -> list[tuple[str, str]]:
    """(stem, word as typed) for every content word, in order."""
    found = typed_words(text)
    folded = _stemmer.stemWords([w for w, _word in found])
    return list(zip(folded, [word for _w, word in found], strict=True))


def features(text: str) -> dict[str, float]:
    """Sparse lexical features: each stem, and the character 4-grams inside it (padded, so a
    word's start and end count), which carry half a stem's weight between them."""
    counts: dict[str, float] = {}
    for stem, _word in stems(text):
        counts["w:" + stem] = counts.get("w:" + stem, 0.0) + 1.0
        padded = f"<{stem}>"
        grams = [padded[i:i + NGRAM] for i in range(max(1, len(padded) - NGRAM + 1))]
        for gram in grams:
            counts["g:" + gram] = counts.get("g:" + gram, 0.0) + 0.5 / len(grams) * 4
    return counts
