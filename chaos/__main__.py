"""`python -m chaos` (`make chaos`): start a local stack, run every fault, print the table,
stop the stack, and exit 1 on any loss, duplicate, stuck case or orphan process."""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
import traceback
import uuid
from pathlib import Path

from chaos import scenarios, scenarios_more
from chaos.inputs import Reports
from chaos.observe import Observer, duplicate_mails
from chaos.report import Row, table
from chaos.stack import StackUp
from tests.fixtures.processes import descendants, survivors

SCENARIOS = {
    "same-bytes": scenarios.same_bytes,
    "bad-metadata": scenarios_more.bad_metadata,
    "hostile": scenarios.hostile,
    "long-names": scenarios_more.long_names,
    "forged-from": scenarios_more.forged_from,
    "nodomain": scenarios_more.nodomain_sender,
    "receiver": scenarios.receiver_killed,
    "worker": scenarios.worker_sigkill,
    "smtp-frozen": scenarios_more.smtp_frozen,
    "servers": scenarios_more.servers_killed,
}


async def run(stack: StackUp, only: list[str]) -> list[Row]:
    obs = Observer(stack.info)
    await obs.connect()
    ctx = scenarios.Ctx(stack, obs, stack.info, Reports(uuid.uuid4().hex[:8]))
    rows = []
    for name, scenario in SCENARIOS.items():
        if only and name not in only:
            continue
        started = time.monotonic()
        sys.stderr.write(f"[chaos] {name} …\n")
        try:
            row = await asyncio.wait_for(scenario(ctx), timeout=600)
        except Exception as exc:
            traceback.print_exc()
            row = Row(name, failures=[f"{type(exc).__name__}: {exc}"[:200]])
        sys.stderr.write(f"[chaos] {name}: {'pass' if row.ok else 'FAIL'} in {time.monotonic() - started:.0f}s\n")
        rows.append(row)
    everything = await asyncio.to_thread(obs.mails)
    for m in everything:
        m["Text"] = await asyncio.to_thread(obs.mail_text, m["ID"])
    rows.append(
        Row(
            "all mails of the run",
            mails=len(everything),
            duplicates=duplicate_mails(everything),
            audit=await asyncio.to_thread(obs.audit_ok, []),
        )
    )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m chaos", description=__doc__)
    parser.add_argument("--state-dir", type=Path, help="default: a new temporary directory, removed afterwards")
    parser.add_argument("--only", action="append", default=[], choices=sorted(SCENARIOS), help="run only these (repeatable)")
    args = parser.parse_args()
    state = args.state_dir or Path(tempfile.mkdtemp(prefix="intake-chaos-"))
    stack = StackUp(state)
    rows: list[Row] = []
    try:
        sys.stderr.write(f"[chaos] starting the stack in {state} …\n")
        stack.start()
        rows = asyncio.run(run(stack, args.only))
    finally:
        tree = descendants(stack.proc.pid) if stack.proc else set()
        code = stack.stop()
        left = survivors(tree, 20)
        rows.append(Row("stack stopped: processes left", orphans=len(left), failures=[] if code == 0 else [f"intake up exited {code}"]))
    print(table(rows))
    if args.state_dir is None and all(r.ok for r in rows):
        shutil.rmtree(state, ignore_errors=True)
    else:
        sys.stderr.write(f"[chaos] state and logs kept in {state}\n")
    return 0 if all(r.ok for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
