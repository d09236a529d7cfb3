"""A real PostgreSQL server for the store tests and the benchmark.

Order of preference:
1. ``QMI_TEST_POSTGRES_URL`` (an admin URL such as ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``):
   an existing server the tests may create databases on;
2. otherwise a throw-away cluster started from Debian's binaries (``/usr/lib/postgresql/*/bin``,
   installed by ``make test``) in a temporary directory, listening on 127.0.0.1 on a free port with
   ``trust`` authentication. As root (CI containers) it runs as the ``postgres`` OS user, since
   PostgreSQL refuses to run as root.

Each test gets a fresh database copied from a migrated template (``CREATE DATABASE … TEMPLATE``),
which takes a fraction of a second. The benchmark creates its tier databases the same way.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

from qmi.db import make_engine


class PostgresUnavailable(RuntimeError):
    """The server could not be found or started; the message says why."""


def _binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), key=lambda p: int(Path(p).parent.parent.name))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("postgres")
    if on_path:
        return Path(on_path).parent
    raise PostgresUnavailable(
        "PostgreSQL binaries not found (install Debian's `postgresql`, which `make test` does, "
        "or set QMI_TEST_POSTGRES_URL to an existing server)"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """A server the tests may create and drop databases on."""

    def __init__(self, admin_url: str, stop: Callable[[], None] | None = None) -> None:
        self.admin_url = admin_url
        self._stop = stop
        self._admin = make_engine(admin_url)
        self._templates: dict[str, str] = {}

    # --- lifecycle ------------------------------------------------------------------------

    @classmethod
    def start(cls, url: str | None = None) -> PostgresServer:
        existing = url or os.environ.get("QMI_TEST_POSTGRES_URL")
        if existing:
            server = cls(existing)
            server._check()
            return server
        return cls._start_local_cluster()

    @classmethod
    def _start_local_cluster(cls) -> PostgresServer:
        bindir = _binaries()
        as_root = os.geteuid() == 0
        prefix: list[str] = []
        workdir = Path(tempfile.mkdtemp(prefix="qmi-pg-"))
        if as_root:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError as error:
                raise PostgresUnavailable("running as root and there is no `postgres` OS user to run the server") from error
            os.chown(workdir, owner.pw_uid, owner.pw_gid)
            runuser = shutil.which("runuser")
            if runuser is None:
                raise PostgresUnavailable("running as root and `runuser` is missing to start the server as `postgres`")
            prefix = [runuser, "-u", "postgres", "--"]
        datadir, sockdir, log = workdir / "data", workdir, workdir / "server.log"
        port = free_port()

        def run(*args: str) -> subprocess.CompletedProcess:
            return subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120)

        done = run(str(bindir / "initdb"), "-D", str(datadir), "-U", "postgres", "--auth=trust",
                   "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        if done.returncode != 0:
            shutil.rmtree(workdir, ignore_errors=True)
            raise PostgresUnavailable(f"initdb failed: {(done.stderr or done.stdout).strip()[-500:]}")
        options = f"-h 127.0.0.1 -p {port} -k {sockdir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        done = run(str(bindir / "pg_ctl"), "-D", str(datadir), "-o", options, "-l", str(log), "-w", "-t", "60", "start")
        if done.returncode != 0:
            detail = log.read_text(errors="replace")[-800:] if log.exists() else done.stderr
            shutil.rmtree(workdir, ignore_errors=True)
            raise PostgresUnavailable(f"the server did not start: {detail.strip()}")

        def stop() -> None:
            run(str(bindir / "pg_ctl"), "-D", str(datadir), "-m", "immediate", "-w", "stop")
            shutil.rmtree(workdir, ignore_errors=True)

        server = cls(f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", stop)
        try:
            server._check()
        except PostgresUnavailable:
            stop()
            raise
        return server

    def _check(self) -> None:
        deadline = time.monotonic() + 30
        while True:
            try:
                with self._admin.connect() as connection:
                    connection.execute(text("SELECT 1"))
                return
            except Exception as error:  # any connection failure means "not available"
                if time.monotonic() > deadline:
                    raise PostgresUnavailable(f"cannot connect to {self.admin_url}: {error}") from error
                time.sleep(0.3)

    def stop(self) -> None:
        self._admin.dispose()
        if self._stop is not None:
            self._stop()

    def version(self) -> str:
        with self._admin.connect() as connection:
            return connection.execute(text("SHOW server_version")).scalar_one()

    # --- databases ------------------------------------------------------------------------

    def url(self, database: str) -> str:
        return self.admin_url.rsplit("/", 1)[0] + f"/{database}"

    def _execute(self, statement: str) -> None:
        with self._admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(statement))

    def create_database(self, template: str | None = None) -> str:
        name = f"qmi_{uuid.uuid4().hex[:12]}"
        self._execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def drop_database(self, name: str) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def template(self, kind: str, fill: Callable[[Engine], None]) -> str:
        """A database filled once by ``fill`` and then copied for every test that asks for ``kind``."""
        if kind not in self._templates:
            name = self.create_database()
            engine = make_engine(self.url(name))
            try:
                fill(engine)
            finally:
                engine.dispose()
            self._templates[kind] = name
        return self._templates[kind]

    def engine_from_template(self, kind: str, fill: Callable[[Engine], None]) -> tuple[Engine, str]:
        name = self.create_database(self.template(kind, fill))
        return make_engine(self.url(name)), name
