"""Behind nginx (TRUSTED_PROXIES=1) the per-address limits count the phones' addresses from
X-Forwarded-For, not nginx's own; without it a forged header changes nothing."""

import pytest

from app import create_app
from app.config import Config
from app.realtime.publisher import RecordingPublisher


def make_client(tmp_path, database_url, proxies: int):
    app = create_app(Config(
        INSTANCE_DIR=tmp_path, DATABASE_URL=database_url, SECRET_KEY="test",
        ASYNC_MODE="threading", MESSAGE_QUEUE=None, PUBLIC_URL=None, CAFES_PER_HOUR=1,
        TRUSTED_PROXIES=proxies, TESTING=True))
    app.extensions["publisher"] = RecordingPublisher()
    return app.test_client()


def create(client, forwarded_for: str) -> int:
    return client.post("/api/cafes", json={"title": "Café", "tables": 2},
                       headers={"X-Forwarded-For": forwarded_for}).status_code


@pytest.mark.parametrize("proxies, statuses", [(1, [201, 429, 201]), (0, [201, 429, 429])])
def test_limits_per_address_count_the_forwarded_address_only_behind_a_proxy(
        tmp_path, database_url, proxies, statuses):
    client = make_client(tmp_path, database_url, proxies)
    assert [create(client, "10.0.0.1"), create(client, "10.0.0.1"),
            create(client, "10.0.0.2")] == statuses
