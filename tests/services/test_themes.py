"""The moderator's decisions on the harvest's themes (app/services/themes.py)."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Idea, MergeSuggestion, Theme, ThemeVote, Vote
from app.services import harvesting, ideas, moderation, rounds, snapshots, themes
from app.services.errors import ServiceError
from tests.support.themes import add_suggestion, add_theme


@pytest.fixture
def harvest(make_cafe, make_participant):
    """Six ideas at table 1 (pillar 1: a, b, c, d) and table 2 (pillar 2: x, y), in two themes
    of pillar 1 and one of pillar 2."""
    cafe = make_cafe(tables=2, seats_per_table=4, rounds=1)
    people = [make_participant(cafe, f"P{n}") for n in range(8)]
    rounds.start_round(cafe)
    by_pillar: dict[int, list[Idea]] = {}
    for n, person in enumerate(people):
        idea, _ = ideas.post_idea(person, {"client_id": f"theme-{n:04d}", "text": f"Idee {n}"})
        by_pillar.setdefault(idea.pillar_id, []).append(idea)
    first, second = (by_pillar[p.id] for p in cafe.pillars[:2] if p.id in by_pillar)
    a, b, c, d = first[:4]
    x, y = second[:2]
    places = add_theme(db.session, [a.id, b.id], "Orte", ["Bank"])
    meet = add_theme(db.session, [c.id, d.id], "Begegnung", ["Fest"])
    other = add_theme(db.session, [x.id, y.id], "Teilhabe")
    return cafe, dict(a=a, b=b, c=c, d=d, x=x, y=y), (places, meet, other), people


def console_themes(cafe):
    return {t["name"]: t for t in snapshots.themes_dict(cafe, moderator=True)["themes"]}


def sent(published, namespace):
    """The `themes` events one audience got."""
    return [data for ns, _room, name, data in published.sent
            if name == "themes" and ns == namespace]


def refused(call, *args) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        call(*args)
    db.session.rollback()
    return caught.value


def pinned(*ideas_) -> list[bool]:
    for idea in ideas_:
        db.session.refresh(idea)
    return [idea.theme_pinned for idea in ideas_]


def test_rename_keeps_the_name_and_tells_consoles_and_screens(harvest, published):
    cafe, idea, (places, _, _), _ = harvest
    theme = themes.rename(cafe, {"theme_id": places.id, "name": "  Treffpunkte  "})
    assert (theme.name, theme.renamed) == ("Treffpunkte", True)
    # Its ideas stay with the name: no regrouping takes them (and the theme's key) elsewhere.
    assert pinned(idea["a"], idea["b"], idea["c"]) == [True, True, False]
    assert [t["name"] for t in sent(published, "/moderator")[-1]["themes"]] == [
        "Treffpunkte", "Begegnung", "Teilhabe"]
    assert sent(published, "/screen")


def test_rename_refuses_an_empty_name_and_another_cafes_theme(harvest, make_cafe):
    cafe, _, (places, _, _), _ = harvest
    assert refused(themes.rename, cafe, {"theme_id": places.id, "name": " "}).details == {
        "field": "name"}
    other = make_cafe()
    assert refused(themes.rename, other, {"theme_id": places.id, "name": "X"}).details == {
        "field": "theme_id"}
    assert refused(themes.rename, cafe, {"theme_id": True, "name": "X"}).code == "invalid_input"
    assert (places.name, places.renamed) == ("Orte", False)


def test_lock_and_unlock(harvest):
    cafe, idea, (places, _, _), _ = harvest
    assert themes.set_locked(cafe, {"theme_id": places.id, "locked": True}).locked is True
    assert pinned(idea["a"], idea["b"], idea["c"]) == [True, True, False]
    assert console_themes(cafe)["Orte"]["locked"] is True
    assert themes.set_locked(cafe, {"theme_id": places.id, "locked": False}).locked is False
    assert refused(themes.set_locked, cafe, {"theme_id": places.id, "locked": "ja"}).details == {
        "field": "locked"}


def test_moving_an_idea_pins_it_to_the_other_theme(harvest):
    cafe, idea, (_, meet, _), _ = harvest
    themes.move_idea(cafe, {"idea_id": idea["a"].id, "theme_id": meet.id})
    assert (idea["a"].theme_id, idea["a"].theme_pinned) == (meet.id, True)
    shown = console_themes(cafe)
    assert shown["Orte"]["idea_ids"] == [idea["b"].id]
    assert sorted(shown["Begegnung"]["idea_ids"]) == sorted(
        [idea["a"].id, idea["c"].id, idea["d"].id])


def test_moving_an_idea_to_a_new_theme_names_it_after_the_idea(harvest):
    cafe, idea, (places, _, _), _ = harvest
    theme = themes.move_idea(cafe, {"idea_id": idea["a"].id, "theme_id": None})
    assert theme.key == f"m:{theme.id}" and theme.pillar_id == places.pillar_id
    assert (theme.name, theme.renamed) == (idea["a"].text, False)
    assert idea["a"].theme_pinned is True
    named = themes.move_idea(cafe, {"idea_id": idea["b"].id, "theme_id": None,
                                    "name": "Bänke"})
    assert (named.name, named.renamed) == ("Bänke", True)
    # "Orte" was emptied by the two moves and had nothing of its own: it is gone.
    assert db.session.get(Theme, places.id) is None


def test_an_emptied_theme_stays_when_renamed_locked_or_voted_on(harvest):
    cafe, idea, (places, meet, _), people = harvest
    themes.rename(cafe, {"theme_id": places.id, "name": "Orte zum Verweilen"})
    db.session.add(ThemeVote(cafe_id=cafe.id, participant_id=people[0].id, theme_id=meet.id,
                             dots=2))
    db.session.commit()
    for name in ("a", "b"):
        themes.move_idea(cafe, {"idea_id": idea[name].id, "theme_id": None})
    for name in ("c", "d"):
        themes.move_idea(cafe, {"idea_id": idea[name].id, "theme_id": None})
    assert db.session.get(Theme, places.id) is not None
    assert db.session.get(Theme, meet.id) is not None
    assert console_themes(cafe)["Orte zum Verweilen"]["size"] == 0


def test_moving_refuses_another_pillar_and_an_idea_not_shown(harvest):
    cafe, idea, (places, _, other), _ = harvest
    error = refused(themes.move_idea, cafe, {"idea_id": idea["a"].id, "theme_id": other.id})
    assert error.code == "other_pillar"
    idea["b"].hidden = True
    db.session.commit()
    error = refused(themes.move_idea, cafe, {"idea_id": idea["b"].id, "theme_id": places.id})
    assert error.details == {"field": "idea_id"}
    assert refused(themes.move_idea, cafe, {"idea_id": idea["a"].id,
                                            "theme_id": 10**6}).details == {"field": "theme_id"}
    assert idea["a"].theme_id == places.id and idea["a"].theme_pinned is False


def test_split_makes_a_new_theme_of_several_ideas(harvest):
    cafe, idea, _, _ = harvest
    theme = themes.split(cafe, {"idea_ids": [idea["b"].id, idea["c"].id],
                                "name": "Neue Orte"})
    shown = console_themes(cafe)
    assert sorted(shown["Neue Orte"]["idea_ids"]) == sorted([idea["b"].id, idea["c"].id])
    assert shown["Orte"]["idea_ids"] == [idea["a"].id]
    assert shown["Begegnung"]["idea_ids"] == [idea["d"].id]
    assert theme.key.startswith("m:") and idea["b"].theme_pinned and idea["c"].theme_pinned


def test_split_refuses_two_pillars_twice_the_same_idea_and_no_ideas(harvest):
    cafe, idea, _, _ = harvest
    assert refused(themes.split, cafe, {"idea_ids": [idea["a"].id, idea["x"].id]}).code == \
        "other_pillar"
    assert refused(themes.split, cafe, {"idea_ids": [idea["a"].id, idea["a"].id]}).details == {
        "field": "idea_ids"}
    assert refused(themes.split, cafe, {"idea_ids": []}).details == {"field": "idea_ids"}
    assert db.session.scalar(select(Theme).where(Theme.key.like("m:%"))) is None


def test_join_keeps_one_theme_with_every_idea_pinned_and_the_dots(harvest, make_participant):
    cafe, idea, (places, meet, _), people = harvest
    cafe.vote_on = "themes"
    db.session.add_all([
        ThemeVote(cafe_id=cafe.id, participant_id=people[0].id, theme_id=places.id, dots=1),
        ThemeVote(cafe_id=cafe.id, participant_id=people[0].id, theme_id=meet.id, dots=2),
        ThemeVote(cafe_id=cafe.id, participant_id=people[1].id, theme_id=places.id, dots=3)])
    db.session.commit()
    kept = themes.join(cafe, {"theme_id": places.id, "into_id": meet.id})
    assert kept.id == meet.id and db.session.get(Theme, places.id) is None
    shown = console_themes(cafe)
    assert sorted(shown["Begegnung"]["idea_ids"]) == sorted(
        i.id for i in (idea["a"], idea["b"], idea["c"], idea["d"]))
    assert all(idea[n].theme_pinned for n in "abcd")
    assert shown["Begegnung"]["votes"] == 6
    assert sorted(db.session.execute(select(ThemeVote.participant_id, ThemeVote.dots)).all()) \
        == sorted([(people[0].id, 3), (people[1].id, 3)])


def test_join_refuses_itself_and_another_pillar(harvest):
    cafe, _, (places, _, other), _ = harvest
    assert refused(themes.join, cafe, {"theme_id": places.id, "into_id": places.id}).code == \
        "cannot_join"
    assert refused(themes.join, cafe, {"theme_id": places.id, "into_id": other.id}).code == \
        "other_pillar"
    assert db.session.get(Theme, places.id) is not None


def test_accepting_a_suggestion_merges_the_pair_and_it_goes(harvest, published):
    cafe, idea, _, _ = harvest
    suggestion = add_suggestion(db.session, idea["b"].id, idea["a"].id)
    kept = themes.accept_suggestion(cafe, {"suggestion_id": suggestion.id})
    assert kept.id == idea["a"].id and idea["b"].merged_into_id == idea["a"].id
    assert db.session.scalars(select(MergeSuggestion)).all() == []
    assert sent(published, "/moderator")[-1]["suggestion_groups"] == []
    assert console_themes(cafe)["Orte"]["idea_ids"] == [idea["a"].id]


def test_a_rejected_suggestion_is_kept_and_cannot_be_accepted(harvest, published):
    cafe, idea, _, _ = harvest
    suggestion = add_suggestion(db.session, idea["a"].id, idea["c"].id)
    assert snapshots.themes_dict(cafe, moderator=True)["suggestion_groups"] == [
        {"pillar_id": idea["a"].pillar_id, "idea_ids": [idea["a"].id, idea["c"].id],
         "suggestion_ids": [suggestion.id]}]
    assert themes.reject_suggestion(cafe, {"suggestion_id": suggestion.id}).rejected is True
    assert sent(published, "/moderator")[-1]["suggestion_groups"] == []
    for decide in (themes.accept_suggestion, themes.reject_suggestion,
                   themes.reject_suggested_idea):
        assert refused(decide, cafe, {"suggestion_id": suggestion.id,
                                      "idea_id": idea["a"].id}).code == "suggestion_rejected"
    assert db.session.get(MergeSuggestion, suggestion.id).rejected is True
    assert idea["c"].merged_into_id is None


def test_a_suggestion_of_an_idea_hidden_meanwhile_cannot_be_accepted(harvest, make_cafe):
    cafe, idea, _, _ = harvest
    suggestion = add_suggestion(db.session, idea["a"].id, idea["b"].id)
    idea["b"].hidden = True
    db.session.commit()
    assert refused(themes.accept_suggestion, cafe, {"suggestion_id": suggestion.id}).details \
        == {"field": "suggestion_id"}
    assert db.session.get(MergeSuggestion, suggestion.id) is not None
    assert refused(themes.reject_suggestion, make_cafe(),
                   {"suggestion_id": suggestion.id}).details == {"field": "suggestion_id"}


def test_hiding_or_merging_an_idea_of_a_theme_tells_the_themes_again(harvest, published):
    cafe, idea, _, _ = harvest
    moderation.set_hidden(cafe, {"idea_id": idea["a"].id, "hidden": True})
    assert [t["size"] for t in sent(published, "/screen")[-1]["themes"]
            if t["name"] == "Orte"] == [1]
    moderation.merge(cafe, {"idea_id": idea["c"].id, "merge_ids": [idea["d"].id]})
    assert [t["idea_ids"] for t in sent(published, "/moderator")[-1]["themes"]
            if t["name"] == "Begegnung"] == [[idea["c"].id]]
    # Pinning changes no theme: nothing is sent again.
    before = len(sent(published, "/moderator"))
    moderation.set_pinned(cafe, {"idea_id": idea["b"].id, "pinned": True})
    assert len(sent(published, "/moderator")) == before


# ---- merge suggestions as groups -----------------------------------------------------------

SAME = ["Sprachkurse am Abend anbieten", "Sprachkurse abends anbieten",
        "Sprachkurse am Abend für alle anbieten"]


@pytest.fixture
def same_three(app, make_cafe, make_participant):
    """The same idea three times in other words, and one other idea, at one table: the
    harvest (by wording, each step before the call returns) suggests all three pairs."""
    app.config.update(HARVEST="wording", HARVEST_DELAY=0, REGROUP_DELAY=0)
    cafe = make_cafe(tables=1, seats_per_table=8, rounds=2)
    people = [make_participant(cafe) for _ in range(4)]
    rounds.start_round(cafe)
    posted = [ideas.post_idea(person, {"client_id": f"same-{n:04d}", "text": text})[0]
              for n, (person, text) in enumerate(zip(people, [*SAME, "Fest der Kulturen"],
                                                     strict=True))]
    return cafe, posted, people


def open_pairs() -> set[tuple[int, int]]:
    return set(db.session.execute(select(MergeSuggestion.first_id, MergeSuggestion.second_id)
                                  .where(MergeSuggestion.rejected.is_(False))).tuples())


def rejected_pairs() -> set[tuple[int, int]]:
    return set(db.session.execute(select(MergeSuggestion.first_id, MergeSuggestion.second_id)
                                  .where(MergeSuggestion.rejected.is_(True))).tuples())


def groups(cafe) -> list[dict]:
    return snapshots.themes_dict(cafe, moderator=True)["suggestion_groups"]


def test_three_ideas_with_three_open_pairs_are_one_group(same_three):
    cafe, posted, _ = same_three
    a, b, c = (idea.id for idea in posted[:3])
    assert open_pairs() == {(a, b), (a, c), (b, c)}
    ids = sorted(db.session.scalars(select(MergeSuggestion.id)))
    assert groups(cafe) == [{"pillar_id": posted[0].pillar_id, "idea_ids": [a, b, c],
                             "suggestion_ids": ids}]


def test_pairs_linked_through_an_idea_are_one_group_and_other_pillars_apart(harvest):
    cafe, idea, _, _ = harvest
    first = add_suggestion(db.session, idea["a"].id, idea["b"].id)
    other = add_suggestion(db.session, idea["x"].id, idea["y"].id)
    chained = add_suggestion(db.session, idea["b"].id, idea["d"].id)
    assert groups(cafe) == [
        {"pillar_id": idea["a"].pillar_id, "idea_ids": [idea["a"].id, idea["b"].id, idea["d"].id],
         "suggestion_ids": [first.id, chained.id]},
        {"pillar_id": idea["x"].pillar_id, "idea_ids": [idea["x"].id, idea["y"].id],
         "suggestion_ids": [other.id]}]


def test_accepting_any_suggestion_of_a_group_merges_all_into_the_earliest(same_three,
                                                                           published):
    cafe, posted, people = same_three
    first, second, third, other = posted
    db.session.add_all([
        Vote(cafe_id=cafe.id, participant_id=people[0].id, idea_id=first.id, dots=1),
        Vote(cafe_id=cafe.id, participant_id=people[0].id, idea_id=third.id, dots=2),
        Vote(cafe_id=cafe.id, participant_id=people[1].id, idea_id=second.id, dots=3)])
    db.session.commit()
    # The youngest suggestion, of the two later ideas: the whole group goes, into the first.
    youngest = max(db.session.scalars(select(MergeSuggestion.id)))
    kept = themes.accept_suggestion(cafe, {"suggestion_id": youngest})
    assert kept.id == first.id
    for idea in (second, third, other):
        db.session.refresh(idea)
    assert (second.merged_into_id, third.merged_into_id) == (first.id, first.id)
    assert other.merged_into_id is None
    assert sorted(db.session.execute(select(Vote.participant_id, Vote.idea_id, Vote.dots))
                  .tuples()) == sorted([(people[0].id, first.id, 3),
                                        (people[1].id, first.id, 3)])
    assert db.session.scalars(select(MergeSuggestion)).all() == []
    assert sent(published, "/moderator")[-1]["suggestion_groups"] == []


def test_rejecting_a_group_rejects_every_pair_and_no_regroup_brings_one_back(same_three):
    cafe, posted, _ = same_three
    a, b, c = (idea.id for idea in posted[:3])
    # One of the three pairs is not suggested (yet): the decision covers it all the same.
    db.session.delete(db.session.scalars(select(MergeSuggestion).where(
        MergeSuggestion.first_id == a, MergeSuggestion.second_id == c)).one())
    db.session.commit()
    named = db.session.scalars(select(MergeSuggestion.id).where(
        MergeSuggestion.first_id == a)).one()
    assert themes.reject_suggestion(cafe, {"suggestion_id": named}).rejected is True
    assert rejected_pairs() == {(a, b), (a, c), (b, c)} and open_pairs() == set()
    assert groups(cafe) == []
    assert harvesting.regroup(cafe.id)
    assert open_pairs() == set() and groups(cafe) == []
    assert all(db.session.get(Idea, idea_id).merged_into_id is None for idea_id in (a, b, c))


def test_taking_one_idea_out_leaves_a_group_of_the_rest(same_three, published):
    cafe, posted, _ = same_three
    a, b, c = (idea.id for idea in posted[:3])
    any_one = min(db.session.scalars(select(MergeSuggestion.id)))
    themes.reject_suggested_idea(cafe, {"suggestion_id": any_one, "idea_id": b})
    assert rejected_pairs() == {(a, b), (b, c)}
    [rest] = sent(published, "/moderator")[-1]["suggestion_groups"]
    assert rest["idea_ids"] == [a, c]
    assert harvesting.regroup(cafe.id)
    assert [group["idea_ids"] for group in groups(cafe)] == [[a, c]]
    # Out of a pair, the last but one: no group is left.
    themes.reject_suggested_idea(cafe, {"suggestion_id": rest["suggestion_ids"][0],
                                        "idea_id": c})
    assert groups(cafe) == [] and rejected_pairs() == {(a, b), (a, c), (b, c)}


def test_bad_ids_for_a_group_are_refused_and_nothing_is_written(same_three, make_cafe):
    cafe, posted, _ = same_three
    a, b, c, other = (idea.id for idea in posted)
    suggestion = min(db.session.scalars(select(MergeSuggestion.id)))
    before = db.session.execute(select(MergeSuggestion.id, MergeSuggestion.rejected)).all()
    take_out = themes.reject_suggested_idea
    for call, data, field in [
            (take_out, {"suggestion_id": suggestion, "idea_id": other}, "idea_id"),
            (take_out, {"suggestion_id": suggestion, "idea_id": "b"}, "idea_id"),
            (take_out, {"suggestion_id": suggestion}, "idea_id"),
            (take_out, {"suggestion_id": None, "idea_id": b}, "suggestion_id"),
            (themes.accept_suggestion, {"suggestion_id": 10**6}, "suggestion_id"),
            (themes.accept_suggestion, {"suggestion_id": True}, "suggestion_id"),
            (themes.reject_suggestion, {"suggestion_id": "1"}, "suggestion_id")]:
        error = refused(call, cafe, data)
        assert (error.code, error.details) == ("invalid_input", {"field": field}), data
    other_cafe = make_cafe()
    assert refused(take_out, other_cafe, {"suggestion_id": suggestion,
                                          "idea_id": a}).details == {"field": "suggestion_id"}
    assert db.session.execute(select(MergeSuggestion.id, MergeSuggestion.rejected)).all() == \
        before
    assert all(db.session.get(Idea, idea_id).merged_into_id is None for idea_id in (a, b, c))


def test_a_group_larger_than_one_merge_takes_is_refused_whole(same_three, monkeypatch):
    cafe, posted, _ = same_three
    monkeypatch.setattr(themes, "MAX_IDEAS_AT_ONCE", 1)
    suggestion = min(db.session.scalars(select(MergeSuggestion.id)))
    error = refused(themes.accept_suggestion, cafe, {"suggestion_id": suggestion})
    assert error.details == {"field": "suggestion_id"} and "mehr als 2 Ideen" in str(error.message)
    assert len(open_pairs()) == 3
    assert all(db.session.get(Idea, idea.id).merged_into_id is None for idea in posted)
