"""Themes and merge suggestions: a partition per pillar, deterministic, constraints honoured."""
import pytest

from app.harvest import WORDING, Constraints, Harvest, Idea, group

from .conftest import ideas

CAFE = (
    ideas("Begegnung", "Sprachcafé im Gemeindehaus jeden Dienstag",
          "Sprachcafe im Gemeindehaus, dienstags", "Fußballturnier für Jugendliche",
          "Fussball mit Jugendlichen aus der Unterkunft", "gemeinsam kochen aus vielen Ländern",
          "interkulturelles Kochen einmal im Monat", "Bänke auf dem Marktplatz")
    + ideas("Teilhabe", "Sprachkurse mit Kinderbetreuung", "Deutschkurs mit Kinderbetreuung",
            "Sozialticket für Bus und Bahn", "günstiges Ticket für den Bus", start=20)
)


def assert_partition(result, all_ideas):
    pillar_of = {idea.id: idea.pillar for idea in all_ideas}
    placed = [i for group_ in result.as_json()["groups"] for i in group_]
    assert sorted(placed) == sorted(pillar_of)
    for theme in result.themes:
        assert {pillar_of[i] for i in theme.ids} == {theme.pillar}
    for a, b in result.merges:
        assert pillar_of[a] == pillar_of[b] and a != b


@pytest.mark.parametrize("basis", ["meaning", "wording"])
def test_every_idea_is_in_exactly_one_theme_of_its_pillar_and_runs_repeat(basis, request):
    model = request.getfixturevalue("model") if basis == "meaning" else None
    first = group(CAFE, model)
    assert first.basis == basis
    assert_partition(first, CAFE)
    assert group(list(CAFE), model).as_json() == first.as_json()


def test_meaning_finds_themes_and_the_duplicate_in_other_words(model):
    result = group(CAFE, model)
    themes = {frozenset(theme.ids) for theme in result.themes}
    assert frozenset({3, 4}) in themes  # football, one with "ß", one with "ss"
    assert any({20, 21} <= theme for theme in themes)
    assert (20, 21) in result.merges
    assert (1, 2) in result.merges
    # Same words, other meaning: a language café is not a language course (other pillar), and
    # football is no duplicate of cooking.
    assert not any({1, 20} <= {a, b} for a, b in result.merges)


def test_wording_fallback_says_so_and_still_groups_the_obvious():
    result = group(CAFE, None)
    assert result.as_json()["basis"] == WORDING
    assert any({20, 21} <= set(theme.ids) for theme in result.themes)


def test_a_theme_is_named_by_its_most_central_idea_and_distinctive_keywords(model):
    result = group(CAFE, model)
    theme = next(theme for theme in result.themes if 20 in theme.ids)
    texts = {idea.id: idea.text for idea in CAFE}
    assert theme.name in {texts[i] for i in theme.ids}
    assert "Kinderbetreuung" in theme.keywords
    assert not {"mit", "für", "der"} & set(theme.keywords)
    long = group(ideas("P", "Ein sehr langer Vorschlag " * 10), model).themes[0].name
    assert len(long) <= 48 and long.endswith("…")


def test_pinned_ideas_stay_in_the_moderators_theme_and_two_such_themes_stay_apart(model):
    constraints = Constraints(pinned={3: "sport", 5: "sport", 1: "sprache", 2: "andere"})
    result = group(CAFE, model, constraints)
    by_key = {theme.key: set(theme.ids) for theme in result.themes}
    assert {3, 5} <= by_key["sport"]  # football and cooking, because the moderator said so
    assert 1 in by_key["sprache"] and 2 in by_key["andere"]  # near-identical, kept apart
    assert_partition(result, CAFE)


def test_a_locked_theme_takes_no_one_in_automatically(model):
    constraints = Constraints(pinned={3: "fussball"}, locked=frozenset({"fussball"}))
    result = group(CAFE, model, constraints)
    assert next(theme.ids for theme in result.themes if theme.key == "fussball") == [3]
    harvest = Harvest(model)
    harvest.regroup(CAFE, constraints)
    newcomer = harvest.add(Idea(99, "Begegnung", "Fußballturnier für Jugendliche!"))
    assert newcomer.key != "fussball"


def test_a_rejected_pair_is_never_suggested_again(model):
    assert (20, 21) in group(CAFE, model).merges
    constraints = Constraints(rejected_pairs=frozenset({frozenset({21, 20})}))
    assert (20, 21) not in group(CAFE, model, constraints).merges
    copy = Idea(30, "Teilhabe", "Sprachkurse mit Kinderbetreuung")
    for rejected, expected in ((frozenset(), True), (frozenset({frozenset({30, 20})}), False)):
        harvest = Harvest(model)
        harvest.regroup(CAFE, Constraints(rejected_pairs=rejected))
        harvest.add(copy)
        assert ((20, 30) in harvest.result().merges) is expected


@pytest.mark.parametrize("basis", ["meaning", "wording"])
def test_adding_one_at_a_time_gives_the_full_runs_themes_on_distinct_themes(basis, request):
    """The incremental contract: an idea joins the theme it is most similar to on average if
    that reaches the bar, as the last step of a full run would; on themes far apart from each
    other the two paths agree."""
    model = request.getfixturevalue("model") if basis == "meaning" else None
    arriving = ideas("Vielfalt", "Fest der Kulturen im Sommer", "Fest der Kulturen jedes Jahr",
                     "Workshops gegen Rassismus in Vereinen", "Workshop gegen Rassismus",
                     "Chor mit Liedern aus aller Welt", "interkultureller Chor mit Liedern")
    full = group(arriving, model)
    harvest = Harvest(model)
    harvest.regroup([])
    for idea in arriving:
        harvest.add(idea)
    one_by_one = harvest.result()
    assert sorted(map(sorted, one_by_one.as_json()["groups"])) == \
        sorted(map(sorted, full.as_json()["groups"]))
    assert sorted(map(sorted, one_by_one.merges)) == sorted(map(sorted, full.merges))


def test_an_added_idea_pinned_to_a_theme_joins_it_and_ids_stay_unique(model):
    harvest = Harvest(model)
    harvest.regroup(CAFE, Constraints(pinned={99: "auto:3"}))
    assert harvest.add(Idea(99, "Begegnung", "Sprachkurs")).key == "auto:3"
    with pytest.raises(ValueError):
        harvest.add(Idea(99, "Teilhabe", "noch einmal"))
    with pytest.raises(ValueError):
        group([Idea(1, "P", "a"), Idea(1, "P", "b")], model)
