"""A report without a title that names itself in its preamble (现公布X2024年度…), the page
width cutting the name (`…现公布万宁经济开发区管理委` / `员会2024年度…`): the name is the
preamble's, read with its lines joined, not the piece the first line ends with
(extract/metadata.py `_office`; it read 万宁经济开发区管理委, a false organisation)."""

from __future__ import annotations

from annual_report.extract import extract_report
from annual_report.readers.text import read_text

PREAMBLE = "根据《中华人民共和国政府信息公开条例》规定，现公布{name}2024年度政府信息公开工作年度报告。本年度报告中所列数据统计期限为2024年1月1日至2024年12月31日。"


def _meta(name: str, cut: int):
    """The preamble wrapped so that its first line ends `cut` characters into `name`."""
    prose = PREAMBLE.format(name=name)
    width = prose.index(name) + cut
    lines = ["    " + prose[k : k + width] for k in range(0, len(prose), width)]
    text = "\n".join(lines) + "\n一、总体情况\n    2024年，本单位严格落实政府信息公开各项要求。\n"
    return extract_report(read_text(text.encode())).metadata


def test_a_committee_named_in_the_preamble_and_cut_by_the_line_width() -> None:
    name = "万宁经济开发区管理委员会"
    for cut in (len(name) - 2, len(name) - 1, len(name)):
        assert _meta(name, cut).organization == name, cut


def test_a_department_named_in_the_preamble_and_cut_by_the_line_width() -> None:
    name = "宁县住房和城乡建设局"
    for cut in (len(name) - 3, len(name)):
        assert _meta(name, cut).organization == name, cut
