import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Participant
from app.services import people, phones, rounds, snapshots
from app.services.errors import ServiceError


def count_people() -> int:
    return db.session.scalar(select(func.count(Participant.id)))


def test_join_stores_the_person_and_tells_the_console(make_cafe, published):
    cafe = make_cafe()
    person = people.join(cafe.code, {"name": "  Ayşe Öztürk ", "organisation": "Stadt Bühl",
                                     "role": "Verwaltung"})
    assert person.name == "Ayşe Öztürk"
    assert person.cafe_id == cafe.id
    assert len(person.token) >= 32
    assert published.events("participant")[-1]["name"] == "Ayşe Öztürk"
    assert published.events("participant_count")[-1] == {"count": 1}


def test_token_finds_the_same_person_again(make_cafe, make_participant):
    cafe = make_cafe()
    person = make_participant(cafe)
    assert phones.participant_by_token(person.token).id == person.id
    assert phones.participant_by_token(person.token, cafe.code.lower()).id == person.id


def test_token_from_another_cafe_is_refused(make_cafe, make_participant):
    here, there = make_cafe(), make_cafe()
    visitor = make_participant(there)
    with pytest.raises(ServiceError) as caught:
        phones.participant_by_token(visitor.token, here.code)
    assert caught.value.code == "unknown_participant"


@pytest.mark.parametrize("token", [None, "", "short", "x" * 40, 7, ["list"]])
def test_unknown_tokens_are_refused(ctx, token):
    with pytest.raises(ServiceError) as caught:
        phones.participant_by_token(token)
    assert caught.value.code == "unknown_participant"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({}, "name"),
        ({"name": "x" * 61}, "name"),
        ({"name": ["Anna"]}, "name"),
        ({"name": "Anna", "organisation": "o" * 121}, "organisation"),
        ({"name": "Anna", "role": "Kaiser"}, "role"),
        ({"name": "Anna", "role": 3}, "role"),
    ],
)
def test_bad_join_data_is_refused_and_stores_nothing(make_cafe, data, field):
    cafe = make_cafe()
    with pytest.raises(ServiceError) as caught:
        people.join(cafe.code, data)
    assert caught.value.details["field"] == field
    assert count_people() == 0


def test_unknown_code_stores_nothing(ctx):
    with pytest.raises(ServiceError) as caught:
        people.join("NOPE77", {"name": "Anna"})
    assert caught.value.code == "unknown_cafe"
    assert count_people() == 0


def test_malformed_payload_is_refused(make_cafe):
    cafe = make_cafe()
    with pytest.raises(ServiceError) as caught:
        people.join(cafe.code, ["not", "a", "dict"])
    assert caught.value.details["field"] == "payload"


def test_host_marking_and_one_host_per_table(make_cafe, make_participant):
    cafe = make_cafe()
    anna, ben = make_participant(cafe, "Anna"), make_participant(cafe, "Ben")
    table = cafe.tables[0]
    people.set_host(cafe, {"participant_id": anna.id, "table_id": table.id})
    assert anna.host_table_id == table.id
    with pytest.raises(ServiceError) as caught:
        people.set_host(cafe, {"participant_id": ben.id, "table_id": table.id})
    assert caught.value.code == "table_has_host"
    people.set_host(cafe, {"participant_id": anna.id, "table_id": None})
    assert anna.host_table_id is None


def test_host_of_a_foreign_table_or_person_is_refused(make_cafe, make_participant):
    cafe, other = make_cafe(), make_cafe()
    anna = make_participant(cafe)
    stranger = make_participant(other)
    with pytest.raises(ServiceError) as caught:
        people.set_host(cafe, {"participant_id": anna.id, "table_id": other.tables[0].id})
    assert caught.value.details["field"] == "table_id"
    with pytest.raises(ServiceError) as caught:
        people.set_host(cafe, {"participant_id": stranger.id, "table_id": cafe.tables[0].id})
    assert caught.value.details["field"] == "participant_id"


def test_states_for_many_phones_come_from_one_batch_and_match_one_by_one(make_cafe,
                                                                         make_participant):
    cafe, other = make_cafe(), make_cafe()
    group = [make_participant(cafe) for _ in range(3)] + [make_participant(other)]
    rounds.start_round(cafe)
    tokens = [p.token for p in group] + ["no-such-token", group[0].token]
    states = phones.states_by_token(tokens)

    def without_clock(state):
        return {**state, "cafe": {**state["cafe"], "timer": {
            **state["cafe"]["timer"], "server_now": None}}}

    for participant, state in zip(group, states, strict=False):
        assert without_clock(state) == without_clock(snapshots.participant_state(participant))
    assert states[4].code == "unknown_participant"
    assert states[5] == states[0]
