"""The settings the compose file gives each process, read from the same files
(deploy/env/*.env) so the cluster profile and docker compose cannot drift.

Compose adds `env_file:` entries per service; `SERVICE_ENV_FILES` is the same mapping here
(tests/unit/test_cluster_env.py compares the two). Addresses and secrets are not in these
files: the launcher sets loopback addresses and the state dir's generated secrets.
"""

from __future__ import annotations

from pathlib import Path

from dotenv import dotenv_values

ENV_DIR = Path(__file__).resolve().parents[2] / "deploy" / "env"
# compose service -> its env files, in compose's order (later files win)
SERVICE_ENV_FILES = {
    "init": ("intake.env",),
    "event-receiver": ("intake.env",),
    "web": ("intake.env",),
    "worker": ("intake.env", "worker.env"),
    "mail-gateway": ("intake.env", "gateway.env"),
    "ocr-worker": ("intake.env",),
    "temporal-namespace": ("temporal.env",),
}
# launcher process name -> compose service
PROCESS_SERVICE = {
    "events": "event-receiver",
    "web": "web",
    "mail-gateway": "mail-gateway",
    "worker": "worker",
    "ocr-worker": "ocr-worker",
}
WORKER_REPLICAS = 2  # compose: deploy.replicas ${WORKER_REPLICAS:-2}


def read_env_file(name: str) -> dict[str, str]:
    values = dotenv_values(ENV_DIR / name)
    missing = [k for k, v in values.items() if v is None]
    if missing:
        raise ValueError(f"{name}: {missing} have no value")
    return {k: str(v) for k, v in values.items()}


def service_env(service: str) -> dict[str, str]:
    env: dict[str, str] = {}
    for name in SERVICE_ENV_FILES[service]:
        env.update(read_env_file(name))
    return env


def process_env(process: str) -> dict[str, str]:
    """What compose's env files give the service behind one of our processes."""
    return service_env(PROCESS_SERVICE[process.split("-")[0] if process.startswith("worker") else process])


def namespace_settings() -> tuple[str, str]:
    """(namespace, retention) as the compose `temporal-namespace` service creates it."""
    env = service_env("temporal-namespace")
    return env["NAMESPACE"], env["NAMESPACE_RETENTION"]
