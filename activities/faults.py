"""Fault injection for resilience tests and drills (INTAKE_WORKER__FAULT_DELAY).

"activity_name:seconds" makes that activity wait, heartbeating, before it does anything,
so a test can kill the worker while the stage is in flight. Off unless configured.
"""

from __future__ import annotations

import asyncio

from temporalio import activity

from adapters.logging import get_logger

log = get_logger("activities.faults")


async def injected_delay(spec: str | None) -> None:
    if not spec:
        return
    name, _, seconds = spec.partition(":")
    if name != activity.info().activity_type:
        return
    log.warning("fault injection: delaying activity", activity=name, seconds=seconds)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + float(seconds or 0)
    while loop.time() < deadline:
        activity.heartbeat("injected delay")
        await asyncio.sleep(0.5)
