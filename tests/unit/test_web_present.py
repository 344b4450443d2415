"""What the case page shows beside a finding: the text around it, for files without pages."""

from __future__ import annotations

from annual_report.check import check_bytes
from tests.unit.report_fixtures import build_report_docx
from workers.web import present


def _docx_report() -> dict:
    result = check_bytes(build_report_docx("2021"), "上塘镇.docx")
    assert result.report is not None
    return result.report.model_dump(mode="json")


def test_a_word_finding_on_a_row_shows_that_table_row_with_its_neighbours():
    report = _docx_report()
    finding = {"table": "applications", "row": "new_received", "where": "三、收到和处理政府信息公开申请情况"}
    context = present.paragraph_context(report, finding)
    assert context is not None and len(context) == 3
    here = [text for _n, text, is_here in context if is_here]
    assert len(here) == 1 and here[0].startswith("一、本年新收政府信息公开申请数量") and "│" in here[0], here
    # Table 1's 行政许可 row, not the 行政许可 of another table.
    t1 = present.paragraph_context(report, {"table": "active_disclosure", "row": "licensing", "where": ""})
    assert [t for _n, t, h in t1 if h] == ["行政许可 │ 120 │  │ "]


def test_a_word_finding_quoting_the_text_shows_its_paragraph():
    report = _docx_report()
    finding = {"where": "一、总体情况 ·“全年共收到政府信息公开申请12件”"}
    context = present.paragraph_context(report, finding)
    here = [text for _n, text, is_here in context if is_here]
    assert here == ["2021年，上塘镇认真贯彻落实《条例》，全年共收到政府信息公开申请12件。"]
    # Nothing found: no context rather than a wrong one.
    assert present.paragraph_context(report, {"where": "一、总体情况 ·“文中没有的话”"}) is None


def test_text_context_marks_the_line_and_stops_at_the_file_edges():
    text = "\n".join(f"第{i}行" for i in range(1, 11))
    assert present.text_context(text, 5) == [(n, f"第{n}行", n == 5) for n in range(3, 8)]
    assert [n for n, _t, _h in present.text_context(text, 1)] == [1, 2, 3]
    assert [n for n, _t, _h in present.text_context(text, 10)] == [8, 9, 10]
