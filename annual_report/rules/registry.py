"""The rule registry: every validation rule registers itself with its id and severity.

A rule is a plain function `(report, previous) -> Iterable[Hit]`. It says *where* and *what*
(a `Hit`); the registry adds the rule id and severity, so a rule's severity lives in exactly
one place (its decorator) and `intake` can list the rules from `RULES`.

Every rule id of `spec/check-output.md` is registered. Rules the product adds beyond the
contract's tables (it allows "More rules the product needs") are listed in `EXTRA_RULES`
with their basis, so that a reader of the contract knows where they come from:

| rule | severity | when |
|---|---|---|
| table.ambiguous | warning | a table row (or table 3 as a whole) holds numbers the reader cannot place without guessing: a flattened digit run that splits more than one way (or none) under the table's arithmetic, a row with more or fewer numbers than columns, a row that appears twice. Its cells stay empty and are not also reported as cell.missing. |
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

# Rule ids beyond the contract's tables -> why the product needs them (see the module docstring).
EXTRA_RULES: dict[str, str] = {
    "table.ambiguous": "issue 4: an ambiguous split of flattened digits is reported, not guessed; the clerk "
    "must learn which row could not be read",
}


def rule(rule_id: str, severity: Severity, summary: str, *, needs_previous: bool = False) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under `rule_id` with `severity`."""

    def register(func: RuleFunc) -> RuleFunc:
        if any(r.id == rule_id for r in RULES):
            raise ValueError(f"rule {rule_id} registered twice")
        module = func.__module__.rsplit(".", 1)[-1]
        RULES.append(Rule(rule_id, severity, func, module, summary, needs_previous))
        return func

    return register
