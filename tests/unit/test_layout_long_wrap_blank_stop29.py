"""Layout text (`pdftotext -layout`) with table 2's labels wrapped in a narrow column: the
longest label (`1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请`) takes eight
lines, seven without numbers above the one with them. A row with a blank cell gets the blank
back from the columns of the rows around it (readers/layout.py `align_blanks`); those lines of
label pieces are no gap between tables, and the row is not cut off from its table's rows (it
read as six numbers for seven cells: a false table.ambiguous, the blank cell.missing missed)."""

from __future__ import annotations

from annual_report import catalog
from annual_report.extract.tables import TableRegions, extract_tables
from annual_report.model import Tables
from annual_report.readers.layout_lines import display_width
from annual_report.readers.text import read_text

_LABEL = 22  # display columns of the label column
_CELL = 8  # display columns of a number's cell


def _wrap(label: str, chars: int) -> list[str]:
    return [label[k : k + chars] for k in range(0, len(label), chars)]


def _row(label: str, values: list[int | None], chars: int) -> list[str]:
    pieces = _wrap(label, chars)
    cells = "".join(("" if v is None else str(v)).rjust(_CELL) for v in values)
    last = pieces[-1] + " " * (_LABEL - display_width(pieces[-1]))
    return pieces[:-1] + [last + cells]


def _text(blank_key: str, chars: int) -> str:
    lines = [
        "三、收到和处理政府信息公开申请情况",
        "",
        " " * _LABEL + "".join(h.rjust(_CELL - 1) + " " for h in ("自然", "商业", "科研", "公益", "法律", "其他", "总计")),
    ]
    for row in catalog.table2_rows("2021"):
        values: list[int | None] = [0] * 7
        if row.key == blank_key:
            values[3] = None
        lines += _row(row.label, values, chars)
    lines += ["", "四、政府信息公开行政复议、行政诉讼情况", ""]
    return "\n".join(lines)


def _read(blank_key: str, chars: int) -> Tables:
    return extract_tables(read_text(_text(blank_key, chars).encode()).blocks, TableRegions())


def test_a_blank_cell_under_a_label_wrapped_over_eight_lines_is_put_back() -> None:
    t = _read("other_no_correction", 4)
    assert [c.value for c in t.applications["other_no_correction"]] == [0, 0, 0, None, 0, 0, 0]
    assert not t.ambiguities, t.ambiguities


def test_a_blank_cell_under_a_short_wrapped_label_is_put_back() -> None:
    t = _read("granted", 4)
    assert [c.value for c in t.applications["granted"]] == [0, 0, 0, None, 0, 0, 0]
    assert not t.ambiguities, t.ambiguities
