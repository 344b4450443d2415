"""Table 2's header cut by a page break (pdf_word-7000028): the foot of page 1 prints the
header's cells as lines across them (`自然 法人或其他组织 总计`: the top of 自然人, then two whole
headers). Such a line is several cells read as one, no wording of the report's; a header the
report really words otherwise (其它 for 其他) is still reported."""

from __future__ import annotations

from annual_report.document import Block
from annual_report.extract.headers import check_headers
from annual_report.extract.table2 import T2_HEADER_KEYWORDS, T2_HEADER_OFFICIAL
from annual_report.extract.tokens import tokenize
from annual_report.model import Source, Tables


def found(lines: list[str]) -> list[tuple[str, str]]:
    blocks = [Block("text", [line], Source(page=1)) for line in lines]
    tables = Tables()
    check_headers(tokenize(blocks), "applications", T2_HEADER_OFFICIAL, T2_HEADER_KEYWORDS, tables)
    return [(lab.found, lab.official) for lab in tables.labels]


def test_a_line_across_several_header_cells_is_no_deviation() -> None:
    lines = ["申请人情况", "自然 法人或其他组织 总计", "人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert found(lines) == []


def test_a_header_worded_otherwise_is_still_reported() -> None:
    lines = ["申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其它"]
    assert ("其它", "其他") in found(lines)
