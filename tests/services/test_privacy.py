"""Deleting a café leaves nothing of it in the database; a wrong confirmation deletes nothing."""

import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from app.extensions import db
from app.services import cafes, phones, privacy
from app.services.errors import ServiceError
from tests.services.test_exports import build_cafe
from tests.support.phones import phone_token

SECRET_NAME = "Jürgen Groß"


def cafe_tables() -> list[str]:
    """Every table of the schema with a cafe_id column (found in the database itself)."""
    schema = inspect(db.session.connection())
    return [name for name in schema.get_table_names()
            if "cafe_id" in {column["name"] for column in schema.get_columns(name)}]


def rows_of(cafe_id: int) -> dict[str, int]:
    found = {"cafe": db.session.execute(
        text("SELECT count(*) FROM cafe WHERE id = :id"), {"id": cafe_id}).scalar()}
    for table in cafe_tables():
        found[table] = db.session.execute(
            text(f'SELECT count(*) FROM "{table}" WHERE cafe_id = :id'), {"id": cafe_id}).scalar()
    return found


@pytest.fixture
def two_cafes(make_cafe, make_participant):
    doomed = build_cafe(make_cafe, make_participant)
    other = make_cafe(title="Bleibt", tables=2, rounds=1)
    make_participant(other, "Bleibt auch")
    return doomed, other


def test_every_table_with_cafe_rows_is_covered(ctx):
    # A table added later with a cafe_id column must be added to the delete as well.
    covered = {model.__tablename__ for model in privacy.CAFE_ROWS}
    assert set(cafe_tables()) == covered


def test_deleting_a_cafe_leaves_no_row_behind(two_cafes, published):
    doomed, other = two_cafes
    cafe_id = doomed.cafe.id
    before = rows_of(cafe_id)
    assert all(before[table] for table in ("cafe", "participant", "idea", "vote", "seat",
                                           "table_summary", "pillar", "cafe_table"))
    other_before = rows_of(other.id)
    privacy.delete_cafe(doomed.cafe, {"confirmation": doomed.cafe.code.lower()})
    db.session.remove()
    assert set(rows_of(cafe_id).values()) == {0}
    assert rows_of(other.id) == other_before
    assert db.session.execute(text("SELECT count(*) FROM participant WHERE name = :n"),
                              {"n": SECRET_NAME}).scalar() == 0
    with pytest.raises(ServiceError):
        cafes.cafe_for_moderator(doomed.cafe.moderator_token)
    told = {(ns, room) for ns, room, event, _data in published.sent if event == "cafe_deleted"}
    assert told == {(ns, f"cafe:{cafe_id}") for ns in ("/moderator", "/screen", "/participant")}
    assert published.sent[-1] == ("*", f"cafe:{cafe_id}", "disconnect", None)


def test_a_deleted_cafes_links_say_it_is_gone(two_cafes):
    doomed, other = two_cafes
    cafe = doomed.cafe
    phone = phone_token(doomed.people[0])
    links = [cafe.code, cafe.moderator_token, cafe.screen_token, phone]
    privacy.delete_cafe(cafe, {"confirmation": cafe.code})
    for lookup, link in zip((cafes.cafe_by_code, cafes.cafe_for_moderator,
                             cafes.cafe_for_screen, phones.participant_by_token), links,
                            strict=True):
        with pytest.raises(ServiceError) as caught:
            lookup(link)
        assert (caught.value.code, caught.value.status) == ("cafe_deleted", 410)
    # A phone of the deleted café reconnecting among others learns the same.
    connects = phones.connects_by_token([(phone, None), (other_token(other), None)])
    assert connects[0].code == "cafe_deleted" and isinstance(connects[1]["state"], dict)
    with pytest.raises(ServiceError) as caught:
        cafes.cafe_for_moderator(cafes.new_token())
    assert caught.value.code == "forbidden"  # a mistyped link is still just refused
    assert db.session.execute(text("SELECT count(*) FROM deleted_link")).scalar() == 3 + len(
        doomed.people)


def other_token(cafe) -> str:
    return db.session.execute(text("SELECT token FROM phone WHERE cafe_id = :id"),
                              {"id": cafe.id}).scalar()


def test_ids_of_a_deleted_cafe_are_not_given_to_the_next(make_cafe, make_participant):
    make_participant(make_cafe(title="Vorher"), "Vorher")
    newest = make_cafe(title="Neuester")
    person = make_participant(newest, "Neu")
    newest_id, person_id = newest.id, person.id
    privacy.delete_cafe(newest, {"confirmation": newest.code})
    later = make_cafe(title="Danach")
    assert later.id > newest_id
    assert make_participant(later, "Danach").id > person_id


@pytest.mark.sqlite_only
def test_deleted_text_does_not_linger_in_the_database_files(two_cafes, app):
    doomed, _ = two_cafes
    path = Path(app.config["DATABASE_URL"].removeprefix("sqlite:///"))
    privacy.delete_cafe(doomed.cafe, {"confirmation": doomed.cafe.code})
    db.session.remove()
    files = [path, path.with_name(path.name + "-wal")]
    for file in files:
        if file.exists():
            assert SECRET_NAME.encode() not in file.read_bytes(), file.name
            assert "Straßenfest".encode() not in file.read_bytes(), file.name


@pytest.mark.sqlite_only
def test_a_reader_delays_the_scrub_and_it_finishes_in_the_background(two_cafes, app, caplog):
    """A long download holds old pages of the write-ahead log: the deletion says the scrub
    is pending, and the log is emptied once the reader is done."""
    doomed, _ = two_cafes
    app.config["SCRUB_WAIT_SECONDS"] = 0.3
    path = Path(app.config["DATABASE_URL"].removeprefix("sqlite:///"))
    wal = path.with_name(path.name + "-wal")
    reader = sqlite3.connect(path)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM participant").fetchone()[0] > 0
    assert privacy.delete_cafe(doomed.cafe, {"confirmation": doomed.cafe.code}) is False
    db.session.remove()
    assert SECRET_NAME.encode() in wal.read_bytes()  # the reader's pages: why it waits
    reader.rollback()
    reader.close()
    deadline = time.monotonic() + 10
    while wal.stat().st_size and time.monotonic() < deadline:
        time.sleep(0.1)
    for file in (path, wal):
        assert SECRET_NAME.encode() not in file.read_bytes(), file.name
        assert "Straßenfest".encode() not in file.read_bytes(), file.name
    assert "scrubbing goes on in the background" in caplog.text


@pytest.mark.parametrize("typed", ["", "WRONG1", None, 42, "Bleibt"])
def test_a_wrong_confirmation_deletes_nothing(two_cafes, typed):
    doomed, _ = two_cafes
    before = rows_of(doomed.cafe.id)
    with pytest.raises(ServiceError) as caught:
        privacy.delete_cafe(doomed.cafe, {"confirmation": typed})
    assert caught.value.code == "confirmation_mismatch"
    assert doomed.cafe.code in str(caught.value.message)
    db.session.rollback()
    assert rows_of(doomed.cafe.id) == before


def test_foreign_keys_are_enforced_and_cascade_from_the_cafe(two_cafes):
    """The schema's own safety net: SQLite enforces the keys, and each row of a café goes
    with the café even without the service's explicit deletes."""
    doomed, _ = two_cafes
    if db.engine.dialect.name == "sqlite":  # SQLite checks keys only when told to
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    schema = inspect(db.session.connection())
    for table in cafe_tables():
        to_cafe = [key for key in schema.get_foreign_keys(table)
                   if key["referred_table"] == "cafe" and key["constrained_columns"] == ["cafe_id"]]
        assert [key["options"].get("ondelete", "").upper() for key in to_cafe] == ["CASCADE"], table
    cafe_id = doomed.cafe.id
    db.session.execute(text("DELETE FROM cafe WHERE id = :id"), {"id": cafe_id})
    db.session.commit()
    db.session.remove()
    assert set(rows_of(cafe_id).values()) == {0}
