"""The statistics period's year cut by the page width (`统计期限为20` / `20年1月1日至…`): with no
title and no overview it is the only year, and it is read whole (extract/metadata.py)."""

from __future__ import annotations

from annual_report.extract import extract_report
from annual_report.readers.text import read_text

HEAD = (
    "    本报告根据《中华人民共和国政府信息公开条例》编制，由金沙镇人民政府办公室负责编制。本年度报告中所列数据统计期限为{a}\n"
    "    {b}年1月1日至2020年12月31日。本报告电子版可在武陟县人民政府门户网站查阅。\n"
    "二.主动公开政府信息情况\n"
)


def meta(text: str):
    return extract_report(read_text(text.encode())).metadata


def test_a_period_year_cut_by_a_line_break_is_read_whole() -> None:
    for a, b in (("20", "20"), ("2", "020"), ("202", "0")):
        m = meta(HEAD.format(a=a, b=b))
        assert (m.period_year, m.year) == (2020, 2020), (a, b)
        assert m.period_start == "2020-01-01"


def test_a_period_on_one_line_is_read_as_before() -> None:
    m = meta(HEAD.format(a="2020年1月1日至2020年12月31日。", b="另").replace("另年1月1日至2020年12月31日。", "另"))
    assert (m.period_year, m.year) == (2020, 2020)
