"""A private PostgreSQL 15 cluster for the cluster profile's Temporal server.

`initdb` once into a data directory, then `postgres` as a child process on a loopback port
(no Unix socket outside the data dir, password auth over TCP). PostgreSQL refuses to run as
root, so when we are root the cluster belongs to the `postgres` system user (created by the
Debian package) and every command runs through `setpriv`, which also keeps the
parent-death signal so a killed launcher leaves no postmaster behind.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cli.stack.net import tcp_ready
from cli.stack.process import ManagedProcess

HOST = "127.0.0.1"
PG_VERSION = "15"
PG_BIN = Path(os.environ.get("INTAKE_PG_BIN", f"/usr/lib/postgresql/{PG_VERSION}/bin"))
SUPERUSER = "temporal"  # the role Temporal connects as (it creates its own databases)
SERVICE_ACCOUNT = "postgres"  # who owns the cluster when we are root
SETUP_HINT = "run `make setup-cluster` (scripts/build-temporal-server.sh installs postgresql-15)"


class PostgresMissing(RuntimeError):
    pass


def pg_binary(name: str) -> Path:
    path = PG_BIN / name
    if not os.access(path, os.X_OK):
        raise PostgresMissing(f"{path} not found; {SETUP_HINT}")
    return path


def _run_as() -> list[str]:
    """Prefix that drops root to the service account (nothing when we are not root)."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", f"--reuid={SERVICE_ACCOUNT}", f"--regid={SERVICE_ACCOUNT}", "--init-groups", "--pdeathsig", "SIGTERM", "--"]


def _give_to_service_account(path: Path) -> None:
    """The data dir must belong to the server's user, and every parent must let it through."""
    if os.geteuid() != 0:
        return
    account = pwd.getpwnam(SERVICE_ACCOUNT)
    os.chown(path, account.pw_uid, account.pw_gid)
    for parent in path.resolve().parents:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            raise PermissionError(
                f"{parent} is not traversable by the `{SERVICE_ACCOUNT}` user that runs PostgreSQL; "
                "use a state dir under a world-traversable path (chmod o+x) or run as a non-root user"
            )


@dataclass
class PostgresCluster:
    data_dir: Path
    port: int
    password: str
    log_path: Path

    @property
    def initialised(self) -> bool:
        return (self.data_dir / "PG_VERSION").exists()

    def init(self) -> None:
        """initdb once; a second call on an existing cluster does nothing."""
        if self.initialised:
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir.chmod(0o700)
        _give_to_service_account(self.data_dir)
        pwfile = self.data_dir.parent / f".{self.data_dir.name}.pw"
        pwfile.write_text(self.password + "\n")
        try:
            pwfile.chmod(0o644)  # read by the service account for the moment of initdb, then deleted
            argv = [
                *_run_as(),
                str(pg_binary("initdb")),
                "-D",
                str(self.data_dir),
                "-U",
                SUPERUSER,
                f"--pwfile={pwfile}",
                "--auth-local=scram-sha-256",
                "--auth-host=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ]
            done = subprocess.run(argv, capture_output=True, text=True, check=False)
        finally:
            pwfile.unlink(missing_ok=True)
        if done.returncode != 0:
            shutil.rmtree(self.data_dir, ignore_errors=True)  # half-made clusters are not resumable
            raise RuntimeError(f"initdb failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")

    def accepting(self) -> bool:
        """Accepting queries, not just TCP: a starting server answers "starting up" first."""
        if not tcp_ready(HOST, self.port):
            return False
        probe = [str(pg_binary("pg_isready")), "-q", "-h", HOST, "-p", str(self.port), "-U", SUPERUSER]
        return subprocess.run(probe, check=False).returncode == 0

    def process(self) -> ManagedProcess:
        """The postmaster, listening on loopback only; its socket stays in the data dir."""
        argv = [
            *_run_as(),
            str(pg_binary("postgres")),
            "-D",
            str(self.data_dir),
            "-p",
            str(self.port),
            "-c",
            f"listen_addresses={HOST}",
            "-c",
            f"unix_socket_directories={self.data_dir}",
            "-c",
            "max_connections=200",  # four Temporal services × their pools, plus the SQL tool
            "-c",
            "fsync=on",
        ]
        proc = ManagedProcess("postgres", argv, self.log_path, ready=self.accepting)
        proc.stop_timeout = 30  # a smart shutdown checkpoints first
        return proc
