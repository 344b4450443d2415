"""`intake up --profile cluster`: the production shape on one machine.

Instead of the dev server: PostgreSQL 15 and a real Temporal server (four services) on it,
schema by the server's SQL tool, namespace and search attributes by the `temporal` CLI as an
operator would; then MinIO, Mailpit and our processes with two workers, each configured from
the compose file's env files (deploy/env/*.env) plus loopback addresses.
"""

from __future__ import annotations

import json
import random
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from cli.stack.cluster_env import WORKER_REPLICAS, namespace_settings, process_env
from cli.stack.launcher import APP_PROCESSES, AppProcess, Stack
from cli.stack.net import port_free
from cli.stack.postgres import HOST, PostgresCluster
from cli.stack.process import ManagedProcess
from cli.stack.temporal_server import TemporalCluster, port_names, ui_process

# Default ports of the cluster's extra parts (taken ones are replaced, like the others).
CLUSTER_PORTS = {
    "postgres": 55432,
    "temporal_http": 7243,
    "temporal_frontend_membership": 6933,
    "temporal_history": 7234,
    "temporal_history_membership": 6934,
    "temporal_matching": 7235,
    "temporal_matching_membership": 6935,
    "temporal_worker": 7239,
    "temporal_worker_membership": 6939,
}
assert set(port_names()) <= set(CLUSTER_PORTS)
# Temporal records each service's membership port in cluster_membership.rpc_port, a SMALLINT
# in the PostgreSQL schema: a port above 32767 makes the server exit at start ("value out of
# range for type smallint"). Kernel-assigned free ports are above that, so choose our own.
MAX_MEMBERSHIP_PORT = 32767


def free_cluster_ports(names, low: int = 20000, high: int = MAX_MEMBERSHIP_PORT) -> dict[str, int]:
    """Free loopback ports in [low, high] for `names` (tests and benchmarks: no fixed ports)."""
    chosen: dict[str, int] = {}
    rng = random.Random()
    while len(chosen) < len(names):
        port = rng.randint(low, high)
        if port not in chosen.values() and port_free(port):
            chosen[names[len(chosen)]] = port
    return chosen


def _metrics_key(i: int) -> str:
    return "metrics" if i == 1 else f"metrics_{i}"


def _workers() -> tuple[AppProcess, ...]:
    """worker-1 … worker-N: one metrics port each (the SDK's metrics use the next port)."""
    return tuple(AppProcess(f"worker-{i}", "workers.worker", _metrics_key(i), "/metrics") for i in range(1, WORKER_REPLICAS + 1))


CLUSTER_APPS = _workers() + tuple(a for a in APP_PROCESSES if a.module != "workers.worker")
# worker-1 keeps the dev profile's 9464 (SDK 9465), the OCR worker has 9466 (9467): the others follow.
WORKER_METRICS_PORTS = {_metrics_key(i): 9468 + 2 * (i - 2) for i in range(2, WORKER_REPLICAS + 1)}


def postgres_password(root: Path) -> str:
    """Generated once per state dir, like the other secrets (kept out of secrets.json, whose
    shape the dev profile owns)."""
    path = root / "postgres-password"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(24))
        path.chmod(0o600)
    return path.read_text().strip()


def temporal_cluster(root: Path, ports: dict[str, int], logs: Path, namespace: str, retention: str) -> TemporalCluster:
    pg = PostgresCluster(root / "postgres", ports["postgres"], postgres_password(root), logs / "postgres.log")
    return TemporalCluster(root=root, pg=pg, ports=ports, namespace=namespace, retention=retention, logs=logs)


def start_temporal_cluster(cluster: TemporalCluster, launch: Callable[[ManagedProcess, float], ManagedProcess]) -> dict:
    """Postgres, schema, server, namespace + search attributes; `launch` starts and waits.
    Returns what provisioning did. Used by the launcher and by the test fixtures."""
    cluster.prepare()
    launch(cluster.pg.process(), 60)
    cluster.provision_database()
    launch(cluster.server(), 180)
    return cluster.provision_namespace()


class ClusterStack(Stack):
    app_processes: ClassVar[tuple[AppProcess, ...]] = CLUSTER_APPS
    extra_ports: ClassVar[dict[str, int]] = {**CLUSTER_PORTS, **WORKER_METRICS_PORTS}

    def _start_temporal(self, ports: dict[str, int]) -> dict:
        namespace, retention = namespace_settings()
        high = [k for k in ports if k.endswith("_membership") and ports[k] > MAX_MEMBERSHIP_PORT]
        if high:  # a default port was taken and the replacement came from the kernel's range
            ports.update(free_cluster_ports(high))
            (self.state.root / "ports.json").write_text(json.dumps(ports, indent=2))
        cluster = temporal_cluster(self.state.root, ports, self.state.logs, namespace, retention)
        done = start_temporal_cluster(cluster, lambda proc, timeout: self._launch(proc, timeout=timeout))
        ui = f"http://{HOST}:{ports['temporal_ui']}"
        self._launch(ui_process(self.state.root, cluster.address, ports["temporal_ui"], namespace, self.state.logs / "temporal-ui.log"))
        self.env["INTAKE_TEMPORAL__NAMESPACE"] = namespace
        self.env["INTAKE_TEMPORAL__UI"] = ui
        return {
            "address": cluster.address,
            "namespace": namespace,
            "ui": ui,
            "server": "temporal-server on PostgreSQL",
            "postgres": f"{HOST}:{ports['postgres']}",
            "provisioned": done,
        }

    def app_env(self, app: AppProcess) -> dict[str, str]:
        env = {**process_env(app.name), **self.env}
        if app.module == "workers.worker" and app.port_key:
            env["INTAKE_WORKER__METRICS_PORT"] = str(self.ports[app.port_key])
        return env
