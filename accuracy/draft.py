"""The mutable draft of one generated report: every random choice the generator and the fault
injector make, before the neutral document is assembled from it."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from accuracy.model import Expect, Number
from accuracy.wording import Body
from annual_report import catalog


@dataclass
class Draft:
    rng: random.Random
    family: str
    body: Body
    year: int
    template: str
    t1: dict[str, dict[str, Number | None]]
    t2: dict[str, list[int | None]]
    t3: dict[str, list[int | None]]
    raw: dict[tuple, str] = field(default_factory=dict)  # printed text of a cell that is not its value
    labels: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, row) -> the document's wording
    absent: set[str] = field(default_factory=set)  # sections left out altogether
    lost_headings: set[str] = field(default_factory=set)  # sections whose heading a converter dropped
    fee: str | None = None  # section 六's 信息处理费 statement
    apps_sentence: str | None = None  # overrides the overview's sentence on applications
    appeals_sentence: str | None = None
    ambiguous_rows: set[tuple[str, str]] = field(default_factory=set)
    extra: list[Expect] = field(default_factory=list)  # findings the faults call for beyond the tables'
    notes: list[str] = field(default_factory=list)
    web_sep: str = ""  # web text: what separates cells ("": nothing, " ": a space)
    signed: bool = True  # a signature (body, date) ends the report

    @property
    def cell_faults_ok(self) -> bool:
        """Families where a blank or broken cell stays where it was (not web-flattened text,
        whose digits are split by the tables' arithmetic)."""
        return self.family != "web"

    def t2_total(self, key: str) -> int | None:
        return self.t2[key][6]

    def appeal_total(self, key: str) -> int | None:
        return self.t3[key][4]

    def litigation_total(self) -> int | None:
        a, b = self.t3["litigation_direct"][4], self.t3["litigation_after_reconsideration"][4]
        return None if a is None or b is None else a + b

    def result_rows(self) -> tuple[str, ...]:
        return catalog.RESULT_ROWS[self.template]
