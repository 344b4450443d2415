"""rules/cells.py: table.ambiguous — what the readers could not read without guessing.

The readers leave such cells empty and record why (`Tables.ambiguities`). The clerk gets one
warning per row (or for table 3 as a whole) naming the row, the line and what was found, and
no cell.missing for those cells: they are not blank in the report, so "为空，请填 0" would be
the wrong fix. A row that really is blank is still cell.missing.
"""

from __future__ import annotations

from pathlib import Path

from annual_report import catalog
from annual_report.check import check_bytes
from annual_report.model import Source, TableProblem
from annual_report.rules import run_rules
from tests.unit.report_factory import make_report, set_cell

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
if not SEEDS.is_dir():
    SEEDS = Path("/work/shared/seeds")

T2 = "三、收到和处理政府信息公开申请情况"
HEADINGS = [catalog.SECTION_TITLES[k] for k in catalog.SECTION_KEYS]


def _seed_004() -> str:
    (path,) = SEEDS.glob("004_*.txt")
    return path.read_text(encoding="utf-8")


def _findings(text: str):
    result = check_bytes(text.encode("utf-8"), "report.txt")
    return result, [f for f in result.findings if f.rule != "text.template_leftover"]  # 004's own finding


def test_pipe_row_with_too_few_values_is_one_warning_and_no_cell_missing() -> None:
    text = _seed_004()
    label = "(一)予以公开 |\n"
    at = text.index(label) + len(label)
    result, found = _findings(text[:at] + text[at + len("0 |\n0 |\n") :])  # two of its seven values dropped
    [f] = found
    assert (f.rule, f.severity, f.row) == ("table.ambiguous", "warning", "granted")
    assert f.where == f"{T2} ·（一）予以公开"
    assert f.source == Source(line=99)
    assert f.message.startswith(
        "“收到和处理政府信息公开申请情况”表“（一）予以公开”行（第 99 行）无法准确读取：应有 7 个数，找到 5 个（0 0 0 0 0）"
    )
    assert "每格只填一个数" in f.message and "重新发送" in f.message
    assert [c.value for c in result.report.tables.applications["granted"]] == [None] * 7  # nothing guessed


def test_pipe_row_with_too_many_values_is_one_warning() -> None:
    text = _seed_004()
    label = "(一)予以公开 |\n"
    at = text.index(label) + len(label)
    _, found = _findings(text[:at] + "0 |\n" + text[at:])
    assert [(f.rule, f.row) for f in found] == [("table.ambiguous", "granted")]
    assert "应有 7 个数，找到 8 个" in found[0].message


def _report(table1: list[str], table3: list[str]) -> str:
    """A whole 2021 report in TSV with zero tables, table 1 and table 3 as given."""
    t2 = []
    for row in catalog.table2_rows("2021"):
        group = [row.group] if row.group and row.group.startswith("（") else []
        t2.append("\t".join([*group, row.label, *["0"] * 7]))
    return (
        "\n".join(
            [
                "上塘镇2021年政府信息公开工作年度报告",
                HEADINGS[0],
                "2021年，上塘镇认真贯彻落实条例。",
                HEADINGS[1],
                *table1,
                HEADINGS[2],
                *t2,
                HEADINGS[3],
                *table3,
                HEADINGS[4],
                "一是公开内容不够全面。",
                HEADINGS[5],
                "本年度未收取信息处理费。",
            ]
        )
        + "\n"
    )


T1_ZERO = [
    "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
    "规章\t0\t0\t0",
    "行政规范性文件\t0\t0\t0",
    "信息内容\t本年处理决定数量",
    "行政许可\t0",
    "行政处罚\t0",
    "行政强制\t0",
    "信息内容\t本年收费金额（单位：万元）",
    "行政事业性收费\t0",
]
T3_ZERO = ["行政复议\t行政诉讼", "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉", "\t".join(["0"] * 15)]


def test_the_report_builder_is_clean() -> None:
    result = check_bytes(_report(T1_ZERO, T3_ZERO).encode(), "clean.txt")
    assert result.classification.kind == "annual_report" and result.findings == []


def test_flattened_run_with_several_splits_names_the_row_and_the_digits() -> None:
    flat = "信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件898989"
    result = check_bytes(_report([flat, *T1_ZERO[3:]], T3_ZERO).encode(), "flat.txt")
    [f] = result.findings
    assert (f.rule, f.table, f.row) == ("table.ambiguous", "active_disclosure", "normative_documents")
    assert f.where == "二、主动公开政府信息情况 ·行政规范性文件"
    assert f.message.startswith("“主动公开政府信息情况”表“行政规范性文件”行（第 5 行）无法准确读取：数字串“898989”有 10 种拆分方式")
    assert "不要从网页复制" in f.message
    # its cells hold the digit run as written, yet there is no "填的是“898989”，不是数字" per cell
    assert [c.value for c in result.report.tables.active_disclosure["normative_documents"].values()] == [None] * 3


def test_flattened_table_3_is_one_warning_for_the_whole_table() -> None:
    # 17 digits, two ways to make five groups of five with each 总计 the sum of its four.
    flat = "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉10100110000000000"
    result = check_bytes(_report(T1_ZERO, [flat]).encode(), "flat3.txt")
    [f] = result.findings
    assert (f.rule, f.table, f.row) == ("table.ambiguous", "appeals", None)
    assert f.where == "四、政府信息公开行政复议、行政诉讼情况"
    assert f.message.startswith(
        "“政府信息公开行政复议、行政诉讼情况”表（第 41 行）的数字无法准确读取：数字串“10100110000000000”拆成 15 个数的方式有 2 种"
    )
    assert all(c.value is None for cells in result.report.tables.appeals.values() for c in cells)


def test_row_that_appears_twice_is_reported_and_the_first_is_read() -> None:
    text = _seed_004()
    block = "(一)予以公开 |\n" + "0 |\n" * 7 + "|\n"
    at = text.index(block) + len(block)
    result, found = _findings(text[:at] + "(一)予以公开 |\n" + "1 |\n" * 6 + "6 |\n|\n" + text[at:])
    [f] = found
    assert (f.rule, f.row) == ("table.ambiguous", "granted")
    assert f.message == (
        "“收到和处理政府信息公开申请情况”表“（一）予以公开”行出现了两次（第 99 行、第 108 行），只读取了第一次出现的一行。"
        "请删去重复的一行，或核对两处的数字后合并为一行，改正后重新发送报告。"
    )
    assert [c.value for c in result.report.tables.applications["granted"]] == [0] * 7


def test_a_blank_row_is_still_cell_missing_not_ambiguous() -> None:
    text = _seed_004()
    block = "(一)予以公开 |\n" + "0 |\n" * 7
    _result, found = _findings(text.replace(block, "(一)予以公开 |\n", 1))
    assert [(f.rule, f.row) for f in found] == [("cell.missing", "granted")]
    assert "整行为空" in found[0].message


def test_ambiguity_replaces_cell_missing_only_for_its_own_rows() -> None:
    report = make_report()
    for i in range(7):
        set_cell(report, "applications", "granted", i, None)
    set_cell(report, "applications", "withheld_third_party", 2, None)  # a real blank elsewhere
    report.tables.ambiguities = [
        TableProblem(
            table="applications",
            row="granted",
            kind="count",
            detail="应有 7 个数，找到 6 个（1 0 0 0 0 1）",
            unread_rows=["granted"],
            source=Source(line=40),
        )
    ]
    found = run_rules(report)
    assert [(f.rule, f.row, f.column) for f in found] == [
        ("table.ambiguous", "granted", None),
        ("cell.missing", "withheld_third_party", "科研机构"),
    ]
