"""The worker's parse pool, and the guarantee that it dies with the worker.

Parsing runs in a `forkserver` process pool: the worker starts a fork server, which forks the
pool processes, plus a resource tracker. None of them is the worker's direct child in a way
the kernel ties to it, so a worker killed with SIGKILL used to leave all of them running
(issue 16 item 7). Now:

- the fork server imports this module first (`set_forkserver_preload`) and asks the kernel to
  kill it when the worker dies (PR_SET_PDEATHSIG), or exits at once if the worker is
  already gone;
- every pool process does the same in its initializer, tied to the fork server (its parent),
  and checks that the worker is still alive;
- the resource tracker exits by itself once no process holds its pipe any more.

The pool is warmed up from the calling thread (the worker's main thread): PR_SET_PDEATHSIG
fires when the *thread* that forked the process ends, so the fork server must not be
started from a short-lived thread.

Import nothing heavy at module level: the fork server imports this module before anything.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor

OWNER_ENV = "INTAKE_PARSE_POOL_OWNER"  # the worker's pid, inherited by the fork server
_PR_SET_PDEATHSIG = 1
# Imported once in the fork server, so each pool process starts with the parsers loaded.
_PRELOAD = ["workers.parse_pool", "activities.parsing"]


def make_parse_pool(n: int) -> Executor:
    if n <= 0:
        return ThreadPoolExecutor(max_workers=2, thread_name_prefix="parse")
    os.environ[OWNER_ENV] = str(os.getpid())
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(_PRELOAD)
    with _stop_signals_ignored():
        pool = ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=die_with_parent)
        for f in [pool.submit(os.getpid) for _ in range(n)]:
            f.result()  # start the fork server and the processes now, from this thread
    return pool


@contextlib.contextmanager
def _stop_signals_ignored() -> Iterator[None]:
    """Parse processes leave stopping to the worker. A SIGTERM/SIGINT sent to the whole process
    group (Ctrl-C in a terminal, `intake up` stopping its children, a rolling restart) would
    otherwise kill the fork server and the pool and fail the parse a draining worker is still
    finishing. Ignored dispositions survive fork and exec, so the fork server starts while they
    are ignored; it still dies with the worker (die_with_parent)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def die_with_parent() -> None:
    """In a pool process or the fork server: be killed when the parent dies, and do not
    outlive a worker that is already gone."""
    _set_pdeathsig(signal.SIGKILL)
    owner = _owner()
    if owner is not None and not _alive(owner):
        os._exit(1)


def _guard_fork_server() -> None:
    """Runs on import in the fork server (its parent is the worker)."""
    owner = _owner()
    if owner is None or owner == os.getpid():
        return  # imported by the worker itself, or outside a pool
    _set_pdeathsig(signal.SIGKILL)
    if os.getppid() != owner:  # the worker died before we got here
        os._exit(1)


def _set_pdeathsig(sig: int) -> None:
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    except OSError:  # not Linux: nothing to tie to
        pass


def _owner() -> int | None:
    try:
        return int(os.environ.get(OWNER_ENV, ""))
    except ValueError:
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_guard_fork_server()
