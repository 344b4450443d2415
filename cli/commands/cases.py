from __future__ import annotations

import asyncio
import json
from pathlib import Path

import click

from intake.statuses import LISTABLE

STATE = click.option("--state-dir", type=click.Path(path_type=Path), default=Path("var"), show_default=True)
LIST_COLUMNS = ("case_id", "organization", "county", "year", "status", "reviewer", "errors", "warnings")


async def _client(state_dir: Path):
    from adapters.temporal import connect
    from cli.stack_file import settings_for

    return await connect(settings_for(state_dir).temporal)


@click.command()
@click.option("--status", type=click.Choice([s.value for s in LISTABLE]), default=None)
@click.option("--year", type=int, default=None)
@click.option("--county", default=None)
@click.option("--json", "as_json", is_flag=True)
@STATE
def cases(status: str | None, year: int | None, county: str | None, as_json: bool, state_dir: Path) -> None:
    """List cases (and the records of files that could not be accepted)."""
    from workflows import case_queries as cases_api

    async def go():
        client = await _client(state_dir)
        if status == "late":
            return await late_bodies(client, state_dir, year, county)
        return await cases_api.list_cases(client, status, year, county)

    rows = asyncio.run(go())
    if as_json:
        click.echo(json.dumps([r.model_dump(mode="json") for r in rows], ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"案件（{len(rows)}）")
    for col in LIST_COLUMNS:
        table.add_column(col)
    for r in rows:
        values = [getattr(r, c) for c in LIST_COLUMNS]
        table.add_row(*["" if v is None else str(v) for v in values])
    Console().print(table)


@click.command()
@click.argument("case_id")
@click.option("--json", "as_json", is_flag=True)
@STATE
def case(case_id: str, as_json: bool, state_dir: Path) -> None:
    """Show one case: status, submissions with findings, reviewer, history."""
    from workflows import case_queries as cases_api

    async def go():
        return await cases_api.get_case(await _client(state_dir), case_id)

    try:
        data = asyncio.run(go())
    except cases_api.CaseNotFound:
        raise click.ClickException(f"没有找到案件 {case_id}") from None
    if as_json:
        click.echo(json.dumps(data.model_dump(mode="json"), ensure_ascii=False))
        return
    click.echo(f"{data.case_id}  {data.organization or ''} {data.year or ''}  状态：{data.status}  审核人：{data.reviewer or '-'}")
    for i, s in enumerate(data.submissions, 1):
        click.echo(f"  提交 {i}: {s.object_key}  {len(s.findings)} 条问题")
        for f in s.findings:
            click.echo(f"    [{f.severity}] {f.rule}  {f.where}")
    for h in data.history:
        click.echo(f"  {h.at}  {h.actor}  {h.action}  {h.detail or ''}")


async def late_bodies(client, state_dir: Path, year: int | None, county: str | None):
    from datetime import date

    from adapters.settings import load_roster_for
    from cli.stack_file import settings_for
    from intake.body_statuses import body_statuses
    from intake.statuses import Status
    from workflows import case_queries as cases_api

    roster = load_roster_for(settings_for(state_dir))
    today = date.today()
    year = year or today.year - 1
    cases = await cases_api.list_cases(client, None, year, county)
    return [r for r in body_statuses(roster, cases, year, today, county) if r.status == Status.LATE]
