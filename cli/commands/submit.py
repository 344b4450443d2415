from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from adapters.settings import Settings


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--from", "email", required=True, help="Submitter e-mail address.")
@click.option("--name", default=None, help="Submitter display name.")
@click.option("--state-dir", type=click.Path(path_type=Path), default=Path("var"), show_default=True)
def submit(file: Path, email: str, name: str | None, state_dir: Path) -> None:
    """Put FILE into the intake bucket, exactly as the web upload does, and start its check;
    print the object key. The same file sent before by the same sender is answered on stderr
    (when it was received, its submission and status)."""
    from adapters.intake_bucket import put_submission
    from adapters.logging import configure_logging
    from adapters.s3 import s3_client
    from cli.stack_file import settings_for
    from workflows.start_document import UploadStarter

    configure_logging("WARNING", "console", process="submit")  # stderr: stdout is the key alone
    settings = settings_for(state_dir)
    data = file.read_bytes()
    answer = asyncio.run(_prior_line(settings, data, email))  # asked before this copy is stored
    s3 = s3_client(settings.s3)
    key = put_submission(s3, settings.s3.intake_bucket, data, file.name, email=email, name=name, channel="cli")
    # Started here rather than by the bucket event (0–3 s later); left to the event if this fails.
    asyncio.run(UploadStarter.for_settings(settings, s3)(key, "cli"))
    click.echo(key)
    if answer:
        click.echo(answer, err=True)


async def _prior_line(settings: Settings, data: bytes, email: str) -> str | None:
    """The duplicate answer, or None (new); a note when Temporal cannot be asked."""
    from adapters.temporal import connect
    from workflows.prior_submissions import prior_submission, sha256_of

    try:
        client = await asyncio.wait_for(connect(settings.temporal), timeout=10)
        prior = await prior_submission(client, settings.s3.intake_bucket, sha256_of(data), email)
    except Exception as exc:  # the file is still stored and checked; only the answer is missing
        return f"（未能查询是否重复提交：{type(exc).__name__}）"
    return prior.line() if prior else None
