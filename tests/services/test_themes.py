"""The moderator's decisions on the harvest's themes (app/services/themes.py)."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Idea, MergeSuggestion, Theme, ThemeVote
from app.services import ideas, moderation, rounds, snapshots, themes
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
    assert sent(published, "/moderator")[-1]["suggestions"] == []
    assert console_themes(cafe)["Orte"]["idea_ids"] == [idea["a"].id]


def test_a_rejected_suggestion_is_kept_and_cannot_be_accepted(harvest, published):
    cafe, idea, _, _ = harvest
    suggestion = add_suggestion(db.session, idea["a"].id, idea["c"].id)
    assert snapshots.themes_dict(cafe, moderator=True)["suggestions"] == [
        {"id": suggestion.id, "first_id": idea["a"].id, "second_id": idea["c"].id}]
    assert themes.reject_suggestion(cafe, {"suggestion_id": suggestion.id}).rejected is True
    assert sent(published, "/moderator")[-1]["suggestions"] == []
    for decide in (themes.accept_suggestion, themes.reject_suggestion):
        assert refused(decide, cafe, {"suggestion_id": suggestion.id}).code == \
            "suggestion_rejected"
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
