"""Layout text (`pdftotext -layout`): a column header wrapped over lines (`本年收费` / `金额（单`
/ `位：万元` / `）`) continues the header line above it, but the row label on the next line,
its row left blank (`行业事业性收费` with no number), is a row of its own, not a piece of the
header's `信息内容` cell (readers/layout.py `_merge_headers`). Joined to the header, the label
read as reassembled and its nonstandard wording was never told."""

from __future__ import annotations

from annual_report.extract.tables import TableRegions, extract_tables
from annual_report.model import Tables
from annual_report.readers.text import read_text

T1 = """二、主动公开政府信息情况

第二十条第（一）项
信息内容          本年制发  本年废止  现行有效
                      件数      件数      件数
规章                     0         0         0
行政规范性文件           1         0        15
第二十条第（五）项
信息内容          本年处理
                  决定数量
行政许可                 0
第二十条第（六）项
信息内容          本年处理
                  决定数量
行政处罚                 0
行政强制                 0
第二十条第（八）项
信息内容          本年收费
                  金额（单
                  位：万元
                        ）
{fees}

三、收到和处理政府信息公开申请情况
"""


def _read(fees: str) -> Tables:
    return extract_tables(read_text(T1.format(fees=fees).encode()).blocks, TableRegions())


def test_a_blank_row_under_a_wrapped_header_keeps_its_own_label() -> None:
    t = _read("行业事业性收费")
    assert [c.value for c in t.active_disclosure["fees"].values()] == [None]
    assert [(x.key, x.found, x.reading) for x in t.labels] == [("fees", "行业事业性收费", "clean")]
    blocks = read_text(T1.format(fees="行业事业性收费").encode()).blocks
    assert any(b.cells[:2] == ["信息内容", "本年收费金额（单位：万元）"] for b in blocks)


def test_the_official_label_of_a_blank_row_is_no_finding() -> None:
    t = _read("行政事业性收费")
    assert [c.value for c in t.active_disclosure["fees"].values()] == [None] and t.labels == []


def test_a_row_with_its_number_under_a_wrapped_header() -> None:
    t = _read("行业事业性收费           3")
    assert [c.value for c in t.active_disclosure["fees"].values()] == [3]
    assert [(x.key, x.found) for x in t.labels] == [("fees", "行业事业性收费")]


def test_a_blank_rows_label_wrapped_under_a_wrapped_header_is_joined() -> None:
    t = _read("行政事业\n性收费")
    assert [c.value for c in t.active_disclosure["fees"].values()] == [None]
    assert [x.found for x in t.labels if x.reading == "clean"] == []  # ours joined: no wording finding
    blocks = read_text(T1.format(fees="行政事业\n性收费").encode()).blocks
    assert any(b.cells[:2] == ["信息内容", "本年收费金额（单位：万元）"] for b in blocks)


def test_short_lines_that_make_no_row_label_stay_apart() -> None:
    blocks = read_text(T1.format(fees="行政事业性收费\n单位\n盖章").encode()).blocks
    assert [b.cells[0] for b in blocks[-3:]] == ["单位", "盖章", "三、收到和处理政府信息公开申请情况"]


def test_one_cell_per_line_a_group_label_its_row_label_and_numbers_stay_a_row() -> None:
    """Word's text export without tabs: short lines one after another that are no wrapped label
    (a group label, the row's label, its first number) are not joined as one."""
    head = ["三、收到和处理政府信息公开申请情况", "申请人情况", "自然人", "法人或其他组织", "总计"]
    head += ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]
    rows = ["一、本年新收政府信息公开申请数量", "2", "0", "0", "0", "0", "0", "2", ""]
    rows += ["三、本年度办理结果", "（一）予以公开", "2", "0", "0", "0", "0", "0", "2", ""]
    rows += ["（三）不予公开", "1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0", ""]
    t = extract_tables(read_text("\n".join([*head, *rows]).encode()).blocks, TableRegions())
    assert [c.value for c in t.applications["granted"]] == [2, 0, 0, 0, 0, 0, 2]
    assert [c.value for c in t.applications["withheld_state_secret"]] == [0] * 7
    assert t.ambiguities == []


def test_layout_rebuild_joins_no_group_label_row_label_or_number() -> None:
    from annual_report.readers import layout

    cells = ["三、本年度办理结果", "（一）予以公开", "2", "0", "（三）不予公开", "1.属于国家秘密", "０", "0"]
    items, _ = layout.rebuild(list(enumerate(cells, 1)))
    assert [text for _, text, _ in items] == cells
    pipes = ["||", "行政许可 |", "0 |", "||", "行政处罚 |"]  # one cell per line ending in a bar
    assert [text for _, text, _ in layout.rebuild(list(enumerate(pipes, 1)))[0]] == pipes
    items, _ = layout.rebuild(list(enumerate(["行政事业", "性收费", "", "行政", "强制"], 1)))
    assert [(text, rebuilt) for _, text, rebuilt in items] == [("行政事业性收费", True), ("", False), ("行政强制", True)]
