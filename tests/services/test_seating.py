import pytest

from app.extensions import db
from app.models import Phase
from app.services import people, printouts, reads, rounds, seating
from app.services.errors import ServiceError


@pytest.fixture
def cafe_of_twelve(make_cafe, make_participant):
    cafe = make_cafe(tables=4, seats_per_table=4, rounds=3)
    group = [make_participant(cafe, f"P{i}", organisation=f"Gemeinde {i % 3}") for i in range(12)]
    return cafe, group


def test_scenario_follows_the_spec(cafe_of_twelve):
    cafe, group = cafe_of_twelve
    people.set_host(cafe, {"participant_id": group[0].id, "table_id": cafe.tables[0].id})
    scenario = seating.build_scenario(cafe, reads.participants(cafe), 0)
    assert scenario["rounds"] == 3
    assert scenario["fixed"] == []
    assert [t["capacity"] for t in scenario["tables"]] == [4, 4, 4, 4]
    host = scenario["participants"][0]
    assert host["host_of"] == str(cafe.tables[0].id)
    assert host["attrs"]["organisation"] == "Gemeinde 0"
    # People who gave no role must not all count as sharing one role.
    roles = {p["attrs"]["role"] for p in scenario["participants"]}
    assert len(roles) == 12


def test_replan_in_the_lobby_plans_all_rounds_and_phones_see_their_first_table(
        cafe_of_twelve, published):
    cafe, group = cafe_of_twelve
    rounds.replan(cafe)
    assert cafe.phase == Phase.LOBBY
    plan = seating.plan_view(cafe)
    assert plan["planned_rounds"] == [0, 1, 2]
    assert all(None not in row["tables"] for row in plan["rows"])
    assert plan["figures"]["imbalance"] == 0
    assert plan["figures"]["pillar_repeats"] == 0
    phone_state = next(d for _ns, room, e, d in reversed(published.sent)
                       if e == "state" and room == f"participant:{group[3].id}")
    assert phone_state["next_seat"]["round"] == 0


def test_the_plan_view_is_kept_until_something_it_shows_changes(cafe_of_twelve,
                                                                 make_participant):
    cafe, group = cafe_of_twelve
    rounds.replan(cafe)
    first = seating.plan_view(cafe)
    assert seating.plan_view(cafe) is first  # asked again, nothing changed: made once
    # Written as another server process would: only the database knows.
    group[1].name = "Neuer Name"
    db.session.commit()
    renamed = seating.plan_view(cafe)
    assert [row["name"] for row in renamed["rows"]][1] == "Neuer Name"
    assert renamed["figures"]["diversity_excess"]["organisation"] == 0
    # Those sharing a table in the first round now share an organisation as well.
    table = renamed["rows"][0]["tables"][0]
    together = {row["id"] for row in renamed["rows"] if row["tables"][0] == table}
    for person in group:
        person.organisation = "Eine Gemeinde" if person.id in together else f"Org {person.id}"
    db.session.commit()
    assert seating.plan_view(cafe)["figures"]["diversity_excess"]["organisation"] > 0
    late = make_participant(cafe, "Spät")
    assert seating.plan_view(cafe)["rows"][-1]["id"] == late.id
    people.set_present(cafe, {"participant_id": group[4].id, "present": False})
    row = next(r for r in seating.plan_view(cafe)["rows"] if r["id"] == group[4].id)
    assert row["left_after_round"] is not None and row["tables"][1:] == [None, None]


def test_a_plan_that_covers_everyone_is_kept_so_printed_cards_stay_right(cafe_of_twelve):
    cafe, _ = cafe_of_twelve
    rounds.start_round(cafe)
    before = reads.seatings(cafe)
    rounds.end_round(cafe)
    assert reads.seatings(cafe) == before


def test_a_late_arrival_gets_a_seat_now_and_the_rest_is_replanned(cafe_of_twelve,
                                                                  make_participant):
    cafe, _ = cafe_of_twelve
    rounds.start_round(cafe)
    first_round = reads.round_seats(cafe, 0)
    late = make_participant(cafe, "Spät")
    assert late.id in reads.round_seats(cafe, 0)
    assert not seating.covers_everyone(cafe, 1)
    rounds.end_round(cafe)
    assert {pid: t for pid, t in reads.round_seats(cafe, 0).items() if pid != late.id} == \
        first_round
    assert late.id in reads.round_seats(cafe, 1) and late.id in reads.round_seats(cafe, 2)


def test_replan_needs_a_round_left_and_the_right_phase(cafe_of_twelve):
    cafe, _ = cafe_of_twelve
    rounds.start_round(cafe)
    with pytest.raises(ServiceError) as caught:
        rounds.replan(cafe)
    assert caught.value.code == "wrong_phase"


def test_route_cards_list_every_round(cafe_of_twelve):
    cafe, group = cafe_of_twelve
    rounds.replan(cafe)
    cards = printouts.route_cards(cafe)
    assert [c["name"] for c in cards] == [p.name for p in group]
    pillar_titles = {p.title for p in cafe.pillars}
    for card in cards:
        assert len(card["stops"]) == 3
        assert all(stop["pillar"] in pillar_titles for stop in card["stops"])


def test_route_cards_before_planning_have_empty_rounds(cafe_of_twelve):
    cafe, _ = cafe_of_twelve
    assert all(card["stops"] == [None, None, None] for card in printouts.route_cards(cafe))


def test_table_signs(cafe_of_twelve):
    cafe, _ = cafe_of_twelve
    signs = printouts.table_signs(cafe)
    assert [s["number"] for s in signs] == [1, 2, 3, 4]
    assert signs[0]["pillar"] == cafe.pillars[0].title
    assert signs[0]["question"] == cafe.pillars[0].question


def test_someone_leaving_between_rounds_is_planned_out_and_the_rest_rebalanced(
        cafe_of_twelve):
    cafe, group = cafe_of_twelve
    rounds.start_round(cafe)
    rounds.end_round(cafe)
    played = reads.round_seats(cafe, 0)
    people.set_present(cafe, {"participant_id": group[4].id, "present": False})
    assert reads.round_seats(cafe, 0) == played
    for later in (1, 2):
        seats = reads.round_seats(cafe, later)
        assert group[4].id not in seats
        assert len(seats) == 11
    assert seating.plan_view(cafe)["figures"]["imbalance"] == 0


def test_leaving_during_a_round_keeps_the_seat_and_replans_at_the_end(cafe_of_twelve):
    cafe, group = cafe_of_twelve
    rounds.start_round(cafe)
    people.set_present(cafe, {"participant_id": group[2].id, "present": False})
    assert group[2].id in reads.round_seats(cafe, 0)
    assert not seating.is_planned(cafe, 1)
    rounds.end_round(cafe)
    assert group[2].id not in reads.round_seats(cafe, 1)
    people.set_present(cafe, {"participant_id": group[2].id, "present": True})
    assert group[2].id in reads.round_seats(cafe, 1)


def test_a_host_who_leaves_stops_hosting(cafe_of_twelve):
    cafe, group = cafe_of_twelve
    people.set_host(cafe, {"participant_id": group[0].id, "table_id": cafe.tables[0].id})
    people.set_present(cafe, {"participant_id": group[0].id, "present": False})
    assert group[0].host_table_id is None


@pytest.mark.parametrize("present", [None, "no", 0])
def test_presence_needs_a_boolean(cafe_of_twelve, present):
    cafe, group = cafe_of_twelve
    with pytest.raises(ServiceError) as caught:
        people.set_present(cafe, {"participant_id": group[0].id, "present": present})
    assert caught.value.details["field"] == "present"
