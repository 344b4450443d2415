"""Column headers of tables 2 and 3 against the official wording (label.nonstandard).

Each layout family gets one deviating header, which must come out as exactly one new finding
(where: the report's heading and the header's line or page; message: the official wording),
and the harmless variations the row matching tolerates must not come out at all. The seeds are
the base documents: their own headers are official, so any finding beyond a seed's pinned list
comes from the mutation.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annual_report import catalog
from annual_report.check import check_bytes
from annual_report.document import Block, Document
from annual_report.extract import extract_report
from annual_report.model import Source
from annual_report.readers.text import read_text
from annual_report.rules import run_rules

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
if not SEEDS.is_dir():
    SEEDS = Path("/work/shared/seeds")

T2 = "三、收到和处理政府信息公开申请情况"
T3 = "四、政府信息公开行政复议、行政诉讼情况"
DOC_2021 = "国办公开办函〔2021〕30号"


def _seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _new_findings(prefix: str, old: str, new: str, count: int = 1) -> list:
    """Findings of the seed with `old` replaced by `new` that the seed itself does not have."""
    text = _seed_text(prefix)
    assert text.count(old) >= count, old
    base = check_bytes(text.encode("utf-8"), f"{prefix}.txt").findings
    changed = check_bytes(text.replace(old, new, count).encode("utf-8"), f"{prefix}.txt").findings
    seen = {(f.rule, f.where, f.message) for f in base}
    return [f for f in changed if (f.rule, f.where, f.message) not in seen]


def _line_of(prefix: str, old: str) -> int:
    """The 1-based line of the seed where `old` (after its leading newlines) starts."""
    text = _seed_text(prefix)
    leading = len(old) - len(old.lstrip("\n"))
    return text[: text.index(old)].count("\n") + 1 + leading


# (seed, layout, old, new, table heading, found, official)
DEVIATIONS = [
    # one cell per line (tab-indented), 2021 template
    ("000", "one cell per line", "\t社会公益组织\n", "\t公益组织\n", T2, "公益组织", "社会公益组织"),
    ("000", "one cell per line", "\t尚未审结\n", "\t未审结\n", T3, "未审结", "尚未审结"),
    # TSV with merged-cell holes
    ("002", "TSV", "\t社会公益组织\t", "\t公益组织\t", T2, "公益组织", "社会公益组织"),
    ("002", "TSV", "\t复议后起诉\t", "\t复议后诉讼\t", T3, "复议后诉讼", "复议后起诉"),
    # cells ending in " |" with "|||" fillers
    ("004", "pipe", "\n其他 |\n", "\n其它 |\n", T2, "其它", "其他"),
    ("004", "pipe", "\n其他 结果 |\n", "\n其它 结果 |\n", T3, "其它 结果", "其他结果"),
]


@pytest.mark.parametrize(
    ("prefix", "layout", "old", "new", "heading", "found", "official"), DEVIATIONS, ids=[f"{d[0]}-{d[1]}-{d[6]}" for d in DEVIATIONS]
)
def test_a_deviating_header_is_reported_once_with_the_official_wording(
    prefix: str, layout: str, old: str, new: str, heading: str, found: str, official: str
) -> None:
    [f] = _new_findings(prefix, old, new)
    assert (f.rule, f.severity) == ("label.nonstandard", "warning")
    assert f.where == f"{heading} · 第 {_line_of(prefix, old)} 行"
    assert f.message == f"“{found}”应为“{official}”（{DOC_2021}格式）。"
    assert f.column == official and f.row is None


def test_the_same_deviation_in_every_table_3_column_group_is_one_finding() -> None:
    # 其它结果 under 行政复议 and under both 行政诉讼 groups: one wording to fix, one finding.
    [f] = _new_findings("002", "\t其他结果\t", "\t其它结果\t", count=3)
    assert (f.rule, f.where) == ("label.nonstandard", f"{T3} · 第 71 行")
    assert f.message == f"“其它结果”应为“其他结果”（{DOC_2021}格式）。"


def test_a_deviating_header_wrapped_over_two_lines_is_quoted_whole() -> None:
    # 000 wraps 结果 / 维持 over two lines; a report writing 其它 / 结果 the same way.
    [f] = _new_findings("000", "\t其他结果\n\t尚未审结\n\t总计\n\t未经复议", "\t其它\n结果\n\t尚未审结\n\t总计\n\t未经复议")
    assert f.message == f"“其它结果”应为“其他结果”（{DOC_2021}格式）。"


def test_mistyped_header_without_a_keyword_is_found_by_similarity() -> None:
    [f] = _new_findings("000", "\t结果纠正\n", "\t结果更正\n")
    assert f.message == f"“结果更正”应为“结果纠正”（{DOC_2021}格式）。"


def test_2019_template_names_its_own_document() -> None:
    [f] = _new_findings("003", "\t总计\n\t未经复议直接起诉", "\t合计\n\t未经复议直接起诉")
    assert f.where == "（四）政府信息公开行政复议、行政诉讼情况 · 第 367 行"
    assert f.message == "“合计”应为“总计”（国办公开办函〔2019〕60号格式）。"


TOLERATED = [
    ("004", "结果维持 |", "结果 维持 |"),  # a space inside
    ("004", "自然人 |", "自 然 人 |"),
    ("000", "\t其他结果\n", "\t其他\n结果\n"),  # wrapped over two lines, as 001 prints it
    ("000", "\t法人或其他组织\n", "\t法人或\n其他组织\n"),
    ("002", "\t法律服务机构\t", "\t法律服务 机构\t"),
    ("002", "\t未经复议直接起诉\t", "\t“未经复议直接起诉”\t"),  # quotes
    ("003", "\t自然人\n", "\t1.自然人\n"),  # numbering
]


@pytest.mark.parametrize(("prefix", "old", "new"), TOLERATED, ids=[f"{t[0]}-{t[2]!r}" for t in TOLERATED])
def test_harmless_variations_are_not_reported(prefix: str, old: str, new: str) -> None:
    assert _new_findings(prefix, old, new) == []


# -- layouts not among the seeds -------------------------------------------------------------

T2_HEADER = ["申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
T3_HEADER = ["行政复议", "行政诉讼", *catalog.APPEAL_COLUMNS, "未经复议直接起诉", "复议后起诉", *catalog.APPEAL_COLUMNS * 2]


def _t2_rows() -> list[list[str]]:
    rows = []
    for row in catalog.table2_rows("2021"):
        group = row.group if row.group and row.group.startswith("（") else ""
        rows.append([group + row.label, *["0"] * 7])
    return rows


def _flat(t2_header: list[str], t3_header: list[str]) -> str:
    body = "".join(t2_header) + "".join(r[0] + "".join(r[1:]) for r in _t2_rows())
    return (
        "\n".join(
            [
                "上塘镇2021年政府信息公开工作年度报告",
                catalog.SECTION_TITLES["applications"],
                body,
                catalog.SECTION_TITLES["appeals"],
                "".join(t3_header) + "0" * 15,
            ]
        )
        + "\n"
    )


def _markdown(t2_header: list[str], t3_header: list[str]) -> str:
    lines = ["上塘镇2021年政府信息公开工作年度报告", catalog.SECTION_TITLES["applications"]]
    lines.append("| " + " | ".join(t2_header) + " |")
    lines.append("|" + "---|" * len(t2_header))
    lines += ["| " + " | ".join(r) + " |" for r in _t2_rows()]
    lines += [
        catalog.SECTION_TITLES["appeals"],
        "| " + " | ".join(t3_header) + " |",
        "|" + "---|" * 15,
        "| " + " | ".join(["0"] * 15) + " |",
    ]
    return "\n".join(lines) + "\n"


def _grid(t2_header: list[str], t3_header: list[str]) -> Document:
    """What the DOCX and PDF readers produce: rows of cells, each with its page."""
    rows = [
        [catalog.SECTION_TITLES["applications"]],
        ["（本列数据的勾稽关系为：…）", t2_header[0]],
        ["", *t2_header[1:3], t2_header[8]],
        ["", "", *t2_header[3:8], ""],
        *_t2_rows(),
        [catalog.SECTION_TITLES["appeals"]],
        t3_header[:2],
        t3_header[2:9],
        ["", "", "", "", "", *t3_header[9:]],
        ["0"] * 15,
    ]
    doc = Document(format="pdf")
    for cells in rows:
        doc.blocks.append(Block("row" if len(cells) > 1 else "text", cells, Source(page=3)))
    return doc


@pytest.mark.parametrize("layout", ["flat", "markdown", "grid"])
def test_deviating_headers_in_other_layouts(layout: str) -> None:
    t2 = [("公益组织" if x == "社会公益组织" else x) for x in T2_HEADER]
    t3 = [("其它结果" if x == "其他结果" else x) for x in T3_HEADER]
    if layout == "grid":
        report = extract_report(_grid(t2, t3))
    else:
        report = extract_report(read_text((_flat if layout == "flat" else _markdown)(t2, t3).encode()))
    t = report.tables
    assert [(lb.table, lb.key, lb.found, lb.official) for lb in t.labels] == [
        ("applications", "column:社会公益组织", "公益组织", "社会公益组织"),
        ("appeals", "column:其他结果", "其它结果", "其他结果"),
    ]
    found = [f for f in run_rules(report) if f.rule == "label.nonstandard"]
    if layout == "grid":  # a page does not name the header: the where names the column too
        assert [f.where for f in found] == [f"{T2} ·“社会公益组织”列（第 3 页）", f"{T3} ·“其他结果”列（第 3 页）"]
    else:
        assert [f.where for f in found] == [f"{T2} · 第 3 行", f"{T3} · 第 {5 if layout == 'flat' else 3 + 2 + len(_t2_rows()) + 1} 行"]


@pytest.mark.parametrize("layout", ["flat", "markdown", "grid"])
def test_official_headers_in_other_layouts_give_no_label(layout: str) -> None:
    if layout == "grid":
        report = extract_report(_grid(T2_HEADER, T3_HEADER))
    else:
        report = extract_report(read_text((_flat if layout == "flat" else _markdown)(T2_HEADER, T3_HEADER).encode()))
    assert report.tables.labels == [] and report.tables.problems == []


def test_header_cut_apart_by_layout_columns_is_not_a_deviation() -> None:
    # pdftotext -layout prints a two-line header column by column: 结果 结果 其他 尚未 / 维持 纠正 结果 审结.
    doc = _grid(T2_HEADER, T3_HEADER)
    for b in doc.blocks:
        if b.cells[:3] == ["结果维持", "结果纠正", "其他结果"]:
            b.cells[:4] = ["结果", "结果", "其他", "尚未"]
            b.cells[4:4] = ["维持", "纠正", "结果", "审结"]
    assert extract_report(doc).tables.labels == []


def test_prose_above_a_table_is_not_a_header() -> None:
    text = _markdown(T2_HEADER, T3_HEADER).replace(
        catalog.SECTION_TITLES["applications"] + "\n",
        catalog.SECTION_TITLES["applications"] + "\n其它情况\n本年度公益组织未提出申请\n",
    )
    assert extract_report(read_text(text.encode())).tables.labels == []
