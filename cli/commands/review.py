from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # imported when the command runs: `intake --help` stays fast
    from temporalio.client import Client

    from workflows.contracts import CaseView

ACTIONS = ["approve", "return", "reject", "claim", "release", "reassign", "withdraw", "match", "dismiss"]


@click.command()
@click.argument("case_id")
@click.argument("action", type=click.Choice(ACTIONS))
@click.option("--as", "login", required=True, help="The reviewer's login.")
@click.option(
    "--comment",
    default=None,
    help="Required to return (what to fix), reject or dismiss (why), and to approve a report that still has errors.",
)
@click.option("--seq", type=int, default=None, help="The submission you reviewed; refused if a newer one arrived.")
@click.option("--to", "to", default=None, help="reassign: the reviewer who takes the case over (the head only).")
@click.option("--body", default=None, help="match: the roster body an unverified submission belongs to.")
@click.option("--year", type=int, default=None, help="match: the report's year, when it could not be read.")
@click.option("--json", "as_json", is_flag=True)
@click.option("--state-dir", type=click.Path(path_type=Path), default=Path("var"), show_default=True)
def review(
    case_id: str,
    action: str,
    login: str,
    comment: str | None,
    seq: int | None,
    to: str | None,
    body: str | None,
    year: int | None,
    as_json: bool,
    state_dir: Path,
) -> None:
    """Act on a case as a reviewer: decide it (approve / return / reject), claim, release or
    reassign it, withdraw a decision not yet mailed, or match / dismiss an unverified
    submission. Refused (exit 1, with the reason) when LOGIN may not do it."""
    from adapters.temporal import connect
    from cli.stack_file import settings_for
    from workflows import case_queries as cases_api

    act = _action(action, case_id, login, comment, seq, to, body, year)

    async def go() -> CaseView:
        return await act(await connect(settings_for(state_dir).temporal))

    try:
        view = asyncio.run(go())
    except cases_api.CaseNotFound:
        click.echo(f"没有找到案件 {case_id}", err=True)
        sys.exit(1)
    except cases_api.DecisionRefused as exc:
        click.echo(f"拒绝：{exc}", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(view.model_dump(mode="json"), ensure_ascii=False))
    else:
        click.echo(f"{case_id}: {view.status}  审核人：{view.reviewer or '未分派'}")


def _action(
    action: str, case_id: str, login: str, comment: str | None, seq: int | None, to: str | None, body: str | None, year: int | None
) -> Callable[[Client], Awaitable[CaseView]]:
    """The case API call ACTION makes; a usage error, before connecting, when an option it needs is missing."""
    from workflows import case_queries as cases_api
    from workflows.contracts import Decision

    if action in ("approve", "return", "reject"):
        return partial(cases_api.decide, case_id=case_id, decision=Decision(action=action, login=login, comment=comment, seq=seq))
    if action == "claim":
        return partial(cases_api.claim, case_id=case_id, login=login)
    if action == "release":
        return partial(cases_api.release, case_id=case_id, login=login)
    if action == "withdraw":
        return partial(cases_api.withdraw, case_id=case_id, login=login)
    if action == "reassign":
        return partial(cases_api.reassign, case_id=case_id, login=login, to=_needed(to, "reassign needs --to LOGIN"))
    if action == "match":
        return partial(cases_api.match_body, case_id=case_id, login=login, body=_needed(body, "match needs --body NAME"), year=year)
    if comment is None or not comment.strip():
        raise click.UsageError("dismiss needs --comment (the reason is mailed to the sender)")
    return partial(cases_api.dismiss, case_id=case_id, login=login, comment=comment)


def _needed(value: str | None, usage: str) -> str:
    if not value:
        raise click.UsageError(usage)
    return value
