"""A department that names itself only by its short form (县住建局), the page width wrapping
the prose between its level character and the rest (`请与县` / `住建局联系`): the short form
is read across the line break (extract/departments.py), as the text reads (it was a false
metadata.missing: no organisation)."""

from __future__ import annotations

from annual_report.extract import extract_report
from annual_report.readers.text import read_text


def _wrapped(prose: str, width: int) -> str:
    return "\n".join("    " + prose[k : k + width] for k in range(0, len(prose), width))


def _meta(prose: str, width: int):
    text = (
        "二〇二四年政府信息公开工作年度报告\n"
        + _wrapped(prose, width)
        + "\n一、总体情况\n"
        + _wrapped("2024年，我局严格落实政府信息公开各项要求。", width)
        + "\n"
    )
    return extract_report(read_text(text.encode())).metadata


PROSE = (
    "本报告所列数据统计期限为2024年1月1日至2024年12月31日。如对本报告有疑问，请与县住建局联系。本报告电子版可在宁县人民政府门户网站查阅。"
)


def test_the_short_form_cut_by_the_line_width_names_the_department() -> None:
    at = PROSE.index("县住建局") + 1  # the line ends right after 县
    m = _meta(PROSE, at)
    assert (m.organization, m.parent) == ("宁县住房和城乡建设局", "宁县")


def test_the_short_form_on_one_line_names_it_the_same() -> None:
    m = _meta(PROSE, 80)
    assert (m.organization, m.parent) == ("宁县住房和城乡建设局", "宁县")
