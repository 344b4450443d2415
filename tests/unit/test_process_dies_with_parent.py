"""A child started by ManagedProcess (the servers of `intake up` and of the test fixtures)
dies with the process that started it, even when that process is killed with SIGKILL: a
killed pytest or launcher leaves no server holding a port."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests.fixtures.processes import alive, survivors

ROOT = Path(__file__).resolve().parents[2]

# The parent: one child through ManagedProcess, one through a bare Popen (the control: nothing
# ties it to its parent), then it prints both pids and waits to be killed.
PARENT = textwrap.dedent(
    """
    import subprocess, sys, time
    from pathlib import Path
    from cli.stack.process import ManagedProcess

    sleeper = [sys.executable, "-c", "import time; time.sleep(120)"]
    managed = ManagedProcess("sleeper", sleeper, Path(sys.argv[1]))
    managed.start()
    bare = subprocess.Popen(sleeper, start_new_session=True)
    print(managed.pid, bare.pid, flush=True)
    time.sleep(120)
    """
)


def _gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not alive(pid)


def test_a_managed_child_dies_when_its_parent_is_killed(tmp_path: Path) -> None:
    parent = subprocess.Popen([sys.executable, "-c", PARENT, str(tmp_path / "sleeper.log")], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    children: set[int] = set()
    try:
        assert parent.stdout is not None
        managed, bare = (int(p) for p in parent.stdout.readline().split())
        children = {managed, bare}
        assert alive(managed) and alive(bare)
        parent.kill()
        parent.wait(10)
        assert _gone_within(managed, 10), "the managed child outlived its killed parent"
        assert alive(bare), "the control child died too: the test could not tell a missing PDEATHSIG"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait(10)
        survivors(children, grace_s=0)  # kills what is left
