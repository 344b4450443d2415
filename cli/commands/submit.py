from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--from", "email", required=True, help="Submitter e-mail address.")
@click.option("--name", default=None, help="Submitter display name.")
@click.option("--state-dir", type=click.Path(path_type=Path), default=Path("var"), show_default=True)
def submit(file: Path, email: str, name: str | None, state_dir: Path) -> None:
    """Put FILE into the intake bucket, exactly as the web upload does, and start its check;
    print the object key."""
    import asyncio

    from adapters.intake_bucket import put_submission
    from adapters.logging import configure_logging
    from adapters.s3 import s3_client
    from cli.stack_file import settings_for
    from workflows.start_document import UploadStarter

    configure_logging("WARNING", "console", process="submit")  # stderr: stdout is the key alone
    settings = settings_for(state_dir)
    s3 = s3_client(settings.s3)
    key = put_submission(s3, settings.s3.intake_bucket, file.read_bytes(), file.name, email=email, name=name, channel="cli")
    # Started here rather than by the bucket event (0–3 s later); left to the event if this fails.
    asyncio.run(UploadStarter.for_settings(settings, s3)(key, "cli"))
    click.echo(key)
