"""`intake up`: start the whole local stack, wait for every part, write `stack.json`, keep
running until Ctrl-C / SIGTERM, then stop every child.

Order matters: Temporal and Mailpit first, then MinIO (its webhook points at our event
receiver, which may start later: MinIO keeps undelivered events in its queue dir), then the
buckets, then our own processes.
"""

from __future__ import annotations

import collections
import dataclasses
import importlib.util
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from adapters.logging import get_logger
from cli.stack import servers
from cli.stack.layout import Secrets, StateDir
from cli.stack.net import http_ready, tcp_ready
from cli.stack.process import ChildFailed, Interrupted, ManagedProcess
from cli.stack.provision import ensure_buckets, minio_admin
from cli.stack.restarts import RestartBudget

log = get_logger("intake.up")
HOST = servers.HOST


@dataclass(frozen=True)
class AppProcess:
    """One of our own processes: a Python module run with `python -m`."""

    name: str
    module: str
    port_key: str | None  # which port it serves, for its readiness probe
    probe: str = "tcp"  # tcp | http path


APP_PROCESSES = (
    AppProcess("worker", "workers.worker", "metrics", "/metrics"),
    AppProcess("ocr-worker", "workers.ocr_worker", "ocr_metrics", "/metrics"),  # scans, one at a time (≈ 0.6 GB)
    AppProcess("events", "workers.event_receiver", "events", "/healthz"),
    AppProcess("mail-gateway", "workers.mail_gateway", "smtp_gateway", "tcp"),
    AppProcess("web", "workers.web", "web", "/healthz"),
)


@dataclass
class Stack:
    state: StateDir
    echo: bool = True
    children: list[ManagedProcess] = field(default_factory=list)
    apps: dict[str, ManagedProcess] = field(default_factory=dict)
    restarts: dict[str, int] = field(default_factory=dict)
    budgets: dict[str, RestartBudget] = field(default_factory=dict)
    budget_factory: Callable[[], RestartBudget] = RestartBudget
    info: dict[str, Any] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    stopping: threading.Event = field(default_factory=threading.Event)  # set by Ctrl-C / SIGTERM
    app_processes: ClassVar[tuple[AppProcess, ...]] = APP_PROCESSES  # a profile may run others (stack/cluster.py)
    extra_ports: ClassVar[dict[str, int]] = {}  # default ports of a profile's own parts

    def start(self, notes_out: Callable[[str], object] = print) -> dict[str, Any]:
        """Start every part in order (module docstring), write `stack.json`, return its content."""
        st = self.state
        sec = st.secrets()
        self.ports, notes = st.ports(extra=self.extra_ports)
        for n in notes:
            notes_out(n)
        self.env = self._child_env(sec)
        temporal_info = self._start_temporal(self.ports)
        self._start_mail_and_storage(sec)
        for app in self.app_processes:
            if importlib.util.find_spec(app.module) is None:
                continue  # not built yet
            self._launch_app(app, self.ports)
        self.info = self._stack_info(temporal_info, sec)
        self._write_stack_json()
        return self.info

    def _child_env(self, sec: Secrets) -> dict[str, str]:
        """The settings (`INTAKE_…`) every process of ours gets: where each part listens."""
        p = self.ports
        return {
            "INTAKE_STATE_DIR": str(self.state.root),
            "INTAKE_TEMPORAL__ADDRESS": f"{HOST}:{p['temporal']}",
            "INTAKE_TEMPORAL__NAMESPACE": "default",
            "INTAKE_TEMPORAL__UI": f"http://{HOST}:{p['temporal_ui']}",
            "INTAKE_S3__ENDPOINT": self._minio_endpoint(),
            "INTAKE_S3__ACCESS_KEY": sec.minio_user,
            "INTAKE_S3__SECRET_KEY": sec.minio_password,
            "INTAKE_S3__REGION": "us-east-1",
            "INTAKE_EVENTS__HOST": HOST,
            "INTAKE_EVENTS__PORT": str(p["events"]),
            "INTAKE_EVENTS__TOKEN": sec.events_token,
            "INTAKE_MAIL__SMTP_HOST": HOST,
            "INTAKE_MAIL__SMTP_PORT": str(p["mail_smtp"]),
            "INTAKE_MAIL__API": f"http://{HOST}:{p['mail_ui']}",
            "INTAKE_WORKER__METRICS_PORT": str(p["metrics"]),
            "INTAKE_OCR__METRICS_PORT": str(p["ocr_metrics"]),
            "INTAKE_WEB__HOST": HOST,
            "INTAKE_WEB__PORT": str(p["web"]),
            "INTAKE_WEB__SECRET": sec.web_secret,
            "INTAKE_GATEWAY__HOST": HOST,
            "INTAKE_GATEWAY__PORT": str(p["smtp_gateway"]),
            # The local demo stack: aligned envelope and From are enough (no DKIM/relay here).
            "INTAKE_GATEWAY__SENDER_EVIDENCE": "alignment",
            "PYTHONUNBUFFERED": "1",
        }

    def _minio_endpoint(self) -> str:
        return f"http://{HOST}:{self.ports['minio']}"

    def _events_url(self) -> str:
        return f"http://{HOST}:{self.ports['events']}/events"

    def _start_mail_and_storage(self, sec: Secrets) -> None:
        """Mailpit, then MinIO (its webhook may point at an event receiver not started yet:
        MinIO queues the events), then the intake and audit buckets."""
        st, p = self.state, self.ports
        self._launch(
            servers.mailpit_server(smtp_port=p["mail_smtp"], ui_port=p["mail_ui"], db_file=st.mailpit_db, log_path=st.logs / "mailpit.log")
        )
        self._launch(
            servers.minio_server(
                port=p["minio"],
                console_port=p["minio_console"],
                data_dir=st.minio_data,
                user=sec.minio_user,
                password=sec.minio_password,
                log_path=st.logs / "minio.log",
                webhook_url=self._events_url(),
                webhook_token=sec.events_token,
                queue_dir=st.minio_queue,
            )
        )
        ensure_buckets(minio_admin(self._minio_endpoint(), sec.minio_user, sec.minio_password), "intake", "audit")

    def _stack_info(self, temporal_info: dict[str, Any], sec: Secrets) -> dict[str, Any]:
        """What `stack.json` and the READY line say (spec/stack.md)."""
        p = self.ports
        info: dict[str, Any] = {
            "temporal": temporal_info,
            "s3": {
                "endpoint": self._minio_endpoint(),
                "access_key": sec.minio_user,
                "secret_key": sec.minio_password,
                "intake_bucket": "intake",
                "audit_bucket": "audit",
                "region": "us-east-1",
                "console": f"http://{HOST}:{p['minio_console']}",
            },
            "events": {"url": self._events_url(), "token": sec.events_token},
            "mail": {"smtp": f"{HOST}:{p['mail_smtp']}", "ui": f"http://{HOST}:{p['mail_ui']}"},
            "metrics": f"http://{HOST}:{p['metrics']}/metrics",
            "logs": str(self.state.logs),
            "pids": {c.name: c.pid for c in self.children},
        }
        if "web" in self.apps:
            info["web"] = f"http://{HOST}:{p['web']}"
        if "mail-gateway" in self.apps:
            info["smtp_gateway"] = {"host": HOST, "port": p["smtp_gateway"], "address": _gateway_address()}
        users = _demo_users(self.state)
        if users is not None:
            info["users"] = users
        return info

    def _write_stack_json(self) -> None:
        self.state.stack_json.write_text(json.dumps(self.info, ensure_ascii=False, indent=2))
        self.state.stack_json.chmod(0o600)  # it holds the MinIO root keys and the demo passwords

    def _start_temporal(self, p: dict[str, int]) -> dict:
        """The dev server (SQLite, UI, search attributes registered by itself)."""
        server = servers.temporal_server(
            port=p["temporal"], ui_port=p["temporal_ui"], db_file=self.state.temporal_db, log_path=self.state.logs / "temporal.log"
        )
        self._launch(server, timeout=90)
        return {"address": f"{HOST}:{p['temporal']}", "namespace": "default", "ui": f"http://{HOST}:{p['temporal_ui']}"}

    def app_env(self, app: AppProcess) -> dict[str, str]:
        return self.env

    def _launch(self, proc: ManagedProcess, timeout: float = 60) -> ManagedProcess:
        if self.stopping.is_set():
            raise Interrupted(f"stopped before {proc.name} started")
        proc.echo = self.echo
        log.info("starting", child=proc.name, log=str(proc.log_path))
        proc.start()
        self.children.append(proc)
        proc.wait_ready(timeout, cancel=self.stopping)
        log.info("ready", child=proc.name, pid=proc.pid)
        return proc

    def _launch_app(self, app: AppProcess, ports: dict[str, int]) -> None:
        port = ports.get(app.port_key) if app.port_key else None
        proc = ManagedProcess(
            app.name,
            [sys.executable, "-m", app.module],
            self.state.logs / f"{app.name}.log",
            env=self.app_env(app),
            ready=_readiness(app, port),
        )
        self.apps[app.name] = self._launch(proc)

    def watch(self, stop: threading.Event) -> int:
        """Supervise until `stop` is set. A child that dies (server or our own process) is
        reported and restarted with backoff, within a budget per time window
        (cli/stack/restarts.py); a child that exhausts it stops the stack (exit 1)."""
        while not stop.wait(0.5):
            for child in list(self.children):
                if child.alive():
                    continue
                sys.stderr.write(f"\n!! {child.failure()}\n")
                log.error("child died", child=child.name, exit_code=child.proc.returncode if child.proc else None)
                if not self._restart(child, stop):
                    if stop.is_set():
                        return 0
                    sys.stderr.write(f"!! stopping the stack because {child.name} keeps failing\n")
                    return 1
        return 0

    def _restart(self, child: ManagedProcess, stop: threading.Event) -> bool:
        """Relaunch a dead child in its place, until it is ready or its budget is used up."""
        budget = self.budgets.setdefault(child.name, self.budget_factory())
        while budget.allow():
            delay = budget.next_delay()
            sys.stderr.write(f"!! restarting {child.name} in {delay:.0f}s ({budget.used} within {budget.window_s:.0f}s)\n")
            if stop.wait(delay):
                return False
            fresh = dataclasses.replace(child, proc=None, _pump=None, _tail=collections.deque(maxlen=40))
            self.children[self.children.index(child)] = fresh
            if child.name in self.apps:
                self.apps[child.name] = fresh
            child = fresh
            try:
                fresh.echo = self.echo
                fresh.start()
                fresh.wait_ready(90, cancel=stop)
                self.restarts[child.name] = self.restarts.get(child.name, 0) + 1
                log.info("restarted", child=child.name, pid=fresh.pid)
                self._record_pids()
                return True
            except (ChildFailed, Interrupted) as exc:
                sys.stderr.write(f"!! {exc}\n")
                fresh.stop()
        return False

    def _record_pids(self) -> None:
        """stack.json names the processes that run now (a restarted child has a new pid)."""
        if self.info:
            self.info["pids"] = {c.name: c.pid for c in self.children}
            self._write_stack_json()

    def stop(self) -> None:
        for child in reversed(self.children):
            code = child.stop()
            log.info("stopped", child=child.name, exit_code=code)


def _readiness(app: AppProcess, port: int | None) -> Callable[[], bool] | None:
    """How to tell the process serves: its port accepts connections, or its HTTP path answers."""
    if app.probe == "tcp":
        return partial(tcp_ready, HOST, port) if port else None
    return partial(http_ready, f"http://{HOST}:{port}{app.probe}")


def _demo_users(st: StateDir) -> list[dict] | None:
    try:
        from intake.accounts import demo_users
    except ImportError:
        return None
    return demo_users(st.root)


def run_up(state_dir: Path, samples: bool, headless: bool, profile: str = "dev") -> int:
    state = StateDir(state_dir)
    lock = state.lock()
    if lock is None:
        sys.stderr.write(f"!! another `intake up` is running on {state.root} (two would share one database)\n")
        return 1
    if profile == "cluster":
        from cli.stack.cluster import ClusterStack

        stack: Stack = ClusterStack(state)
    else:
        stack = Stack(state)
    stop = stack.stopping

    def on_signal(signum, _frame):
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        info = stack.start(notes_out=lambda m: sys.stderr.write(m + "\n"))
    except Interrupted:
        sys.stderr.write("stopping…\n")
        stack.stop()
        return 0
    except (ChildFailed, Exception) as exc:
        sys.stderr.write(f"\n!! intake up failed: {exc}\n")
        stack.stop()
        return 1
    print("READY " + json.dumps(info, ensure_ascii=False), flush=True)
    if samples and not stop.is_set():
        from cli.stack.samples import upload_samples

        try:
            keys = upload_samples(stack.state, info)
            sys.stderr.write(f"uploaded {len(keys)} sample reports\n")
        except Exception as exc:
            sys.stderr.write(f"!! uploading the samples failed: {exc}\n")
    if not headless and os.environ.get("DISPLAY") and info.get("web"):
        import webbrowser

        webbrowser.open(info["web"])
    code = stack.watch(stop)
    sys.stderr.write("stopping…\n")
    stack.stop()
    # Give the log pumps a moment so the last lines reach the console.
    time.sleep(0.1)
    return code


def _gateway_address() -> str:
    from adapters.settings import get_settings

    return get_settings().gateway.addresses[0]
