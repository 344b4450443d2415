"""Tables copied from web pages as a stream of cells, row boundaries lost (readers/cellstream.py,
readers/streamrows.py): small hand-written streams in each shape seen on published sites."""

from __future__ import annotations

from annual_report.extract.tables import TableRegions, extract_tables
from annual_report.model import Tables
from annual_report.readers import cellstream
from annual_report.readers.text import read_text


def _numbers(row: str) -> list[str]:
    return row.split()


T1 = [
    "第二十条第(一)项",
    "信息内容",
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "规章",
    "0",
    "0",
    "0",
    "行政规范性文件",
    "4",
    "",  # a blank cell
    "32",
    "第二十条第(五)项",
    "信息内容",
    "本年处理决定数量",
    "行政许可",
    "208",
    "第二十条第(六)项",
    "信息内容",
    "本年处理决定数量",
    "行政处罚",
    "15",
    "行政强制",
    "0",
    "第二十条第(八)项",
    "信息内容",
    "本年收费金额(单位:万元)",
    "行政事业性收费",
    "0",
]
T2_HEAD = [
    "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)",
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "总计",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
]
T2_ROWS = [
    "一、本年新收政府信息公开申请数量",
    *_numbers("3 1 0 0 0 0 4"),
    "二、上年结转政府信息公开申请数量",
    *_numbers("0 0 0 0 0 0 0"),
    "三、本年度办理结果",
    "(一)予以公开",
    *_numbers("2 1 0 0 0 0 3"),
    "(三)不予公开",
    "1.属于国家秘密",
    *_numbers("0 0 0 0 0 0 0"),
]
BEFORE = "二、主动公开政府信息情况"
AFTER = "四、政府信息公开行政复议、行政诉讼情况\n本年度未发生行政复议、行政诉讼。"


def _read(text: str) -> Tables:
    doc = read_text(text.encode())
    return extract_tables(doc.blocks, TableRegions())


def _t1(t: Tables) -> dict[str, list[object]]:
    return {row: [c.value for c in cells.values()] for row, cells in t.active_disclosure.items()}


def _t2(t: Tables, row: str) -> list[object]:
    return [c.value for c in t.applications[row]]


def _assert_read(t: Tables) -> None:
    assert _t1(t)["normative_documents"] == [4, None, 32]  # the blank stays in its column
    assert _t1(t)["licensing"] == [208] and _t1(t)["penalty"] == [15] and _t1(t)["fees"] == [0]
    assert _t2(t, "new_received") == [3, 1, 0, 0, 0, 0, 4]
    assert _t2(t, "granted") == [2, 1, 0, 0, 0, 0, 3]
    assert _t2(t, "withheld_state_secret") == [0] * 7
    assert t.ambiguities == [] and t.labels == []


def test_every_cell_followed_by_a_bar_line() -> None:
    cells = [*T1, "三、收到和处理政府信息公开申请情况", *T2_HEAD, *T2_ROWS]
    text = BEFORE + "\n" + "\n|\n".join(cells) + "\n|\n" + AFTER  # an empty cell: nothing between two bars
    assert "\n|\n\n|\n" in text
    _assert_read(_read(text))


def test_every_cell_separated_by_a_blank_line_with_padded_numbers_and_broken_headers() -> None:
    cells = [*T1, "三、收到和处理政府信息公开申请情况", *T2_HEAD, *T2_ROWS]
    cells = [f" {c}" if c.isdigit() else c for c in cells]
    text = BEFORE + "\n\n" + "\n\n".join(cells) + "\n\n" + AFTER
    text = text.replace("商业企业", "商业\n\n企业").replace("科研机构", "科研\n\n机构")
    text = text.replace("1.属于国家秘密", "1.属于国\n家秘密")  # a line break inside the label's cell
    _assert_read(_read(text))


def test_every_cell_on_its_own_line_with_no_separator() -> None:
    cells = [*T1, *T2_HEAD, *T2_ROWS]
    cells.insert(cells.index("(一)予以公开") + 3, "- 2 -")  # a page footer among the cells is none
    text = BEFORE + "\n" + "\n".join(cells) + "\n" + AFTER  # an empty cell: an empty line
    _assert_read(_read(text))


def test_rows_with_bars_and_filler_after_a_band() -> None:
    lines = [
        "第二十条第(一)项 | |||",
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "规章 | 0 | 0 | 0 |",
        "行政规范性文件 | 4 |  | 32 |",
        "第二十条第(五)项 | |||",
        "信息内容 | 本年处理决定数量 |",
        "行政许可 | 208 |",
        "行政处罚 | 15 |",
        "行政强制 | 0 |",
        "行政事业性收费 | 0 |",
    ]
    t = _read(BEFORE + "\n" + "\n".join(lines) + "\n" + AFTER)
    assert _t1(t)["normative_documents"] == [4, None, 32] and _t1(t)["licensing"] == [208]
    assert t.ambiguities == [] and t.labels == []


def test_double_bars_and_tabs_without_rows_with_a_group_label_then_its_row() -> None:
    for sep in ("||", "\t"):
        cells = [*T2_HEAD, *T2_ROWS]
        line1, line2 = sep.join(cells[:25]), sep.join(cells[25:])  # the stream cut into two lines
        t = _read("三、收到和处理政府信息公开申请情况\n" + line1 + "\n" + line2 + "\n" + AFTER)
        assert _t2(t, "new_received") == [3, 1, 0, 0, 0, 0, 4], sep
        assert _t2(t, "withheld_state_secret") == [0] * 7, sep
        assert t.ambiguities == [] and t.labels == [], sep


def test_bare_bars_without_closing_bars_keep_a_last_empty_cell() -> None:
    lines = ["信息内容|本年制发件数|本年废止件数|现行有效件数", "规章|0|0|0", "行政规范性文件|4|0|", "行政许可|208"]
    t = _read(BEFORE + "\n" + "\n".join(lines) + "\n" + AFTER)
    assert _t1(t)["normative_documents"] == [4, 0, None] and _t1(t)["licensing"] == [208]
    assert t.ambiguities == [] and t.labels == []


def test_a_dropped_cell_leaves_its_row_unread_and_says_so_once() -> None:
    rows = [*T2_ROWS]
    at = rows.index("(一)予以公开")
    del rows[at + 2]  # one number of the row not printed at all: it could be any of the seven
    t = _read("三、收到和处理政府信息公开申请情况\n" + "\n".join([*T2_HEAD, *rows]) + "\n" + AFTER)
    assert [(p.row, p.kind) for p in t.ambiguities] == [("granted", "count")]
    assert _t2(t, "granted") == [None] * 7
    assert _t2(t, "new_received") == [3, 1, 0, 0, 0, 0, 4] and _t2(t, "withheld_state_secret") == [0] * 7


def test_a_wrapped_label_in_other_words_is_the_reports_wording_when_numbering_bounds_it() -> None:
    rows = [*T2_ROWS, "2.其他法律法", "规禁止公开", *_numbers("0 0 0 0 0 0 0")]
    t = _read("三、收到和处理政府信息公开申请情况\n" + "\n".join([*T2_HEAD, *rows]) + "\n" + AFTER)
    assert _t2(t, "withheld_prohibited_by_law") == [0] * 7
    assert [(lab.key, lab.found, lab.reading) for lab in t.labels] == [("withheld_prohibited_by_law", "2.其他法律法规禁止公开", "clean")]


def test_a_wrapped_official_label_is_joined_and_not_a_finding() -> None:
    rows = [*T2_ROWS, "2.其他法律行", "政法规禁止公开", *_numbers("0 0 0 0 0 0 0")]
    t = _read("三、收到和处理政府信息公开申请情况\n" + "\n\n".join([*T2_HEAD, *rows]) + "\n\n" + AFTER)
    assert _t2(t, "withheld_prohibited_by_law") == [0] * 7 and t.labels == []


def test_a_group_label_wrapped_over_two_cells_is_joined_not_a_finding() -> None:
    rows = [r.replace("(三)不予公开", "(三)不予\n公开") for r in T2_ROWS]  # a cell per line: two cells
    t = _read("三、收到和处理政府信息公开申请情况\n" + "\n".join([*T2_HEAD, *rows]) + "\n" + AFTER)
    assert _t2(t, "withheld_state_secret") == [0] * 7 and t.labels == [] and t.ambiguities == []


def test_the_2019_table_1_with_three_numbers_a_row() -> None:
    cells = ["第二十条第(五)项", "信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]
    cells += ["行政许可", "12", "-2", "208", "其他对外管理服务事项", "0", "0", "0"]
    t = _read(BEFORE + "\n" + "\n|\n".join(cells) + "\n|\n" + AFTER)
    assert _t1(t)["licensing"] == [12, -2, 208] and _t1(t)["other_services"] == [0, 0, 0]
    assert t.ambiguities == [] and t.labels == []


def test_rows_on_their_lines_whose_merged_group_cells_print_empty() -> None:
    """`| | 2.其他… | | | 0 |`: the empty cells before a row's label are its merged group-label
    cells, not blank values of the row above (which would shift every number one column)."""
    lines = [
        "一、本年新收政府信息公开申请数量 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |",
        "三、本年度办理结果 | (一)予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |",
        "| (二)部分公开(区分处理的,只计这一情形,不计其他情形) | 1 | | | | | | 1 |",
        "| (三)不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "| | 2.其他法律行政法规禁止公开 | | | | | | | 0 |",
        "| | 3.危及“三安全一稳定” | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
    ]
    t = _read("三、收到和处理政府信息公开申请情况\n" + "\n".join(lines) + "\n" + AFTER)
    assert _t2(t, "granted") == [2, 1, 0, 0, 0, 0, 3]
    assert _t2(t, "partially_granted") == [1, None, None, None, None, None, 1]
    assert _t2(t, "withheld_state_secret") == [0] * 7
    assert _t2(t, "withheld_prohibited_by_law") == [None] * 6 + [0]
    assert _t2(t, "withheld_three_safeties") == [0] * 7
    assert t.ambiguities == [] and t.labels == []


def test_a_2019_change_written_as_a_word() -> None:
    """本年增/减 written 增3 / 减4 is a number of the row, not text that unseats its numbers."""
    cells = ["第二十条第(五)项", "信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]
    cells += ["行政许可", "6", "减4", "2", "其他对外管理服务事项", "0", "增3", "3"]
    t = _read(BEFORE + "\n" + "\n|\n".join(cells) + "\n|\n" + AFTER)
    assert _t1(t)["licensing"] == [6, -4, 2] and _t1(t)["other_services"] == [0, 3, 3]
    assert t.ambiguities == []


def test_a_table_1_header_with_its_year_is_no_other_wording() -> None:
    lines = [
        "第二十条第(一)项 | |||",
        "信息内容 | 本年(2023)制发件数 | 本年(2023)废止件数 | 现行有效件数 |",
        "规章 | 0 | 0 | 0 |",
        "行政规范性文件 | 4 | 0 | 32 |",
    ]
    t = _read(BEFORE + "\n" + "\n".join(lines) + "\n" + AFTER)
    assert _t1(t)["normative_documents"] == [4, 0, 32]
    assert t.labels == []


def test_text_without_a_cell_stream_is_left_to_the_other_readers() -> None:
    prose = ["一、总体情况", "本年度我镇主动公开信息120条。", "二、主动公开政府信息情况", "见下表", "规章", "0"]
    assert cellstream.rebuild(list(enumerate(prose, start=1))) is None
    # one cell per line ending in a bar, `|||` fillers (seed 004's shape): read row by row elsewhere
    seed004 = ["规章 |", "0 |", "0 |", "0 |", "|||", "行政规范性文件 |", "4 |", "0 |", "32 |"] * 3
    assert cellstream.rebuild(list(enumerate(seed004, start=1))) is None
    # TSV rows (a group label beside its row's label, holes where cells were merged): row by row
    tsv = [
        "\t（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t8\t0\t0\t0\t0\t0\t8",
        "\t\t3.其他\t\t0\t0\t0\t0\t0\t0",
    ]
    assert cellstream.rebuild(list(enumerate(tsv, start=1))) is None
    # markdown rows are read row by row
    md = ["| 规章 | 0 | 0 | 0 |", "| 行政规范性文件 | 4 | 0 | 32 |"]
    assert cellstream.rebuild(list(enumerate(md, start=1))) is None
