"""Property-based: whatever people type (emoji, only stop words, 500 characters), every idea
lands in exactly one theme of its pillar, named, and merges stay within a pillar."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.harvest import Harvest, Idea, group
from app.harvest.text import stems

PIECES = st.sampled_from([
    "Begegnung", "Orte", "der", "und", "für", "die", "🎉", "🙂👍", "", "  ", "Sprachkurs",
    "Kinderbetreuung", "mehr", "!!!", "ß", "Fußball", "Fussball", "x" * 30, "über", "ÄÖÜ",
    "café", "\n", "the", "and", "2024", "٣", "مرحبا", "Ελλάδα",
])
TEXTS = st.one_of(
    st.lists(PIECES, max_size=12).map(" ".join),
    st.text(max_size=500),
    st.just("und der die das 🙂"),
    st.just("Vielfalt " * 55),
)
CAFES = st.lists(st.tuples(st.sampled_from(["A", "B", "C"]), TEXTS), max_size=14)
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def check(result, ideas):
    pillar_of = {idea.id: idea.pillar for idea in ideas}
    placed = [i for theme in result.themes for i in theme.ids]
    assert sorted(placed) == sorted(pillar_of)
    for theme in result.themes:
        assert {pillar_of[i] for i in theme.ids} == {theme.pillar}
        assert theme.name.strip() or not any(ideas_text.strip() for ideas_text in
                                             [i.text for i in ideas if i.id in theme.ids])
        assert len(theme.name) <= 48 and len(theme.keywords) <= 3
    for a, b in result.merges:
        assert pillar_of[a] == pillar_of[b] and a != b


@SETTINGS
@given(CAFES)
def test_any_texts_by_wording(cafe):
    ideas = [Idea(n, pillar, text) for n, (pillar, text) in enumerate(cafe)]
    result = group(ideas, None)
    check(result, ideas)
    assert group(ideas, None).as_json() == result.as_json()


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(CAFES, TEXTS)
def test_any_texts_by_meaning_in_full_and_added(model, cafe, newcomer):
    ideas = [Idea(n, pillar, text) for n, (pillar, text) in enumerate(cafe)]
    harvest = Harvest(model)
    check(harvest.regroup(ideas), ideas)
    extra = Idea(len(ideas), "A", newcomer)
    theme = harvest.add(extra)
    assert extra.id in theme.ids
    check(harvest.result(), [*ideas, extra])


@given(TEXTS)
def test_keywords_hold_no_stop_words(text):
    assert not {word.lower() for _stem, word in stems(text)} & {"und", "der", "die", "für", "the"}
