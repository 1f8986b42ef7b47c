"""Three server processes (run.py on eventlet, one worker each) behind nginx, sharing one
PostgreSQL database and one Redis message queue: deploy/nginx-site.conf as deployed."""

import concurrent.futures
import os
from dataclasses import dataclass

import pytest

from tests.support.live_server import LiveServer
from tests.support.services import NginxServer, start_or_require

PROCESSES = 3
START_TIMEOUT = 120


@dataclass
class Cluster:
    servers: list[LiveServer]
    nginx: NginxServer
    database_url: str

    @property
    def url(self) -> str:
        return self.nginx.url

    def process_of(self, port: str) -> int:
        """Which of the servers listens on '127.0.0.1:<port>'."""
        return [f"127.0.0.1:{s.port}" for s in self.servers].index(port)


@pytest.fixture(scope="module")
def cluster(postgres_server, redis_server, tmp_path_factory):
    instance = tmp_path_factory.mktemp("cluster")
    database_url = postgres_server.create_database(f"scale_{os.getpid()}")
    env = {
        "DATABASE_URL": database_url,
        "MESSAGE_QUEUE": redis_server.url,
        "SECRET_KEY": "scale-test",  # one key for all processes, as the env file sets it
        "TRUSTED_PROXIES": "1",
        "CAFES_PER_HOUR": "1000",
        # A killed process's phones count as online for this long: short, for the test.
        "PRESENCE_LEASE": "3",
    }
    servers = [LiveServer(instance, "eventlet", **env) for _ in range(PROCESSES)]
    nginx = start_or_require("nginx", lambda: NginxServer([s.port for s in servers]))
    for server in servers:
        server.env["PUBLIC_URL"] = nginx.url
    try:
        # All at once on the empty database, as systemd starts them: one migrates, the
        # others wait for it (app/schema.py). Three start-ups on a busy 2-core machine take
        # a while.
        with concurrent.futures.ThreadPoolExecutor(PROCESSES) as pool:
            list(pool.map(lambda server: server.start(START_TIMEOUT), servers))
        yield Cluster(servers, nginx, database_url)
    finally:
        nginx.remove()
        for server in servers:
            server.stop()
