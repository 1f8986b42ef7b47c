import pytest

from app.services import ideas, people, reads, rounds, snapshots, summaries
from app.services.errors import ServiceError


@pytest.fixture
def hosted(make_cafe, make_participant):
    cafe = make_cafe(tables=2, seats_per_table=4, rounds=2)
    host = make_participant(cafe, "Gastgeberin")
    people.set_host(cafe, {"participant_id": host.id, "table_id": cafe.tables[0].id})
    others = [make_participant(cafe) for _ in range(5)]
    rounds.start_round(cafe)
    return cafe, host, others


def test_host_summary_reaches_the_table(hosted, published):
    cafe, host, others = hosted
    summaries.save_summary(host, {"text": "Wir wollen mehr Begegnungsorte."})
    at_table = [p for p in others
                if reads.round_seats(cafe, 0)[p.id] == cafe.tables[0].id]
    told = {room for _ns, room, event, _d in published.sent if event == "summary"}
    assert {f"participant:{p.id}" for p in at_table} <= told
    state = snapshots.participant_state(at_table[0])
    assert state["summary"]["text"] == "Wir wollen mehr Begegnungsorte."
    assert snapshots.participant_state(host)["host_summary"]["text"].startswith("Wir wollen")


def test_only_hosts_write_summaries(hosted):
    _, _, others = hosted
    with pytest.raises(ServiceError) as caught:
        summaries.save_summary(others[0], {"text": "Ich bin kein Host"})
    assert caught.value.code == "not_host"


def test_summary_length_is_limited(hosted):
    _, host, _ = hosted
    with pytest.raises(ServiceError) as caught:
        summaries.save_summary(host, {"text": "x" * 1001})
    assert caught.value.details["field"] == "text"


def test_tablecloth_shows_earlier_rounds_at_the_new_table(hosted):
    cafe, host, others = hosted
    ideas.post_idea(host, {"client_id": "host-idea-1", "text": "Von Runde 1"})
    rounds.end_round(cafe)
    rounds.start_round(cafe)
    newcomers = [p for p in others if reads.round_seats(cafe, 1)[p.id] == cafe.tables[0].id]
    assert newcomers
    cloth = snapshots.participant_state(newcomers[0])["tablecloth"]
    assert [i["text"] for i in cloth] == ["Von Runde 1"]
