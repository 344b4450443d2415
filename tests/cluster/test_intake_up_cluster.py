"""`intake up --profile cluster` as an operator runs it: PostgreSQL and temporal-server with the
namespace (retention from deploy/env/temporal.env) and our search attributes created by the
temporal CLI, the UI, two workers, the samples checked; Ctrl-C leaves nothing behind and a
second start resumes on the same database (schema steps and provisioning are idempotent)."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from cli.stack import binaries
from cli.stack.cluster_env import namespace_settings
from tests.integration.test_intake_up import http_status, start, stop, wait_cases
from workflows.search_attributes import ALL

pytestmark = pytest.mark.integration


@pytest.fixture
def state_dir():
    # Not under pytest's 0700 tmp dir: PostgreSQL runs as `postgres` when we are root.
    root = Path(tempfile.mkdtemp(prefix="intake-up-cluster-"))
    root.chmod(0o711)
    yield root / "state"
    shutil.rmtree(root, ignore_errors=True)


def describe_namespace(info: dict) -> dict:
    t = info["temporal"]
    argv = [
        str(binaries.temporal()),
        "operator",
        "namespace",
        "describe",
        "--namespace",
        t["namespace"],
        "--address",
        t["address"],
        "-o",
        "json",
    ]
    out = subprocess.run(argv, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.timeout(900)  # two cold starts of the whole stack on 2 cores
def test_cluster_profile_up_samples_ctrl_c_and_resume(state_dir, tmp_path):
    proc, info = start(state_dir, tmp_path / "up1.log", "--profile", "cluster", "--samples", timeout=400)
    try:
        assert info["temporal"]["server"] == "temporal-server on PostgreSQL"
        assert {"worker-1", "worker-2", "postgres", "temporal", "temporal-ui"} <= set(info["pids"])
        assert "worker" not in info["pids"]
        assert http_status(info["temporal"]["ui"]) == 200
        assert http_status(info["web"] + "/healthz") == 200
        ns = describe_namespace(info)
        _name, retention = namespace_settings()
        assert ns["config"]["workflowExecutionRetentionTtl"] == f"{int(retention.removesuffix('d')) * 86400}s"
        # Both workers serve metrics on their own ports (the SDK's on the next one).
        ports = json.loads((state_dir / "ports.json").read_text())
        for key in ("metrics", "metrics_2"):
            assert http_status(f"http://127.0.0.1:{ports[key]}/metrics") == 200
        rows = wait_cases(state_dir, 9, timeout=120)
        assert len(rows) == 9  # eight reports and one unreadable file
        assert sum(1 for r in rows if r["status"] == "unreadable") == 1
        provisioned = info["temporal"]["provisioned"]
        assert provisioned["namespace"] == "created"
        assert sorted(provisioned["search_attributes_added"]) == sorted(k.name for k in ALL)
    finally:
        stop(proc, info)
    proc, info2 = start(state_dir, tmp_path / "up2.log", "--profile", "cluster", timeout=300)
    try:
        assert info2["temporal"]["provisioned"] == {"namespace": "exists", "search_attributes_added": []}
        again = wait_cases(state_dir, 9)
        assert sorted(r["case_id"] for r in again) == sorted(r["case_id"] for r in rows)
    finally:
        stop(proc, info2)
