"""Table extraction on grid-row Documents (what the DOCX/PDF readers produce) and on text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from annual_report import catalog
from annual_report.document import Block, Document
from annual_report.extract import extract_report
from annual_report.model import Source
from annual_report.readers.text import read_text


def grid(rows: list[list[str]]) -> Document:
    doc = Document(format="docx")
    for n, cells in enumerate(rows, start=1):
        kind = "row" if len(cells) > 1 else "text"
        doc.blocks.append(Block(kind, cells, Source(page=1 + n // 40)))
    return doc


def _docx_like(values: dict[str, list[int]], extra: dict[str, list[str]] | None = None) -> Document:
    rows: list[list[str]] = [
        ["三、收到和处理政府信息公开申请情况"],
        ["（本列数据的勾稽关系为：…）", "申请人情况"],
        ["", "自然人", "法人或其他组织", "总计"],
        ["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
    ]
    group_seen: set[str] = set()
    for row in catalog.table2_rows("2021"):
        cells = [str(v) for v in values.get(row.key, [0] * 7)]
        if row.key in (extra or {}):
            cells = extra[row.key]
        if row.group and row.group.startswith("（"):
            first = row.group if row.group not in group_seen else ""  # merged-cell repeats removed
            group_seen.add(row.group)
            rows.append([first, row.label, *cells])
        else:
            rows.append([row.label, *cells])
    rows.append(["四、政府信息公开行政复议、行政诉讼情况"])
    rows.append(["行政复议", "行政诉讼"])
    rows.append(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"])
    rows.append([str(v) for v in [1, 0, 0, 0, 1] + [0] * 10])
    return grid(rows)


def test_grid_rows_with_merged_repeats_removed() -> None:
    values = {"new_received": [2, 1, 0, 0, 0, 0, 3], "granted": [2, 1, 0, 0, 0, 0, 3], "total": [2, 1, 0, 0, 0, 0, 3]}
    t = extract_report(_docx_like(values)).tables
    assert t.template == "2021"
    assert [c.value for c in t.applications["new_received"]] == [2, 1, 0, 0, 0, 0, 3]
    assert [c.value for c in t.applications["unavailable_unclear"]] == [0] * 7
    assert [c.value for c in t.appeals["reconsideration"]] == [1, 0, 0, 0, 1]
    assert t.labels == [] and t.problems == [] and t.missing_rows == {}


def test_blank_and_non_numeric_cells_stay_none() -> None:
    doc = _docx_like({}, {"granted": ["0", "", "0", "/", "0", "0", "0"], "partially_granted": ["1.5", "0", "0", "0", "0", "0", "1.5"]})
    t = extract_report(doc).tables
    assert [c.value for c in t.applications["granted"]] == [0, None, 0, None, 0, 0, 0]
    assert t.applications["granted"][3].raw == "/"
    assert t.applications["partially_granted"][0].value == Decimal("1.5")  # value.invalid, not 0


def test_missing_row_is_listed_and_empty() -> None:
    rows = [r for r in _docx_like({}).blocks if "重复申请" not in r.text]
    t = extract_report(Document(format="docx", blocks=rows)).tables
    assert t.missing_rows == {"applications": ["not_processed_duplicate"]}
    assert [c.value for c in t.applications["not_processed_duplicate"]] == [None] * 7


def test_exact_width_row_keeps_blank_cells() -> None:
    t = extract_report(_docx_like({}, {"granted": ["", "1", "0", "0", "0", "0", ""]})).tables
    assert [c.value for c in t.applications["granted"]] == [None, 1, 0, 0, 0, 0, None]


def test_short_row_is_a_problem_not_a_guess() -> None:
    # Six numbers between blanks: which blank is the missing cell cannot be known.
    t = extract_report(_docx_like({}, {"granted": ["", "1", "0", "0", "0", "0", "1", ""]})).tables
    assert [c.value for c in t.applications["granted"]] == [None] * 7
    assert any("予以公开" in p and "应有 7 个数" in p for p in t.problems)


def test_table1_fee_raw_decimal_and_unit() -> None:
    text = "二、主动公开政府信息情况\n信息内容\t本年收费金额（单位：万元）\n行政事业性收费\t0.35万元\n"
    t = extract_report(read_text(text.encode())).tables
    assert t.fee_raw == "0.35万元"
    assert t.active_disclosure["fees"]["amount_wan"].value == Decimal("0.35")
    assert t.missing_rows["active_disclosure"] == ["regulations", "normative_documents", "licensing", "penalty", "enforcement"]


def test_mixed_template_is_flagged_with_evidence() -> None:
    text = (
        "二、主动公开政府信息情况\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t0\t0\t0\n"
        "三、收到和处理政府信息公开申请情况\n（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0\n"
    )
    t = extract_report(read_text(text.encode())).tables
    assert t.mixed_template is True
    assert any("2019" in e for e in t.template_evidence) and any("2021" in e for e in t.template_evidence)


def test_labels_with_numbering_and_punctuation_noise_are_standard() -> None:
    text = '三、收到和处理政府信息公开申请情况\n(三) 不予公开\t(1) 属于国家秘密\t0\t0\t0\t0\t0\t0\t0\n\t3、危及"三安全一稳定"\t0\t0\t0\t0\t0\t0\t0\n'
    t = extract_report(read_text(text.encode())).tables
    assert t.labels == []
    assert [c.value for c in t.applications["withheld_three_safeties"]] == [0] * 7


def test_flattened_table2_resolved_by_column_equations() -> None:
    # 二、上年结转 "1000001" is unique; （一）予以公开 "2101003"... each row's split must make
    # 总计 the sum of the columns; the result is checked against the hand-computed table.
    rows = {
        "new_received": [12, 0, 0, 0, 0, 0, 12],
        "carried_over": [1, 0, 0, 0, 0, 0, 1],
        "granted": [11, 0, 0, 0, 0, 0, 11],
        "total": [11, 0, 0, 0, 0, 0, 11],
        "carried_forward": [2, 0, 0, 0, 0, 0, 2],
    }
    parts = []
    for row in catalog.table2_rows("2021"):
        parts.append(row.label + "".join(str(v) for v in rows.get(row.key, [0] * 7)))
    text = "三、收到和处理政府信息公开申请情况\n" + "".join(parts) + "\n"
    t = extract_report(read_text(text.encode())).tables
    # "12000001 2" alone could be 1|2|0|0|0|0|0|... no: only 12,0,0,0,0,0,12 sums right.
    for key, want in rows.items():
        assert [c.value for c in t.applications[key]] == want, (key, t.problems)


# -- mistyped labels (洪泽区 2023/2024: "2.其他法律行政止公开") -----------------------------------


def _relabelled(label_by_official: dict[str, str], values: dict[str, list[int]] | None = None) -> Document:
    doc = _docx_like(values or {})
    for b in doc.blocks:
        b.cells = [label_by_official.get(c, c) for c in b.cells]
    return doc


def test_near_miss_label_under_its_group_is_read_and_reported() -> None:
    values = {"withheld_prohibited_by_law": [1, 0, 0, 0, 0, 0, 1]}
    t = extract_report(_relabelled({"2.其他法律行政法规禁止公开": "2.其他法律行政止公开"}, values)).tables
    assert [c.value for c in t.applications["withheld_prohibited_by_law"]] == [1, 0, 0, 0, 0, 0, 1]
    assert t.missing_rows == {} and t.problems == []
    assert [(lb.key, lb.found, lb.official) for lb in t.labels] == [
        ("withheld_prohibited_by_law", "2.其他法律行政止公开", "2.其他法律行政法规禁止公开")
    ]


def test_near_miss_without_numbering_and_with_a_swapped_character() -> None:
    t = extract_report(_relabelled({"6.属于四类过程性信息": "属于四类过程信息", "3.要求提供公开出版物": "3.要求提供公开出板物"})).tables
    assert t.missing_rows == {}
    assert {lb.key for lb in t.labels} == {"withheld_process_info", "not_processed_publication"}


@pytest.mark.parametrize(
    "typo",
    [
        "3.其他法律行政止公开",  # numbered as another row of the group
        "2.其他法律止开",  # too far from the official wording
        "2.法律",  # too short to judge
        "2.其他",  # a real label of another group's row
    ],
)
def test_no_guess_for_a_far_or_misnumbered_label(typo) -> None:
    t = extract_report(_relabelled({"2.其他法律行政法规禁止公开": typo})).tables
    assert t.missing_rows == {"applications": ["withheld_prohibited_by_law"]}
    assert [c.value for c in t.applications["withheld_prohibited_by_law"]] == [None] * 7
    assert t.labels == []


def test_near_miss_never_takes_a_row_that_is_there_in_its_own_words() -> None:
    # "属于国家秘密" is read; its near-miss twin after it is not a second reading of it
    doc = _docx_like({})
    i = next(k for k, b in enumerate(doc.blocks) if "1.属于国家秘密" in b.cells)
    doc.blocks.insert(i + 1, Block("row", ["", "1.属于国家秘", *["5"] * 7], Source(page=1)))
    t = extract_report(doc).tables
    assert [c.value for c in t.applications["withheld_state_secret"]] == [0] * 7
    assert t.labels == [] and t.missing_rows == {}


def test_near_miss_outside_a_group_or_without_numbers_is_no_row() -> None:
    # prose between the tables and a label with no numbers after it
    doc = _relabelled({"2.其他法律行政法规禁止公开": "2.其他法律行政止公开"})
    for b in doc.blocks:
        if "2.其他法律行政止公开" in b.cells:
            b.cells = ["", "2.其他法律行政止公开"] + [""] * 7
    t = extract_report(doc).tables
    assert t.missing_rows == {"applications": ["withheld_prohibited_by_law"]}
    text = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n其他法律行政止公开\t0\t0\t0\t0\t0\t0\t0\n"
    t = extract_report(read_text(text.encode())).tables
    assert [c.value for c in t.applications["withheld_prohibited_by_law"]] == [None] * 7  # no group above it
    assert t.labels == []
