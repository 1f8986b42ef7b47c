"""The schema comes only from Alembic: migrations match the models and run both ways."""

import json

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from app import create_app
from app.config import Config
from app.extensions import db
from app.models import Base
from app.schema import alembic_config
from app.services import people, phones


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    """An empty database of each kind the app runs on (PostgreSQL: a throwaway server)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'm.db'}"
    server = request.getfixturevalue("postgres_server")
    return server.create_database(f"migrations_{request.node.name.split('[')[0][-40:]}")


def test_migrations_build_exactly_the_models_schema(empty_database):
    command.upgrade(alembic_config(empty_database), "head")
    engine = create_engine(empty_database)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_migrations_downgrade_and_upgrade_again(empty_database):
    config = alembic_config(empty_database)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    command.upgrade(config, "head")


def test_ids_are_never_reused_on_postgresql(postgres_server):
    """PostgreSQL's identity sequences never hand out an id twice, and the recreated tables
    of 0006 leave them where the copied rows end (a deleted café's rooms stay its own)."""
    url = postgres_server.create_database("migrations_ids")
    config = alembic_config(url)
    command.upgrade(config, "0005")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO cafe (code, title, place, moderator_token, screen_token, language,"
            " anonymous, roles, rounds, round_minutes, phase, current_round, created_at,"
            " dots_per_person, max_dots_per_idea, voting_open, transition_minutes)"
            " VALUES ('AAAAAA', 'Alt', '', 'm1', 's1', 'de', false, '[]', 2, 20, 'lobby', -1,"
            " '2026-01-01 00:00:00', 5, 3, false, 3)")
    command.upgrade(config, "head")
    with engine.begin() as connection:
        cafe_id = connection.exec_driver_sql("SELECT id FROM cafe").scalar()
        insert = ("INSERT INTO participant (cafe_id, personal_code, name, organisation,"
                  " role, joined_at, connections) VALUES (%(cafe)s, %(code)s,"
                  " 'X', '', '', '2026-01-01', 0) RETURNING id")
        first = connection.exec_driver_sql(insert, {"cafe": cafe_id, "code": "c1"}).scalar()
        connection.exec_driver_sql("DELETE FROM participant WHERE id = %(id)s", {"id": first})
        assert connection.exec_driver_sql(
            insert, {"cafe": cafe_id, "code": "c2"}).scalar() == first + 1
    engine.dispose()


def test_ids_are_never_reused_and_upgrading_keeps_every_row(tmp_path):
    """0006 recreates every table as AUTOINCREMENT: a deleted café's id (the name of its
    sockets' rooms) never comes back, and the copy loses no row to a cascade."""
    url = f"sqlite:///{tmp_path / 'm.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0005")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO cafe (id, code, title, place, moderator_token, screen_token, language,"
            " anonymous, roles, rounds, round_minutes, phase, current_round, created_at,"
            " dots_per_person, max_dots_per_idea, voting_open, transition_minutes)"
            " VALUES (1, 'AAAAAA', 'Alt', '', 'm1', 's1', 'de', 0, '[]', 2, 20, 'lobby', -1,"
            " '2026-01-01 00:00:00', 5, 3, 0, 3)")
        connection.exec_driver_sql(
            "INSERT INTO participant (id, cafe_id, token, name, organisation, role, joined_at,"
            " connections) VALUES (7, 1, 't7', 'Anna', '', '', '2026-01-01 00:00:00', 0)")
    command.upgrade(config, "head")
    with engine.begin() as connection:
        assert connection.exec_driver_sql("SELECT name FROM participant").scalars().all() == [
            "Anna"]
        connection.exec_driver_sql(
            "INSERT INTO participant (cafe_id, personal_code, name, organisation, role,"
            " joined_at, connections) VALUES (1, 'p8', 'Ben', '', '', '2026-01-01', 0)")
        newest = connection.exec_driver_sql("SELECT max(id) FROM participant").scalar()
        connection.exec_driver_sql("DELETE FROM participant WHERE id = :id", {"id": newest})
        connection.exec_driver_sql(
            "INSERT INTO participant (cafe_id, personal_code, name, organisation, role,"
            " joined_at, connections) VALUES (1, 'p9', 'Cem', '', '', '2026-01-01', 0)")
        assert connection.exec_driver_sql(
            "SELECT id FROM participant WHERE name = 'Cem'").scalar() == newest + 1
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    engine.dispose()


def test_every_table_keeps_autoincrement_at_head(tmp_path):
    """A later migration that recreates a table (batch mode) must keep AUTOINCREMENT."""
    url = f"sqlite:///{tmp_path / 'm.db'}"
    command.upgrade(alembic_config(url), "head")
    engine = create_engine(url)
    with engine.connect() as connection:
        tables = connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table'"
            " AND name NOT IN ('alembic_version', 'sqlite_sequence')").all()
    engine.dispose()
    # Keyed by a uuid and by (process, person): no id of their own that could come back.
    keyed_otherwise = {"server_process", "presence"}
    assert [name for name, sql in tables
            if "AUTOINCREMENT" not in sql and name not in keyed_otherwise] == []


def test_round_agenda_keeps_each_cafes_one_length_for_every_round(tmp_path):
    """0010: a café's one round length and change-over length become its agenda's lists, and
    going back takes the first of each."""
    url = f"sqlite:///{tmp_path / 'm.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0009")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO cafe (id, code, title, place, moderator_token, screen_token, language,"
            " anonymous, roles, rounds, round_minutes, phase, current_round, created_at,"
            " dots_per_person, max_dots_per_idea, voting_open, transition_minutes)"
            " VALUES (1, 'AAAAAA', 'Alt', '', 'm1', 's1', 'de', 0, '[]', 3, 25, 'lobby', -1,"
            " '2026-01-01 00:00:00', 5, 3, 0, 4)")
    command.upgrade(config, "0010")
    with engine.begin() as connection:
        row = connection.exec_driver_sql(
            "SELECT round_minutes_list, transition_minutes_list, planned_start FROM cafe").one()
        assert [json.loads(row[0]), json.loads(row[1]), row[2]] == [[25, 25, 25], [4, 4], None]
        connection.exec_driver_sql("UPDATE cafe SET round_minutes_list = '[30, 20, 15]',"
                                   " transition_minutes_list = '[5, 3]'")
    command.downgrade(config, "0009")
    with engine.begin() as connection:
        assert connection.exec_driver_sql(
            "SELECT round_minutes, transition_minutes FROM cafe").one() == (30, 5)
    engine.dispose()


def test_a_phone_that_joined_before_phones_had_own_tokens_keeps_working(tmp_path):
    """0011 moves each person's one token to a phone of theirs: a phone holding it (joined
    before the upgrade) is still that person, and the person may get a second phone."""
    url = f"sqlite:///{tmp_path / 'test.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0009")
    token = "t" * 32
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO cafe (id, code, title, place, moderator_token, screen_token, language,"
            " anonymous, roles, rounds, round_minutes, phase, current_round, created_at,"
            " dots_per_person, max_dots_per_idea, voting_open, transition_minutes,"
            " hidden_words, plan_printed) VALUES (1, 'AAAAAA', 'Alt', '', 'm1', 's1', 'de', 0,"
            " '[]', 2, 20, 'lobby', -1, '2026-01-01 00:00:00', 5, 3, 0, 3, '[]', 0)")
        connection.exec_driver_sql(
            "INSERT INTO participant (id, cafe_id, token, personal_code, claims, checked_in,"
            " name, organisation, role, joined_at, connections) VALUES (7, 1, :token,"
            " 'AAAAAAAAAAAAAAAA', 1, 1, 'Anna', '', '', '2026-01-01 00:00:00', 0)",
            {"token": token})
    engine.dispose()
    command.upgrade(config, "head")
    app = create_app(Config(INSTANCE_DIR=tmp_path, DATABASE_URL=url, SECRET_KEY="test",
                            ASYNC_MODE="threading", MESSAGE_QUEUE=None, TESTING=True))
    with app.test_request_context("/"):
        phone = phones.phone_by_token(token, "AAAAAA")
        assert (phone.participant.name, phone.number) == ("Anna", 1)
        second = people.claim("AAAAAA", {"personal_code": "AAAAAAAAAAAAAAAA"}, "10.0.0.1")
        assert second.number == 2 and second.token != token
        db.session.remove()
        db.engine.dispose()
    command.downgrade(config, "0009")  # one token per person again: the first phone's
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT token, claims FROM participant").one() == (
            token, 2)
    engine.dispose()
