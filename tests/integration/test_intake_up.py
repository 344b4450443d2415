"""`intake up` as a person runs it: READY with the contract's keys, every part answering,
the samples checked, Ctrl-C leaving no process behind, and a second start resuming."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from cli.stack.net import port_free
from cli.stack.process import ManagedProcess

pytestmark = pytest.mark.integration
INTAKE = str(Path(sys.executable).parent / "intake")


def start(state: Path, log: Path, *args: str, timeout: float = 150) -> tuple[ManagedProcess, dict]:
    proc = ManagedProcess("up", [INTAKE, "up", "--state-dir", str(state), "--headless", *args], log)
    proc.start()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = [line for line in proc.last_lines(40) if line.startswith("READY ")]
        if ready:
            return proc, json.loads(ready[-1][len("READY ") :])
        assert proc.alive(), proc.failure()
        time.sleep(0.5)
    proc.stop()
    raise AssertionError("no READY line:\n" + "\n".join(proc.last_lines()))


def http_status(url: str) -> int:
    with urllib.request.urlopen(url, timeout=5) as resp:
        return resp.status


def cases(state: Path) -> list[dict]:
    out = subprocess.run([INTAKE, "cases", "--json", "--state-dir", str(state)], capture_output=True, text=True)
    assert out.returncode == 0, f"intake cases exited {out.returncode}:\n{out.stderr[-3000:]}"
    return json.loads(out.stdout)


def wait_cases(state: Path, n: int, timeout: float = 300) -> list[dict]:
    # A wait, not a timing check: the samples include a scan that goes through OCR, and a
    # loaded CI machine takes minutes for it; it returns as soon as all are listed.
    deadline = time.monotonic() + timeout
    while True:
        rows = cases(state)
        if len(rows) >= n or time.monotonic() > deadline:
            return rows
        time.sleep(1)


def stop(proc: ManagedProcess, info: dict) -> None:
    proc.proc.send_signal(signal.SIGINT)  # what Ctrl-C does
    assert proc.proc.wait(60) == 0, "\n".join(proc.last_lines())
    ports = [
        int(info["temporal"]["address"].rsplit(":", 1)[1]),
        int(info["s3"]["endpoint"].rsplit(":", 1)[1]),
        int(info["events"]["url"].split(":")[2].split("/")[0]),
        int(info["mail"]["smtp"].rsplit(":", 1)[1]),
        int(info["web"].rsplit(":", 1)[1]),
        info["smtp_gateway"]["port"],
    ]
    for port in ports:
        for _ in range(20):
            if port_free(port):
                break
            time.sleep(0.25)
        assert port_free(port), f"port {port} still held after Ctrl-C"
    for pid in info["pids"].values():
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower(), pid


def test_up_ready_samples_ctrl_c_and_resume(tmp_path):
    state = tmp_path / "state"
    proc, info = start(state, tmp_path / "up1.log", "--samples")
    try:
        for key in ("temporal", "s3", "events", "web", "smtp_gateway", "mail", "users"):
            assert key in info, key
        assert json.loads((state / "stack.json").read_text()) == info
        assert http_status(info["temporal"]["ui"]) == 200
        assert http_status(info["s3"]["endpoint"] + "/minio/health/live") == 200
        assert http_status(info["mail"]["ui"]) == 200
        assert http_status(info["web"] + "/healthz") == 200
        roles = {u["role"] for u in info["users"]}
        assert {"clerk", "reviewer", "head", "admin"} <= roles
        counties = {u["county"] for u in info["users"] if u["role"] == "reviewer"}
        assert len(counties) >= 2
        rows = wait_cases(state, 9)
        assert len(rows) == 9  # eight reports and one unreadable file
        assert sum(1 for r in rows if r["status"] == "unreadable") == 1
    finally:
        stop(proc, info)
    proc, info2 = start(state, tmp_path / "up2.log")
    try:
        assert info2["s3"]["access_key"] == info["s3"]["access_key"]
        again = cases(state)
        assert sorted(r["case_id"] for r in again) == sorted(r["case_id"] for r in rows)
        assert info2["users"] == info["users"]
    finally:
        stop(proc, info2)
