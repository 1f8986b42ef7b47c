import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Idea
from app.services import ideas, reads, rounds, snapshots
from app.services.archive import dump
from app.services.errors import ServiceError
from tests.support.phones import phone_token


def count_ideas() -> int:
    return db.session.scalar(select(func.count(Idea.id)))


@pytest.fixture
def running(make_cafe, make_participant):
    cafe = make_cafe(tables=4, seats_per_table=4, rounds=2)
    group = [make_participant(cafe) for _ in range(8)]
    rounds.start_round(cafe)
    return cafe, group


def test_idea_lands_at_the_pillar_of_the_table(running, published):
    cafe, group = running
    anna = group[0]
    idea, created = ideas.post_idea(anna, {"client_id": "abc12345", "text": " Sprachcafé  "})
    assert created
    table_id = reads.seatings(cafe)[0][anna.id]
    table = next(t for t in cafe.tables if t.id == table_id)
    assert (idea.table_id, idea.pillar_id, idea.round_index) == (table_id, table.pillar_id, 0)
    assert idea.text == "Sprachcafé"
    assert published.events("ideas:new")[-1][0]["text"] == "Sprachcafé"
    [moderator_copy] = next(d for ns, _r, e, d in published.sent
                            if e == "ideas:new" and ns == "/moderator")
    [screen_copy] = next(d for ns, _r, e, d in published.sent
                         if e == "ideas:new" and ns == "/screen")
    assert moderator_copy["author"] == anna.name
    assert "author" not in screen_copy


def test_same_client_id_is_stored_once_and_acked_twice(running, published):
    _, group = running
    first, created_first = ideas.post_idea(group[0], {"client_id": "dup-0001", "text": "Eins"})
    again, created_again = ideas.post_idea(group[0], {"client_id": "dup-0001", "text": "Eins"})
    assert created_first and not created_again
    assert first.id == again.id
    assert count_ideas() == 1
    # Announced once to each audience: the console and the screen.
    assert [ns for ns, _room, event, _data in published.sent if event == "ideas:new"] == [
        "/moderator", "/screen"]


def test_same_client_id_from_two_people_are_two_ideas(running):
    _, group = running
    ideas.post_idea(group[0], {"client_id": "same-id-1", "text": "A"})
    ideas.post_idea(group[1], {"client_id": "same-id-1", "text": "B"})
    assert count_ideas() == 2


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"client_id": "ok-id-123", "text": ""}, "text"),
        ({"client_id": "ok-id-123", "text": "   "}, "text"),
        ({"client_id": "ok-id-123", "text": "x" * 501}, "text"),
        ({"client_id": "ok-id-123", "text": 42}, "text"),
        ({"client_id": "ok-id-123"}, "text"),
        ({"text": "no id"}, "client_id"),
        ({"client_id": "short", "text": "x"}, "client_id"),
        ({"client_id": "has space in it", "text": "x"}, "client_id"),
        ({"client_id": 12345678, "text": "x"}, "client_id"),
        ({"client_id": "x" * 65, "text": "x"}, "client_id"),
    ],
)
def test_bad_ideas_are_refused_and_nothing_is_stored(running, payload, field):
    _, group = running
    with pytest.raises(ServiceError) as caught:
        ideas.post_idea(group[0], payload)
    assert caught.value.details["field"] == field
    assert count_ideas() == 0


def test_500_characters_are_fine(running):
    _, group = running
    idea, _ = ideas.post_idea(group[0], {"client_id": "long-idea", "text": "ä" * 500})
    assert len(idea.text) == 500


def test_posting_outside_a_round_is_refused(running):
    cafe, group = running
    rounds.end_round(cafe)
    with pytest.raises(ServiceError) as caught:
        ideas.post_idea(group[0], {"client_id": "late-idea", "text": "zu spät"})
    assert caught.value.code == "wrong_phase"
    assert count_ideas() == 0


def test_a_resend_after_the_round_ended_is_still_acknowledged(running):
    cafe, group = running
    idea, _ = ideas.post_idea(group[0], {"client_id": "sent-once", "text": "Hallo"})
    rounds.end_round(cafe)
    again, created = ideas.post_idea(group[0], {"client_id": "sent-once", "text": "Hallo"})
    assert again.id == idea.id and not created


def test_posting_while_paused_is_allowed(running):
    cafe, group = running
    rounds.pause(cafe)
    ideas.post_idea(group[0], {"client_id": "paused-1", "text": "Pause"})
    assert count_ideas() == 1


def test_author_edits_own_idea_during_the_round(running, published):
    _, group = running
    ideas.post_idea(group[0], {"client_id": "edit-me-1", "text": "Erster Gedanke"})
    idea = ideas.edit_idea(group[0], {"client_id": "edit-me-1", "text": "Besserer Gedanke"})
    assert idea.text == "Besserer Gedanke" and idea.edited_at is not None
    assert published.events("idea:update")[-1]["text"] == "Besserer Gedanke"


def test_nobody_edits_someone_elses_idea(running):
    _, group = running
    ideas.post_idea(group[0], {"client_id": "not-yours", "text": "Meins"})
    with pytest.raises(ServiceError) as caught:
        ideas.edit_idea(group[1], {"client_id": "not-yours", "text": "Geklaut"})
    assert caught.value.code == "unknown_idea"


def test_editing_after_the_round_is_refused(running):
    cafe, group = running
    ideas.post_idea(group[0], {"client_id": "too-late-1", "text": "A"})
    rounds.end_round(cafe)
    with pytest.raises(ServiceError) as caught:
        ideas.edit_idea(group[0], {"client_id": "too-late-1", "text": "B"})
    assert caught.value.code == "round_over"


def test_bad_edit_changes_nothing(running):
    _, group = running
    ideas.post_idea(group[0], {"client_id": "keep-text", "text": "Bleibt"})
    with pytest.raises(ServiceError):
        ideas.edit_idea(group[0], {"client_id": "keep-text", "text": ""})
    assert db.session.scalar(select(Idea.text)) == "Bleibt"


def test_withdrawn_idea_disappears_everywhere(running, published):
    cafe, group = running
    ideas.post_idea(group[0], {"client_id": "withdraw-1", "text": "Doch nicht"})
    ideas.withdraw_idea(group[0], {"client_id": "withdraw-1"})
    assert published.events("idea:withdrawn")[-1]["client_id"] == "withdraw-1"
    assert snapshots.moderator_state(cafe)["ideas"] == []
    assert snapshots.screen_state(cafe)["ideas"] == []
    assert snapshots.participant_state(group[0])["ideas"] == []
    assert dump.cafe_json(cafe)["ideas"] == []
    with pytest.raises(ServiceError):
        ideas.withdraw_idea(group[0], {"client_id": "withdraw-1"})


def test_a_batch_is_one_commit_with_an_answer_for_each_idea(running, published):
    _, group = running
    anna, ben = group[0], group[1]
    answers = ideas.post_ideas_by_token([
        (phone_token(anna), {"client_id": "batch-0001", "text": "Erste"}),
        (phone_token(ben), {"client_id": "batch-0002", "text": "Zweite"}),
        (phone_token(anna), {"client_id": "batch-0001", "text": "Erste"}),  # sent twice at once
        (phone_token(ben), {"client_id": "batch-0003", "text": "   "}),
        ("not-a-token", {"client_id": "batch-0004", "text": "Wer?"}),
        (phone_token(anna), ["not", "an", "object"]),
    ])
    first, second, again, blank, stranger, garbage = answers
    assert first[1] and second[1] and not again[1]
    assert again[0] == first[0] and first[0]["text"] == "Erste"
    assert [a.code for a in (blank, stranger, garbage)] == [
        "invalid_input", "unknown_participant", "invalid_input"]
    assert count_ideas() == 2
    # One list per audience for the whole batch, not a message per idea.
    assert [[i["client_id"] for i in ideas] for ideas in published.events("ideas:new")] == [
        ["batch-0001", "batch-0002"]] * 2


def test_an_id_stored_by_another_writer_meanwhile_is_answered_as_stored(running, monkeypatch):
    _, group = running
    first, _ = ideas.post_idea(group[0], {"client_id": "race-0001", "text": "Eins"})
    second, _ = ideas.post_idea(group[1], {"client_id": "race-0002", "text": "Zwei"})
    real_lookup, lookups = ideas._stored, []

    def blind_first_lookup(keys):  # as if another process committed just after the check
        lookups.append(keys)
        return {} if len(lookups) == 1 else real_lookup(keys)

    monkeypatch.setattr(ideas, "_stored", blind_first_lookup)
    answers = ideas.post_ideas([
        (group[0], {"client_id": "race-0001", "text": "Eins"}),
        (group[1], {"client_id": "race-0002", "text": "Zwei"}),
        (group[2], {"client_id": "race-0003", "text": "Drei"}),
    ])
    assert [(idea.id, created) for idea, created in answers[:2]] == [
        (first.id, False), (second.id, False)]
    assert answers[2][1] and answers[2][0].text == "Drei"
    assert count_ideas() == 3
