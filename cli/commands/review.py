from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import click


@click.command()
@click.argument("case_id")
@click.argument("action", type=click.Choice(["approve", "return", "reject"]))
@click.option("--as", "login", required=True, help="The reviewer's login.")
@click.option("--comment", default=None, help="Required to return (what to fix) or reject (why).")
@click.option("--seq", type=int, default=None, help="The submission you reviewed; refused if a newer one arrived.")
@click.option("--json", "as_json", is_flag=True)
@click.option("--state-dir", type=click.Path(path_type=Path), default=Path("var"), show_default=True)
def review(case_id: str, action: str, login: str, comment: str | None, seq: int | None, as_json: bool, state_dir: Path) -> None:
    """Record a reviewer's decision; refused (exit 1) when LOGIN may not decide or the case is not awaiting review."""
    from workflows import case_queries as cases_api
    from cli.stack_file import settings_for
    from adapters.temporal import connect
    from workflows.contracts import Decision

    async def go():
        client = await connect(settings_for(state_dir).temporal)
        return await cases_api.decide(client, case_id, Decision(action=action, login=login, comment=comment, seq=seq))

    try:
        view = asyncio.run(go())
    except cases_api.CaseNotFound:
        click.echo(f"没有找到案件 {case_id}", err=True)
        sys.exit(1)
    except cases_api.DecisionRefused as exc:
        click.echo(f"拒绝：{exc}", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(view, ensure_ascii=False))
    else:
        click.echo(f"{case_id}: {view['status']}")
