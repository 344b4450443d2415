"""Cases on real Temporal, MinIO and Mailpit: receipt → findings → review → return →
resubmission → approve, refusals, cross-year checks, and a worker killed mid-notification."""

from __future__ import annotations

import asyncio
import json
import uuid
from functools import partial

import pytest
from click.testing import CliRunner
from temporalio.api.enums.v1 import EventType

from cli.main import main as cli
from intake.roster_file import load_demo_roster
from tests.integration.case_probes import eventually, mails, variant, wait_case, wait_mails, write_stack_json
from tests.integration.pipeline_harness import running_pipeline
from workflows import case_queries as cases_api
from workflows.contracts import Decision

pytestmark = pytest.mark.integration

CLERK = "shangtang@fc.example.gov.cn"


@pytest.fixture(scope="module")
async def pipeline(minio_server, temporal_env, mailpit_server):
    async with running_pipeline(minio_server, temporal_env, mailpit_server, prefix="cases") as p:
        yield p


@pytest.fixture(scope="module")
def roster():
    return load_demo_roster()


async def test_case_lifecycle_return_resubmit_approve(pipeline, mailpit_server, samples_dir, roster):
    year = 2031  # a year no other test uses: its own case in this session's servers
    tag = uuid.uuid4().hex[:8]
    seed = (samples_dir / "shangtang-2021.txt").read_text(encoding="utf-8")
    _key, doc_id = pipeline.upload(variant(seed, year, tag), f"上塘镇{year}年报.txt", email=CLERK, sender="上塘镇党政办")
    doc = await pipeline.result(doc_id)
    case_id = doc.case_id
    assert case_id == f"case-{year}-丰城市-上塘镇"
    view = await wait_case(pipeline, case_id, "awaiting_review")
    assert view.reviewer in {r.login for r in roster.reviewers_of("丰城市")}
    assert [f.rule for f in view.submissions[0].findings].count("cell.missing") == 1

    # Receipt (with the case number) and the findings, to the submitter; the assignment to the reviewer.
    receipt = await wait_mails(mailpit_server, to=CLERK, contains=case_id)
    assert receipt, "no receipt naming the case"
    findings_mail = await wait_mails(mailpit_server, to=CLERK, contains="社会公益组织")
    assert findings_mail, "the findings mail does not name the blank cell"
    reviewer_email = roster.user(view.reviewer).email
    assert await wait_mails(mailpit_server, to=reviewer_email, contains=case_id)

    # The reviewer returns it with a comment; the clerk's mail shows the comment.
    comment = f"请补填空白单元格 {tag}"
    returned = await cases_api.decide(pipeline.client, case_id, Decision(action="return", login=view.reviewer, comment=comment))
    assert returned.status == "returned"
    assert await wait_mails(mailpit_server, to=CLERK, contains=comment)

    # A corrected file continues the same case; the diff shows the filled cell and the fixed finding.
    fixed_text = variant(seed, year, tag + "-v2").decode()
    lines = fixed_text.split("\n")
    blank = next(i for i, line in enumerate(lines) if i > 200 and line == "\t" and lines[i - 1] == "\t0" and lines[i + 1] == "\t0")
    lines[blank] = "\t0"
    _key2, doc2_id = pipeline.upload("\n".join(lines).encode(), f"上塘镇{year}年报-修改.txt", email=CLERK)
    doc2 = await pipeline.result(doc2_id)
    assert doc2.case_id == case_id
    view = await wait_case(pipeline, case_id, "awaiting_review", submissions=2)
    diff = view.submissions[1].diff
    assert diff is not None
    assert [(c.table, c.row, c.before, c.after) for c in diff.changed_cells] == [("applications", "unavailable_needs_creation", None, "0")]
    assert [f.rule for f in diff.fixed] == ["cell.missing"]
    assert diff.new == []

    # Approve: the decision mail, the accepted report stored as next year's baseline.
    # A decision on a version the reviewer did not see is refused.
    with pytest.raises(cases_api.DecisionRefused, match="第 1 次"):
        await cases_api.decide(pipeline.client, case_id, Decision(action="approve", login=view.reviewer, seq=1))
    approved = await cases_api.decide(pipeline.client, case_id, Decision(action="approve", login=view.reviewer, seq=2))
    assert approved.status == "approved"
    assert await wait_mails(mailpit_server, to=CLERK, contains="通过")
    await eventually(lambda: pipeline.s3.head_object(Bucket="intake", Key=f"accepted/丰城市/上塘镇/{year}.json"))

    # An approve on an approved case is refused.
    with pytest.raises(cases_api.DecisionRefused):
        await cases_api.decide(pipeline.client, case_id, Decision(action="approve", login=view.reviewer))

    # Every decision entered the case's audit trail, and the chain verifies.
    from adapters.audit_store import AuditStore

    store = AuditStore(pipeline.s3, "audit")
    await eventually(lambda: [r.stage for r in store.read_chain(case_id)].count("decision") == 2 or None)
    assert store.verify(chains=[case_id]).ok


async def update_events(pipeline, case_id: str) -> list[str]:
    """The Update events in the case's history (a refused Update writes none)."""
    history = pipeline.client.get_workflow_handle(case_id).fetch_history_events()
    return [EventType.Name(e.event_type) async for e in history if "UPDATE" in EventType.Name(e.event_type)]


async def test_refusals_other_county_and_missing_comment(pipeline, samples_dir, roster, tmp_path):
    year = 2032  # a year no other test of this session uses
    seed = (samples_dir / "beida-2020.txt").read_text(encoding="utf-8")
    text = seed.replace("2020", str(year)).replace("2021", str(year + 1)) + f"\n{uuid.uuid4()}\n"
    _key, doc_id = pipeline.upload(text.encode(), f"北大镇{year}.txt", email="beida@wn.example.gov.cn")
    case_id = (await pipeline.result(doc_id)).case_id
    assert case_id == f"case-{year}-万宁市-北大镇"
    view = await wait_case(pipeline, case_id, "awaiting_review")
    outsider = roster.reviewers_of("丰城市")[0].login
    with pytest.raises(cases_api.DecisionRefused, match="无权"):
        await cases_api.decide(pipeline.client, case_id, Decision(action="approve", login=outsider))
    with pytest.raises(cases_api.DecisionRefused, match="意见"):
        await cases_api.decide(pipeline.client, case_id, Decision(action="return", login=view.reviewer, comment=" "))

    # The CLI: refused with exit 1 and the reason; a refused Update leaves nothing in history.
    state = write_stack_json(pipeline, tmp_path / "state")
    before = await update_events(pipeline, case_id)
    result = await asyncio.to_thread(CliRunner().invoke, cli, ["review", case_id, "approve", "--as", outsider, "--state-dir", str(state)])
    assert result.exit_code == 1
    assert "无权" in result.output
    # (The case's mails may still be going out meanwhile: only Update events count here.)
    assert await update_events(pipeline, case_id) == before
    ok = await asyncio.to_thread(
        CliRunner().invoke,
        cli,
        ["review", case_id, "reject", "--as", view.reviewer, "--comment", "非本单位报告", "--state-dir", str(state), "--json"],
    )
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["status"] == "rejected"
    listed = await asyncio.to_thread(CliRunner().invoke, cli, ["case", case_id, "--json", "--state-dir", str(state)])
    data = json.loads(listed.stdout)
    assert data["status"] == "rejected" and data["submissions"][0]["sha256"]

    # After a rejection the body sends a corrected report: the same case reopens for review.
    corrected = text.replace(str(year), str(year)) + "\ncorrected\n"
    _key, doc2 = pipeline.upload(corrected.encode(), f"北大镇{year}-更正.txt", email="beida@wn.example.gov.cn")
    assert (await pipeline.result(doc2)).case_id == case_id
    view = await wait_case(pipeline, case_id, "awaiting_review", submissions=2)
    assert "reopened" in [h.action for h in view.history]
    assert view.decision is None


async def test_second_year_is_checked_against_first_years_carry_over(pipeline, samples_dir, roster):
    """Year 1 approved (carried forward 2 in 自然人); year 2 says it carried over 0 → crossyear.carry_over."""
    year = 2033  # a year no other test of this session uses
    seed = (samples_dir / "luhe-2021.txt").read_text(encoding="utf-8")

    def with_rows(text: str, new_received: int, carried_over: int, granted: int, carried_forward: int) -> str:
        out = []
        for line in text.split("\n"):
            cells = line.split("\t")
            label = "".join(cells[:3])

            def put(v, cells=cells):
                nums = [i for i, c in enumerate(cells) if c.strip().isdigit()]
                cells[nums[0]] = str(v)
                cells[nums[-1]] = str(v)

            if "本年新收政府信息公开申请数量" in label:
                put(new_received)
            elif "上年结转政府信息公开申请数量" in label:
                put(carried_over)
            elif ("予以公开" in label and "部分" not in label) or ("总计" in label and "(七)" in label):
                put(granted)
            elif "结转下年度继续办理" in label:
                put(carried_forward)
            out.append("\t".join(cells))
        return "\n".join(out)

    y1 = with_rows(seed, 5, 0, 3, 2).replace("2021", str(year)).replace("2022", str(year + 1))
    _k, d1 = pipeline.upload(y1.encode(), f"鲁河镇{year}.txt", email="luhe@sf.example.gov.cn")
    doc1 = await pipeline.result(d1)
    assert not [f for f in doc1.findings if f.rule.startswith("applications.")], doc1.findings
    view = await wait_case(pipeline, doc1.case_id, "awaiting_review")
    await cases_api.decide(pipeline.client, doc1.case_id, Decision(action="approve", login=view.reviewer))

    y2 = with_rows(seed, 1, 0, 1, 0).replace("2021", str(year + 1)).replace("2022", str(year + 2))
    _k, d2 = pipeline.upload(y2.encode(), f"鲁河镇{year + 1}.txt", email="luhe@sf.example.gov.cn")
    doc2 = await pipeline.result(d2)
    carry = [f for f in doc2.findings if f.rule == "crossyear.carry_over"]
    assert len(carry) == 2, [f.rule for f in doc2.findings]  # 自然人 and 总计 columns
    assert all("2" in f.message for f in carry)


async def test_worker_killed_mid_notification_mails_exactly_once(minio_server, temporal_env, mailpit_server, samples_dir, tmp_path):
    from adapters.intake_bucket import put_submission
    from tests.integration.pipeline_harness import document_of, pipeline_settings, worker_killed_in
    from workflows.start_document import start_document

    queue = f"killmail-{uuid.uuid4().hex[:6]}"
    settings = pipeline_settings(minio_server, temporal_env.client.service_client.config.target_host, queue, mailpit_server)
    year = 2035  # a year no other test of this session uses
    seed = (samples_dir / "xidayingzi-2022.txt").read_text(encoding="utf-8")
    data = (seed.replace("2022", str(year)) + f"\n{uuid.uuid4()}\n").encode()
    sender = "xidayingzi@lc.example.gov.cn"
    s3 = minio_server.client
    key = put_submission(s3, "intake", data, f"西大营子镇{year}.txt", email=sender)
    case_id = f"case-{year}-龙城区-西大营子镇"
    # The worker is killed while the case's first notice (the receipt) is in flight.
    start = partial(start_document, temporal_env.client, queue, document_of(s3, key))
    async with worker_killed_in(settings, temporal_env.client, case_id, "send_notices", start, tmp_path) as survivor:
        found = await wait_mails(mailpit_server, to=sender, contains=case_id, n=1, timeout=90)
        assert found, "the receipt never arrived:\n" + "\n".join(survivor.last_lines())
        await asyncio.sleep(2)
        receipts = [m for m in mails(mailpit_server, to=sender, contains=case_id) if "回执" in m["Subject"] or "收到" in m["Subject"]]
        assert len(receipts) == 1, [m["Subject"] for m in mails(mailpit_server, to=sender, contains=case_id)]
