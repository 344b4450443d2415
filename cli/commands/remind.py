from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import click


@click.command()
@click.option("--county", required=True, help="The county whose bodies are reminded.")
@click.option("--body", "bodies", multiple=True, help="Only this body (repeatable); default: every body not yet submitted or returned.")
@click.option("--year", type=int, default=None, help="The report year (default: last year).")
@click.option("--as", "login", required=True, help="The reviewer's or head's login (recorded in the audit trail).")
@click.option("--json", "as_json", is_flag=True)
@click.option("--state-dir", type=click.Path(path_type=Path), default=Path("var"), show_default=True)
def remind(county: str, bodies: tuple[str, ...], year: int | None, login: str, as_json: bool, state_dir: Path) -> None:
    """催报: mail the clerks of the bodies whose report for YEAR is missing (not submitted, or
    returned and not corrected). Once per body per day: a second run the same day sends
    nothing. Refused (exit 1) when LOGIN is not a reviewer or the head of COUNTY."""
    from datetime import UTC, date, datetime

    from adapters.settings import load_roster_for
    from adapters.temporal import connect
    from cli.stack_file import settings_for
    from intake.body_statuses import body_statuses
    from workflows import case_queries as cases_api
    from workflows.reminders_client import OUTCOME_ZH
    from workflows.reminders_client import remind as start_reminders

    settings = settings_for(state_dir)
    roster = load_roster_for(settings)
    if roster.county(county) is None:
        click.echo(f"拒绝：名单中没有“{county}”", err=True)
        sys.exit(1)
    if not roster.may_decide(login, county):
        click.echo(f"拒绝：{login} 不是{county}的审核人或负责人，不能催报", err=True)
        sys.exit(1)
    today = date.today()
    year = year or today.year - 1
    county_name = roster.county(county).name  # type: ignore[union-attr]  # checked above

    async def go():
        client = await connect(settings.temporal)
        cases = await cases_api.list_cases(client, None, year, county_name)
        rows = body_statuses(roster, cases, year, today, county_name)
        unknown = [b for b in bodies if b not in {r.organization for r in rows}]
        if unknown:
            raise click.UsageError(f"{county_name}的名单中没有：{'、'.join(unknown)}")
        if bodies:
            rows = [r for r in rows if r.organization in bodies]
        return await start_reminders(client, settings.temporal.task_queue, rows, login, datetime.now(UTC))

    outcomes = asyncio.run(go())
    if as_json:
        click.echo(json.dumps([o.model_dump(mode="json") for o in outcomes], ensure_ascii=False))
        return
    for o in outcomes:
        click.echo(f"{o.organization}: {OUTCOME_ZH[o.outcome]}")
