"""The rule registry: every validation rule registers itself with its id and severity.

A rule is a plain function `(report, previous) -> Iterable[Hit]`. It says *where* and *what*
(a `Hit`); the registry adds the rule id and severity, so a rule's severity lives in exactly
one place (its decorator) and `intake` can list the rules from `RULES`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from annual_report.model import Report, Severity
from annual_report.rules.messages import Hit

RuleFunc = Callable[[Report, "Report | None"], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    func: RuleFunc
    module: str  # e.g. "arithmetic"
    summary: str  # one line, Chinese, what the rule checks (for `intake` listings)
    needs_previous: bool = False  # cross-year rules run only when last year's report is given


RULES: list[Rule] = []


def rule(rule_id: str, severity: Severity, summary: str, *, needs_previous: bool = False) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under `rule_id` with `severity`."""

    def register(func: RuleFunc) -> RuleFunc:
        if any(r.id == rule_id for r in RULES):
            raise ValueError(f"rule {rule_id} registered twice")
        module = func.__module__.rsplit(".", 1)[-1]
        RULES.append(Rule(rule_id, severity, func, module, summary, needs_previous))
        return func

    return register
