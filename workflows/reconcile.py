"""The reconciler: a Temporal Schedule runs this every few minutes. It lists the intake
bucket and starts the document workflow (same deterministic id) for every object that has
none, so an event MinIO dropped while the receiver was down is still processed."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from activities.reconcile import ReconcileActivities
    from workflows.contracts import ReconcileResult

__all__ = ["ReconcileResult", "ReconcileWorkflow"]


@workflow.defn(name="ReconcileWorkflow")
class ReconcileWorkflow:
    @workflow.run
    async def run(self) -> ReconcileResult:
        result = await workflow.execute_activity_method(
            ReconcileActivities.reconcile_bucket,
            start_to_close_timeout=timedelta(minutes=10),
            heartbeat_timeout=timedelta(seconds=60),
            retry_policy=RetryPolicy(maximum_attempts=3, initial_interval=timedelta(seconds=5)),
            summary="列出收件桶并补启动缺失的检查",
        )
        workflow.set_current_details(f"列出 {result.listed} 个文件，{result.already_known} 个已处理，补启动 {result.started} 个")
        return result
