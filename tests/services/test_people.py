import pytest
from limits.storage import MemoryStorage
from sqlalchemy import func, select

from app.extensions import db
from app.limits import WindowLimit
from app.models import Participant, Phone
from app.services import people, phones, roster, rounds, snapshots
from app.services.errors import ServiceError
from tests.support.phones import phone_token


def count_people() -> int:
    return db.session.scalar(select(func.count(Participant.id)))


def phone_count(participant) -> int:
    return db.session.scalar(select(func.count(Phone.id)).where(
        Phone.participant_id == participant.id))


def listed_phones(published) -> list[int]:
    """The phone numbers the console last heard for the person it last heard of."""
    return [phone["number"] for phone in published.events("participant")[-1]["phones"]]


def test_join_stores_the_person_and_tells_the_console(make_cafe, published):
    cafe = make_cafe()
    phone = people.join(cafe.code, {"name": "  Ayşe Öztürk ", "organisation": "Stadt Bühl",
                                    "role": "Verwaltung"})
    person = phone.participant
    assert person.name == "Ayşe Öztürk"
    assert person.cafe_id == cafe.id == phone.cafe_id
    assert len(phone.token) >= 32 and phone.number == 1
    assert published.events("participant")[-1]["name"] == "Ayşe Öztürk"
    assert published.events("participant_count")[-1] == {"count": 1}


def test_token_finds_the_same_person_again(make_cafe, make_participant):
    cafe = make_cafe()
    person = make_participant(cafe)
    assert phones.participant_by_token(phone_token(person)).id == person.id
    assert phones.participant_by_token(phone_token(person), cafe.code.lower()).id == person.id


def test_token_from_another_cafe_is_refused(make_cafe, make_participant):
    here, there = make_cafe(), make_cafe()
    visitor = make_participant(there)
    with pytest.raises(ServiceError) as caught:
        phones.participant_by_token(phone_token(visitor), here.code)
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
    # The first person's second phone comes in the same batch: one state for both.
    second = claim(cafe, group[0].personal_code).token
    connects = phones.connects_by_token(
        [(phone_token(p), None) for p in group[:3]] + [(phone_token(group[3]), other.code),
                                                        ("no-such-token", None),
                                                        (second, cafe.code.lower()),
                                                        (phone_token(group[1]), other.code),
                                                        ({"not": "a token"}, None)])

    def without_clock(state):
        return {**state, "cafe": {**state["cafe"], "timer": {
            **state["cafe"]["timer"], "server_now": None}}}

    for participant, connect in zip(group, connects, strict=False):
        assert without_clock(connect["state"]) == without_clock(
            snapshots.participant_state(participant))
        assert (connect["participant_id"], connect["cafe_id"]) == (participant.id,
                                                                   participant.cafe_id)
    assert connects[4].code == "unknown_participant"
    assert connects[5]["state"] == connects[0]["state"]
    assert connects[5]["phone_id"] != connects[0]["phone_id"]
    # A phone that names another café's code is refused, as on its own.
    assert connects[6].code == "unknown_participant"
    assert connects[7].code == "unknown_participant"


# ---- personal codes: a phone becomes a person on the list ------------------------------

def claim(cafe, personal_code, address="10.0.0.1"):
    return people.claim(cafe.code, {"personal_code": personal_code}, address)


def test_everyone_has_an_own_unguessable_personal_code(make_cafe, make_participant):
    cafe = make_cafe()
    joined = make_participant(cafe)
    by_hand = people.add_person(cafe, {"name": "Gast ohne Telefon"})
    imported = roster.import_csv(cafe, "Name\nAnna Müller\n".encode()).people[0]
    codes = {p.personal_code for p in (joined, by_hand, imported)}
    assert len(codes) == 3
    # token_urlsafe(12): 16 characters of 6 bits, 96 bits, none the phone's token.
    assert all(phones.PERSONAL_CODE_SHAPE.fullmatch(code) for code in codes)
    assert phone_token(joined) not in codes


def test_claiming_a_personal_code_makes_the_phone_that_person(make_cafe, published):
    cafe = make_cafe()
    anna = people.add_person(cafe, {"name": "Anna Müller", "organisation": "Achern"})
    before = count_people()
    claimed = claim(cafe, anna.personal_code)
    assert claimed.participant.id == anna.id and claimed.token == phone_token(anna)
    assert phone_count(anna) == 1
    assert count_people() == before
    assert listed_phones(published) == [1]


def test_a_second_phone_may_claim_and_the_console_sees_two(make_cafe, published):
    cafe = make_cafe()
    anna = people.add_person(cafe, {"name": "Anna"})
    first = claim(cafe, anna.personal_code)
    second = claim(cafe, anna.personal_code)
    assert second.token != first.token and (first.number, second.number) == (1, 2)
    assert listed_phones(published) == [1, 2]
    # The console never sees a phone's token.
    assert first.token not in str(published.events("participant")[-1])


def test_claiming_another_cafes_code_is_refused_and_writes_nothing(make_cafe):
    here, there = make_cafe(), make_cafe()
    visitor = people.add_person(there, {"name": "Ben"})
    with pytest.raises(ServiceError) as caught:
        claim(here, visitor.personal_code)
    assert (caught.value.code, caught.value.status) == ("unknown_personal_code", 404)
    assert "another café" in str(caught.value.message) or "anderen Café" in str(
        caught.value.message)
    db.session.rollback()
    assert phone_count(visitor) == 0


def test_claiming_a_deleted_persons_code_is_refused(make_cafe):
    cafe = make_cafe()
    gone = people.add_person(cafe, {"name": "Cem"})
    code = gone.personal_code
    db.session.delete(gone)
    db.session.commit()
    with pytest.raises(ServiceError) as caught:
        claim(cafe, code)
    assert caught.value.code == "unknown_personal_code"


@pytest.mark.parametrize("code", [None, "", "short", "x" * 17, "a" * 15 + "!", 7, ["x" * 16]])
def test_malformed_personal_codes_are_refused_unread(make_cafe, code):
    cafe = make_cafe()
    person = people.add_person(cafe, {"name": "Dora"})
    with pytest.raises(ServiceError) as caught:
        claim(cafe, code)
    assert caught.value.code == "invalid_input"
    assert caught.value.details == {"field": "personal_code"}
    db.session.rollback()
    assert phone_count(person) == 0


def test_an_unknown_code_of_the_right_shape_is_refused(make_cafe):
    with pytest.raises(ServiceError) as caught:
        claim(make_cafe(), "A" * 16)
    assert caught.value.code == "unknown_personal_code"


def test_claiming_after_the_cafe_ended_is_refused(make_cafe):
    cafe = make_cafe()
    anna = people.add_person(cafe, {"name": "Anna"})
    rounds.finish(cafe)
    with pytest.raises(ServiceError) as caught:
        claim(cafe, anna.personal_code)
    assert caught.value.code == "wrong_phase"
    db.session.rollback()
    assert phone_count(anna) == 0


def test_claims_are_limited_per_address(app, make_cafe):
    app.extensions["limits"].claims = WindowLimit(MemoryStorage(), "claims", 3, 60)
    cafe = make_cafe()
    anna = people.add_person(cafe, {"name": "Anna"})
    for _ in range(3):
        claim(cafe, anna.personal_code, "10.0.0.9")
    with pytest.raises(ServiceError) as caught:
        claim(cafe, anna.personal_code, "10.0.0.9")
    assert (caught.value.code, caught.value.status) == ("rate_limited", 429)
    # Guesses count too, and another address has its own budget.
    with pytest.raises(ServiceError):
        claim(cafe, "B" * 16, "10.0.0.9")
    assert claim(cafe, anna.personal_code, "10.0.0.10").number == 4


def test_revoking_signs_out_every_phone_and_replaces_the_link(make_cafe, published):
    cafe = make_cafe()
    anna = people.add_person(cafe, {"name": "Anna"})
    old_code = anna.personal_code
    old_tokens = [claim(cafe, old_code).token, claim(cafe, old_code).token]
    anna.connections = 2
    db.session.commit()
    people.revoke_phones(cafe, {"participant_id": anna.id})
    assert anna.personal_code != old_code and phone_count(anna) == 0
    assert anna.connections == 0
    room = f"participant:{anna.id}"
    assert ("/participant", room, "revoked", {}) in published.sent
    assert ("*", room, "disconnect", None) in published.sent
    assert listed_phones(published) == []
    for token in old_tokens:
        with pytest.raises(ServiceError) as caught:
            phones.participant_by_token(token)
        assert caught.value.code == "unknown_participant"
    with pytest.raises(ServiceError) as caught:
        claim(cafe, old_code)
    assert caught.value.code == "unknown_personal_code"
    assert claim(cafe, anna.personal_code).number == 1


def test_revoking_one_phone_leaves_the_others_working(make_cafe, published):
    cafe = make_cafe()
    anna = people.add_person(cafe, {"name": "Anna"})
    first, second = claim(cafe, anna.personal_code), claim(cafe, anna.personal_code)
    first_token, second_token, second_id = first.token, second.token, second.id
    people.revoke_phone(cafe, {"phone_id": second_id})
    room = f"phone:{second_id}"
    assert ("/participant", room, "revoked", {}) in published.sent
    assert ("*", room, "disconnect", None) in published.sent
    assert not [sent for sent in published.sent if sent[1] == f"participant:{anna.id}"
                and sent[2] in ("revoked", "disconnect")]
    assert listed_phones(published) == [1]
    with pytest.raises(ServiceError) as caught:
        phones.participant_by_token(second_token)
    assert (caught.value.code, caught.value.status) == ("unknown_participant", 403)
    assert phones.participant_by_token(first_token).id == anna.id
    # The personal link stays: the person's next phone is a new one.
    assert claim(cafe, anna.personal_code).number == 2


@pytest.mark.parametrize("phone_id", [None, "1", True, 10**6, "other café"])
def test_revoking_a_phone_not_of_the_cafe_is_refused(make_cafe, make_participant, phone_id):
    here, there = make_cafe(), make_cafe()
    visitor = make_participant(there)
    token = phone_token(visitor)
    if phone_id == "other café":
        phone_id = phones.phone_by_token(token).id
    with pytest.raises(ServiceError) as caught:
        people.revoke_phone(here, {"phone_id": phone_id})
    assert caught.value.details == {"field": "phone_id"}
    db.session.rollback()
    assert phones.participant_by_token(token).id == visitor.id


def test_revoking_someone_of_another_cafe_is_refused(make_cafe):
    here, there = make_cafe(), make_cafe()
    visitor = people.add_person(there, {"name": "Ben"})
    token = claim(there, visitor.personal_code).token
    with pytest.raises(ServiceError) as caught:
        people.revoke_phones(here, {"participant_id": visitor.id})
    assert caught.value.code == "invalid_input"
    db.session.rollback()
    assert phones.participant_by_token(token).id == visitor.id


# ---- joining by the café's code under a name on the list ---------------------------------

@pytest.mark.parametrize("typed", ["Anna Müller", "anna mueller", "ANNA MULLER", " Anna  Müller "])
def test_a_name_on_the_list_is_asked_about_and_nothing_is_written(make_cafe, typed):
    cafe = make_cafe()
    anna = people.add_person(cafe, {"name": "Anna Müller", "organisation": "Achern"})
    before = count_people()
    with pytest.raises(ServiceError) as caught:
        people.join(cafe.code, {"name": typed})
    assert (caught.value.code, caught.value.status) == ("name_on_list", 409)
    assert caught.value.details == {"matches": [
        {"id": anna.id, "name": "Anna Müller", "organisation": "Achern"}]}
    db.session.rollback()
    assert count_people() == before


def test_yes_claims_the_listed_person_without_a_duplicate(make_cafe):
    cafe = make_cafe()
    anna = people.add_person(cafe, {"name": "Anna Müller", "organisation": "Achern"})
    before = count_people()
    joined = people.join(cafe.code, {"name": "anna mueller", "listed_id": anna.id}).participant
    assert joined.id == anna.id and joined.name == "Anna Müller" and phone_count(anna) == 1
    assert count_people() == before


def test_no_makes_a_new_person(make_cafe):
    cafe = make_cafe()
    anna = people.add_person(cafe, {"name": "Anna Müller"})
    joined = people.join(cafe.code, {"name": "Anna Müller", "not_listed": True}).participant
    assert joined.id != anna.id and count_people() == 2


def test_a_claimed_name_is_not_asked_about_again(make_cafe):
    cafe = make_cafe()
    anna = people.add_person(cafe, {"name": "Anna Müller"})
    claim(cafe, anna.personal_code)
    assert people.join(cafe.code, {"name": "Anna Müller"}).participant.id != anna.id


@pytest.mark.parametrize("listed_id", ["1", True, 10**6, None])
def test_yes_for_someone_else_is_refused(make_cafe, listed_id):
    cafe = make_cafe()
    anna = people.add_person(cafe, {"name": "Anna Müller"})
    ben = people.add_person(cafe, {"name": "Ben"})
    listed_id = ben.id if listed_id is None else listed_id
    with pytest.raises(ServiceError) as caught:
        people.join(cafe.code, {"name": "Anna Müller", "listed_id": listed_id})
    assert caught.value.details == {"field": "listed_id"}
    db.session.rollback()
    assert count_people() == 2 and phone_count(anna) == 0


def test_name_keys_ignore_case_accents_and_umlaut_spellings():
    assert len({people.name_key(n) for n in ("Müller", "Mueller", "muller", "MÜLLER")}) == 1
    assert people.name_key("José Strauß") == people.name_key("jose strauss")
    assert people.name_key("Anna") != people.name_key("Anne")


def test_joining_and_claiming_check_in_and_the_door_ticks_by_hand(make_cafe, published):
    cafe = make_cafe()
    joined = people.join(cafe.code, {"name": "Eva"}).participant
    by_hand = people.add_person(cafe, {"name": "Hans"})  # a guest without a phone, here
    listed, at_door = roster.import_csv(cafe, "Name\nFinn\nGül\n".encode()).people
    assert joined.checked_in and by_hand.checked_in
    assert not listed.checked_in and not at_door.checked_in
    assert claim(cafe, listed.personal_code).participant.checked_in
    people.check_in(cafe, {"participant_id": at_door.id, "checked_in": True})
    assert at_door.checked_in and published.events("participant")[-1]["checked_in"] is True
    people.check_in(cafe, {"participant_id": at_door.id, "checked_in": False})
    assert not at_door.checked_in
    with pytest.raises(ServiceError) as caught:
        people.check_in(cafe, {"participant_id": at_door.id, "checked_in": "yes"})
    assert caught.value.details == {"field": "checked_in"}


def test_the_same_phone_claiming_again_is_not_a_second_phone(make_cafe):
    cafe = make_cafe()
    anna = people.add_person(cafe, {"name": "Anna"})
    first = claim(cafe, anna.personal_code)
    again = people.claim(cafe.code, {"personal_code": anna.personal_code,
                                     "token": first.token}, "10.0.0.1")
    assert again.id == first.id and phone_count(anna) == 1
    # A token of someone else (or none) is another phone.
    other = people.claim(cafe.code, {"personal_code": anna.personal_code, "token": "x" * 32},
                         "10.0.0.1")
    assert other.id != first.id and phone_count(anna) == 2


# ---- picking oneself from the list (a café setting) --------------------------------------

def listed_cafe(make_cafe, pick_from_list=True):
    cafe = make_cafe(pick_from_list=pick_from_list)
    roster.import_csv(cafe, "Name,Organisation\nAnna Müller,Stadt Bühl\nJörg Anders,Achern\n"
                            "Berta Annaberg,\n".encode())
    return cafe


def test_the_list_is_not_served_while_the_setting_is_off(make_cafe):
    cafe = listed_cafe(make_cafe, pick_from_list=False)
    anna = db.session.scalar(select(Participant).where(Participant.name == "Anna Müller"))
    for call in (lambda: people.search_list(cafe.code, "Anna", "10.0.0.1"),
                 lambda: people.pick(cafe.code, {"listed_id": anna.id}, "10.0.0.1")):
        with pytest.raises(ServiceError) as caught:
            call()
        assert (caught.value.code, caught.value.status) == ("pick_off", 403)
    assert phone_count(anna) == 0


def test_the_search_finds_unclaimed_names_by_a_word_begun(make_cafe):
    cafe = listed_cafe(make_cafe)
    found, more = people.search_list(cafe.code, "an", "10.0.0.1")
    # "Anna Müller" and "Jörg Anders" by a word's beginning; "Berta Annaberg" too.
    assert [p["name"] for p in found] == ["Anna Müller", "Berta Annaberg", "Jörg Anders"]
    assert found[0]["organisation"] == "Stadt Bühl" and more is False
    assert [p["name"] for p in people.search_list(cafe.code, "muell", "10.0.0.1")[0]] == [
        "Anna Müller"]
    with pytest.raises(ServiceError) as caught:
        people.search_list(cafe.code, "a", "10.0.0.1")
    assert caught.value.details["field"] == "q"


def test_the_search_returns_a_few_names_never_the_whole_list(make_cafe):
    cafe = make_cafe(pick_from_list=True)
    rows = "\n".join(f"Max Muster {n}" for n in range(30))
    roster.import_csv(cafe, f"Name\n{rows}\n".encode())
    found, more = people.search_list(cafe.code, "Max", "10.0.0.1")
    assert len(found) == people.PICK_MATCHES_SHOWN and more is True


def test_picking_claims_the_person_once(make_cafe, published):
    cafe = listed_cafe(make_cafe)
    anna = people.search_list(cafe.code, "Anna", "10.0.0.1")[0][0]
    phone = people.pick(cafe.code, {"listed_id": anna["id"]}, "10.0.0.1")
    picked = db.session.get(Participant, anna["id"])
    assert (phone.participant_id, phone.number, picked.checked_in) == (anna["id"], 1, True)
    assert len(published.events("participant")[-1]["phones"]) == 1
    assert [p["name"] for p in people.search_list(cafe.code, "Anna", "10.0.0.1")[0]] == [
        "Berta Annaberg"]
    with pytest.raises(ServiceError) as caught:
        people.pick(cafe.code, {"listed_id": anna["id"]}, "10.0.0.2")
    assert (caught.value.code, caught.value.status) == ("already_claimed", 409)
    assert phone_count(picked) == 1


def test_picking_someone_of_another_cafe_is_refused(make_cafe):
    cafe, elsewhere = listed_cafe(make_cafe), listed_cafe(make_cafe)
    stranger = people.add_person(elsewhere, {"name": "Fremde"})
    with pytest.raises(ServiceError) as caught:
        people.pick(cafe.code, {"listed_id": stranger.id}, "10.0.0.1")
    assert caught.value.details["field"] == "listed_id"
    assert phone_count(stranger) == 0


def test_searching_and_picking_are_limited_per_address(app, make_cafe):
    app.extensions["limits"].claims = WindowLimit(MemoryStorage(), "claims", 2, 60)
    cafe = listed_cafe(make_cafe)
    people.search_list(cafe.code, "Anna", "10.0.0.9")
    people.search_list(cafe.code, "Anna", "10.0.0.9")
    with pytest.raises(ServiceError) as caught:
        people.search_list(cafe.code, "Anna", "10.0.0.9")
    assert (caught.value.code, caught.value.status) == ("rate_limited", 429)
    assert people.search_list(cafe.code, "Anna", "10.0.0.10")[0]
