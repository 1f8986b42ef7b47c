"""Restoring a café from its JSON export: all or nothing, readable refusals, same file again."""

import copy
import json
import threading
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from app import create_app
from app.config import Config
from app.extensions import db
from app.models import (
    Cafe,
    Idea,
    MergeSuggestion,
    Participant,
    Phase,
    Seat,
    TableSummary,
    Theme,
    ThemeVote,
    Vote,
)
from app.realtime.publisher import RecordingPublisher
from app.services import archive, people, rounds, setup
from app.services.errors import ServiceError
from app.services.exports import json_export
from tests.services.test_exports import NAMES, add_themes, build_cafe
from tests.support.phones import phone_token
from tests.support.services import another_database


@contextmanager
def fresh_installation(tmp_path):
    """A second, empty installation: its own database, app and request context."""
    database_url = another_database(db.engine.url.render_as_string(hide_password=False),
                                    tmp_path)
    db.session.remove()
    other = create_app(Config(
        INSTANCE_DIR=tmp_path, DATABASE_URL=database_url,
        SECRET_KEY="test", ASYNC_MODE="threading", MESSAGE_QUEUE=None, PUBLIC_URL=None,
        ROTATION_TIME_LIMIT=1, CAFES_PER_HOUR=1000, TESTING=True,
    ))
    other.extensions["publisher"] = RecordingPublisher()
    with other.test_request_context("/"):
        yield other
    db.session.remove()


def counts() -> dict[str, int]:
    return {model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Cafe, Participant, Seat, Idea, Vote, TableSummary)}


@pytest.fixture
def exported(make_cafe, make_participant):
    built = build_cafe(make_cafe, make_participant)
    return built, json_export.json_text(built.cafe)


_ARCHIVE: dict[str, str] = {}


@pytest.fixture
def archive_text(request) -> str:
    """An export of the test café, made once per run: refusals need only the file (their
    database may be empty), so most of them skip building the café again."""
    if "text" not in _ARCHIVE:
        _, _ARCHIVE["text"] = request.getfixturevalue("exported")
    request.getfixturevalue("ctx")
    return _ARCHIVE["text"]


def test_export_import_export_gives_the_same_file(exported, tmp_path):
    _, text = exported
    with fresh_installation(tmp_path / "fresh"):
        assert counts()["cafe"] == 0
        restored = archive.restore(json.loads(text))
        again = json_export.json_text(restored)
        assert again == text
        assert restored.code == json.loads(text)["cafe"]["code"]


def test_restored_cafe_is_closed_with_new_tokens_and_everything_in_place(exported, tmp_path):
    built, text = exported
    original_tokens = {built.cafe.moderator_token, built.cafe.screen_token}
    original_tokens |= {phone_token(p) for p in built.people}
    with fresh_installation(tmp_path / "fresh"):
        cafe = archive.restore(json.loads(text))
        assert cafe.phase == Phase.CLOSED and not cafe.voting_open
        assert cafe.current_round == 1
        restored_people = db.session.scalars(
            select(Participant).where(Participant.cafe_id == cafe.id).order_by(Participant.id))
        restored_people = list(restored_people)
        assert [p.name for p in restored_people] == NAMES
        tokens = {cafe.moderator_token, cafe.screen_token}
        assert not tokens & original_tokens and len(tokens) == 2
        # Nobody's phone is restored: the restored café is closed, no phone joins it.
        assert not any(phone_token(p) for p in restored_people)
        assert restored_people[0].host_table_id == cafe.tables[0].id
        assert counts() == {"cafe": 1, "participant": 4, "seat": 8, "idea": 12, "vote": 6,
                            "table_summary": 1}
        kept = db.session.scalar(select(Idea).where(Idea.text == "Mehr Sitzbänke im Park"))
        assert db.session.scalar(
            select(func.count()).where(Idea.merged_into_id == kept.id)) == 2
        with pytest.raises(ServiceError) as caught:
            people.join(cafe.code, {"name": "Neu"})
        assert caught.value.code == "wrong_phase"


def test_themes_survive_export_and_restore_and_export_again_gives_the_same_file(
        make_cafe, make_participant, tmp_path):
    built = build_cafe(make_cafe, make_participant)
    made = add_themes(built)
    built.cafe.vote_on = "themes"
    db.session.commit()
    text = json_export.json_text(built.cafe)
    data = json.loads(text)
    assert data["schema_version"] == 3
    assert data["cafe"]["vote_on"] == data["setup"]["vote_on"] == "themes"
    bench_ref = next(i["ref"] for i in data["ideas"] if i["text"] == "Mehr Sitzbänke im Park")
    assert [(t["key"], t["name"], t["keywords"], t["renamed"], t["locked"], t["votes"])
            for t in data["themes"]] == [
        (f"auto:{bench_ref}", "Sitzbänke im Park", ["sitzbänke", "park"], False, False, 2),
        ("m:1", "Eigenes „Thema“", [], True, True, 1)]
    themed = {i["ref"]: (i["theme"], i["theme_pinned"]) for i in data["ideas"]
              if i["theme"] is not None}
    assert themed[bench_ref] == (1, False)
    assert sorted(themed.values()) == [(1, False), (2, True)]
    assert len(data["rejected_merges"]) == 1
    assert data["theme_votes"] == [{"participant": 1, "theme": 1, "dots": 2},
                                   {"participant": 2, "theme": 2, "dots": 1}]
    unthemed_text = made["unthemed"].text
    with fresh_installation(tmp_path / "fresh"):
        cafe = archive.restore(data)
        assert json_export.json_text(cafe) == text
        assert cafe.vote_on == "themes"
        themes = db.session.scalars(select(Theme).order_by(Theme.id)).all()
        bench = db.session.scalar(select(Idea).where(Idea.text == "Mehr Sitzbänke im Park"))
        assert themes[0].key == f"auto:{bench.id}" and bench.theme_id == themes[0].id
        pinned = db.session.scalars(select(Idea).where(Idea.theme_pinned.is_(True))).all()
        assert [i.theme_id for i in pinned] == [themes[1].id]
        rejected = db.session.scalars(select(MergeSuggestion)).one()
        pair = {db.session.get(Idea, rejected.first_id).text,
                db.session.get(Idea, rejected.second_id).text}
        assert rejected.rejected and pair == {"Mehr Sitzbänke im Park", unthemed_text}
        assert rejected.first_id < rejected.second_id
        assert sorted(v.dots for v in db.session.scalars(select(ThemeVote))) == [1, 2]


def as_version_2(text: str) -> dict:
    """What this café's export looked like before themes (schema version 2)."""
    data = json.loads(text)
    data["schema_version"] = 2
    for section in ("themes", "theme_votes", "rejected_merges"):
        del data[section]
    del data["setup"]["vote_on"], data["cafe"]["vote_on"]
    for idea in data["ideas"]:
        del idea["theme"], idea["theme_pinned"]
    return data


def test_a_version_2_export_restores_as_a_cafe_without_themes(archive_text, tmp_path):
    old = as_version_2(archive_text)
    with fresh_installation(tmp_path / "fresh"):
        cafe = archive.restore(old)
        assert cafe.vote_on == "ideas"
        assert db.session.scalar(select(func.count()).select_from(Theme)) == 0
        again = json.loads(json_export.json_text(cafe))
        assert again["themes"] == again["theme_votes"] == again["rejected_merges"] == []
        assert again["ideas"] == json.loads(archive_text)["ideas"]


@pytest.mark.parametrize(("change", "field"), [
    (lambda d: d["themes"][0].update(key="auto:999"), "themes[0].key"),
    (lambda d: d["themes"][1].update(key=d["themes"][0]["key"]), "themes[1].key"),
    (lambda d: d["themes"][0].update(name=""), "themes[0].name"),
    (lambda d: d["themes"][0].update(pillar_index=9), "themes[0].pillar_index"),
    (lambda d: next(i for i in d["ideas"] if i["theme"]).update(theme=7), None),
    (lambda d: d["theme_votes"].append(dict(d["theme_votes"][0])), "theme_votes[2]"),
    (lambda d: d["rejected_merges"].append(
        {"first": d["rejected_merges"][0]["second"], "second": d["rejected_merges"][0]["first"]}),
     "rejected_merges[1]"),
])
def test_a_damaged_theme_is_refused_and_writes_nothing(make_cafe, make_participant, change,
                                                       field):
    built = build_cafe(make_cafe, make_participant)
    add_themes(built)
    data = json.loads(json_export.json_text(built.cafe))
    before = counts()
    with pytest.raises(ServiceError) as caught:
        archive.restore(broken(json.dumps(data), change))
    assert caught.value.code == "invalid_archive"
    where = caught.value.details["field"]
    assert where == field if field else (where.startswith("ideas[") and
                                         where.endswith("].theme"))
    db.session.rollback()
    assert counts() == before


def test_restore_keeps_the_join_code_only_when_it_is_free(exported):
    built, text = exported
    restored = archive.restore(json.loads(text))  # the original is still here
    assert restored.code != built.cafe.code and len(restored.code) == 6
    assert json_export.json_text(restored).replace(restored.code, built.cafe.code) == text


def test_setup_part_of_a_restored_cafe_is_the_original_setup(exported, tmp_path):
    _, text = exported
    with fresh_installation(tmp_path / "fresh"):
        cafe = archive.restore(json.loads(text))
        assert setup.setup_of(cafe) == json.loads(text)["setup"]


def test_the_agenda_survives_export_and_restore(exported, tmp_path):
    built, text = exported
    assert json.loads(text)["setup"]["round_minutes"] == [25, 15]
    with fresh_installation(tmp_path / "fresh"):
        cafe = archive.restore(json.loads(text))
        assert cafe.round_minutes_list == [25, 15] and cafe.transition_minutes_list == [4]
        assert cafe.planned_start == built.cafe.planned_start is not None


def test_an_export_made_before_the_agenda_restores_with_its_one_length(archive_text, tmp_path):
    older = json.loads(archive_text)
    older["setup"].update(round_minutes=30, transition_minutes=5)
    del older["setup"]["planned_start"]
    older["cafe"]["round_minutes"] = 30
    with fresh_installation(tmp_path / "fresh"):
        cafe = archive.restore(older)
        assert cafe.round_minutes_list == [30, 30] and cafe.transition_minutes_list == [5]
        assert cafe.planned_start is None


def test_anonymous_export_restores_with_numbered_placeholders(exported, tmp_path):
    built, _ = exported
    text = json_export.json_text(built.cafe, anonymous=True)
    with fresh_installation(tmp_path / "fresh"):
        cafe = archive.restore(json.loads(text))
        names = list(db.session.scalars(
            select(Participant.name).where(Participant.cafe_id == cafe.id)
            .order_by(Participant.id)))
        assert names == [f"Teilnehmende Person {n}" for n in range(1, 5)]
        assert set(NAMES).isdisjoint(json_export.json_text(cafe))


def broken(text: str, change) -> dict:
    data = copy.deepcopy(json.loads(text))
    change(data)
    return data


@pytest.mark.parametrize(("change", "code", "field"), [
    (lambda d: d.update(schema_version=1), "unsupported_version", "schema_version"),
    (lambda d: d.pop("schema_version"), "invalid_archive", "schema_version"),
    (lambda d: d.update(ideas={}), "invalid_archive", "ideas"),
    (lambda d: d["setup"].update(rounds=0), "invalid_archive", "setup.rounds"),
    (lambda d: d["setup"].pop("tables"), "invalid_archive", "setup.tables"),
    (lambda d: d["participants"][1].update(name="x" * 61), "invalid_archive",
     "participants[1].name"),
    (lambda d: d["participants"][1].update(host_table=1), "invalid_archive",
     "participants[1].host_table"),
    (lambda d: d["plan"][0].update(tables=[1]), "invalid_archive", "plan[0].tables"),
    (lambda d: d["ideas"][3].update(round=9), "invalid_archive", "ideas[3].round"),
    (lambda d: d["ideas"][3].update(time="gestern"), "invalid_archive", "ideas[3].time"),
    # Valid ISO times whose UTC lies outside the years 1 to 9999: they cannot be stored.
    (lambda d: d["ideas"][3].update(time="9999-12-31T23:59:59-14:00"), "invalid_archive",
     "ideas[3].time"),
    (lambda d: d["cafe"].update(created_at="0001-01-01T00:00:00+14:00"), "invalid_archive",
     "cafe.created_at"),
    (lambda d: d["ideas"][3].update(merged_into=4), "invalid_archive", "ideas[3].merged_into"),
    (lambda d: d["ideas"][3].update(participant=99), "invalid_archive",
     "ideas[3].participant"),
    (lambda d: d["votes"].append(dict(d["votes"][0])), "invalid_archive", "votes[6]"),
    # The very last entry is wrong: nothing before it may have been written either.
    (lambda d: d["summaries"][0].update(author=[1]), "invalid_archive", "summaries[0].author"),
])
def test_a_damaged_file_is_refused_readably_and_writes_nothing(archive_text, change, code,
                                                               field):
    text = archive_text
    archive.restore(json.loads(text))  # the file itself is fine
    before = counts()
    with pytest.raises(ServiceError) as caught:
        archive.restore(broken(text, change))
    assert (caught.value.code, caught.value.details.get("field")) == (code, field)
    assert str(caught.value.message)  # a sentence, in German here
    db.session.rollback()
    assert counts() == before


def test_refusal_names_the_place_and_the_problem_in_german(archive_text):
    text = archive_text
    with pytest.raises(ServiceError) as caught:
        archive.restore(broken(text, lambda d: d["ideas"][0].update(text="")))
    assert str(caught.value.message) == (
        "Die Datei kann nicht wiederhergestellt werden. Bei ideas[0].text: "
        "Idee braucht 1 bis 500 Zeichen.")
    with pytest.raises(ServiceError) as caught:
        archive.restore(broken(text, lambda d: d.update(schema_version=4)))
    assert "Schemaversion 4" in str(caught.value.message)


def test_not_an_object_is_refused(ctx):
    with pytest.raises(ServiceError) as caught:
        archive.restore(["kein", "Objekt"])
    assert caught.value.details["field"] == "payload"


def test_restore_of_an_exported_running_cafe_is_closed(make_cafe, make_participant, tmp_path):
    cafe = make_cafe(tables=2, seats_per_table=4, rounds=2)
    for name in NAMES:
        make_participant(cafe, name)
    rounds.start_round(cafe)
    text = json_export.json_text(cafe)
    with fresh_installation(tmp_path / "fresh"):
        restored = archive.restore(json.loads(text))
        assert restored.phase == Phase.CLOSED and restored.current_round == 0
        again = json.loads(json_export.json_text(restored))
        assert again["cafe"]["phase"] == "closed" and again["plan"] == json.loads(text)["plan"]


def test_an_upload_is_checked_in_a_child_process_and_refused_in_the_uploaders_language(
        archive_text, monkeypatch):
    started = []
    real_run = archive.subprocess.run
    monkeypatch.setattr(archive.subprocess, "run",
                        lambda command, **kw: started.append(command) or real_run(command, **kw))
    broken_file = json.dumps(broken(archive_text, lambda d: d["ideas"][0].update(text="")))
    before = counts()
    with pytest.raises(ServiceError) as caught:
        archive.restore_file(broken_file.encode(), "en")
    assert started and started[0][1:3] == ["-m", "app.services.archive.child"]
    assert str(caught.value.message) == (
        "The file cannot be restored. At ideas[0].text: Idea needs 1 to 500 characters.")
    assert (caught.value.code, caught.value.status) == ("invalid_archive", 400)
    assert caught.value.details == {"field": "ideas[0].text"}
    assert counts() == before  # (the first test to ask for the file built its café here)


def test_an_upload_restores_like_the_parsed_file(exported, tmp_path):
    _, text = exported
    with fresh_installation(tmp_path / "fresh"):
        restored = archive.restore_file(text.encode(), "de")
        assert json_export.json_text(restored) == text


def test_uploads_beyond_two_checks_at_once_wait_then_hear_busy(exported, monkeypatch):
    _, text = exported
    monkeypatch.setattr(archive, "CHECKS_AT_ONCE", threading.BoundedSemaphore(2))
    monkeypatch.setattr(archive, "CHECK_QUEUE_WAIT_S", 0.2)
    archive.CHECKS_AT_ONCE.acquire()
    archive.CHECKS_AT_ONCE.acquire()  # two checks running
    with pytest.raises(ServiceError) as caught:
        archive.restore_file(text.encode(), "de")
    assert (caught.value.code, caught.value.status) == ("busy", 503)


@pytest.mark.parametrize(("body", "reason"), [
    (b'{"schema_version": ' + b"9" * 5000 + b"}",
     "Die Datei enthält eine Zahl mit mehr als 20 Ziffern."),
    (b"[" * 100_000 + b"]" * 100_000,
     "Die Listen und Objekte der Datei sind zu tief verschachtelt."),
    (b"\xff\xfe kein JSON", "Diese Datei ist kein Café-Export dieser App (JSON)."),
    (b'"nur Text"', "Diese Datei ist kein Café-Export dieser App (JSON)."),
    (b"", "Diese Datei ist kein Café-Export dieser App (JSON)."),
])
def test_an_upload_that_is_no_export_is_refused_with_the_reason(ctx, body, reason):
    with pytest.raises(ServiceError) as caught:
        archive.restore_file(body, "de")
    assert (str(caught.value.message), caught.value.status) == (reason, 400)
    assert counts()["cafe"] == 0
