"""A finding in a Word file says where a Word user finds it: the n-th table's row and column,
or the n-th paragraph of the body, never a line number (a DOCX has none)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import docx

from annual_report.check import check_bytes
from annual_report.readers.docx import read_docx
from intake.notices import FindingsNotice, Recipient, compose, plain_text
from tests.unit.report_fixtures import build_report_docx


def _with_wrong_total() -> tuple[bytes, int, int]:
    """The fixture report with one number of table 2's first data row changed to 999:
    (bytes, 1-based row, 1-based grid column of the changed cell)."""
    d = docx.Document(io.BytesIO(build_report_docx()))
    table = d.tables[1]
    for r, row in enumerate(table.rows, 1):
        for c, cell in enumerate(row.cells, 1):  # python-docx: one entry per grid column
            if cell.text.strip().isdigit():
                cell.text = "999"
                out = io.BytesIO()
                d.save(out)
                return out.getvalue(), r, c
    raise AssertionError("no number in table 2")


def test_rows_and_cells_carry_table_row_and_grid_column():
    data, row, col = _with_wrong_total()
    doc = read_docx(data)
    changed = [(b.source, b.cell_sources[i]) for b in doc.blocks if b.kind == "row" for i, text in enumerate(b.cells) if text == "999"]
    [(row_source, cell_source)] = changed
    assert (row_source.table_no, row_source.row_no, row_source.col_no) == (2, row, None)
    assert (cell_source.table_no, cell_source.row_no, cell_source.col_no) == (2, row, col)


def test_paragraphs_are_numbered_as_the_body_s_non_empty_paragraphs():
    data = build_report_docx()
    body = [p.text.strip() for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]
    doc = read_docx(data)
    texts = [b for b in doc.blocks if b.kind == "text"]
    assert texts, "the fixture has paragraphs"
    for block in texts:
        assert body[block.source.paragraph - 1] == block.cells[0]
        assert block.source.describe() == f"正文第 {block.source.paragraph} 段"


def test_a_finding_in_a_word_table_names_the_table_row_and_column():
    data, row, _col = _with_wrong_total()
    result = check_bytes(data, "上塘镇2021年报.docx")
    finding = next(f for f in result.findings if f.rule == "applications.total_column")
    assert finding.source is not None and finding.source.line is None
    assert finding.source.table_no == 2 and finding.source.row_no == row
    assert finding.source.describe().startswith(f"第 2 个表格第 {row} 行第 ")
    # The findings mail says it too (not "第 N 行").
    mail = FindingsNotice(
        key="t/docx",
        to=[Recipient(email="shangtang@fc.example.gov.cn")],
        date=datetime(2022, 1, 5, tzinfo=UTC),
        case_id="case-2021-丰城市-上塘镇",
        file_name="上塘镇2021年报.docx",
        findings=[finding],
    )
    assert f"（{finding.source.describe()}）" in plain_text(compose(mail, "nianbao@example.gov.cn"))
