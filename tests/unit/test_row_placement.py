"""extract/placement.py: a table-2 row printed with fewer numbers than columns is placed by
the table's arithmetic only when that arithmetic leaves one placement and refutes the others
with equations it confirms; otherwise the row stays one table.ambiguous (never a guess)."""

from __future__ import annotations

from accuracy.generate import make_case
from accuracy.render import render
from annual_report.check import check_bytes
from annual_report.extract.placement import blank_position

N = 7


def _checked(family: str, seed: int):
    case = make_case(seed, family)
    data, ext = render(case)
    return case, check_bytes(data, f"{case.name}.{ext}")


def test_blank_total_placed_when_every_other_column_refutes_a_shift() -> None:
    needed = [[2], [0], [1], [0], [0], [2], [5]]  # 一+二−（七） per column; 5 = the row's own sum
    assert blank_position([2, 0, 1, 0, 0, 2], needed) == 6


def test_zero_row_stays_open_every_placement_reads_the_same() -> None:
    assert blank_position([0] * 6, [[0]] * N) is None


def test_fault_hidden_in_the_blank_column_does_not_confirm_a_placement() -> None:
    # The document's own error makes column 总计 require −2: only "blank at 总计" holds, but
    # nothing it confirms refutes a blank elsewhere (all zeros), so the row is not placed.
    assert blank_position([0] * 6, [[0]] * 6 + [[-2]]) is None


def test_no_placement_holds_when_the_arithmetic_is_broken_everywhere() -> None:
    assert blank_position([2, 0, 1, 0, 0, 2], [[9]] * N) is None


def test_columns_without_equations_leave_it_open() -> None:
    assert blank_position([2, 0, 1, 0, 0, 2], [[]] * N) is None


def test_blank_inside_the_row_placed_when_the_row_total_confirms_its_column() -> None:
    needed = [[3], [1], [4], [1], [5], [9], [23]]
    assert blank_position([3, 4, 1, 5, 9, 23], needed) == 1  # 23 − (3+4+1+5+9) = 1, as column 2 requires


def test_blank_not_placed_when_the_row_total_disagrees_with_its_column() -> None:
    needed = [[3], [1], [4], [1], [5], [9], [23]]
    assert blank_position([3, 4, 1, 5, 9, 24], needed) is None  # the row's 总计 says 2, the column 1


def test_two_blanks_never_placed() -> None:
    assert blank_position([3, 4, 1, 5, 9], [[3], [1], [4], [1], [5], [9], [23]]) is None


def test_stream_row_with_an_unprinted_blank_total_reads_as_the_document_wrote_it() -> None:
    # A 2019 report with 2021 tables, one cell per line: the 结转 row's blank 总计 is an empty
    # line that looks like the paragraph break after the table (6 numbers for 7 columns).
    _case, result = _checked("stream", 1001227)
    cells = [c.value for c in result.report.tables.applications["carried_forward"]]
    assert cells == [2, 0, 1, 0, 0, 2, None]
    rules = [(f.rule, f.row) for f in result.findings if f.table == "applications"]
    assert ("cell.missing", "carried_forward") in rules
    assert not any(rule == "table.ambiguous" for rule, _ in rules)


def test_stream_row_whose_blank_the_arithmetic_cannot_place_stays_one_warning() -> None:
    # 4.无正当理由大量反复申请 all zeros, its blank not printed, and a total off in another row
    _case, result = _checked("stream", 1000425)
    assert [(f.rule, f.row) for f in result.findings if f.rule == "table.ambiguous"] == [("table.ambiguous", "not_processed_excessive")]
    assert [c.value for c in result.report.tables.applications["not_processed_excessive"]] == [None] * N
