"""One row per fault, and the table the suite prints (also pasted into the README)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Row:
    fault: str
    inputs: int = 0
    submissions: int = 0  # distinct document workflows that completed
    expected: int | None = None  # submissions the inputs should make (None: one per input)
    duplicates: int = 0  # extra workflows for the same content, plus mails sent twice
    mails: int = 0
    lost: int = 0  # inputs with no completed workflow by the deadline
    stuck: int = 0  # cases still "checking" (held) after the deadline
    orphans: int = 0  # processes that outlived their parent
    audit: bool | None = None
    failures: list[str] = field(default_factory=list)  # scenario-specific checks that failed

    @property
    def ok(self) -> bool:
        want = self.inputs if self.expected is None else self.expected
        return (
            not self.failures
            and self.lost == 0
            and self.duplicates == 0
            and self.stuck == 0
            and self.orphans == 0
            and self.audit is not False
            and (self.submissions == want or self.inputs == 0)
        )


COLUMNS = ("fault", "inputs", "submissions", "duplicates", "mails", "lost", "stuck", "orphans", "audit", "result")


def table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join("---" for _ in COLUMNS) + "|"]
    for r in rows:
        want = r.inputs if r.expected is None else r.expected
        subs = f"{r.submissions}" + (f" (of {want})" if r.submissions != want and r.inputs else "")
        audit = {None: "–", True: "ok", False: "BROKEN"}[r.audit]
        result = "pass" if r.ok else "FAIL: " + ("; ".join(r.failures) or "see counts")
        cells = (r.fault, r.inputs, subs, r.duplicates, r.mails, r.lost, r.stuck, r.orphans, audit, result)
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines)
