"""A POSIX interval timer (SIGALRM) that interrupts a stuck read with the caller's error.

Only the main thread receives SIGALRM, so `can_alarm()` says whether a timer can interrupt
this thread at all; elsewhere the callers check their deadlines between steps instead.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_AGAIN_S = 0.05


def can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def alarm(seconds: float, error: Callable[[], BaseException]) -> Iterator[None]:
    """Raise `error()` where the code stands after `seconds`; the previous handler and a
    stopped timer are restored on the way out. Call only where `can_alarm()`."""

    def expire(signum: int, frame: object) -> None:
        # The handler runs between any two bytecodes, also inside a callback whose exceptions
        # Python ignores (a gc callback, a __del__): the error would be lost and the read go
        # on. So the timer is re-armed first: it fires again until the error gets through
        # (the `finally` below stops it).
        signal.setitimer(signal.ITIMER_REAL, _AGAIN_S)
        raise error()

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
