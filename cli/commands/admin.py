"""`intake admin`: operator tasks on a real Temporal cluster (the cluster profile or
production), done with the server's own tools, the same code `intake up --profile cluster` runs.

- `intake admin migrate`: create the Temporal databases if missing and apply every schema
  version the built server needs (temporal-sql-tool update-schema). Run it before starting
  a newer server binary: the upgrade path.
- `intake admin namespace`: create the namespace with its retention (or set the retention of
  an existing one) and add the search attributes it lacks, idempotently (temporal CLI).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import click


@click.group()
def admin() -> None:
    """Operator tasks on a real Temporal cluster (schema upgrade, namespace, search attributes)."""


def _local_cluster(state_dir: Path) -> tuple[dict, str]:
    ports_file = state_dir / "ports.json"
    if not ports_file.exists() or not (state_dir / "postgres-password").exists():
        raise click.ClickException(f"{state_dir} holds no cluster-profile state (run `intake up --profile cluster` once)")
    ports = json.loads(ports_file.read_text())
    return ports, (state_dir / "postgres-password").read_text().strip()


@admin.command()
@click.option("--state-dir", type=click.Path(path_type=Path), default=Path("var"), show_default=True)
@click.option("--host", help="PostgreSQL host of a production cluster (password in SQL_PASSWORD); default: the state dir's")
@click.option("--port", type=int, default=5432, show_default=True, help="with --host")
@click.option("--user", default="temporal", show_default=True, help="with --host")
def migrate(state_dir: Path, host: str | None, port: int, user: str) -> None:
    """Create/upgrade the `temporal` and `temporal_visibility` schemas to the built server's version."""
    from cli.stack.temporal_server import Database
    from cli.stack.temporal_server import migrate as run_migrate

    if host:
        db = Database(port=port, password=os.environ.get("SQL_PASSWORD", ""), host=host, user=user)
    else:
        ports, password = _local_cluster(state_dir)
        db = Database(port=ports["postgres"], password=password)
    try:
        done = run_migrate(db)
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"schema up to date: {', '.join(done)} ({db.host}:{db.port})")


@admin.command()
@click.option("--address", help="Temporal frontend host:port (default: INTAKE_TEMPORAL__ADDRESS, else the state dir's)")
@click.option("--state-dir", type=click.Path(path_type=Path), default=Path("var"), show_default=True)
@click.option("--retention", help="closed-workflow retention, e.g. 30d (default: deploy/env/temporal.env)")
def namespace(address: str | None, state_dir: Path, retention: str | None) -> None:
    """Create the namespace (with retention) and its search attributes, idempotently."""
    from cli.stack.cluster_env import namespace_settings
    from cli.stack.temporal_server import ensure_namespace, ensure_search_attributes

    name, default_retention = namespace_settings()
    address = address or os.environ.get("INTAKE_TEMPORAL__ADDRESS") or f"127.0.0.1:{_local_cluster(state_dir)[0]['temporal']}"
    try:
        state = ensure_namespace(address, name, retention or default_retention)
        added = ensure_search_attributes(address, name)
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"namespace {name} {state} (retention {retention or default_retention}); search attributes added: {added or 'none'}")
