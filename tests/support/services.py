"""Real PostgreSQL, Redis and nginx for tests: each started on a free loopback port with a
throwaway data directory, only when a test asks for it, and stopped at the end.

deploy/test.sh installs the Debian packages when they are missing (as root). Without them a
test that needs one skips with one line saying what is missing; under CI=true it fails
instead, so CI never passes by skipping.
"""

import contextlib
import glob
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.support.live_server import ROOT, free_port

PG_USER = "worldcafe"


class Unavailable(Exception):
    """A server this machine cannot run (not installed, or no user to run it as)."""


def require(what: str, reason: str):
    """Skip (one clear line) or, in CI, fail: a scale test must never pass by not running."""
    message = f"{what} not available: {reason}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _wait_for_port(port: int, process: subprocess.Popen | None, log: Path, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"exited early:\n{log.read_text(errors='replace')}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"not listening on {port} after {timeout} s:\n"
                       f"{log.read_text(errors='replace') if log.exists() else ''}")


class PostgresServer:
    """initdb and pg_ctl of the installed version. PostgreSQL refuses to run as root: as root
    it runs as the `postgres` user the Debian package creates."""

    def __init__(self, durable: bool = False):
        # Tests throw their data away: no fsync. bench/scale.py measures a durable server.
        self.durable = durable
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                          key=lambda path: int(Path(path).parts[-3]))
        if not binaries:
            raise Unavailable("PostgreSQL is not installed (apt-get install postgresql)")
        self.bin = Path(binaries[-1]).parent
        self.run_as: list[str] = []
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam("postgres")
            except KeyError:
                raise Unavailable("running as root and there is no user 'postgres'") from None
            self.run_as = [shutil.which("runuser") or "/usr/sbin/runuser", "-u", "postgres", "--"]
        self.dir = Path(tempfile.mkdtemp(prefix="worldcafe-pg-"))
        if self.run_as:
            os.chown(self.dir, account.pw_uid, account.pw_gid)
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.port = free_port()

    def _run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([*self.run_as, *command], cwd=self.dir, capture_output=True,
                              text=True, check=check)

    def start(self) -> "PostgresServer":
        if not self.data.exists():
            self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", PG_USER,
                      "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8")
        # The socket directory is ours, not /var/run/postgresql.
        options = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
                   " -c max_connections=300")
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        result = self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                           "-o", options, "-w", "-t", "30", "start", check=False)
        if result.returncode != 0:
            raise RuntimeError(f"PostgreSQL did not start: {result.stderr}\n"
                               f"{self.log.read_text(errors='replace')}")
        return self

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop",
                  check=False)

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=PG_USER,
                             dbname="postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


class RedisServer:
    def __init__(self):
        binary = shutil.which("redis-server")
        if binary is None:
            raise Unavailable("redis-server is not installed (apt-get install redis-server)")
        self.binary = binary
        self.dir = Path(tempfile.mkdtemp(prefix="worldcafe-redis-"))
        self.log = self.dir / "redis.log"
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> "RedisServer":
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [self.binary, "--port", str(self.port), "--bind", "127.0.0.1",
                 "--save", "", "--appendonly", "no", "--daemonize", "no",
                 "--dir", str(self.dir)],
                cwd=self.dir, stdout=log, stderr=subprocess.STDOUT)
        _wait_for_port(self.port, self.process, self.log, 10)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def nginx_site(app_ports: list[int], listen_port: int) -> str:
    """deploy/nginx-site.conf as deployed, with the test's ports and this checkout's path."""
    site = (ROOT / "deploy" / "nginx-site.conf").read_text()
    upstream_servers = "".join(f"    server 127.0.0.1:{port};\n" for port in app_ports)
    lines = []
    for line in site.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith("server 127.0.0.1:"):
            continue  # the deployed processes' ports: replaced by the test's below
        lines.append(line)
        if stripped.startswith("upstream "):
            lines.append(upstream_servers)
    site = "".join(lines)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{listen_port};")
    site = site.replace("listen [::]:80;", "")
    return site.replace("/srv/worldcafe", str(ROOT))


class NginxServer:
    def __init__(self, app_ports: list[int]):
        binary = shutil.which("nginx") or ("/usr/sbin/nginx"
                                           if os.path.exists("/usr/sbin/nginx") else None)
        if binary is None:
            raise Unavailable("nginx is not installed (apt-get install nginx-light)")
        self.binary = binary
        self.dir = Path(tempfile.mkdtemp(prefix="worldcafe-nginx-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = self.dir / "error.log"
        (self.dir / "site.conf").write_text(nginx_site(app_ports, self.port))
        # As root the workers would switch to 'nobody'; the test's files are root's.
        user = "user root;\n" if os.geteuid() == 0 else ""
        (self.dir / "nginx.conf").write_text(
            f"{user}worker_processes 1;\ndaemon off;\npid {self.dir}/nginx.pid;\n"
            f"error_log {self.log} info;\n"
            "events { worker_connections 4096; }\n"
            "http {\n"
            "  include /etc/nginx/mime.types;\n"
            # Which process answered each device's requests: what the scale test counts.
            "  log_format routing '$arg_device $upstream_addr $status';\n"
            f"  access_log {self.dir}/access.log routing;\n"
            f"  client_body_temp_path {self.dir}/body; proxy_temp_path {self.dir}/proxy;\n"
            f"  fastcgi_temp_path {self.dir}/fcgi; uwsgi_temp_path {self.dir}/uwsgi;\n"
            f"  scgi_temp_path {self.dir}/scgi;\n"
            f"  include {self.dir}/site.conf;\n"
            "}\n")
        self.process: subprocess.Popen | None = None

    def start(self) -> "NginxServer":
        with open(self.dir / "stderr.log", "ab") as log:
            self.process = subprocess.Popen(
                [self.binary, "-p", str(self.dir), "-c", str(self.dir / "nginx.conf"),
                 "-e", str(self.log)],
                stdout=log, stderr=subprocess.STDOUT)
        _wait_for_port(self.port, self.process, self.dir / "stderr.log", 10)
        return self

    def routes(self) -> dict[str, set[str]]:
        """device key -> the upstream addresses nginx sent its Socket.IO requests to (a
        request is logged when it ends: a WebSocket when it closes)."""
        found: dict[str, set[str]] = {}
        for line in (self.dir / "access.log").read_text().splitlines():
            device, _, upstream = line.partition(" ")
            if device != "-":
                # Several addresses when nginx tried another process after one failed.
                found.setdefault(device, set()).update(re.findall(r"[\d.]+:\d+", upstream))
        return found

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def start_or_require(what: str, make):
    """Start a server, or skip/fail (see require) when this machine cannot run it."""
    try:
        return make().start()
    except Unavailable as exc:
        require(what, str(exc))


def another_database(like_url: str, tmp_path: Path) -> str:
    """A second, empty database of the same kind as `like_url` (a second installation):
    a SQLite file in tmp_path, or a new database on the same PostgreSQL server."""
    if like_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'fresh.db'}"
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(like_url)
    name = f"{url.database}_fresh"
    with psycopg.connect(host=url.host, port=url.port, user=url.username, dbname="postgres",
                         autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)
