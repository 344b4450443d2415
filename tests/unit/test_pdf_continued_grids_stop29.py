"""A table continued on the next page is re-gridded on the union of both parts' column edges
(pdfcontinued._align_continued_grids). Two edges of one part are two columns however close:
the next table right under table 2's rest (no heading between, one grid on that page) brings
column edges a few points from table 2's (133.0 beside 127.2, 487.0 beside 483.6). Merged into
one union edge, two cells of one row fell into one column and the later, empty, overwrote the
first: table 2's 总计 column and the `（七）总计` label were lost (pdf_word-49000050, a false
cell.missing and table.ambiguous on every row of the page)."""

from __future__ import annotations

from annual_report.document import Block
from annual_report.model import Source
from annual_report.readers.pdfcontinued import _align_continued_grids, _Grid

_FIRST = [74.0, 127.2, 164.0, 286.7, 319.5, 483.6]
_SECOND = [74.0, 103.5, 127.2, 133.0, 163.2, 286.7, 319.5, 483.6, 487.0]  # table 3 below adds 103.5, 133.0, 487.0


def _row(page: int, cells: list[str]) -> Block:
    return Block("row", cells, Source(page=page))


def _last(row: Block) -> int:
    return max(k for k, c in enumerate(row.cells) if c)


def test_close_edges_of_one_part_stay_two_columns() -> None:
    first = [_row(2, ["", "（六", "1.申请人无正当理由逾期不补正", "0", "0", "0"])]
    second = [
        _row(3, ["", "", "", "", "3.其他", "0", "0", "0", ""]),
        _row(3, ["", "", "（七）总计", "", "", "2", "0", "2", ""]),
        _row(3, ["0", "0", "", "0", "0", "0", "0", "", "2"]),  # table 3's row
    ]
    a = _Grid(2, first, list(_FIRST), 74.0, 516.4)
    b = _Grid(3, second, list(_SECOND), 74.0, 516.5)
    _align_continued_grids(first + second, [a, b])
    assert len({len(r.cells) for r in first + second}) == 1
    width = len(second[0].cells)
    assert width == len(_SECOND)
    assert [c for c in first[0].cells if c] == ["（六", "1.申请人无正当理由逾期不补正", "0", "0", "0"]
    assert [c for c in second[0].cells if c] == ["3.其他", "0", "0", "0"]
    assert [c for c in second[1].cells if c] == ["（七）总计", "2", "0", "2"]
    assert [c for c in second[2].cells if c] == ["0", "0", "0", "0", "0", "0", "2"]
    # the parts' common edges are one column: 总计 under 总计, the group under the group
    assert first[0].cells.index("0") == second[1].cells.index("2")
    assert _last(first[0]) == _last(second[1]) == _last(second[0])
    assert first[0].cells.index("（六") == second[1].cells.index("（七）总计")


def test_the_harness_case_it_was_found_with_is_read_exactly() -> None:
    from accuracy.cli import run_case
    from accuracy.generate import make_case

    score, _, _, _ = run_case(make_case(49000050, "pdf_word"))
    assert score["passed"], "\n".join(score["diffs"][:12])
