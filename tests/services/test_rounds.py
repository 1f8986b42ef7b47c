from collections import Counter

import pytest

from app.models import Phase
from app.services import people, printouts, reads, roster, rounds, snapshots
from app.services.errors import ServiceError


@pytest.fixture
def full_cafe(make_cafe, make_participant):
    """4 tables (one per pillar) of 5 seats, 3 rounds, 14 people, 2 of them hosts."""
    cafe = make_cafe(tables=4, seats_per_table=5, rounds=3, round_minutes=15)
    group = [make_participant(cafe, f"P{i}", role=["Verwaltung", "Zivilgesellschaft"][i % 2])
             for i in range(14)]
    for person, table in zip(group[:2], cafe.tables[:2], strict=True):
        people.set_host(cafe, {"participant_id": person.id, "table_id": table.id})
    return cafe, group


def test_start_round_seats_everyone_and_starts_the_clock(full_cafe, published):
    cafe, group = full_cafe
    rounds.start_round(cafe)
    assert cafe.phase == Phase.ROUND
    assert cafe.current_round == 0
    assert 14 * 60_000 < cafe.round_ends_at - published.events("state")[-1]["cafe"]["timer"][
        "server_now"] <= 15 * 60_000
    seats = reads.seatings(cafe)[0]
    assert set(seats) == {p.id for p in group}
    # Hosts at their tables, tables evenly filled (14 over 4 tables: 3 or 4 each).
    assert seats[group[0].id] == cafe.tables[0].id
    assert seats[group[1].id] == cafe.tables[1].id
    assert sorted(Counter(seats.values()).values()) == [3, 3, 4, 4]
    # Every phone got its personal state with its seat.
    personal = [data for ns, room, event, data in published.sent
                if event == "state" and room.startswith("participant:")]
    assert {s["me"]["id"] for s in personal} >= {p.id for p in group}


def test_travellers_visit_new_pillars(full_cafe):
    cafe, group = full_cafe
    pillar_of = {t.id: t.pillar_id for t in cafe.tables}
    for _ in range(3):
        rounds.start_round(cafe)
        rounds.end_round(cafe)
    plan = reads.seatings(cafe)
    for person in group[2:]:
        visited = [pillar_of[plan[r][person.id]] for r in range(3)]
        assert len(set(visited)) == 3, visited


def test_end_round_plans_the_next_seat_and_last_round_plans_none(full_cafe):
    cafe, _ = full_cafe
    rounds.start_round(cafe)
    rounds.end_round(cafe)
    assert cafe.phase == Phase.BETWEEN
    assert 1 in reads.seatings(cafe)
    rounds.start_round(cafe)
    rounds.end_round(cafe)
    rounds.start_round(cafe)
    rounds.end_round(cafe)
    assert set(reads.seatings(cafe)) == {0, 1, 2}
    with pytest.raises(ServiceError) as caught:
        rounds.start_round(cafe)
    assert caught.value.code == "no_rounds_left"
    rounds.finish(cafe)
    assert cafe.phase == Phase.CLOSED


def test_pause_resume_and_extend_move_the_end_time(full_cafe, monkeypatch):
    cafe, _ = full_cafe
    now = [1_000_000]
    monkeypatch.setattr("app.services.rounds.now_ms", lambda: now[0])
    rounds.start_round(cafe)
    assert cafe.round_ends_at == 1_000_000 + 15 * 60_000
    now[0] += 60_000
    rounds.pause(cafe)
    assert cafe.phase == Phase.PAUSED
    assert cafe.paused_remaining_ms == 14 * 60_000
    rounds.extend(cafe, {"minutes": 5})
    assert cafe.paused_remaining_ms == 19 * 60_000
    now[0] += 600_000  # a long pause costs no time
    rounds.resume(cafe)
    assert cafe.round_ends_at == now[0] + 19 * 60_000
    rounds.extend(cafe, {"minutes": 1})
    assert cafe.round_ends_at == now[0] + 20 * 60_000


def test_extend_after_time_ran_out_counts_from_now(full_cafe, monkeypatch):
    cafe, _ = full_cafe
    now = [5_000_000]
    monkeypatch.setattr("app.services.rounds.now_ms", lambda: now[0])
    rounds.start_round(cafe)
    now[0] += 20 * 60_000
    rounds.extend(cafe, {"minutes": 1})
    assert cafe.round_ends_at == now[0] + 60_000


@pytest.mark.parametrize(
    ("action", "phase"),
    [
        (rounds.pause, Phase.LOBBY),
        (rounds.resume, Phase.LOBBY),
        (rounds.end_round, Phase.LOBBY),
    ],
)
def test_actions_in_the_wrong_phase_are_refused(full_cafe, action, phase):
    cafe, _ = full_cafe
    assert cafe.phase == phase
    with pytest.raises(ServiceError) as caught:
        action(cafe)
    assert caught.value.code == "wrong_phase"
    assert cafe.phase == phase


@pytest.mark.parametrize("minutes", [0, 61, "five", None, True])
def test_bad_extension_is_refused(full_cafe, minutes):
    cafe, _ = full_cafe
    rounds.start_round(cafe)
    before = cafe.round_ends_at
    if minutes is None:
        with pytest.raises(ServiceError):
            rounds.extend(cafe, "not a dict")
    else:
        with pytest.raises(ServiceError) as caught:
            rounds.extend(cafe, {"minutes": minutes})
        assert caught.value.details["field"] == "minutes"
    assert cafe.round_ends_at == before


def test_starting_with_nobody_is_refused(make_cafe):
    cafe = make_cafe()
    with pytest.raises(ServiceError) as caught:
        rounds.start_round(cafe)
    assert caught.value.code == "nobody_joined"
    assert cafe.phase == Phase.LOBBY


def test_more_people_than_seats_is_refused_clearly(make_cafe, make_participant):
    cafe = make_cafe(tables=1, seats_per_table=2)
    for _ in range(3):
        make_participant(cafe)
    with pytest.raises(ServiceError) as caught:
        rounds.start_round(cafe)
    assert caught.value.code == "cannot_seat"
    assert cafe.phase == Phase.LOBBY


def test_late_arrival_gets_a_seat_in_the_running_round(full_cafe, make_participant):
    cafe, _ = full_cafe
    rounds.start_round(cafe)
    late = make_participant(cafe, "Late")
    assert late.id in reads.seatings(cafe)[0]
    rounds.end_round(cafe)
    later = make_participant(cafe, "Later")
    assert later.id in reads.seatings(cafe)[1]


def test_someone_who_travelled_cannot_become_host(full_cafe):
    cafe, group = full_cafe
    rounds.start_round(cafe)
    traveller = group[5]
    seat = reads.seatings(cafe)[0][traveller.id]
    other = next(t for t in cafe.tables[2:] if t.id != seat)
    with pytest.raises(ServiceError) as caught:
        people.set_host(cafe, {"participant_id": traveller.id, "table_id": other.id})
    assert caught.value.code == "host_already_travelled"


def test_host_set_between_rounds_is_seated_at_their_table_next(full_cafe):
    cafe, group = full_cafe
    rounds.start_round(cafe)
    rounds.end_round(cafe)
    unhosted = {t.id: t for t in cafe.tables[2:]}
    first_round = reads.round_seats(cafe, 0)
    newcomer_host = next(p for p in group[2:] if first_round[p.id] in unhosted)
    free_table = unhosted[first_round[newcomer_host.id]]
    people.set_host(cafe, {"participant_id": newcomer_host.id, "table_id": free_table.id})
    assert reads.seatings(cafe)[1][newcomer_host.id] == free_table.id


def test_each_round_and_change_over_counts_down_its_own_minutes(make_cafe, make_participant,
                                                                 monkeypatch):
    cafe = make_cafe(tables=2, seats_per_table=4, rounds=3, round_minutes=[10, 5, 7],
                     transition_minutes=[2, 0])
    make_participant(cafe)
    now = [2_000_000]
    monkeypatch.setattr("app.services.rounds.now_ms", lambda: now[0])
    lengths = []
    for _ in range(3):
        rounds.start_round(cafe)
        lengths.append(cafe.round_ends_at - now[0])
        now[0] += 60_000
        rounds.end_round(cafe)
        lengths.append(None if cafe.round_ends_at is None else cafe.round_ends_at - now[0])
        now[0] += 60_000
    # Round 2 runs its 5 minutes, not round 1's 10; no clock for a change-over of 0 minutes
    # nor after the last round.
    assert lengths == [10 * 60_000, 2 * 60_000, 5 * 60_000, None, 7 * 60_000, None]


# ---- the first round seats those who are here ---------------------------------------------

def claim(cafe, participant):
    return people.claim(cafe.code, {"personal_code": participant.personal_code}, "10.0.0.1")


@pytest.fixture
def list_at_the_door(make_cafe, make_participant):
    """4 people here with phones, 1 of the imported list ticked at the door, 2 of it not here;
    the lobby's plan (made for everyone on the list) stands."""
    cafe = make_cafe(tables=2, seats_per_table=5, rounds=3)
    here = [make_participant(cafe, f"P{i}") for i in range(4)]
    ticked, *missing = roster.import_csv(cafe, "Name\nHanna\nFinn\nGül\n".encode()).people
    people.check_in(cafe, {"participant_id": ticked.id, "checked_in": True})
    rounds.replan(cafe)
    assert set(reads.round_seats(cafe, 0)) == {p.id for p in [*here, ticked, *missing]}
    return cafe, [*here, ticked], missing


def test_the_first_round_seats_only_those_checked_in(list_at_the_door):
    cafe, here, (finn, gul) = list_at_the_door
    rounds.start_round(cafe)
    seats = reads.seatings(cafe)
    assert all(set(seats[r]) == {p.id for p in here} for r in range(3))
    assert finn.left_after_round == gul.left_after_round == -1
    assert reads.head_counts(cafe.id)[0] == 5  # the screen's "took part": the room
    assert snapshots.participant_dict(finn)["present"] is False
    # A phone claims Finn during the round: seated now, as a latecomer, and planned on.
    claim(cafe, finn)
    assert finn.left_after_round is None and finn.checked_in
    assert finn.id in reads.round_seats(cafe, 0)
    # Gül is ticked at the door.
    people.check_in(cafe, {"participant_id": gul.id, "checked_in": True})
    assert gul.id in reads.round_seats(cafe, 0)
    rounds.end_round(cafe)
    assert {finn.id, gul.id} <= set(reads.round_seats(cafe, 1))


def test_a_printed_plan_keeps_the_seats_of_those_here(list_at_the_door):
    cafe, here, _ = list_at_the_door
    printouts.print_route_cards(cafe)
    printed = reads.seatings(cafe)
    rounds.start_round(cafe)
    seats = reads.seatings(cafe)
    for r in range(3):
        assert seats[r] == {p.id: printed[r][p.id] for p in here}
    assert cafe.plan_printed


def test_starting_with_nobody_checked_in_is_refused_and_writes_nothing(make_cafe):
    cafe = make_cafe()
    listed = roster.import_csv(cafe, b"Name\nIna\nJan\n").people
    with pytest.raises(ServiceError) as caught:
        rounds.start_round(cafe)
    assert (caught.value.code, caught.value.status) == ("nobody_checked_in", 409)
    assert cafe.phase == Phase.LOBBY
    assert all(p.left_after_round is None for p in listed)
