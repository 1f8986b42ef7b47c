"""Create or upgrade the schema through Alembic, for SQLite and PostgreSQL alike."""

from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import create_engine, text

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
# The advisory lock's key that lets one server process at a time migrate a PostgreSQL
# database (apart from services/leases.py's keys).
MIGRATION_LOCK = 1_917_000


def alembic_config(database_url: str) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade_database(database_url: str) -> None:
    """Apply every migration not applied yet; on an empty database this creates the schema.

    Several processes starting together on one PostgreSQL database (systemd starts them all
    at once) take turns: the first migrates, the others then find nothing left to do.
    """
    if not database_url.startswith("postgresql"):
        command.upgrade(alembic_config(database_url), "head")
        return
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            connection.commit()
            try:
                command.upgrade(alembic_config(database_url), "head")
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"),
                                   {"key": MIGRATION_LOCK})
                connection.commit()
    finally:
        engine.dispose()
