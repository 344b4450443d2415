"""The launcher restarts a dead child within a budget per time window, with backoff, and
keeps doing so while the child comes back healthy (issue 16 item 8). Real child processes;
only the budget's numbers are shrunk so the test takes seconds."""

from __future__ import annotations

import sys
import threading
import time

from cli.stack.launcher import Stack
from cli.stack.layout import StateDir
from cli.stack.process import ManagedProcess
from cli.stack.restarts import RestartBudget


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_budget_is_per_window_not_per_lifetime():
    clock = Clock()
    budget = RestartBudget(limit=3, window_s=600, healthy_after_s=60, clock=clock)
    for _ in range(20):  # a crash every 5 minutes, forever: always allowed
        assert budget.allow()
        budget.next_delay()
        clock.now += 300
    assert budget.used <= 3


def test_a_crash_loop_backs_off_then_runs_out():
    clock = Clock()
    budget = RestartBudget(limit=4, window_s=600, first_delay_s=1, max_delay_s=5, healthy_after_s=60, clock=clock)
    delays = []
    while budget.allow():
        delays.append(budget.next_delay())
        clock.now += delays[-1] + 0.1  # dies right after each restart
    assert delays == [1, 2, 4, 5]


def test_backoff_starts_over_once_the_child_ran_healthy():
    clock = Clock()
    budget = RestartBudget(limit=10, window_s=600, first_delay_s=1, healthy_after_s=60, clock=clock)
    assert [budget.next_delay() for _ in range(3)] == [1, 2, 4]
    clock.now += 120
    assert budget.next_delay() == 1


def _crasher(tmp_path, name: str, lifetime_s: float) -> ManagedProcess:
    code = f"import time; time.sleep({lifetime_s}); raise SystemExit(3)"
    return ManagedProcess(name, [sys.executable, "-c", code], tmp_path / f"{name}.log")


def _stack(tmp_path, child: ManagedProcess, **budget) -> Stack:
    stack = Stack(StateDir(tmp_path / "state"), echo=False, budget_factory=lambda: RestartBudget(**budget))
    child.start()
    stack.children.append(child)
    return stack


def test_a_child_that_keeps_coming_back_is_restarted_more_than_three_times(tmp_path):
    # A "server" (not one of our apps): the old launcher stopped the whole stack at once.
    stack = _stack(
        tmp_path, _crasher(tmp_path, "minio", 0.6), limit=3, window_s=1.5, first_delay_s=0.1, max_delay_s=0.2, healthy_after_s=0.5
    )
    stop = threading.Event()
    result: list[int] = []
    watcher = threading.Thread(target=lambda: result.append(stack.watch(stop)))
    watcher.start()
    deadline = time.monotonic() + 20
    while stack.restarts.get("minio", 0) < 6 and time.monotonic() < deadline and watcher.is_alive():
        time.sleep(0.1)
    stop.set()
    watcher.join(10)
    stack.stop()
    assert stack.restarts.get("minio", 0) >= 6
    assert result == [0]  # stopped by us, not given up


def test_a_crash_loop_stops_the_stack_when_the_budget_is_spent(tmp_path):
    stack = _stack(tmp_path, _crasher(tmp_path, "worker", 0), limit=3, window_s=60, first_delay_s=0.05, max_delay_s=0.1)
    started = time.monotonic()
    assert stack.watch(threading.Event()) == 1
    assert time.monotonic() - started < 15
    assert stack.budgets["worker"].used == 3
    stack.stop()
