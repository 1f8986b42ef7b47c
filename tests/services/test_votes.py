import json

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Phase, Theme, ThemeVote, Vote
from app.services import idea_list, ideas, notify, reads, rounds, snapshots, votes
from app.services.errors import ServiceError


@pytest.fixture
def harvest(make_cafe, make_participant):
    cafe = make_cafe(tables=2, seats_per_table=4, rounds=1)
    group = [make_participant(cafe) for _ in range(4)]
    rounds.start_round(cafe)
    posted = [ideas.post_idea(p, {"client_id": f"vote-idea-{n}", "text": f"Idee {n}"})[0]
              for n, p in enumerate(group)]
    rounds.end_round(cafe)
    votes.open_voting(cafe, {"dots_per_person": 3, "max_dots_per_idea": 2})
    return cafe, group, posted


def total_dots() -> int:
    return db.session.scalar(select(func.coalesce(func.sum(Vote.dots), 0)))


def test_open_voting_moves_to_the_harvest(harvest):
    cafe, _, _ = harvest
    assert cafe.phase == Phase.HARVEST and cafe.voting_open
    assert snapshots.cafe_summary(cafe)["voting"] == {
        "open": True, "dots_per_person": 3, "max_dots_per_idea": 2, "vote_on": "ideas"}


def test_dots_are_limited_per_idea_and_per_person(harvest):
    _, group, posted = harvest
    voter = group[0]
    assert votes.set_vote(voter, {"idea_id": posted[1].id, "dots": 2}) == {posted[1].id: 2}
    with pytest.raises(ServiceError) as caught:
        votes.set_vote(voter, {"idea_id": posted[2].id, "dots": 3})
    assert caught.value.details["field"] == "dots"
    votes.set_vote(voter, {"idea_id": posted[2].id, "dots": 1})
    with pytest.raises(ServiceError) as caught:
        votes.set_vote(voter, {"idea_id": posted[3].id, "dots": 1})
    assert caught.value.code == "no_dots_left"
    assert total_dots() == 3


def test_moved_dots_are_counted_once(harvest, published):
    cafe, group, posted = harvest
    voter = group[0]
    votes.set_vote(voter, {"idea_id": posted[1].id, "dots": 2})
    votes.set_vote(voter, {"idea_id": posted[1].id, "dots": 1})
    votes.set_vote(voter, {"idea_id": posted[2].id, "dots": 2})
    votes.set_vote(voter, {"idea_id": posted[1].id, "dots": 0})
    assert reads.my_votes(voter) == {posted[2].id: 2}
    assert reads.vote_totals(cafe) == {posted[2].id: 2}
    assert published.events("votes")[-1] == {"idea_id": posted[1].id, "total": 0}


def test_voting_after_close_is_refused_with_a_message(harvest):
    cafe, group, posted = harvest
    votes.close_voting(cafe)
    with pytest.raises(ServiceError) as caught:
        votes.set_vote(group[0], {"idea_id": posted[0].id, "dots": 1})
    assert caught.value.code == "voting_closed"
    assert "geschlossen" in str(caught.value.message)
    assert total_dots() == 0


@pytest.mark.parametrize("idea_id", [None, "1", 999_999, True])
def test_unknown_ideas_cannot_get_dots(harvest, idea_id):
    _, group, _ = harvest
    with pytest.raises(ServiceError) as caught:
        votes.set_vote(group[0], {"idea_id": idea_id, "dots": 1})
    assert caught.value.details["field"] == "idea_id"


def test_voting_needs_a_finished_round(make_cafe):
    cafe = make_cafe()
    with pytest.raises(ServiceError) as caught:
        votes.open_voting(cafe, {})
    assert caught.value.code == "wrong_phase"


def test_dots_per_idea_cannot_exceed_dots_per_person(make_cafe, make_participant, harvest):
    cafe, _, _ = harvest
    with pytest.raises(ServiceError) as caught:
        votes.open_voting(cafe, {"dots_per_person": 2, "max_dots_per_idea": 3})
    assert caught.value.details["field"] == "max_dots_per_idea"


# ---- voting on themes -----------------------------------------------------------------------


@pytest.fixture
def theme_harvest(harvest):
    """The harvest café voting on themes: one theme per idea's pillar holding that idea,
    and one theme whose only idea is hidden."""
    cafe, group, posted = harvest
    cafe.vote_on = "themes"
    themes = []
    for n, idea in enumerate(posted):
        theme = Theme(cafe_id=cafe.id, pillar_id=idea.pillar_id, key=f"auto:{idea.id}",
                      name=f"Thema {n}", keywords=[f"wort{n}"])
        db.session.add(theme)
        db.session.flush()
        idea.theme_id = theme.id
        themes.append(theme)
    db.session.commit()
    return cafe, group, posted, themes


def theme_dots() -> int:
    return db.session.scalar(select(func.coalesce(func.sum(ThemeVote.dots), 0)))


def test_dots_on_themes_keep_the_same_budget(theme_harvest, published):
    cafe, group, _, themes = theme_harvest
    voter = group[0]
    assert votes.set_theme_vote(voter, {"theme_id": themes[1].id, "dots": 2}) == {
        themes[1].id: 2}
    with pytest.raises(ServiceError) as caught:
        votes.set_theme_vote(voter, {"theme_id": themes[2].id, "dots": 3})
    assert caught.value.details["field"] == "dots"
    votes.set_theme_vote(voter, {"theme_id": themes[2].id, "dots": 1})
    with pytest.raises(ServiceError) as caught:
        votes.set_theme_vote(voter, {"theme_id": themes[3].id, "dots": 1})
    assert caught.value.code == "no_dots_left" and "Thema" in str(caught.value.message)
    assert theme_dots() == 3
    votes.set_theme_vote(voter, {"theme_id": themes[1].id, "dots": 0})
    assert reads.my_theme_votes(voter) == {themes[2].id: 1}
    assert reads.theme_vote_totals(cafe) == {themes[2].id: 1}
    # Totals go to the consoles; the screen hears none while results are held.
    assert published.events("theme_votes")[-1] == {"theme_id": themes[1].id, "total": 0}
    assert not [sent for sent in published.sent
                if sent[2] == "theme_votes" and sent[0] != "/moderator"]
    state = snapshots.participant_state(voter)
    assert state["my_theme_votes"] == {themes[2].id: 1}
    assert state["cafe"]["voting"]["vote_on"] == "themes"


def test_a_cafe_votes_on_ideas_or_on_themes_never_both(theme_harvest):
    cafe, group, posted, themes = theme_harvest
    with pytest.raises(ServiceError) as caught:
        votes.set_vote(group[0], {"idea_id": posted[1].id, "dots": 1})
    assert (caught.value.code, caught.value.details["field"]) == ("invalid_input", "idea_id")
    cafe.vote_on = "ideas"
    db.session.commit()
    with pytest.raises(ServiceError) as caught:
        votes.set_theme_vote(group[0], {"theme_id": themes[1].id, "dots": 1})
    assert (caught.value.code, caught.value.details["field"]) == ("invalid_input", "theme_id")
    assert theme_dots() == 0 and total_dots() == 0


def test_only_a_theme_with_a_shown_idea_takes_dots_and_only_while_voting_is_open(
        theme_harvest, make_cafe):
    cafe, group, posted, themes = theme_harvest
    votes.set_theme_vote(group[0], {"theme_id": themes[0].id, "dots": 1})
    posted[0].hidden = True
    db.session.commit()
    with pytest.raises(ServiceError) as caught:
        votes.set_theme_vote(group[0], {"theme_id": themes[0].id, "dots": 2})
    assert caught.value.details["field"] == "theme_id"
    # Its dots can still be taken back.
    assert votes.set_theme_vote(group[0], {"theme_id": themes[0].id, "dots": 0}) == {}
    other = make_cafe()
    foreign = Theme(cafe_id=other.id, pillar_id=other.pillars[0].id, key="m:1", name="x")
    db.session.add(foreign)
    db.session.commit()
    for theme_id in (foreign.id, None, True, "1", 10**9):
        with pytest.raises(ServiceError) as caught:
            votes.set_theme_vote(group[0], {"theme_id": theme_id, "dots": 0})
        assert caught.value.details["field"] == "theme_id"
    votes.close_voting(cafe)
    with pytest.raises(ServiceError) as caught:
        votes.set_theme_vote(group[0], {"theme_id": themes[1].id, "dots": 1})
    assert caught.value.code == "voting_closed"
    assert theme_dots() == 0


def test_phones_voting_on_themes_get_them_with_the_idea_list(theme_harvest, published):
    cafe, _, posted, themes = theme_harvest
    first = json.loads(idea_list.visible_list(cafe).body)
    assert [t["idea_ids"] for t in first["themes"]] == [[i.id] for i in posted]
    assert set(first["themes"][0]) == {"id", "pillar_id", "name", "keywords", "idea_ids"}
    themes[0].name = "Umbenannt"
    db.session.commit()
    assert json.loads(idea_list.visible_list(cafe).body)["themes"][0]["name"] == "Umbenannt"
    notify.themes_changed(cafe)
    assert published.events("themes_changed") == [{}]
    cafe.vote_on = "ideas"
    db.session.commit()
    assert "themes" not in json.loads(idea_list.visible_list(cafe).body)
