"""End-to-end pipeline throughput on this machine: upload → MinIO webhook → receiver →
DocumentWorkflow (fetch, classify, extract, resolve case, validate, hand off) → CaseWorkflow
(audit, receipt + findings + assignment mails, routing).

`.venv/bin/python bench/bench_pipeline.py [N]` starts real servers on loopback (MinIO,
Mailpit, the Temporal dev server with SQLite, as `intake up` runs it), an in-process worker
with a parse process pool and the event receiver, uploads N distinct seed reports (one
body per report year, so every upload is its own case), and waits until every case awaits
review. Baseline, measured in the same run: the same N PUTs to MinIO alone.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from temporalio.contrib.pydantic import pydantic_data_converter  # noqa: E402
from temporalio.testing import WorkflowEnvironment  # noqa: E402

from cli.stack import binaries, servers  # noqa: E402
from cli.stack.net import free_port  # noqa: E402
from tests.replay.record_histories import _Minio  # noqa: E402  (a MinIO with our buckets)
from workflows import search_attributes  # noqa: E402


async def until(client, query: str, n: int, t0: float, timeout: float = 900) -> float:
    while time.perf_counter() - t0 < timeout:
        if (await client.count_workflows(query)).count >= n:
            return time.perf_counter() - t0
        await asyncio.sleep(0.25)
    raise TimeoutError(query)


async def main(n: int) -> None:
    from tests.integration.pipeline_harness import running_pipeline
    from workers.worker import make_parse_pool

    root = Path(tempfile.mkdtemp())
    minio = _Minio(root)
    smtp = free_port()
    mail = servers.mailpit_server(smtp_port=smtp, ui_port=free_port(), db_file=None, log_path=root / "mail.log")
    mail.start()
    mail.wait_ready(30)

    class Mail:
        smtp_host, smtp_port, api = "127.0.0.1", smtp, None

    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(binaries.temporal()),
        search_attributes=search_attributes.ALL,
        data_converter=pydantic_data_converter,
        dev_server_database_filename=str(root / "temporal.db"),
    )
    seed = (ROOT / "intake" / "samples" / "shangtang-2021.txt").read_text(encoding="utf-8")
    bodies = [(seed.replace("2021", str(1900 + i)).replace("2022", str(1901 + i)) + f"\n{i}\n").encode() for i in range(n)]
    try:
        # Baseline: plain PUTs of the same bytes.
        t0 = time.perf_counter()
        for i, data in enumerate(bodies):
            minio.client.put_object(Bucket="intake", Key=f"baseline/{i}.txt", Body=data)
        put_s = time.perf_counter() - t0

        import tests.integration.pipeline_harness as harness

        harness.thread_pool = lambda: make_parse_pool(2)  # parse in processes, as the worker does
        async with running_pipeline(minio, env, Mail, prefix="bench") as p:
            t0 = time.perf_counter()
            for i, data in enumerate(bodies):
                p.upload(data, f"上塘镇{1900 + i}.txt", email="shangtang@fc.example.gov.cn")
            # Count through visibility (a few queries a second) rather than polling each
            # workflow, so the measurement does not load the server it measures.
            checked_s = await until(p.client, "WorkflowType = 'DocumentWorkflow' AND ExecutionStatus = 'Completed'", n, t0)
            routed_s = await until(p.client, "WorkflowType = 'CaseWorkflow' AND IntakeStatus = 'awaiting_review'", n, t0)
    finally:
        await env.shutdown()
        mail.stop()
        minio.process.stop()
    print(f"documents                         {n}")
    print(f"baseline: MinIO PUT only          {n / put_s:8.1f} files/s")
    print(f"upload → checked (document wf)    {n / checked_s:8.1f} files/s   ({checked_s:.1f} s)")
    print(f"upload → awaiting review (case)   {n / routed_s:8.1f} files/s   ({routed_s:.1f} s)")
    print(f"ratio PUT / end-to-end            {(n / put_s) / (n / routed_s):8.1f}x")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 60))
