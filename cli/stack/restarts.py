"""When the launcher restarts a child that died: a budget per time window, not per lifetime.

A child that crashes, comes back healthy and runs for a while is restarted for as long as
that keeps happening (a worker killed three times in a day is not a reason to stop the
stack); a child in a crash loop (dies again at once, or fails its readiness probe) is
retried with growing delays, and only when it has used up its restarts within the window
does the launcher give up. Servers (Temporal, MinIO, Mailpit) are children like any other.
"""

from __future__ import annotations

import collections
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class RestartBudget:
    limit: int = 5  # restarts allowed within `window_s`
    window_s: float = 600.0
    first_delay_s: float = 1.0
    max_delay_s: float = 30.0
    healthy_after_s: float = 60.0  # up this long since the last restart: the delay starts over
    clock: Callable[[], float] = time.monotonic
    _restarts: collections.deque = field(default_factory=collections.deque)
    _delay: float = 0.0
    _last_start: float | None = None

    def allow(self) -> bool:
        """May the child be restarted now? (Forgets restarts older than the window.)"""
        now = self.clock()
        while self._restarts and now - self._restarts[0] > self.window_s:
            self._restarts.popleft()
        return len(self._restarts) < self.limit

    def next_delay(self) -> float:
        """How long to wait before this restart; records the restart."""
        now = self.clock()
        healthy = self._last_start is not None and now - self._last_start >= self.healthy_after_s
        self._delay = self.first_delay_s if healthy or not self._delay else min(self._delay * 2, self.max_delay_s)
        self._restarts.append(now)
        self._last_start = now + self._delay
        return self._delay

    @property
    def used(self) -> int:
        return len(self._restarts)
