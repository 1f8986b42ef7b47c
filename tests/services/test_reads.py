"""The read layer: one idea record whatever the source, and states built in a fixed number of
queries however many people and ideas a café has."""

from contextlib import contextmanager
from dataclasses import fields

import pytest
from sqlalchemy import event, select

from app.extensions import db
from app.models import Cafe, Idea, MergeSuggestion, Participant, Theme
from app.services import ideas, reads, rounds, snapshots, votes


def test_the_record_reads_its_fields_in_order():
    # Rows become records by position: the columns must name the fields, in their order.
    columns = [column.key for column in reads._COLUMNS] + [reads._AUTHOR.key]
    assert columns == [f.name for f in fields(reads.IdeaRecord)][:len(columns)]


def test_an_idea_held_as_object_gives_the_record_read_from_the_database(
        make_cafe, make_participant):
    cafe = make_cafe()
    anna = make_participant(cafe, "Anna")
    rounds.start_round(cafe)
    idea, _ = ideas.post_idea(anna, {"client_id": "reads-0001", "text": "Mehr Bänke"})
    [read] = reads.cafe_ideas(cafe, authors=True)
    assert reads.as_record(idea, authors=True) == read
    assert (read.author, read.round_number, read.status, read.edited) == (
        "Anna", 1, "shown", False)


def test_vote_totals_narrowed_to_some_ideas_agree_with_the_whole(make_cafe, make_participant):
    cafe = make_cafe()
    group = [make_participant(cafe) for _ in range(3)]
    rounds.start_round(cafe)
    posted = [ideas.post_idea(p, {"client_id": f"reads-{n:04d}", "text": f"Idee {n}"})[0]
              for n, p in enumerate(group)]
    rounds.end_round(cafe)
    votes.open_voting(cafe, {"dots_per_person": 3, "max_dots_per_idea": 2})
    for voter in group:
        votes.set_vote(voter, {"idea_id": posted[0].id, "dots": 2})
    votes.set_vote(group[0], {"idea_id": posted[1].id, "dots": 1})
    assert reads.vote_totals(cafe) == {posted[0].id: 6, posted[1].id: 1}
    assert reads.vote_totals(cafe, [posted[1].id, posted[2].id]) == {posted[1].id: 1}


@contextmanager
def statements():
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _queries(cafe_id: int, build) -> int:
    db.session.expire_all()
    cafe = db.session.get(Cafe, cafe_id)
    people = list(db.session.scalars(
        select(Participant).where(Participant.cafe_id == cafe_id).order_by(Participant.id)))
    with statements() as seen:
        build(cafe, people)
    return len(seen)


BUILDS = {
    "one phone": lambda cafe, people: snapshots.participant_states(cafe, people[:1]),
    "every phone": lambda cafe, people: snapshots.participant_states(cafe, people),
    "console": snapshots.moderator_state,
    "screen": snapshots.screen_state,
    "console's person": lambda cafe, people: snapshots.person_dict(cafe, people[0]),
}


@pytest.mark.parametrize("build", BUILDS.values(), ids=BUILDS.keys())
def test_states_take_as_many_queries_for_many_people_and_ideas_as_for_few(
        make_cafe, make_participant, build):
    counts = []
    for size in (3, 12):
        cafe = make_cafe(tables=3, seats_per_table=6)
        group = [make_participant(cafe) for _ in range(size)]
        rounds.start_round(cafe)
        for n, person in enumerate(group):
            ideas.post_idea(person, {"client_id": f"size{size}-{n:04d}", "text": f"Idee {n}"})
        counts.append(_queries(cafe.id, build))
    # The themes (the harvest) add a read of themes and one of merge suggestions.
    assert counts[0] == counts[1] <= 10


def test_the_visible_ideas_are_the_shown_records(make_cafe, make_participant):
    cafe = make_cafe()
    anna = make_participant(cafe)
    rounds.start_round(cafe)
    for n in range(2):
        ideas.post_idea(anna, {"client_id": f"visible-{n:04d}", "text": f"Idee {n}"})
    hidden = db.session.scalars(select(Idea).order_by(Idea.id)).first()
    hidden.hidden = True
    db.session.commit()
    assert [r.text for r in reads.visible_ideas(cafe)] == ["Idee 1"]
    assert [r.shown for r in reads.cafe_ideas(cafe)] == [False, True]


def test_themes_show_their_shown_ideas_and_the_console_also_its_open_suggestions(
        make_cafe, make_participant):
    cafe = make_cafe()
    anna, ben = make_participant(cafe, "Anna"), make_participant(cafe, "Ben")
    rounds.start_round(cafe)
    bench, garden, secret = [
        ideas.post_idea(anna if n % 2 == 0 else ben,
                        {"client_id": f"theme-{n:04d}", "text": text})[0]
        for n, text in enumerate(["Mehr Bänke", "Gemeinschaftsgarten", "Versteckt"])]
    pillar = cafe.pillars[0]
    places = Theme(cafe_id=cafe.id, pillar_id=pillar.id, key="auto:1", name="Orte",
                   keywords=["Bänke"])
    empty = Theme(cafe_id=cafe.id, pillar_id=pillar.id, key="m:1", name="Leer", keywords=[])
    db.session.add_all([places, empty])
    db.session.flush()
    for idea in (bench, garden, secret):
        idea.theme_id = places.id
    secret.hidden = True
    db.session.add_all([
        MergeSuggestion(cafe_id=cafe.id, first_id=bench.id, second_id=garden.id),
        MergeSuggestion(cafe_id=cafe.id, first_id=bench.id, second_id=secret.id),
        MergeSuggestion(cafe_id=cafe.id, first_id=garden.id, second_id=bench.id,
                        rejected=True)])
    db.session.commit()

    console = snapshots.themes_dict(cafe, moderator=True)
    screen = snapshots.themes_dict(cafe, moderator=False)
    assert [(t["name"], t["size"], t["idea_ids"]) for t in console["themes"]] == [
        ("Orte", 2, [bench.id, garden.id]), ("Leer", 0, [])]
    # The screen leaves out a theme with nothing shown in it, and never sees suggestions.
    assert [t["name"] for t in screen["themes"]] == ["Orte"]
    assert "suggestion_groups" not in screen
    # A suggestion naming a hidden idea is no suggestion.
    assert [g["idea_ids"] for g in console["suggestion_groups"]] == [[bench.id, garden.id]]
    assert console["themes"][0]["tables"] == sorted({bench.table.number, garden.table.number})
    assert console["themes"][0]["rounds"] == [1]
