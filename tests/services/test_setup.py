from datetime import UTC, datetime, timedelta

import pytest

from app.models import Phase
from app.services import broadcast, cafes, ideas, rounds, seating, setup, snapshots, votes
from app.services.defaults import PILLAR_COLORS
from app.services.errors import ServiceError


def test_template_round_trip_starts_an_identical_cafe(make_cafe):
    first = make_cafe(title="Erstes Café", tables=5, seats_per_table=4, rounds=3)
    template = setup.setup_of(first)
    second = cafes.create_cafe(template, "en")
    assert setup.setup_of(second) == template
    assert second.code != first.code


def test_lobby_allows_changing_pillars_and_tables(make_cafe):
    cafe = make_cafe()
    setup.update_setup(cafe, {
        "pillars": [{"title": "Neu", "question": "Wie?", "color": PILLAR_COLORS[5]},
                    {"title": "Zwei", "question": ""}],
        "tables": [{"name": "Fenster", "capacity": 8, "pillar": 1},
                   {"name": "", "capacity": 4, "pillar": None}],
    })
    assert [p.title for p in cafe.pillars] == ["Neu", "Zwei"]
    assert cafe.pillars[0].color == PILLAR_COLORS[5]
    assert [(t.number, t.name, t.capacity) for t in cafe.tables] == [(1, "Fenster", 8),
                                                                      (2, "", 4)]
    assert cafe.tables[0].pillar_id == cafe.pillars[1].id
    assert cafe.tables[1].pillar_id is None


def test_structure_is_locked_once_the_cafe_runs(make_cafe, make_participant):
    cafe = make_cafe(rounds=2)
    make_participant(cafe)
    rounds.start_round(cafe)
    with pytest.raises(ServiceError) as caught:
        setup.update_setup(cafe, {"rounds": 3})
    assert caught.value.code == "wrong_phase"
    setup.update_setup(cafe, {"title": "Neuer Titel", "round_minutes": 25})
    assert cafe.title == "Neuer Titel" and cafe.round_minutes_list == [25, 25]


def test_changing_tables_in_the_lobby_drops_an_old_plan(make_cafe, make_participant):
    cafe = make_cafe(tables=2, seats_per_table=4)
    for _ in range(4):
        make_participant(cafe)
    rounds.replan(cafe)
    assert seating.is_planned(cafe, 0)
    setup.update_setup(cafe, {"tables": 3, "seats_per_table": 4})
    assert not seating.is_planned(cafe, 0)


@pytest.mark.parametrize(("change", "field"), [
    ({"pillars": [{"title": "A", "color": "#123456"}]}, "color"),
    ({"tables": [{"capacity": 4, "pillar": 9}]}, "pillar"),
    ({"tables": [{"capacity": 1}]}, "capacity"),
    ({"transition_minutes": 31}, "transition_minutes"),
    ({"tables": []}, "tables"),
])
def test_bad_setup_changes_nothing(make_cafe, change, field):
    cafe = make_cafe()
    before = setup.setup_of(cafe)
    with pytest.raises(ServiceError) as caught:
        setup.update_setup(cafe, change)
    assert caught.value.details["field"] == field
    assert setup.setup_of(cafe) == before


def test_announcement_reaches_phones_and_screen(make_cafe, published):
    cafe = make_cafe()
    broadcast.make_announcement(cafe, {"text": "Kaffee steht bereit!"})
    rooms = {ns for ns, _room, event, _d in published.sent if event == "announcement"}
    assert rooms == {"/participant", "/screen", "/moderator"}
    assert published.events("announcement")[-1]["text"] == "Kaffee steht bereit!"
    broadcast.make_announcement(cafe, {"text": ""})
    assert cafe.announcement is None and published.events("announcement")[-1] is None


def test_screen_view_is_pinned_and_released(make_cafe, published):
    cafe = make_cafe()
    broadcast.set_screen_view(cafe, {"view": "cloud"})
    assert published.events("screen_view")[-1] == {"view": "cloud"}
    broadcast.set_screen_view(cafe, {"view": None})
    assert cafe.screen_view is None
    with pytest.raises(ServiceError):
        broadcast.set_screen_view(cafe, {"view": "<script>"})


def test_transition_time_runs_between_rounds(make_cafe, make_participant):
    cafe = make_cafe(rounds=2, transition_minutes=4)
    make_participant(cafe)
    rounds.start_round(cafe)
    rounds.end_round(cafe)
    assert cafe.phase == Phase.BETWEEN
    assert cafe.round_ends_at is not None


def _held_harvest(make_cafe, make_participant, **settings):
    """A café whose only round ended with one idea, voting open, one dot on the idea."""
    cafe = make_cafe(tables=1, seats_per_table=4, rounds=1, **settings)
    person = make_participant(cafe)
    rounds.start_round(cafe)
    idea, _ = ideas.post_idea(person, {"client_id": "held-idea-1", "text": "Mehr Bänke"})
    rounds.end_round(cafe)
    votes.open_voting(cafe, {})
    votes.set_vote(person, {"idea_id": idea.id, "dots": 1})
    return cafe, idea


def _screen_events(published, event):
    return [data for ns, _room, name, data in published.sent
            if ns == "/screen" and name == event]


def test_results_are_held_back_from_the_screen_until_voting_closes(
        make_cafe, make_participant, published):
    cafe, idea = _held_harvest(make_cafe, make_participant)
    assert cafe.hold_results is True
    assert _screen_events(published, "votes") == []
    assert snapshots.screen_state(cafe)["votes"] == {}
    assert published.events("votes")[-1] == {"idea_id": idea.id, "total": 1}  # the console
    votes.close_voting(cafe)
    assert _screen_events(published, "state")[-1]["votes"] == {idea.id: 1}


def test_results_can_show_while_voting(make_cafe, make_participant, published):
    cafe, idea = _held_harvest(make_cafe, make_participant, hold_results=False)
    assert _screen_events(published, "votes") == [{"idea_id": idea.id, "total": 1}]
    assert snapshots.screen_state(cafe)["votes"] == {idea.id: 1}


def test_hold_results_is_a_setup_option(make_cafe):
    cafe = make_cafe()
    setup.update_setup(cafe, {"hold_results": False})
    assert cafe.hold_results is False and setup.setup_of(cafe)["hold_results"] is False
    older_template = {k: v for k, v in setup.setup_of(cafe).items() if k != "hold_results"}
    assert cafes.create_cafe(older_template, "de").hold_results is True


def test_vote_on_is_a_setup_option_changed_only_while_voting_is_closed(
        make_cafe, make_participant):
    cafe, _ = _held_harvest(make_cafe, make_participant)
    assert cafe.vote_on == "ideas" and setup.setup_of(cafe)["vote_on"] == "ideas"
    with pytest.raises(ServiceError) as caught:
        setup.update_setup(cafe, {"vote_on": "themes"})
    assert caught.value.details["field"] == "vote_on" and cafe.vote_on == "ideas"
    votes.close_voting(cafe)
    setup.update_setup(cafe, {"vote_on": "themes"})
    assert cafe.vote_on == "themes" and snapshots.cafe_summary(cafe)["voting"]["vote_on"] == (
        "themes")
    with pytest.raises(ServiceError) as caught:
        setup.update_setup(cafe, {"vote_on": "both"})
    assert caught.value.details["field"] == "vote_on"
    template = setup.setup_of(cafe)
    assert cafes.create_cafe(template, "de").vote_on == "themes"
    older_template = {k: v for k, v in template.items() if k != "vote_on"}
    assert cafes.create_cafe(older_template, "de").vote_on == "ideas"


def test_each_round_has_its_own_minutes_and_keeps_them_when_rounds_change(make_cafe):
    cafe = make_cafe(rounds=4, round_minutes=[30, 20, 20, 15], transition_minutes=[5, 3, 3])
    assert cafe.round_minutes_list == [30, 20, 20, 15]
    assert cafe.transition_minutes_list == [5, 3, 3]
    state = snapshots.cafe_summary(cafe)
    assert state["round_minutes"] == [30, 20, 20, 15] and state["transition_minutes"] == [5, 3, 3]
    setup.update_setup(cafe, {"rounds": 2})
    assert (cafe.round_minutes_list, cafe.transition_minutes_list) == ([30, 20], [5])
    setup.update_setup(cafe, {"rounds": 3})
    assert (cafe.round_minutes_list, cafe.transition_minutes_list) == ([30, 20, 20], [5, 5])
    setup.update_setup(cafe, {"rounds": 1})
    assert (cafe.round_minutes_list, cafe.transition_minutes_list) == ([30], [])


def test_one_number_stands_for_every_round_as_in_older_templates(make_cafe):
    cafe = make_cafe(rounds=3, round_minutes="25", transition_minutes=4)
    assert cafe.round_minutes_list == [25, 25, 25] and cafe.transition_minutes_list == [4, 4]
    older = {**setup.setup_of(cafe), "round_minutes": 15, "transition_minutes": 2}
    del older["planned_start"]
    again = cafes.create_cafe(older, "de")
    assert again.round_minutes_list == [15, 15, 15] and again.transition_minutes_list == [2, 2]


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"round_minutes": [20, 20]}, "round_minutes", "3"),
    ({"round_minutes": [20, 0, 20]}, "round_minutes", "2"),
    ({"round_minutes": [20, 20, -5]}, "round_minutes", "3"),
    ({"round_minutes": [20, 121, 20]}, "round_minutes", "120"),
    ({"round_minutes": [20, None, 20]}, "round_minutes", "2"),
    ({"round_minutes": [20, "viel", 20]}, "round_minutes", "2"),
    ({"round_minutes": 0}, "round_minutes", "120"),
    ({"rounds": 4, "round_minutes": [20, 20, 20]}, "round_minutes", "4"),
    ({"transition_minutes": [3, 3, 3]}, "transition_minutes", "2"),
    ({"transition_minutes": [3, 31]}, "transition_minutes", "30"),
    ({"planned_start": "morgen früh"}, "planned_start", ""),
    ({"planned_start": "2026-06-12T14:00"}, "planned_start", "UTC"),
    ({"planned_start": 1781265600}, "planned_start", ""),
    ({"planned_start": "0001-01-01T00:00+01:00"}, "planned_start", ""),
])
def test_a_bad_agenda_is_refused_readably_and_changes_nothing(make_cafe, change, field, words):
    cafe = make_cafe(rounds=3)
    before = setup.setup_of(cafe)
    with pytest.raises(ServiceError) as caught:
        setup.update_setup(cafe, change)
    assert caught.value.details["field"] == field
    assert words in str(caught.value.message)
    assert setup.setup_of(cafe) == before


def test_planned_start_is_kept_in_utc_and_gives_each_rounds_planned_end(make_cafe):
    cafe = make_cafe(rounds=3, round_minutes=[30, 20, 15], transition_minutes=[5, 3])
    setup.update_setup(cafe, {"planned_start": "2026-06-12T14:00:00+02:00"})
    assert cafe.planned_start == datetime(2026, 6, 12, 12, 0, tzinfo=UTC)
    assert setup.setup_of(cafe)["planned_start"] == "2026-06-12T12:00:00+00:00"
    start = int(cafe.planned_start.timestamp() * 1000)
    minute = 60_000
    assert snapshots.cafe_summary(cafe)["schedule"] == [
        {"start": start, "end": start + 30 * minute},
        {"start": start + 35 * minute, "end": start + 55 * minute},
        {"start": start + 58 * minute, "end": start + 73 * minute},
    ]
    setup.update_setup(cafe, {"planned_start": ""})
    assert cafe.planned_start is None and snapshots.cafe_summary(cafe)["schedule"] is None


def test_the_timer_says_how_far_the_cafe_runs_behind_its_plan(make_cafe, make_participant,
                                                             monkeypatch):
    cafe = make_cafe(tables=2, seats_per_table=4, rounds=2, round_minutes=[20, 10])
    make_participant(cafe)
    assert snapshots.timer(cafe)["drift"] is None  # no start planned
    three_minutes_ago = datetime.now(UTC) - timedelta(minutes=3)
    setup.update_setup(cafe, {"planned_start": three_minutes_ago.isoformat()})
    drift = snapshots.timer(cafe)["drift"]
    assert 179_000 <= drift["behind_ms"] <= 181_000 and drift["holds_ms"] == 0
    rounds.start_round(cafe)
    drift = snapshots.timer(cafe)["drift"]
    # Round 1 ends 3 minutes after its planned end; that holds while its clock runs.
    assert 179_000 <= drift["behind_ms"] <= 181_000
    assert 19 * 60_000 < drift["holds_ms"] <= 20 * 60_000


def test_a_template_leaves_the_planned_start_to_the_next_cafe(make_cafe, client):
    cafe = make_cafe()
    setup.update_setup(cafe, {"planned_start": "2026-06-12T14:00:00+02:00"})
    template = client.get(f"/m/{cafe.moderator_token}/setup.json").get_json()
    assert "planned_start" not in template
    assert template["round_minutes"] == cafe.round_minutes_list
