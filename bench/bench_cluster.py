"""Pipeline throughput on the cluster profile beside the dev server, same run, 1 and 2 workers.

`.venv/bin/python bench/bench_cluster.py [N] [--cluster-first]` (needs `make setup-cluster`) starts MinIO and
Mailpit once, then two Temporals on loopback: the dev server with a SQLite file (what
`intake up` runs) and temporal-server on PostgreSQL (what `intake up --profile cluster`
runs). Alternating the two (dev first unless --cluster-first), with 1 and then 2 worker processes (`python -m workers.worker`, as
deployed), it uploads N distinct seed reports (each its own case) and waits until every case
awaits review, counting through visibility. Baseline, measured in the same run: the same N
PUTs to MinIO alone. Ratios, not absolute numbers, are what carry to another machine.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# The E402s below: run as a script, the project's packages import only once ROOT is on sys.path.

from temporalio.client import Client  # noqa: E402
from temporalio.contrib.pydantic import pydantic_data_converter  # noqa: E402

from cli.stack import servers  # noqa: E402
from cli.stack.cluster import CLUSTER_PORTS, free_cluster_ports, start_temporal_cluster, temporal_cluster  # noqa: E402
from cli.stack.net import free_port  # noqa: E402
from tests.fixtures.cluster import RunningCluster  # noqa: E402
from tests.fixtures.servers import start_dev_server  # noqa: E402
from tests.integration.pipeline_harness import Receiver, pipeline_settings, worker_process  # noqa: E402
from tests.replay.record_histories import _Minio  # noqa: E402  (a MinIO with our buckets)

SEED = (ROOT / "intake" / "samples" / "shangtang-2021.txt").read_text(encoding="utf-8")


async def until(client: Client, query: str, n: int, t0: float, timeout: float = 900) -> float:
    while time.perf_counter() - t0 < timeout:
        if (await client.count_workflows(query)).count >= n:
            return time.perf_counter() - t0
        await asyncio.sleep(0.25)
    raise TimeoutError(query)


async def one_run(client: Client, minio, mail, root: Path, workers: int, n: int, first_year: int) -> float:
    """Seconds from the first upload until the N-th case awaits review."""
    from adapters.intake_bucket import put_submission

    queue = f"bench-{uuid.uuid4().hex[:6]}"
    settings = pipeline_settings(minio, client.service_client.config.target_host, queue, mail)
    procs = [worker_process(settings, root / f"{queue}-w{i}.log") for i in range(workers)]
    for proc in procs:
        proc.env["INTAKE_WORKER__PARSE_PROCESSES"] = "2"  # deploy/env/worker.env
        proc.start()
    receiver = Receiver(settings, client)
    await receiver.start()
    bodies = [(SEED.replace("2021", str(y)).replace("2022", str(y + 1)) + f"\n{y}\n").encode() for y in range(first_year, first_year + n)]
    try:
        await asyncio.sleep(3)  # workers connected and polling
        t0 = time.perf_counter()
        for y, data in zip(range(first_year, first_year + n), bodies, strict=True):
            put_submission(minio.client, "intake", data, f"上塘镇{y}.txt", email="shangtang@fc.example.gov.cn", channel="bench")
        where = f"TaskQueue = '{queue}'"
        return await until(client, f"WorkflowType = 'CaseWorkflow' AND IntakeStatus = 'awaiting_review' AND {where}", n, t0)
    finally:
        await receiver.stop()
        for proc in procs:
            proc.stop()


async def main(n: int, reverse: bool = False) -> None:
    root = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    root.chmod(0o711)  # PostgreSQL runs as `postgres` when we are root
    minio = _Minio(root / "minio")
    smtp = free_port()
    mail_proc = servers.mailpit_server(smtp_port=smtp, ui_port=free_port(), db_file=None, log_path=root / "mail.log")
    mail_proc.start()
    mail_proc.wait_ready(30)

    class Mail:
        smtp_host, smtp_port, api = "127.0.0.1", smtp, None

    t0 = time.perf_counter()
    for i in range(n):
        minio.client.put_object(Bucket="intake", Key=f"baseline/{i}.txt", Body=SEED.encode() + f"\n{i}\n".encode())
    put_rate = n / (time.perf_counter() - t0)

    rows: list[tuple[str, int, float]] = []
    year = 1000
    dev_client, dev = await start_dev_server(root, db_file=root / "temporal.db")
    ports = free_cluster_ports(["temporal", *CLUSTER_PORTS])
    (root / "cluster").mkdir(mode=0o711)
    cluster = RunningCluster(temporal_cluster(root / "cluster", ports, root / "logs", "default", "1d"), root / "cluster")
    try:
        start_temporal_cluster(cluster.cluster, cluster.launch)
        client = await Client.connect(cluster.address, data_converter=pydantic_data_converter)
        plan = [("dev server (SQLite)", dev_client), ("temporal-server (PostgreSQL)", client)]
        # Alternate the two servers so a change in the machine's load hits both alike.
        for name, target, w in [(name, c, w) for w in (1, 2) for name, c in (plan[::-1] if reverse else plan)]:
            rows.append((name, w, await one_run(target, minio, Mail, root, w, n, year)))
            year += n
    finally:
        dev.stop()
        cluster.stop()
        mail_proc.stop()
        minio.process.stop()
        shutil.rmtree(root, ignore_errors=True)
    print(f"documents per run                          {n}")
    print(f"baseline: MinIO PUT only                   {put_rate:8.1f} files/s")
    for name, w, secs in rows:
        rate = n / secs
        print(f"{name:<29} {w} worker(s) {rate:8.1f} files/s  ({secs:5.1f} s; PUT/this {put_rate / rate:6.1f}x)")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 60, reverse="--cluster-first" in sys.argv))
