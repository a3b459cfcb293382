"""Fixtures for the register: the example suite deployed by `sectoken deploy` (the command-line tests'
fixtures), and a register database per test, SQLite always and PostgreSQL where its server binaries are
installed (a throwaway server on a free loopback port, in a temporary folder, started once per worker)."""

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from sectoken.chain import free_port
from tests.cli.conftest import (
    ALICE,
    BOB,
    CAROL,
    DEPLOYER,
    ERIN,
    SUITE,
    Sectoken,
    deployed,
    example_deployed,
    example_onboarded,
    onboarded,
    sectoken,
)

__all__ = [
    "ALICE", "BOB", "CAROL", "DEPLOYER", "ERIN", "SUITE", "Sectoken", "deployed", "example_deployed", "example_onboarded", "onboarded", "postgres", "sectoken",
]


def _pg_bin() -> Path | None:
    """The folder of PostgreSQL's server programs (`initdb`, `pg_ctl`), if installed."""
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(versions[-1]).parent if versions else None


class PostgresServer:
    """A PostgreSQL server in a temporary folder; :meth:`new_database` gives each test its own database."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="sectoken-pg-"))
        self.port = free_port()
        self.data = self.root / "data"
        self._count = itertools.count()
        # initdb refuses to run as root: run the server as the `postgres` account the package creates.
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            record = pwd.getpwnam(self.user)
            os.chown(self.root, record.pw_uid, record.pw_gid)

    def _run(self, *args: str) -> None:
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--no-sync")
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.root / "log"),
                  "-w", "-t", "60", "start")

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def new_database(self) -> str:
        name = f"register_{os.getpid()}_{next(self._count)}"
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as c:
            c.execute(f"CREATE DATABASE {name}")
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer | None]:
    """A running PostgreSQL server, or None where its binaries are not installed."""
    bin_dir = _pg_bin()
    if bin_dir is None:
        yield None
        return
    server = PostgresServer(bin_dir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path, postgres) -> str:
    """A fresh register database URL: a SQLite file, or a new database on the PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'register.sqlite'}"
    if postgres is None:
        pytest.skip("PostgreSQL's server programs (initdb, pg_ctl) are not installed: apt-get install postgresql")
    return postgres.new_database()
