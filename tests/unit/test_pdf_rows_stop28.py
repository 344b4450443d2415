"""Borderless PDF tables read from word positions (readers/pdfrows.py), session of 2 December,
28th stop: the last row of a page whose label starts with its numbering is whole as the report
wrote it, so a label the report itself cut short (`一、本年新收政府信息公开申请`) is claimed."""

from __future__ import annotations

import pytest

from accuracy.cli import run_case
from accuracy.generate import make_case
from annual_report.readers.layout_lines import Line, Piece
from annual_report.readers.pdfrows import rebuild

_SEVEN = [70.5, 80.3, 90.2, 100.0, 109.8, 119.7, 129.5]
_ZEROS = ["0"] * 7
_PITCH = 10.0  # a cell's line spacing
_ROW = 26.0  # one row to the next


def _line(k: int, text: str | None, values: bool) -> Line:
    pieces = [Piece(10, 10 + 2 * len(text), text)] if text else []
    return Line(k, pieces, list(_ZEROS) if values else [], 69 if values else None, _SEVEN if values else None)


def _table(labels: list[list[str]], valign: str) -> tuple[list[Line | None], list[float]]:
    """Rows of table 2, each label wrapped over its lines, the numbers at the cell's top, middle
    or bottom line (or between two lines of an even count, centred)."""
    lines: list[Line | None] = []
    tops: list[float] = []
    y = 100.0
    for label in labels:
        at = {"top": 0.0, "bottom": len(label) - 1.0}.get(valign, (len(label) - 1) / 2)
        rows = sorted([(n * _PITCH, text, False) for n, text in enumerate(label)] + [(at * _PITCH, None, True)], key=lambda r: r[0])
        merged: list[tuple[float, str | None, bool]] = []
        for dy, text, values in rows:
            if merged and abs(merged[-1][0] - dy) < 0.1:  # the numbers on a label line
                merged[-1] = (dy, merged[-1][1] or text, True)
            else:
                merged.append((dy, text, values))
        for dy, text, values in merged:
            lines.append(_line(len(lines), text, values))
            tops.append(y + dy)
        y += (len(label) - 1) * _PITCH + _ROW
    return lines, tops


def _rows(lines: list[Line | None], tops: list[float]) -> list[tuple[str, bool]]:
    items = rebuild(lines, tops, [t + 8.0 for t in tops], [8.0] * len(tops))
    return [(payload[0], again) for _, payload, again in items if isinstance(payload, list)]


_CUT = ["一、本年新收政府信息公开申", "请"]  # the report cut 数量 off its label
_NEXT = ["（一）予以公开"]
_LONG = ["（二）部分公开（区分处理", "的，只计这一情形，不计", "其他情形）"]


@pytest.mark.parametrize("valign", ["top", "centre", "bottom"])
@pytest.mark.parametrize("before", [[], [_NEXT], [_LONG, _NEXT]])
def test_the_last_row_of_a_page_is_whole_from_its_numbering(valign: str, before: list[list[str]]) -> None:
    lines, tops = _table([*before, _CUT], valign)
    rows = _rows([*lines, None], [*tops, 800.0])  # a page number (no table line) at the foot
    assert rows[-1] == ("一、本年新收政府信息公开申请", False)


@pytest.mark.parametrize("valign", ["top", "centre", "bottom"])
def test_a_last_row_with_lines_after_it_on_its_page_stays_reassembled(valign: str) -> None:
    # the page goes on after the table (a note, prose): the last label's end is not sure
    lines, tops = _table([_NEXT, _CUT], valign)
    note = Line(len(lines), [Piece(10, 40, "本表由办公室填报")], [], None)
    rows = _rows([*lines, note], [*tops, 400.0])
    assert rows[-1] == ("一、本年新收政府信息公开申请", True)


def test_a_last_row_without_its_numbering_stays_reassembled() -> None:
    # `行政事业性` / `收费`: no numbering says where its label starts
    lines, tops = _table([["行政处罚"], ["行政事业性", "收"]], "centre")
    rows = _rows([*lines, None], [*tops, 800.0])
    assert rows[-1] == ("行政事业性收", True)


# Harness cases: a label the injected fault cut at its end, in the last row of a page (its
# lines joined, or a one-line label in a stretch with wrapped ones), was not claimed.
FOUND = [
    ("pdf_partial", 1000549),  # 一、本年新收政府信息公开申 / 请, the page's last row
    ("pdf_partial", 25000003),  # 1.信访举报投诉类, the page's last row
    ("pdf_word", 49000060),  # a rest atop the page above `（六` / `）其他处理` (the test above)
]


@pytest.mark.parametrize(("family", "seed"), FOUND, ids=[f"{f}-{s}" for f, s in FOUND])
def test_harness_cases_found_wrong_are_read_exactly(family: str, seed: int) -> None:
    score, _, _, _ = run_case(make_case(seed, family))
    assert score["passed"], "\n".join(score["diffs"][:12])


def _at(k: int, start: int, text: str | None, values: bool) -> Line:
    pieces = [Piece(start, start + 2 * len(text), text)] if text else []
    return Line(k, pieces, list(_ZEROS) if values else [], 69 if values else None, _SEVEN if values else None)


@pytest.mark.parametrize("rest", [["政机关确认或重新出具已获取信息"], ["政机关", "确认或", "重新出", "具已获", "取信息"]])
def test_a_rest_atop_the_page_is_no_part_of_a_first_row_whose_numbering_its_cell_wrapped(rest: list[str]) -> None:
    """2019 table 2 at a page's top (pdf_word-49000060, fresh seed 49): the rest of `5.要求行…`
    the break cut, in the sub-rows' column, then `（六` beside its numbers and `）其他处理` under
    them (the numbering's `）` wrapped). The rest is no part of （六）其他处理 (it was read as
    政机关确认或重新出具已获取信息（六）其他处理: a false cell.missing for the row)."""
    lines = [_at(n, 34, text, False) for n, text in enumerate(rest)]
    n = len(rest)
    lines += [
        _at(n, 25, "（六", True),
        _at(n + 1, 25, "）其他处理", False),
        _at(n + 2, 25, "（七）总计", True),
        _at(n + 3, 16, "四、结转下年度继续办理", True),
    ]
    tops = [104.2 + 12.25 * k for k in range(len(lines))]
    items = rebuild([*lines, None], [*tops, 800.0], [t + 10.5 for t in tops] + [810.0], [10.5] * (len(lines) + 1))
    assert (0, "".join(rest), True) in items
    labels = [payload[0] for _, payload, _ in items if isinstance(payload, list)]
    assert labels == ["（六）其他处理", "（七）总计", "四、结转下年度继续办理"]
