"""How to run each external server on loopback: the Temporal dev server, MinIO, Mailpit.

One definition each, shared by `intake up` and the test fixtures.
"""

from __future__ import annotations

from pathlib import Path

from cli.stack import binaries
from cli.stack.net import http_ready, tcp_ready
from cli.stack.process import ManagedProcess
from workflows import search_attributes

HOST = "127.0.0.1"

# Dynamic config of the dev server, the same for `intake up`, the tests and the benchmarks
# (a production cluster needs the same two values in its dynamic config file):
# - fairness keys (the county's share of a task queue, set at workflow start) are ignored
#   unless matching.enableFairness is on; task-queue priority is on by default;
# - eager activity execution (the next activity handed back with the workflow task's answer,
#   no matching round trip) is off on the server unless enabled, whatever the SDK asks.
DEV_SERVER_DYNAMIC_CONFIG: dict[str, str] = {
    "matching.enableFairness": "true",
    "system.enableActivityEagerExecution": "true",
}


def temporal_dynamic_config_flags(extra: dict[str, str] | None = None) -> list[str]:
    flags: list[str] = []
    for key, value in {**DEV_SERVER_DYNAMIC_CONFIG, **(extra or {})}.items():
        flags += ["--dynamic-config-value", f"{key}={value}"]
    return flags


def temporal_server(
    *,
    port: int,
    ui_port: int,
    db_file: Path | None,
    log_path: Path,
    namespace: str = "default",
    headless_ui: bool = False,
    dynamic_config: dict[str, str] | None = None,
) -> ManagedProcess:
    """The dev server as `intake up` runs it; the test fixtures add `dynamic_config` (time skipping)."""
    argv = [
        str(binaries.temporal()),
        "server",
        "start-dev",
        "--ip",
        HOST,
        "--port",
        str(port),
        "--ui-port",
        str(ui_port),
        "--namespace",
        namespace,
        "--log-level",
        "warn",
        *search_attributes.cli_flags(),
        *temporal_dynamic_config_flags(dynamic_config),
    ]
    if db_file is not None:
        argv += ["--db-filename", str(db_file)]
    if headless_ui:
        argv.append("--headless")

    def ready() -> bool:
        return tcp_ready(HOST, port) and (headless_ui or http_ready(f"http://{HOST}:{ui_port}/"))

    return ManagedProcess("temporal", argv, log_path, ready=ready)


def minio_server(
    *,
    port: int,
    console_port: int,
    data_dir: Path,
    user: str,
    password: str,
    log_path: Path,
    webhook_url: str | None = None,
    webhook_token: str | None = None,
    queue_dir: Path | None = None,
) -> ManagedProcess:
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {"MINIO_ROOT_USER": user, "MINIO_ROOT_PASSWORD": password, "MINIO_BROWSER": "on"}
    if webhook_url:
        # The webhook target is configured by environment; the bucket subscription is made
        # through the API afterwards (provision.subscribe_bucket).
        env.update(
            {
                "MINIO_NOTIFY_WEBHOOK_ENABLE": "on",
                "MINIO_NOTIFY_WEBHOOK_ENDPOINT": webhook_url,
                "MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN": webhook_token or "",
            }
        )
        if queue_dir is not None:
            queue_dir.mkdir(parents=True, exist_ok=True)
            env["MINIO_NOTIFY_WEBHOOK_QUEUE_DIR"] = str(queue_dir.resolve())
    argv = [
        str(binaries.minio()),
        "server",
        str(data_dir),
        "--address",
        f"{HOST}:{port}",
        "--console-address",
        f"{HOST}:{console_port}",
        "--quiet",
    ]
    return ManagedProcess("minio", argv, log_path, env=env, ready=lambda: http_ready(f"http://{HOST}:{port}/minio/health/live"))


def mailpit_server(*, smtp_port: int, ui_port: int, db_file: Path | None, log_path: Path) -> ManagedProcess:
    argv = [
        str(binaries.mailpit()),
        "--smtp",
        f"{HOST}:{smtp_port}",
        "--listen",
        f"{HOST}:{ui_port}",
        "--smtp-auth-accept-any",
        "--smtp-auth-allow-insecure",
        "--disable-version-check",
    ]
    if db_file is not None:
        argv += ["--database", str(db_file)]
    return ManagedProcess(
        "mailpit",
        argv,
        log_path,
        ready=lambda: tcp_ready(HOST, smtp_port) and http_ready(f"http://{HOST}:{ui_port}/api/v1/info"),
    )
