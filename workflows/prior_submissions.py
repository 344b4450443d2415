"""Was this file received before? (client side: the web upload, `intake submit`, the mail
gateway). A submission's identity is its content and its sender (the document workflow id,
intake.bucket_events), so the same bytes from the same person are looked up by that id
before they are stored again, and the answer says when they came, as what, and where they
are now: "该文件已于 … 收到（提交编号 …），当前状态：…".

A document whose run failed is not "received": the same upload may start it again
(ALLOW_DUPLICATE_FAILED_ONLY), so it is not answered as a duplicate."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.service import RPCError

from intake.addresses import valid_address
from intake.bucket_events import document_workflow_id
from intake.notices import DuplicateNotice, Recipient, duplicate_line
from intake.statuses import Status, label
from workflows.contracts import CaseView, DocumentResult

__all__ = ["PriorSubmission", "prior_submission", "sha256_of"]


@dataclass(frozen=True)
class PriorSubmission:
    document_id: str
    received_at: datetime | None
    case_id: str | None
    status_label: str

    def notice(self, key: str, file_name: str, to: list[Recipient], at: datetime, case_url: str | None = None) -> DuplicateNotice:
        return DuplicateNotice(
            key=key,
            to=to,
            date=at,
            file_name=file_name,
            first_received_at=self.received_at,
            document_id=self.document_id,
            case_id=self.case_id,
            status_label=self.status_label,
            case_url=case_url,
        )

    def line(self) -> str:
        """The answer in one line, as the web page, the CLI and the mail say it."""
        return duplicate_line(self.notice("", "", [], datetime.now()))


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def prior_submission(client: Client, bucket: str, sha256: str, submitter: str | None) -> PriorSubmission | None:
    who = valid_address(submitter)
    wf_id = document_workflow_id(bucket, content_id=sha256, submitter=who.lower() if who else None)
    handle = client.get_workflow_handle(wf_id, result_type=DocumentResult)
    try:
        desc = await handle.describe()
    except RPCError:
        return None  # never received
    if desc.status == WorkflowExecutionStatus.RUNNING:
        return PriorSubmission(wf_id, desc.start_time, None, label(Status.CHECKING))
    if desc.status != WorkflowExecutionStatus.COMPLETED:
        return None
    result = await handle.result()
    if not result.case_id:
        return PriorSubmission(wf_id, desc.start_time, None, label(result.status))
    return PriorSubmission(wf_id, desc.start_time, result.case_id, await _case_status(client, result.case_id, wf_id))


async def _case_status(client: Client, case_id: str, document_id: str) -> str:
    try:
        view: CaseView = await client.get_workflow_handle(case_id).query("view", result_type=CaseView)
    except RPCError:
        return "已转入案件"
    seq = next((s.seq for s in view.submissions if s.document_id == document_id), None)
    latest = len(view.submissions)
    where = f"（案件第 {seq} 次提交" + ("，为最新版本）" if seq == latest else f"，最新为第 {latest} 次）") if seq else ""
    return label(view.status) + where
