"""Reading `stack.json` of a running local stack, for the commands that act on it."""

from __future__ import annotations

import json
from pathlib import Path

import click

from adapters.settings import S3Settings, Settings, TemporalSettings


def load_stack(state_dir: Path) -> dict:
    path = Path(state_dir) / "stack.json"
    if not path.exists():
        raise click.ClickException(f"no running stack found: {path} is missing (start one with `intake up`)")
    return json.loads(path.read_text())


def settings_for(state_dir: Path) -> Settings:
    """Settings pointing at the stack in `state_dir`."""
    info = load_stack(state_dir)
    s3 = info["s3"]
    return Settings(
        state_dir=Path(state_dir),
        temporal=TemporalSettings(
            address=info["temporal"]["address"],
            namespace=info["temporal"]["namespace"],
            ui=info["temporal"].get("ui"),
            # A stack (or a test) serving another task queue says so; `intake up` uses the default.
            **({"task_queue": info["temporal"]["task_queue"]} if info["temporal"].get("task_queue") else {}),
        ),
        s3=S3Settings(
            endpoint=s3["endpoint"],
            access_key=s3["access_key"],
            secret_key=s3["secret_key"],
            intake_bucket=s3["intake_bucket"],
            audit_bucket=s3.get("audit_bucket", "audit"),
            region=s3.get("region", "us-east-1"),
        ),
    )
