"""The worker's Temporal options come from settings; the defaults keep eager activities on."""

from __future__ import annotations

import os

from temporalio.worker import PollerBehaviorSimpleMaximum

from adapters.settings import WorkerSettings
from cli.stack.servers import temporal_dynamic_config_flags
from workers.worker import worker_options


class _Settings:
    def __init__(self, worker: WorkerSettings) -> None:
        self.worker = worker


def test_defaults_leave_eager_activities_on_and_the_sdk_pollers_alone():
    opts = worker_options(_Settings(WorkerSettings()))
    assert opts["disable_eager_activity_execution"] is False
    assert "no_remote_activities" not in opts and "max_task_queue_activities_per_second" not in opts
    assert "workflow_task_poller_behavior" not in opts and "max_concurrent_workflow_tasks" not in opts


def test_tuning_from_settings_reaches_the_worker():
    w = WorkerSettings(workflow_task_pollers=3, activity_task_pollers=7, max_concurrent_workflow_tasks=50, eager_activities=False)
    opts = worker_options(_Settings(w))
    assert opts["workflow_task_poller_behavior"] == PollerBehaviorSimpleMaximum(maximum=3)
    assert opts["activity_task_poller_behavior"] == PollerBehaviorSimpleMaximum(maximum=7)
    assert opts["max_concurrent_workflow_tasks"] == 50
    assert opts["disable_eager_activity_execution"] is True


def test_parse_pool_defaults_to_one_process_per_core_within_bounds():
    assert WorkerSettings().parse_processes == max(1, min(8, os.cpu_count() or 1))
    assert WorkerSettings(parse_processes=0).parse_processes == 0  # 0 = threads, as before


def test_the_dev_server_runs_with_fairness_and_eager_activities_enabled():
    flags = temporal_dynamic_config_flags({"x.y": "1"})
    pairs = [flags[i + 1] for i in range(0, len(flags), 2) if flags[i] == "--dynamic-config-value"]
    assert pairs == ["matching.enableFairness=true", "system.enableActivityEagerExecution=true", "x.y=1"]
