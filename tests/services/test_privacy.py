"""Deleting a café leaves nothing of it in the database; a wrong confirmation deletes nothing."""

from pathlib import Path

import pytest
from sqlalchemy import text

from app.extensions import db
from app.services import cafes, privacy
from app.services.errors import ServiceError
from tests.services.test_exports import build_cafe

SECRET_NAME = "Jürgen Groß"


def cafe_tables() -> list[str]:
    """Every table of the schema with a cafe_id column (found in the database itself)."""
    names = db.session.execute(text(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )).scalars()
    return [name for name in names if "cafe_id" in {
        row[1] for row in db.session.execute(text(f'PRAGMA table_info("{name}")'))}]


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
    assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    for table in cafe_tables():
        keys = db.session.execute(text(f'PRAGMA foreign_key_list("{table}")')).all()
        to_cafe = [key for key in keys if key[2] == "cafe" and key[3] == "cafe_id"]
        assert [key[6] for key in to_cafe] == ["CASCADE"], table
    cafe_id = doomed.cafe.id
    db.session.execute(text("DELETE FROM cafe WHERE id = :id"), {"id": cafe_id})
    db.session.commit()
    db.session.remove()
    assert set(rows_of(cafe_id).values()) == {0}
