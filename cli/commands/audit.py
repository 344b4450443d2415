"""`intake audit verify` and `intake audit show`: check and read the audit trail."""

from __future__ import annotations

import json
from pathlib import Path

import click

_state_dir = click.option(
    "--state-dir", type=click.Path(path_type=Path), default=Path("var"), show_default=True, help="The stack's state dir"
)
_json = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


def _store(state_dir: Path):
    from adapters.audit_store import AuditStore
    from adapters.s3 import s3_client
    from cli.stack_file import settings_for

    settings = settings_for(state_dir)
    return AuditStore(s3_client(settings.s3), settings.s3.audit_bucket)


def _s3_errors(fn):
    """Turn an unreachable or misconfigured S3 into one clear line, not a traceback."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return fn(*args, **kwargs)
        except (BotoCoreError, ClientError) as exc:
            raise click.ClickException(f"cannot read the audit bucket / 无法读取审计存储桶: {exc}") from exc

    return wrapper


@click.group()
def audit() -> None:
    """Audit trail tools: every stage of every case is recorded in a hash chain."""


@audit.command()
@_state_dir
@_json
@click.option("--chain", "chains", multiple=True, help="Only this chain (case id); repeatable.")
@click.option("--prefix", default="", help="Only chains whose id starts with this.")
@_s3_errors
def verify(state_dir: Path, as_json: bool, chains: tuple[str, ...], prefix: str) -> None:
    """Check the whole audit trail. Exit 0 when intact, 1 naming the first bad record."""
    report = _store(state_dir).verify(chains=list(chains) or None, prefix=prefix)
    if as_json:
        click.echo(report.model_dump_json())
    elif report.ok:
        click.echo(f"审计记录完整 / audit trail intact: {report.chains} chains, {report.records} records")
    else:
        click.echo(f"审计记录被改动 / audit trail BROKEN: {len(report.problems)} of {report.chains} chains ({report.records} records)")
        for p in report.problems:
            click.echo(f"  {p.chain} #{p.seq} {p.problem}: {p.key} ({p.detail})")
    raise SystemExit(0 if report.ok else 1)


@audit.command()
@click.argument("chain")
@_state_dir
@_json
@_s3_errors
def show(chain: str, state_dir: Path, as_json: bool) -> None:
    """List the records of one chain (a case id) in order."""
    from adapters.audit_store import AuditError

    try:
        records = _store(state_dir).read_chain(chain)
    except AuditError as exc:
        raise click.ClickException(f"{exc}; run `intake audit verify --chain {chain}`") from exc
    if as_json:
        click.echo(json.dumps([r.fields() for r in records], ensure_ascii=False))
        return
    if not records:
        raise click.ClickException(f"no audit records for {chain} / 没有该案件的审计记录")
    for r in records:
        who = r.actor + (f" attempt {r.activity.attempt}" if r.activity and r.activity.attempt else "")
        extra = f" {json.dumps(r.detail, ensure_ascii=False)}" if r.detail else ""
        click.echo(f"{r.seq:>4}  {r.at}  {r.stage:<9} {who}  {r.hash[:12]}{extra}")
