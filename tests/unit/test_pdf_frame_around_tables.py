"""A box ruled around the whole text (a web page printed from the browser, its article in a
bordered layout cell; a page border drawn in Word) with the report's tables inside it, one of
them flush with the box: the box is no table, the tables inside are read as they are
(readers/pdfgrid.py). Before, the box and the tables made one grid that was no rectangle, and
the page went to the fallback reader, which read the whole page as rows."""

from __future__ import annotations

import pytest

from annual_report.readers import pdfgrid
from annual_report.readers.pdfgrid import PageGeometry
from annual_report.readers.pdfrules import HRule, VRule


def _geo(h: list[tuple[float, float, float]], v: list[tuple[float, float, float]]) -> PageGeometry:
    return PageGeometry(595, 842, [], [HRule(*x) for x in h], [VRule(*x) for x in v])


def _rounded(box: tuple[float, ...]) -> tuple[int, ...]:
    return tuple(round(c) for c in box)


def _table(x0: float, x1: float, top: float, rows: int, cols: list[float]) -> tuple[list, list]:
    """A full grid: `rows` rows 18 pt high from `top`, columns at x0, cols…, x1."""
    ys = [top + 18 * k for k in range(rows + 1)]
    h = [(y, x0, x1) for y in ys]
    v = [(x, ys[0], ys[-1]) for x in (x0, *cols, x1)]
    return h, v


def test_a_box_open_at_the_page_foot_around_a_table_flush_with_it() -> None:
    # the layout cell: top rule across the page, sides down to the page's foot (it goes on)
    frame_h = [(36.4, 7.5, 588.8)]
    frame_v = [(10.6, 36.0, 843.0), (585.0, 36.0, 843.0)]
    h, v = _table(10.9, 326.6, 274.1, 6, [98.2, 174.8, 251.2])
    tables = pdfgrid.find_tables(_geo(frame_h + h, frame_v + v))
    assert tables is not None
    assert [_rounded(t.bbox) for t in tables] == [(11, 274, 327, 382)]  # the side where the table is flush with it
    assert len(tables[0].rows) == 6 and len(tables[0].rows[0]) == 4


def test_a_closed_page_border_touching_two_tables() -> None:
    frame_h = [(60.0, 50.0, 545.0), (790.0, 50.0, 545.0)]
    frame_v = [(50.0, 60.0, 790.0), (545.0, 60.0, 790.0)]
    h1, v1 = _table(51.0, 400.0, 200.0, 3, [300.0, 350.0])  # flush with the box's left side
    h2, v2 = _table(80.0, 544.0, 500.0, 4, [250.0, 330.0, 410.0])  # and with its right
    tables = pdfgrid.find_tables(_geo(frame_h + h1 + h2, frame_v + v1 + v2))
    assert tables is not None
    assert [_rounded(t.bbox) for t in tables] == [(50, 200, 400, 254), (80, 500, 544, 572)]
    assert [len(t.rows[0]) for t in tables] == [3, 4]


def test_a_table_whose_outer_rules_are_its_own_keeps_them() -> None:
    # a table with a merged first column: its outer rules are not a box around something else
    h = [(100, 100, 400), (120, 200, 400), (140, 100, 400)]
    v = [(100, 100, 140), (200, 100, 140), (300, 100, 140), (400, 100, 140)]
    [t] = pdfgrid.find_tables(_geo(h, v))
    assert t.bbox == (100, 100, 400, 140) and len(t.rows) == 2


def _chars(text: str, x0: float, top: float, size: float = 10.5) -> list[dict]:
    return [{"text": c, "x0": x0 + k * size, "x1": x0 + (k + 1) * size, "top": top, "bottom": top + size} for k, c in enumerate(text)]


@pytest.mark.parametrize(
    "heading",
    [
        "五、政府信息公开工作存在的主要问题及改进情况",
        "（六）其他需要报告的事项",
        "五 政府信息公开工作存在的主要问题及改进情况",
        "五\u3000存在的主要问题",
    ],
)
def test_a_box_keeps_a_heading_and_its_line_below_the_table_out_of_it(heading: str) -> None:
    """Two lines under the table, the first a section heading however numbered."""
    frame_h = [(0.3, 9.5, 586.3), (200.0, 7.5, 588.8)]
    frame_v = [(9.5, 0.0, 200.5), (586.3, 0.0, 200.5)]
    h, v = _table(9.5, 586.3, 0.3, 3, [100.0, 200.0, 300.0, 400.0, 500.0])
    prose = [*_chars(heading, 20, 90), *_chars("本年度未收取信息处理费。", 40, 110)]
    geo = PageGeometry(595, 842, prose, [HRule(*x) for x in frame_h + h], [VRule(*x) for x in frame_v + v])
    tables = pdfgrid.find_tables(geo)
    assert tables is not None and [_rounded(t.bbox) for t in tables] == [(10, 0, 586, 54)]


def test_a_box_whose_table_spans_its_width_keeps_the_text_below_the_table_out_of_it() -> None:
    """The table is flush with both sides, so box and table make a grid that holds: its last
    'row' is the rest of the box, the report's last sections (五、… 六、…) under the table.
    That band is prose, not a table's row: the box comes off and the text is left to the page."""
    frame_h = [(0.3, 9.5, 586.3), (281.6, 7.5, 588.8)]
    frame_v = [(9.5, 0.0, 282.0), (586.3, 0.0, 282.0)]
    h, v = _table(9.5, 586.3, 0.3, 3, [100.0, 200.0, 300.0, 400.0, 500.0])
    prose = [
        *_chars("五、政府信息公开工作存在的主要问题及改进情况", 20, 90),
        *_chars("一是公开内容不够全面。二是解读形式单一。", 40, 110),
        *_chars("六、其他需要报告的事项", 20, 140),
        *_chars("本年度未收取信息处理费。", 40, 160),
    ]
    geo = PageGeometry(595, 842, prose, [HRule(*x) for x in frame_h + h], [VRule(*x) for x in frame_v + v])
    tables = pdfgrid.find_tables(geo)
    assert tables is not None
    assert [_rounded(t.bbox) for t in tables] == [(10, 0, 586, 54)]


@pytest.mark.parametrize(
    "heading",
    [
        "四、政府信息公开行政复议、行政诉讼情况",
        "四 政府信息公开行政复议、行政诉讼情况",
        "四．政府信息公开行政复议、行政诉讼情况",
        "四.行政复议、行政诉讼情况",
        "4、政府信息公开行政复议、行政诉讼情况",
        "本年度政府信息公开行政复议、行政诉讼情况如下：",
        "行政复议、行政诉讼情况如下:",
    ],
)
def test_a_box_with_two_tables_across_it_and_one_heading_line_between_them(heading: str) -> None:
    """Tables 2 and 3 on one page, both as wide as the box a browser prints around the article:
    box and tables make one grid that holds, whose band between them is the one line of the
    next section's heading, numbered with 、 ． . or with a space (四 政府信息公开…), or, the
    heading lost, the sentence that opens the table (…情况如下：). The band is prose: two
    tables, not one whose columns are the union of both (pdf_print-41000042, pdf_print-45000084,
    pdf_print-97001300)."""
    frame_h = [(0.3, 9.5, 586.3), (400.0, 7.5, 588.8)]
    frame_v = [(9.5, 0.0, 400.5), (586.3, 0.0, 400.5)]
    h1, v1 = _table(9.5, 586.3, 0.3, 3, [100.0, 200.0, 300.0, 400.0, 500.0])
    h2, v2 = _table(9.5, 586.3, 100.0, 3, [60.0, 150.0, 250.0, 350.0, 450.0, 520.0])
    geo = PageGeometry(595, 842, _chars(heading, 12, 70), [HRule(*x) for x in frame_h + h1 + h2], [VRule(*x) for x in frame_v + v1 + v2])
    tables = pdfgrid.find_tables(geo)
    assert tables is not None
    assert [_rounded(t.bbox) for t in tables] == [(10, 0, 586, 54), (10, 100, 586, 154)]
    assert [len(t.rows[0]) for t in tables] == [6, 7]


@pytest.mark.parametrize(
    "caption", ["第二十条第（一）项", "表1：主动公开政府信息情况", "数据来源：本机关政府信息公开工作台账", "（单位：件）"]
)
def test_a_table_with_a_caption_row_across_it_stays_whole(caption: str) -> None:
    """A full-width row with one line of text is the table's own: a caption row
    (第二十条第（一）项), or Word's caption in the table's first row (表1：主动公开政府信息情况),
    which names a section's table but is no section heading (pdf_word-7000010)."""
    h = [(y, 100, 500) for y in (100, 118, 136, 154)]
    v = [(100, 100, 154), (500, 100, 154), (300, 118, 154), (400, 118, 154)]
    geo = PageGeometry(595, 842, _chars(caption, 110, 103), [HRule(*x) for x in h], [VRule(*x) for x in v])
    [t] = pdfgrid.find_tables(geo)
    assert t.bbox == (100, 100, 500, 154) and len(t.rows) == 3
