"""A child process with its own log file, a readiness probe and a clean stop.

Used by `intake up` and by the test fixtures, so tests run the servers exactly the way the
local stack does. Children get PR_SET_PDEATHSIG: if the parent dies, even by SIGKILL, the
kernel stops them, so no orphan keeps a port.
"""

from __future__ import annotations

import collections
import ctypes
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cli.stack.net import wait_until

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent() -> Callable[[], None] | None:
    """A `preexec_fn` that has the kernel send the child SIGTERM when its parent dies, even by
    SIGKILL (Linux's PR_SET_PDEATHSIG); None elsewhere. The signal follows the *thread* that
    started the child: start children from a thread that lives as long as they should (the
    main thread). A parent gone before the call (the child already adopted) ends the child."""
    if not sys.platform.startswith("linux"):
        return None
    parent = os.getpid()

    def preexec() -> None:  # runs in the child between fork and exec
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            return
        if os.getppid() != parent:
            os._exit(1)

    return preexec


class ChildFailed(RuntimeError):
    pass


class Interrupted(RuntimeError):
    """Ctrl-C / SIGTERM arrived while the stack was still starting."""


@dataclass
class ManagedProcess:
    name: str
    argv: list[str]
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)
    ready: Callable[[], bool] | None = None
    cwd: Path | None = None
    echo: bool = False  # copy each log line, prefixed, to stderr
    stop_timeout: float = 10.0
    proc: subprocess.Popen | None = None
    _tail: collections.deque = field(default_factory=lambda: collections.deque(maxlen=40))
    _pump: threading.Thread | None = None

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, **self.env}
        self.proc = subprocess.Popen(
            self.argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=self.cwd,
            start_new_session=True,  # Ctrl-C goes to the launcher, which stops children in order
            preexec_fn=die_with_parent(),
        )
        self._pump = threading.Thread(target=self._copy_output, name=f"log-{self.name}", daemon=True)
        self._pump.start()

    def _copy_output(self) -> None:
        assert self.proc and self.proc.stdout
        with open(self.log_path, "ab", buffering=0) as log:
            for raw in iter(self.proc.stdout.readline, b""):
                log.write(raw)
                line = raw.decode("utf-8", "replace").rstrip("\n")
                self._tail.append(line)
                if self.echo:
                    sys.stderr.write(f"[{self.name}] {line}\n")
                    sys.stderr.flush()

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def last_lines(self, n: int = 15) -> list[str]:
        return list(self._tail)[-n:]

    def failure(self) -> str:
        code = self.proc.returncode if self.proc else None
        lines = "\n    ".join(self.last_lines()) or "(no output)"
        return f"{self.name} exited with code {code}; log {self.log_path}; last lines:\n    {lines}"

    def wait_ready(self, timeout: float = 60.0, cancel: threading.Event | None = None) -> None:
        """Wait until the readiness probe answers; `cancel` aborts the wait."""
        ready = self.ready
        if ready is None:
            return

        def probe() -> bool:
            if cancel is not None and cancel.is_set():
                raise Interrupted(f"stopped while {self.name} was starting")
            if not self.alive():
                raise ChildFailed(self.failure())
            return ready()

        if not wait_until(probe, timeout):
            raise ChildFailed(f"{self.name} did not become ready within {timeout:.0f}s; log {self.log_path}")

    def stop(self, sig: int = signal.SIGTERM) -> int | None:
        if not self.proc:
            return None
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(self.stop_timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        if self._pump:
            self._pump.join(2)
        return self.proc.returncode

    def kill(self) -> None:
        """SIGKILL, no grace: used by fault-injection tests."""
        self.stop(signal.SIGKILL)
