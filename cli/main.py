"""The `intake` console script.

Each subcommand lives in its own module under `cli/commands/` and is imported lazily, so
`intake check` starts fast and never imports Temporal or boto3.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys

import click

# name -> (module, attribute, one-line help shown by `intake --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "check": ("cli.commands.check", "check", "Check report files locally (no server needed)."),
    "up": ("cli.commands.up", "up", "Start the whole local stack and keep it running."),
    "submit": ("cli.commands.submit", "submit", "Put a file into the intake bucket."),
    "cases": ("cli.commands.cases", "cases", "List cases."),
    "case": ("cli.commands.cases", "case", "Show one case."),
    "review": ("cli.commands.review", "review", "Record a reviewer's decision on a case."),
    "remind": ("cli.commands.remind", "remind", "催报: remind the bodies whose report is missing."),
    "audit": ("cli.commands.audit", "audit", "Audit trail tools (verify)."),
    "admin": ("cli.commands.admin", "admin", "Operator tasks on a real Temporal cluster (schema upgrade, namespace)."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name, (mod, _, _) in COMMANDS.items() if _module_exists(mod)]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        mod, attr, _ = COMMANDS[name]
        try:
            module = importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name == mod:
                return None
            raise
        return getattr(module, attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _module_exists(mod: str) -> bool:
    return importlib.util.find_spec(mod) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """report-intake: intake and checking of township annual reports (政府信息公开工作年度报告)."""


def entry() -> None:
    """The console script. A command that used a Temporal client ends with os._exit: the
    SDK's Rust threads can outlive the event loop and abort CPython's finalization
    ("PyGILState_Release: thread state … must be current", temporalio/sdk-python#300),
    which would turn a successful `intake cases` into a SIGABRT."""
    try:
        main()
        code: int = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    # Only a command that imported the Temporal adapter can have made a client; importing it
    # here otherwise would cost every `intake check` the SDK's import time (≈ 0.3 s).
    temporal_client = sys.modules.get("adapters.temporal")
    if temporal_client is not None and temporal_client.connected():
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    entry()
