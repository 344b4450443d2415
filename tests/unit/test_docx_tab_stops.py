"""readers/docx_tabs.py: a Word document whose tables are typed as paragraphs with tab stops
(no Word table) is read as rows, a blank cell an empty field; prose keeps its text."""

from __future__ import annotations

import io

import docx

from accuracy.cli import run_one
from annual_report.readers.docx import read_docx


def _docx(paragraphs: list[str]) -> bytes:
    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_tab_stop_rows_become_rows_and_a_trailing_blank_stays_a_cell() -> None:
    doc = read_docx(
        _docx(
            [
                "\t一、总体情况",
                "西柳镇人民政府\t2023年1月5日",
                "第二十条第（一）项",
                "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
                "规章\t0\t0\t0",
                "行政规范性文件\t2\t\t5",
                "行政事业性收费\t",
                "行政许可\t3",
            ]
        )
    )
    got = [(b.kind, b.cells) for b in doc.blocks]
    assert got == [
        ("text", ["一、总体情况"]),
        ("text", ["西柳镇人民政府\t2023年1月5日"]),  # a date is no number of a table: prose
        ("text", ["第二十条第（一）项"]),
        ("row", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]),
        ("row", ["规章", "0", "0", "0"]),
        ("row", ["行政规范性文件", "2", "", "5"]),
        ("row", ["行政事业性收费", ""]),
        ("row", ["行政许可", "3"]),
    ]


def test_generated_report_typed_with_tab_stops_reads_exactly() -> None:
    row, _data, _ext, detail = run_one(1000002, "docx")
    assert detail["truth"]["render"]["style"]["tab_stops"]
    assert row["passed"], row["diffs"][:5]
