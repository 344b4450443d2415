"""A parse process that dies (e.g. killed for memory) must not leave the worker unable to
parse: the pool is rebuilt and the stage is retried by Temporal."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor

import pytest
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from activities.documents import DocumentActivities
from adapters.settings import Settings
from intake.roster_file import load_demo_roster


def _die(code: int) -> None:
    os._exit(code)


async def test_a_dead_parse_process_rebuilds_the_pool():
    made = []

    def factory() -> ProcessPoolExecutor:
        made.append(ProcessPoolExecutor(max_workers=1))
        return made[-1]

    acts = DocumentActivities(Settings(), s3=None, roster=load_demo_roster(), parse_pool=factory(), pool_factory=factory)
    env = ActivityEnvironment()
    with pytest.raises(ApplicationError) as err:
        await env.run(acts._parse, _die, 1)
    assert err.value.type == "ParsePoolBroken"
    assert len(made) == 2 and acts.pool is made[1]
    assert await env.run(acts._parse, pow, 2, 10) == 1024
    for pool in made:
        pool.shutdown()
