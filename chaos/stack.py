"""The stack under test: `intake up` in a fresh state dir, its children's pids (from
stack.json, which the launcher rewrites after a restart). Process trees: tests/fixtures/processes.py."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.fixtures.processes import alive


class StackUp:
    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self.proc: subprocess.Popen | None = None
        self.info: dict = {}

    def start(self, timeout: float = 300) -> dict:
        intake = Path(sys.executable).with_name("intake")
        self.state_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.state_dir / "up.log", "ab")  # noqa: SIM115 - the launcher's console, for the post-mortem
        self.proc = subprocess.Popen(
            [str(intake), "up", "--state-dir", str(self.state_dir), "--headless"],
            stdout=subprocess.PIPE,
            stderr=log,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        assert self.proc.stdout is not None
        for raw in iter(self.proc.stdout.readline, b""):
            line = raw.decode("utf-8", "replace")
            if line.startswith("READY "):
                self.info = json.loads(line[len("READY ") :])
                return self.info
            if time.monotonic() > deadline:
                break
        raise RuntimeError(f"intake up did not get ready; see {self.state_dir / 'up.log'}")

    def pid(self, name: str) -> int:
        return int(json.loads((self.state_dir / "stack.json").read_text())["pids"][name])

    def kill(self, name: str, sig: int = signal.SIGKILL) -> int:
        pid = self.pid(name)
        os.kill(pid, sig)
        return pid

    def wait_restarted(self, name: str, old_pid: int, timeout: float = 120) -> int:
        """The launcher restarted `name` (a new pid in stack.json, alive)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                pid = self.pid(name)
                if pid != old_pid and alive(pid):
                    return pid
            except (OSError, KeyError, ValueError):
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{name} was not restarted within {timeout:.0f}s")

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout: float = 60) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        return self.proc.returncode
