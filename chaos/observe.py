"""What the suite looks at: the bucket, Temporal (document and case workflows), Mailpit and
the audit trail of the stack under test. Everything through the stack's own loopback ports."""

from __future__ import annotations

import asyncio
import hashlib
import time
from dataclasses import dataclass, field

import httpx
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.service import RPCError

from adapters.audit_store import AuditStore
from adapters.object_identity import ObjectGone, identify
from adapters.s3 import s3_client
from adapters.settings import S3Settings, TemporalSettings
from adapters.temporal import connect
from workflows import case_queries
from workflows.contracts import DocumentResult


@dataclass
class Outcome:
    """What became of a set of inputs."""

    workflows: dict[str, DocumentResult] = field(default_factory=dict)  # completed document workflows
    missing: list[str] = field(default_factory=list)  # inputs with no completed workflow (lost)
    cases: dict[str, dict] = field(default_factory=dict)  # case id → case view


class Observer:
    def __init__(self, info: dict) -> None:
        s3 = info["s3"]
        self.s3 = s3_client(
            S3Settings(endpoint=s3["endpoint"], access_key=s3["access_key"], secret_key=s3["secret_key"], region=s3["region"])
        )
        self.bucket = s3["intake_bucket"]
        self.audit = AuditStore(self.s3, s3.get("audit_bucket", "audit"))
        self.mail_api = info["mail"]["ui"]
        self.temporal = TemporalSettings(address=info["temporal"]["address"], namespace=info["temporal"]["namespace"])
        self.client: Client | None = None

    async def connect(self) -> None:
        self.client = await connect(self.temporal)

    # -- documents ------------------------------------------------------------------

    def workflow_id(self, key: str) -> str | None:
        try:
            return identify(self.s3, self.bucket, key).workflow_id
        except ObjectGone:
            return None

    async def wait_documents(self, keys: list[str], timeout: float) -> Outcome:
        """Wait until each key's document workflow completed (or the deadline passed)."""
        out = Outcome()
        pending = {k: None for k in keys}
        deadline = time.monotonic() + timeout
        while pending and time.monotonic() < deadline:
            for key in list(pending):
                wf_id = pending[key] or await asyncio.to_thread(self.workflow_id, key)
                pending[key] = wf_id
                result = await self._result(wf_id) if wf_id else None
                if result is not None:
                    out.workflows[wf_id] = result
                    del pending[key]
            if pending:
                await asyncio.sleep(1)
        out.missing = sorted(pending)
        return out

    async def _result(self, wf_id: str) -> DocumentResult | None:
        assert self.client
        handle = self.client.get_workflow_handle(wf_id, result_type=DocumentResult)
        try:
            desc = await handle.describe()
        except RPCError:
            return None
        if desc.status != WorkflowExecutionStatus.COMPLETED:
            return None
        return await handle.result()

    async def run_count(self, wf_id: str) -> int:
        assert self.client
        return len([w async for w in self.client.list_workflows(f'WorkflowId = "{wf_id}"')])

    # -- cases ----------------------------------------------------------------------

    async def case(self, case_id: str) -> dict | None:
        """The case's view as plain JSON (status, submissions, …), or None when not there."""
        assert self.client
        try:
            view = await case_queries.get_case(self.client, case_id)
        except Exception:
            return None
        return view.model_dump(mode="json")

    async def wait_cases_settled(self, case_ids: set[str], timeout: float) -> dict[str, dict]:
        """Case views once none is `checking` any more (a case held by its mail stays so)."""
        deadline = time.monotonic() + timeout
        views: dict[str, dict] = {}
        while True:
            views = {c: v for c in case_ids if (v := await self.case(c)) is not None}
            held = [c for c in case_ids if views.get(c, {}).get("status") in (None, "checking", "received")]
            if not held or time.monotonic() > deadline:
                return views
            await asyncio.sleep(1)

    # -- mail -------------------------------------------------------------------------

    def mails(self) -> list[dict]:
        out: list[dict] = []
        start = 0
        with httpx.Client(timeout=30) as http:
            while True:
                page = http.get(f"{self.mail_api}/api/v1/messages", params={"limit": 500, "start": start}).json()
                out.extend(page["messages"])
                start += len(page["messages"])
                if not page["messages"] or start >= page["total"]:
                    return out

    def mail_text(self, message_id: str) -> str:
        with httpx.Client(timeout=30) as http:
            return http.get(f"{self.mail_api}/api/v1/message/{message_id}").json().get("Text", "")

    def mails_naming(self, needles: set[str], since_ids: set[str]) -> list[dict]:
        """New mails (not in `since_ids`) whose subject or text names one of `needles`."""
        found = []
        for m in self.mails():
            if m["ID"] in since_ids:
                continue
            text = m["Subject"] + "\n" + self.mail_text(m["ID"])
            if any(n in text for n in needles):
                found.append({**m, "Text": text})
        return found

    # -- audit ------------------------------------------------------------------------

    def audit_ok(self, chains: list[str]) -> bool:
        report = self.audit.verify(chains=chains) if chains else self.audit.verify()
        return report.ok


def duplicate_mails(mails: list[dict]) -> int:
    """Mails sent more than once: the same recipients, subject and text."""
    seen: dict[str, int] = {}
    for m in mails:
        to = ",".join(sorted(t["Address"] for t in m["To"]))
        digest = hashlib.sha256(f"{to}\n{m['Subject']}\n{m.get('Text', '')}".encode()).hexdigest()
        seen[digest] = seen.get(digest, 0) + 1
    return sum(n - 1 for n in seen.values())
