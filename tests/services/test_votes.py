import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Phase, Vote
from app.services import ideas, reads, rounds, snapshots, votes
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
        "open": True, "dots_per_person": 3, "max_dots_per_idea": 2}


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
