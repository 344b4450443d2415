"""The local stack's state directory: secrets generated once, ports, and `stack.json`.

Everything a second `intake up` needs to resume lives here: the Temporal SQLite database,
MinIO's data and event queue, Mailpit's database, the credentials and the ports.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from cli.stack.net import free_port, port_free

DEFAULT_PORTS = {
    "temporal": 7233,
    "temporal_ui": 8233,
    "minio": 9000,
    "minio_console": 9001,
    "events": 8001,
    "web": 8000,
    "smtp_gateway": 2525,
    "mail_smtp": 1025,
    "mail_ui": 8025,
    "metrics": 9464,  # the worker's; the SDK's metrics are on the next port
    "ocr_metrics": 9466,
}


@dataclass
class Secrets:
    minio_user: str
    minio_password: str
    events_token: str
    web_secret: str


@dataclass
class StateDir:
    root: Path

    def __post_init__(self) -> None:
        self.root = self.root.resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        (self.logs).mkdir(exist_ok=True)

    logs = property(lambda self: self.root / "logs")
    temporal_db = property(lambda self: self.root / "temporal.db")
    minio_data = property(lambda self: self.root / "minio")
    minio_queue = property(lambda self: self.root / "minio-events-queue")
    mailpit_db = property(lambda self: self.root / "mailpit.db")
    stack_json = property(lambda self: self.root / "stack.json")

    def lock(self):
        """An exclusive lock on the state dir for this process's lifetime, or None when
        another `intake up` holds it (two servers on one SQLite file would corrupt it)."""
        import fcntl

        fh = open(self.root / ".lock", "w")  # noqa: SIM115 - held open until the process exits
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.close()
            return None
        return fh

    def secrets(self) -> Secrets:
        """Credentials are generated on first start and kept, so data stays reachable."""
        path = self.root / "secrets.json"
        if path.exists():
            return Secrets(**json.loads(path.read_text()))
        s = Secrets(
            minio_user="intake-" + secrets.token_hex(4),
            minio_password=secrets.token_urlsafe(24),
            events_token=secrets.token_urlsafe(24),
            web_secret=secrets.token_urlsafe(32),
        )
        path.write_text(json.dumps(asdict(s), indent=2))
        path.chmod(0o600)
        return s

    def ports(self, fixed: dict[str, int] | None = None, extra: dict[str, int] | None = None) -> tuple[dict[str, int], list[str]]:
        """Ports for every service: last run's, else the defaults, else free ones.

        Returns the ports and a note for each port that had to move because it was taken.
        """
        path = self.root / "ports.json"
        previous = json.loads(path.read_text()) if path.exists() else {}
        chosen: dict[str, int] = {}
        notes: list[str] = []
        for name, default in {**DEFAULT_PORTS, **(extra or {})}.items():  # extra: a profile's own parts
            want = (fixed or {}).get(name) or previous.get(name) or default
            if (fixed or {}).get(name):
                if not port_free(want):
                    raise RuntimeError(f"port {want} for {name} is taken (configured explicitly)")
                chosen[name] = want
                continue
            if port_free(want) and want not in chosen.values():
                chosen[name] = want
            else:
                port = free_port()
                while port in chosen.values():
                    port = free_port()
                notes.append(f"port {want} for {name} is taken; using {port}")
                chosen[name] = port
        path.write_text(json.dumps(chosen, indent=2))
        return chosen, notes
