from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option("--state-dir", type=click.Path(path_type=Path), default=Path("var"), show_default=True)
@click.option("--samples", is_flag=True, help="Upload the bundled sample reports once everything is ready.")
@click.option("--headless", is_flag=True, help="Open no browser.")
@click.option(
    "--profile",
    type=click.Choice(["dev", "cluster"]),
    default="dev",
    show_default=True,
    help="dev: the Temporal dev server. cluster: a real Temporal server on PostgreSQL and two workers (make setup-cluster).",
)
def up(state_dir: Path, samples: bool, headless: bool, profile: str) -> None:
    """Start the whole local stack on loopback and keep it running until Ctrl-C."""
    from adapters.logging import configure_logging
    from cli.stack.launcher import run_up

    configure_logging(process="up", fmt="console")
    raise SystemExit(run_up(state_dir, samples, headless, profile))
