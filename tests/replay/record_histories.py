"""Record workflow histories for the replay test (run by hand when a workflow change is
meant to be incompatible, then commit the JSON):

    .venv/bin/python -m tests.replay.record_histories

It runs real servers (the same fixtures' definitions) and the real worker in-process:
a seed through DocumentWorkflow into a CaseWorkflow that is returned, resubmitted and
approved; an unreadable file; a reconciler pass; a 催报 (`--only reminder` records just that
one, leaving the others as committed); `--only thread` records just the comment thread's
histories (a case with comments from both sides, a mailed one, decided, then a comment that
starts its next run).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from temporalio.testing import WorkflowEnvironment

from cli.stack import servers
from cli.stack.net import free_port
from tests.fixtures.local_minio import LocalMinio
from tests.fixtures.servers import start_dev_server
from tests.integration.pipeline_harness import running_pipeline
from workflows import case_queries as cases_api
from workflows.contracts import CaseView, Decision

OUT = Path(__file__).parent / "histories"
SAMPLES = Path(__file__).resolve().parents[2] / "intake" / "samples"


class _Minio(LocalMinio):
    def __init__(self, root: Path) -> None:
        super().__init__(root, user_prefix="rec-")


async def record_thread(p) -> None:  # type: ignore[no-untyped-def]  # p: the recorder's running stack, untyped like the other steps
    """Two runs of one case: comments (web, mail), an approval, a comment on the decided case."""
    from workflows.case_comments import post_comment
    from workflows.contracts import CommentSignal

    seed = (SAMPLES / "shangtang-2021.txt").read_bytes().replace(b"2021", b"2061").replace(b"2022", b"2062")
    _k, doc_id = p.upload(seed, "shangtang-2061.txt", email="shangtang@fc.example.gov.cn")
    case_id = (await p.result(doc_id)).case_id
    case = p.client.get_workflow_handle(case_id)
    view = await _until(case, lambda v: v.status == "awaiting_review")
    queue = p.settings.temporal.task_queue
    await post_comment(p.client, queue, case_id, CommentSignal(id="c-1", author=view.reviewer, role="reviewer", text="请核对表二。"))
    clerk = CommentSignal(id="c-2", author="shangtang@fc.example.gov.cn", role="clerk", text="已核对。", via="email", message_id="<r@x>")
    await post_comment(p.client, queue, case_id, clerk)
    await cases_api.decide(p.client, case_id, Decision(action="approve", login=view.reviewer, comment="同意"))
    first_run = (await case.describe()).run_id
    await case.result()
    later = CommentSignal(id="c-3", author="shangtang@fc.example.gov.cn", role="clerk", text="谢谢。")
    await post_comment(p.client, queue, case_id, later)
    await asyncio.wait_for(p.client.get_workflow_handle(case_id).result(), 60)
    OUT.mkdir(exist_ok=True)
    for name, run in [("case_thread_decided", first_run), ("case_thread_comment_after_decision", None)]:
        history = await p.client.get_workflow_handle(case_id, run_id=run).fetch_history()
        (OUT / f"{name}.json").write_text(history.to_json())
        print("recorded", name, len(history.events), "events")


async def _until(case, done):  # type: ignore[no-untyped-def]  # a polling helper of this script
    for _ in range(150):
        view = await case.query("view", result_type=CaseView)
        if done(view):
            return view
        await asyncio.sleep(0.2)
    raise AssertionError(f"case never got there: {view}")


async def main() -> None:
    root = Path(tempfile.mkdtemp())
    minio = _Minio(root)
    smtp_port = free_port()
    mail = servers.mailpit_server(smtp_port=smtp_port, ui_port=free_port(), db_file=None, log_path=root / "mail.log")
    mail.start()
    mail.wait_ready(30)

    class _Mail:
        smtp_host, api = "127.0.0.1", None

    _Mail.smtp_port = smtp_port

    client, server = await start_dev_server(root)
    env = WorkflowEnvironment.from_client(client)
    try:
        async with running_pipeline(minio, env, _Mail, prefix="record") as p:
            only = sys.argv[2] if sys.argv[1:2] == ["--only"] and len(sys.argv) > 2 else None
            if only == "thread":
                await record_thread(p)
                return
            await record_reminder(p)
            if only == "reminder":
                return
            seed = (SAMPLES / "shangtang-2021.txt").read_bytes()
            _k, doc_id = p.upload(seed, "shangtang-2021.txt", email="shangtang@fc.example.gov.cn")
            doc = await p.result(doc_id)
            case = p.client.get_workflow_handle(doc.case_id)
            for _ in range(100):
                view = await case.query("view", result_type=CaseView)
                if view.status == "awaiting_review":
                    break
                await asyncio.sleep(0.2)
            await cases_api.decide(p.client, doc.case_id, Decision(action="return", login=view.reviewer, comment="请补填空格"))
            fixed = seed.replace(b"\t0\n\t0\n\t0\n\t\n", b"\t0\n\t0\n\t0\n\t0\n", 1)
            _k, doc2_id = p.upload(fixed, "shangtang-2021-v2.txt", email="shangtang@fc.example.gov.cn")
            await p.result(doc2_id)
            for _ in range(100):
                view = await case.query("view", result_type=CaseView)
                if view.status == "awaiting_review" and len(view.submissions) == 2:
                    break
                await asyncio.sleep(0.2)
            await cases_api.decide(p.client, doc.case_id, Decision(action="approve", login=view.reviewer))
            await asyncio.sleep(2)  # the decision's audit record, accepted report and mail
            _k, bad_id = p.upload(b"\x89PNG\r\n\x1a\n" + bytes(300), "scan.png", email="shangtang@fc.example.gov.cn")
            await p.result(bad_id)
            recon = await p.client.execute_workflow("ReconcileWorkflow", id="record-reconcile", task_queue=p.settings.temporal.task_queue)
            del recon
            OUT.mkdir(exist_ok=True)
            for name, wf_id in [
                ("document_checked", doc_id),
                ("document_resubmitted", doc2_id),
                ("document_unreadable", bad_id),
                ("case_returned_resubmitted_approved", doc.case_id),
                ("reconcile", "record-reconcile"),
            ]:
                history = await p.client.get_workflow_handle(wf_id).fetch_history()
                (OUT / f"{name}.json").write_text(history.to_json())
                print("recorded", name, len(history.events), "events")
    finally:
        server.stop()
        mail.stop()
        minio.process.stop()


async def record_reminder(p) -> None:
    """催报 of a body that never sent its 2019 report: audit record, mail, state."""
    from intake.body_statuses import body_statuses
    from intake.roster_file import load_demo_roster
    from workflows.reminders_client import remind

    rows = [r for r in body_statuses(load_demo_roster(), [], 2019, date.today(), "丰城市") if r.organization == "秀市镇"]
    [outcome] = await remind(p.client, p.settings.temporal.task_queue, rows, "fc-zhao", datetime.now(UTC))
    assert outcome.reminder_id is not None
    await p.client.get_workflow_handle(outcome.reminder_id).result()
    history = await p.client.get_workflow_handle(outcome.reminder_id).fetch_history()
    OUT.mkdir(exist_ok=True)
    (OUT / "late_reminder_sent.json").write_text(history.to_json())
    print("recorded late_reminder_sent", len(history.events), "events")


if __name__ == "__main__":
    asyncio.run(main())
