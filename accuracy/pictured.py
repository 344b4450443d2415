"""Saved web pages whose three tables are pictures (`<img>` where the tables stand), as many
government sites publish them: the text is the report's, the figures are screenshots. A
correct checker cannot read a cell and says so once: one `table.missing` naming the tables
as pictures (“表格是图片”), instead of a finding per table or per cell."""

from __future__ import annotations

from accuracy.model import Case, Expect

PICTURED_SHARE = 0.1  # of the html family's cases


def picture_tables(case: Case) -> None:
    """Make the case's tables pictures: nothing of them can be read or checked, so no finding
    about their cells, labels, arithmetic or template is due, and none about a narrative that
    could only be checked against them; one table.missing is."""
    t = case.truth
    t.active_disclosure, t.applications, t.appeals = {}, {}, {}
    t.ambiguous_rows = set()
    table_bound = ("template.mismatch", "narrative.conflict")
    t.expected = [e for e in t.expected if e.table is None and e.rule not in table_bound]
    t.expected.append(Expect("table.missing", "active_disclosure"))
    t.notes.append("html: the three tables are pictures (<img>)")
    case.render["pictured"] = True
