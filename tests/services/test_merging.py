import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Participant, Phase, Theme, ThemeVote, Vote
from app.services import ideas, merging, people, phones, reads, rounds, summaries, votes
from app.services.errors import ServiceError
from tests.support.phones import phone_token


def merge(cafe, keep, duplicate):
    return merging.merge_people(cafe, {"keep_id": keep.id, "duplicate_id": duplicate.id})


def rows_pointing_at(participant_id: int) -> dict[str, set[int]]:
    """Per column that points at a person: the ids of the rows pointing at this one."""
    return {f"{column.table.name}.{column.name}": set(db.session.scalars(
        select(column.table.c.id).where(column == participant_id)))
        for column in merging.participant_columns()}


def test_merge_moves_every_row_and_leaves_none_behind(make_cafe, make_participant, published):
    cafe = make_cafe(tables=2, seats_per_table=4, rounds=1)
    keep = make_participant(cafe, "Anna Müller")
    duplicate = make_participant(cafe, "Anna Mueller-Schmidt")
    # A third entry merged into the duplicate earlier: its phone and link are the duplicate's.
    earlier = make_participant(cafe, "A. Müller")
    earlier_code = earlier.personal_code
    merge(cafe, duplicate, earlier)
    people.set_host(cafe, {"participant_id": duplicate.id, "table_id": cafe.tables[0].id})
    # The kept person was away in the round played: the duplicate's seat there is theirs.
    people.set_present(cafe, {"participant_id": keep.id, "present": False})
    for _ in range(4):
        make_participant(cafe)
    rounds.start_round(cafe)
    idea, _ = ideas.post_idea(duplicate, {"client_id": "dup-idea", "text": "Mehr Bänke"})
    summaries.save_summary(duplicate, {"text": "Bänke und Begegnung"})
    rounds.end_round(cafe)
    votes.open_voting(cafe, {"dots_per_person": 3, "max_dots_per_idea": 2})
    votes.set_vote(duplicate, {"idea_id": idea.id, "dots": 2})
    # Dots on a theme, as if the café had voted on themes before.
    theme = Theme(cafe_id=cafe.id, pillar_id=idea.pillar_id, key="m:1", name="Bänke")
    db.session.add(theme)
    db.session.flush()
    db.session.add(ThemeVote(cafe_id=cafe.id, participant_id=duplicate.id, theme_id=theme.id,
                             dots=1))
    db.session.commit()
    before = rows_pointing_at(duplicate.id)
    # Every kind of row that can point at a person is there, so the test covers them all.
    assert all(before.values()), before
    duplicate_id = duplicate.id

    merged = merge(cafe, keep, duplicate)

    assert db.session.get(Participant, duplicate_id) is None
    assert not any(rows_pointing_at(duplicate_id).values())
    after = rows_pointing_at(keep.id)
    for column, row_ids in before.items():
        assert row_ids <= after[column], column
    kept = merged.participant
    assert (kept.host_table_id, kept.left_after_round) == (cafe.tables[0].id, None)
    assert kept.checked_in and reads.my_votes(kept) == {idea.id: 2}
    assert reads.my_theme_votes(kept) == {theme.id: 1}
    assert merged.dots_trimmed == 0
    # The connected phones hear `merged` and are closed, to come back as the kept person.
    assert (f"participant:{duplicate_id}", "merged", {}) in [
        (room, event, data) for _ns, room, event, data in published.sent]
    assert ("*", f"participant:{duplicate_id}", "disconnect", None) in published.sent
    # The phones of all three are the kept person's, with their own tokens, numbered in
    # turn; so is the printed link of the person merged into the duplicate before.
    assert [(p.number, phones.participant_by_token(p.token, cafe.code).id)
            for p in people.phones_of(kept)] == [(1, keep.id), (2, keep.id), (3, keep.id)]
    assert phones.person_by_personal_code(cafe, earlier_code, "10.0.0.1").id == keep.id


def test_played_rounds_keep_the_kept_seat_and_the_coming_ones_are_planned_again(
        make_cafe, make_participant):
    cafe = make_cafe(tables=2, seats_per_table=4, rounds=3)
    keep, duplicate = make_participant(cafe, "Ben"), make_participant(cafe, "Benjamin")
    others = [make_participant(cafe) for _ in range(4)]
    rounds.start_round(cafe)
    rounds.end_round(cafe)
    kept_table = reads.round_seats(cafe, 0)[keep.id]
    assert cafe.phase == Phase.BETWEEN and duplicate.id in reads.round_seats(cafe, 1)
    duplicate_id = duplicate.id

    merge(cafe, keep, duplicate)

    played = reads.round_seats(cafe, 0)
    assert played[keep.id] == kept_table and duplicate_id not in played
    for round_index in (1, 2):
        seated = reads.round_seats(cafe, round_index)
        assert set(seated) == {keep.id, *(p.id for p in others)}


def test_dots_beyond_the_limits_are_trimmed_and_the_ack_says_how_many(
        make_cafe, make_participant):
    cafe = make_cafe(tables=2, seats_per_table=4, rounds=1)
    group = [make_participant(cafe) for _ in range(4)]
    keep, duplicate = group[0], group[1]
    rounds.start_round(cafe)
    posted = [ideas.post_idea(p, {"client_id": f"merge-idea-{n}", "text": f"Idee {n}"})[0]
              for n, p in enumerate(group)]
    rounds.end_round(cafe)
    votes.open_voting(cafe, {"dots_per_person": 3, "max_dots_per_idea": 2})
    votes.set_vote(keep, {"idea_id": posted[1].id, "dots": 1})
    votes.set_vote(keep, {"idea_id": posted[3].id, "dots": 1})
    votes.set_vote(duplicate, {"idea_id": posted[1].id, "dots": 2})
    votes.set_vote(duplicate, {"idea_id": posted[2].id, "dots": 1})
    # Idea 1: 1 + 2 makes 2 (the idea's limit; the budget of 3 is spent now); idea 2: its
    # dot does not fit. The kept person's own dots stay.
    merged = merge(cafe, keep, duplicate)
    assert reads.my_votes(merged.participant) == {posted[1].id: 2, posted[3].id: 1}
    assert merged.dots_trimmed == 2
    assert db.session.scalar(select(func.sum(Vote.dots))) == 3


def test_dots_on_themes_merge_within_the_limits_too(make_cafe, make_participant):
    cafe = make_cafe(tables=2, seats_per_table=4, rounds=1, vote_on="themes")
    group = [make_participant(cafe) for _ in range(4)]
    keep, duplicate = group[0], group[1]
    rounds.start_round(cafe)
    themes = []
    for n, person in enumerate(group[:3]):
        idea = ideas.post_idea(person, {"client_id": f"merge-theme-{n}", "text": f"Idee {n}"})[0]
        theme = Theme(cafe_id=cafe.id, pillar_id=idea.pillar_id, key=f"m:{n}", name=f"T{n}")
        db.session.add(theme)
        db.session.flush()
        idea.theme_id = theme.id
        themes.append(theme)
    db.session.commit()
    rounds.end_round(cafe)
    votes.open_voting(cafe, {"dots_per_person": 3, "max_dots_per_idea": 2})
    votes.set_theme_vote(keep, {"theme_id": themes[0].id, "dots": 1})
    votes.set_theme_vote(duplicate, {"theme_id": themes[0].id, "dots": 2})
    votes.set_theme_vote(duplicate, {"theme_id": themes[1].id, "dots": 1})
    # Theme 0: 1 + 2 makes 2 (its limit); theme 1's dot fits the budget of 3.
    merged = merge(cafe, keep, duplicate)
    assert reads.my_theme_votes(merged.participant) == {themes[0].id: 2, themes[1].id: 1}
    assert merged.dots_trimmed == 1
    assert db.session.scalar(select(func.sum(ThemeVote.dots))) == 3


def test_a_table_stays_with_the_kept_host(make_cafe, make_participant):
    cafe = make_cafe(tables=2, seats_per_table=4, rounds=2)
    keep, duplicate = make_participant(cafe, "Cem"), make_participant(cafe, "Cem Y.")
    people.set_host(cafe, {"participant_id": keep.id, "table_id": cafe.tables[0].id})
    people.set_host(cafe, {"participant_id": duplicate.id, "table_id": cafe.tables[1].id})
    merged = merge(cafe, keep, duplicate)
    assert (merged.participant.host_table_id, merged.host_dropped) == (cafe.tables[0].id, True)


def test_the_duplicates_personal_link_claims_the_kept_person_until_revoked(
        make_cafe, make_participant):
    cafe = make_cafe()
    keep = people.add_person(cafe, {"name": "Dana"})
    duplicate = make_participant(cafe, "Dana K.")
    old_code, old_token = duplicate.personal_code, phone_token(duplicate)
    merge(cafe, keep, duplicate)
    assert phones.participant_by_token(old_token).id == keep.id
    claimed = people.claim(cafe.code, {"personal_code": old_code}, "10.0.0.1")
    assert claimed.participant_id == keep.id
    assert [p.number for p in people.phones_of(keep)] == [1, 2]
    people.revoke_phones(cafe, {"participant_id": keep.id})
    with pytest.raises(ServiceError) as caught:
        phones.participant_by_token(old_token)
    assert caught.value.code == "unknown_participant"
    with pytest.raises(ServiceError) as caught:
        people.claim(cafe.code, {"personal_code": old_code}, "10.0.0.1")
    assert caught.value.code == "unknown_personal_code"


@pytest.mark.parametrize(("payload", "code", "field"), [
    ({"keep_id": "same", "duplicate_id": "same"}, "same_person", "duplicate_id"),
    ({"keep_id": "keep", "duplicate_id": "other"}, "invalid_input", "duplicate_id"),
    ({"keep_id": "other", "duplicate_id": "keep"}, "invalid_input", "keep_id"),
    ({"keep_id": "keep", "duplicate_id": 999_999}, "invalid_input", "duplicate_id"),
    ({"keep_id": None, "duplicate_id": "keep"}, "invalid_input", "keep_id"),
    ({"keep_id": "keep", "duplicate_id": True}, "invalid_input", "duplicate_id"),
])
def test_bad_merges_are_refused_and_change_nothing(make_cafe, make_participant, payload, code,
                                                   field):
    cafe, elsewhere = make_cafe(), make_cafe()
    ids = {"same": make_participant(cafe).id, "keep": make_participant(cafe).id,
           "other": make_participant(elsewhere).id}
    data = {key: ids.get(value, value) if isinstance(value, str) else value
            for key, value in payload.items()}
    with pytest.raises(ServiceError) as caught:
        merging.merge_people(cafe, data)
    assert (caught.value.code, caught.value.details["field"]) == (code, field)
    db.session.rollback()
    assert db.session.scalar(select(func.count(Participant.id))) == 3
