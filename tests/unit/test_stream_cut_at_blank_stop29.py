"""A table's cells joined by bare bars (`a|b||c`) and the stream cut into lines at cell
boundaries: a line that opens with a bar opens with an empty cell (`…|0` / `|0|0…`: the blank
fell first on its line). Before, the line was taken for the start of something else, the run
of cells ended there and table 3 was one line short: a false table.ambiguous and a missed
cell.missing (stream-73001400)."""

from __future__ import annotations

import pytest

from annual_report.extract.tables import TableRegions, extract_tables
from annual_report.model import Tables
from annual_report.readers.text import read_text

T3_HEAD = [
    "行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉",
    *["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
]  # fmt: skip
HEADING = "四、政府信息公开行政复议、行政诉讼情况"
AFTER = "五、存在的主要问题及改进情况\n政策解读形式较为单一。"


def _read(text: str) -> Tables:
    return extract_tables(read_text(text.encode()).blocks, TableRegions())


def _appeals(t: Tables) -> list[object]:
    return [c.value for row in t.appeals.values() for c in row]


@pytest.mark.parametrize("blank_at", [7, 10, 12])
def test_a_cut_line_that_opens_with_the_blank_cell(blank_at: int) -> None:
    values = [str(v) for v in (2, 0, 0, 1, 3, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1)]
    values[blank_at] = ""
    cells = [*T3_HEAD, *values]
    cut = len(T3_HEAD) + blank_at  # the stream cut right before the blank
    lines = ["|".join(cells[: len(T3_HEAD) - 5]), "|".join(cells[len(T3_HEAD) - 5 : cut]), "|".join(cells[cut:])]
    assert lines[2].startswith("|")
    t = _read("\n".join([HEADING, *lines, AFTER]))
    want: list[object] = [int(v) if v else None for v in values]
    assert _appeals(t) == want
    assert t.ambiguities == []
