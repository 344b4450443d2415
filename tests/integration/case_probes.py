"""What the case tests wait for and look at: a case reaching a status, the mails Mailpit
received, a condition that holds eventually; seed variants that make their own case; and the
`stack.json` that points the CLI at a test pipeline."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from temporalio.client import Client

from tests.integration.pipeline_harness import Pipeline
from workflows.contracts import CaseView


async def wait_case(pipeline: Pipeline, case_id: str, status: str, *, submissions: int = 1, timeout: float = 90) -> CaseView:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            handle = pipeline.client.get_workflow_handle(case_id)
            last = await handle.query("view", result_type=CaseView)
            if last.status == status and len(last.submissions) >= submissions:
                return last
        except Exception:
            pass
        await asyncio.sleep(0.2)
    raise AssertionError(f"case {case_id} never reached {status} ×{submissions}; last: {last}")


async def view_once_logged(client: Client, case_id: str, action: str, timeout: float = 10) -> CaseView:
    """The case's view once its history has an `action` entry, or the last one after `timeout`
    (the caller asserts on it, so a failure shows the history)."""
    handle = client.get_workflow_handle(case_id)
    deadline = time.monotonic() + timeout
    while True:
        view: CaseView = await handle.query("view", result_type=CaseView)
        if any(h.action == action for h in view.history) or time.monotonic() > deadline:
            return view
        await asyncio.sleep(0.2)


async def eventually(probe: Callable[[], Any], timeout: float = 15) -> Any:
    """Poll until `probe()` returns something truthy without raising."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            got = probe()
            if got:
                return got
        except Exception:
            if time.monotonic() > deadline:
                raise
        if time.monotonic() > deadline:
            raise AssertionError("condition never held")
        await asyncio.sleep(0.2)


def mails(mailpit: Any, *, to: str, contains: str) -> list[dict[str, Any]]:
    out = []
    for m in mailpit.messages():
        if any(t["Address"] == to for t in m["To"]):
            full = mailpit.message(m["ID"])
            if contains in full["Text"] or contains in m["Subject"]:
                out.append(full)
    return out


async def wait_mails(mailpit: Any, *, to: str, contains: str, n: int = 1, timeout: float = 15) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while True:
        found = mails(mailpit, to=to, contains=contains)
        if len(found) >= n or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.3)


def seed_variant(text: str, year: int, tag: str) -> str:
    """The seed, re-dated to `year` (its own case in this session) with a unique tail (its own document)."""
    return text.replace("2021", str(year)).replace("2022", str(year + 1)) + f"\n{tag}\n"


def variant(text: str, year: int, tag: str) -> bytes:
    return seed_variant(text, year, tag).encode()


def write_stack_json(pipeline: Pipeline, state_dir: Path) -> Path:
    """A state dir whose `stack.json` points the `intake` CLI at this test pipeline."""
    s = pipeline.settings
    state_dir.mkdir(exist_ok=True)
    stack = {
        "temporal": {"address": s.temporal.address, "namespace": "default"},
        "s3": {
            "endpoint": s.s3.endpoint,
            "access_key": s.s3.access_key,
            "secret_key": s.s3.secret_key,
            "intake_bucket": "intake",
            "region": "us-east-1",
        },
    }
    (state_dir / "stack.json").write_text(json.dumps(stack))
    return state_dir
