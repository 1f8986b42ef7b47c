"""Theme names people understand: the most central idea, shortened, and a few keywords that set
the theme apart from the rest of its pillar (stop words left out)."""
import math

import numpy as np

NAME_LENGTH = 48
KEYWORDS = 3


def shorten(text: str, limit: int = NAME_LENGTH) -> str:
    """The text on one line, cut at a word boundary with an ellipsis when longer than limit."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[:limit - 1].rsplit(" ", 1)[0] if " " in line[:limit - 1] else line[:limit - 1]
    return cut.rstrip(" ,;:-/") + "…"


def by_centrality(block: np.ndarray) -> list[int]:
    """Positions of the members, the most similar to the others on average first (earlier first
    on a tie; with two members neither is more central), given the members' similarity block."""
    if block.shape[0] <= 2:
        return list(range(block.shape[0]))
    return [int(k) for k in np.argsort(-block.sum(axis=1), kind="stable")]


def keywords(members: list[dict[str, str]], pillar_counts: dict[str, int], total: int) -> list[str]:
    """Up to three words frequent in the theme and rare elsewhere in the pillar.

    `members` holds each idea's stems (stem -> word as typed), `pillar_counts` in how many of
    the pillar's `total` ideas each stem occurs. In a theme of several ideas, words that occur in
    at least two of them come first: one idea's word describes a theme less well. A stem shows as
    the word typed most often for it.
    """
    counts: dict[str, int] = {}
    spelled: dict[str, dict[str, int]] = {}
    for found in members:
        for stem, word in found.items():
            counts[stem] = counts.get(stem, 0) + 1
            forms = spelled.setdefault(stem, {})
            forms[word] = forms.get(word, 0) + 1
    needed = 2 if len(members) > 1 else 1
    scored = sorted(
        (count < needed, -(count * math.log(1 + max(total, 1) / pillar_counts.get(stem, 1))),
         order, stem)
        for order, (stem, count) in enumerate(counts.items())
    )
    return [max(spelled[stem].items(), key=lambda item: item[1])[0]
            for _rare, _score, _order, stem in scored[:KEYWORDS]]
