"""The reconciler's activity: list the inbox, skip what the audit trail shows was already
picked up, start the rest with the same idempotent start the event receiver uses."""

from __future__ import annotations

import asyncio

from temporalio import activity
from temporalio.client import Client

from adapters.object_identity import ObjectGone, identify
from adapters.settings import Settings
from workflows.contracts import ReconcileResult
from workflows.start_document import INBOX_PREFIX, document_input, start_document


class ReconcileActivities:
    def __init__(self, settings: Settings, s3, client: Client) -> None:
        self.settings = settings
        self.s3 = s3
        self.client = client

    @activity.defn(name="reconcile_bucket")
    async def reconcile_bucket(self) -> ReconcileResult:
        bucket = self.settings.s3.intake_bucket
        known = await asyncio.to_thread(self._known_chains)
        result = ReconcileResult()
        for obj in await asyncio.to_thread(self._list_inbox, bucket):
            result.listed += 1
            if result.listed % 50 == 0:
                activity.heartbeat(result.listed)  # every object costs a HEAD now
            try:
                # The same content identity the event receiver uses (HEAD, the store's sha256).
                identity = await asyncio.to_thread(identify, self.s3, bucket, obj["Key"])
            except ObjectGone:
                continue  # deleted since the listing
            wf_id = identity.workflow_id
            if wf_id in known:
                result.already_known += 1
                continue
            # Running or recently closed duplicates are absorbed by the start's id policies.
            await start_document(self.client, self.settings.temporal.task_queue, document_input(identity, "reconciler"))
            result.started += 1
            result.workflow_ids.append(wf_id)
        return result

    def _list_inbox(self, bucket: str) -> list[dict]:
        objects: list[dict] = []
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=INBOX_PREFIX):
            objects.extend(page.get("Contents", []))
        return objects

    def _known_chains(self) -> set[str]:
        """Document workflows that got past their first stage: every finished document has at
        least two audit records (read, then extract or expand). A chain with only its read
        record belongs to a workflow still running (the start finds it) or one that failed,
        which the start is allowed to run again."""
        records: dict[str, int] = {}
        pages = self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.settings.s3.audit_bucket, Prefix="chains/doc-")
        for page in pages:
            for obj in page.get("Contents", []):
                chain = obj["Key"].removeprefix("chains/").split("/", 1)[0]
                records[chain] = records.get(chain, 0) + 1
        return {chain for chain, n in records.items() if n >= 2}
