"""Waiting out a database that cannot take a call for a moment (app/services/locking.py)."""

import pytest
from sqlalchemy import create_engine, text

from app.services.errors import ServiceError
from app.services.locking import retry_while_locked


def test_a_pool_with_no_connection_free_answers_busy_at_once(ctx, tmp_path):
    # A pool of one, held: the next checkout times out as on a crowded PostgreSQL pool.
    engine = create_engine(f"sqlite:///{tmp_path / 'pool.db'}", pool_size=1, max_overflow=0,
                           pool_timeout=0.05)
    held = engine.connect()
    calls = []

    def join():
        calls.append(1)
        with engine.connect() as connection:
            return connection.execute(text("SELECT 1")).scalar()

    with pytest.raises(ServiceError) as refused:
        retry_while_locked(join)
    assert (refused.value.code, refused.value.status, len(calls)) == ("busy", 503, 1)
    held.close()
    assert retry_while_locked(join) == 1
    engine.dispose()
