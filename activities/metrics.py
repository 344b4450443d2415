"""Prometheus metrics of the pipeline (served by the worker on settings.worker.metrics_port;
the Temporal SDK's own metrics are on the next port)."""

from __future__ import annotations

import time
from contextlib import contextmanager

from prometheus_client import Counter, Histogram

DOCUMENTS = Counter("intake_documents_total", "Documents by outcome of their check", ["outcome"])
STAGE_SECONDS = Histogram(
    "intake_stage_seconds", "Time spent in each stage activity", ["stage"], buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
)
FINDINGS = Counter("intake_findings_total", "Findings by rule and severity", ["rule", "severity"])
NOTICES = Counter("intake_notices_total", "Notification e-mails", ["kind", "outcome"])


@contextmanager
def timed(stage: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        STAGE_SECONDS.labels(stage).observe(time.perf_counter() - start)
