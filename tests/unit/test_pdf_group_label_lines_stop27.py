"""A group label's lines beside the first row of its group, in borderless PDF tables read from
word positions (session of 2 December, 27th stop). Word repeats the group label
`三、本年度办理结果` in every row of its group (merge 'repeat'), centred, wrapped over three
lines; in the group's first row, `（一）予以公开` spans the two inner label columns and stops
short of the column of the numbered sub-rows' own labels. Positions as pdfplumber gives them
for the generated reports named."""

from __future__ import annotations

from tests.unit.pdf_word_lines import page_words, read_page

_XS_NARROW = (211.1, 263.4, 315.8, 368.1, 420.5, 472.8, 525.2)


def _counts(values: str) -> list[tuple[str, float, float]]:
    return [(v, x, x + 5.7) for v, x in zip(values, _XS_NARROW, strict=True)]


# pdf_word-15000009, page 2 ('narrow' page, 9 pt table font): the group label's middle line
# `度` stands on the numbers' line of `（一）予` / `以公开`.
_NARROW = [
    (323.9, [("一、本年新收政府信息公开申请数量", 37.3, 181.3), *_counts("3200005")]),
    (334.4, [("二、上年结转政府信", 68.8, 149.8)]),
    (339.6, _counts("0000000")),
    (344.9, [("息公开申请数量", 77.8, 140.8)]),
    (355.4, [("三、本年", 38.9, 74.9)]),
    (360.6, [("（一）予", 117.4, 153.4)]),
    (365.9, [("度", 52.4, 61.4), *_counts("2000002")]),
    (371.1, [("以公开", 121.9, 148.9)]),
    (376.4, [("办理结果", 38.9, 74.9)]),
    (386.9, [("三、本年", 38.9, 74.9), ("（二）部分公开（", 99.4, 171.4)]),
    (397.4, [("度办理结", 38.9, 74.9), ("区分处理的，只计这一", 90.4, 180.4), *_counts("0000000")]),
    (407.9, [("果", 52.4, 61.4), ("情形，不计其他情形）", 90.4, 180.4)]),
    (418.4, [("三、本年", 38.9, 74.9)]),
    (423.6, [("（三）不", 91.3, 127.3), ("1.属于国", 143.8, 179.4)]),
    (428.9, [("度办理结", 38.9, 74.9), *_counts("0000000")]),
    (434.1, [("予公开", 95.8, 122.8), ("家秘密", 143.8, 179.8)]),
    (439.4, [("果", 52.4, 61.4)]),
    (449.9, [("2.其他法", 143.8, 179.4)]),
    (455.1, [("三、本年", 38.9, 74.9)]),
    (460.4, [("（三）不", 91.3, 127.3), ("律行政法", 143.6, 179.6)]),
    (465.6, [("度办理结", 38.9, 74.9), *_counts("0000000")]),
    (470.9, [("予公开", 95.8, 122.8), ("规禁止公", 143.6, 179.6)]),
    (476.1, [("果", 52.4, 61.4)]),
    (481.4, [("开", 157.1, 166.1)]),
]

# pdf_word-15000084, page 2 ('official' page, no borders): `三、本` / `年度办` / `理结果`, its
# middle line on the numbers' line of `（一）予以` / `公开`.
_XS_OFFICIAL = (225.4, 269.6, 313.8, 358.0, 402.2, 446.4, 490.6)


def _values(*values: str) -> list[tuple[str, float, float]]:
    return [(v, x, x + 6.7 * len(v)) for v, x in zip(values, _XS_OFFICIAL, strict=True)]


_ZEROS = ("0",) * 7
_OFFICIAL = [
    (140.9, [("一、本年新收政府", 98.4, 182.4)]),
    (147.0, _values("102", "15", "0", "0", "6", "25", "148")),
    (153.2, [("信息公开申请数量", 98.4, 182.4)]),
    (165.4, [("二、上年结转政府信", 93.1, 187.6)]),
    (171.5, _values("0", "1", "0", "0", "2", "1", "4")),
    (177.7, [("息公开申请数量", 103.6, 177.1)]),
    (189.9, [("三、本", 80.4, 111.9)]),
    (196.0, [("（一）予以", 136.2, 188.7)]),
    (202.2, [("年度办", 80.4, 111.9), *_values("44", "10", "0", "0", "0", "0", "54")]),
    (208.3, [("公开", 152.0, 173.0)]),
    (214.4, [("理结果", 80.4, 111.9)]),
    (226.7, [("（二）部分公开", 125.7, 199.2)]),
    (238.9, [("三、本", 80.4, 111.9), ("（区分处理的，", 125.7, 199.2)]),
    (251.2, [("年度办", 80.4, 111.9), ("只计这一情形", 131.0, 194.0), *_values(*_ZEROS)]),
    (263.4, [("理结果", 80.4, 111.9), ("，不计其他情", 131.0, 194.0)]),
    (275.7, [("形）", 152.0, 173.0)]),
    (287.9, [("三、本", 80.4, 111.9), ("（三）", 124.6, 156.1), ("1.属于", 169.1, 200.1)]),
    (300.2, [("年度办", 80.4, 111.9), ("不予公", 124.6, 156.1), ("国家秘", 168.8, 200.3), *_values(*_ZEROS)]),
    (312.4, [("理结果", 80.4, 111.9), ("开", 135.1, 145.6), ("密", 179.3, 189.8)]),
    (324.7, [("三、本", 80.4, 111.9), ("（三）", 124.6, 156.1), ("2.其他", 169.1, 200.1)]),
    (336.9, [("年度办", 80.4, 111.9), ("不予公", 124.6, 156.1), ("法律行", 168.8, 200.3), *_values(*_ZEROS)]),
    (349.1, [("理结果", 80.4, 111.9), ("开", 135.1, 145.6), ("政法规", 168.8, 200.3)]),
]


def _words(lines: list[tuple[float, list[tuple[str, float, float]]]], height: float) -> list[dict]:
    return [{"text": t, "x0": x0, "x1": x1, "top": top, "bottom": top + height} for top, words in lines for t, x0, x1 in words]


def _rows_and_texts(words: list[dict]) -> list[tuple[str, list[str]]]:
    blocks, _ = read_page(words)
    return [(b.kind, b.cells) for b in blocks if b.kind in ("row", "text")]


def test_group_label_line_on_the_first_rows_numbers_stays_in_the_group_label() -> None:
    """`度`, the group label's middle line, alone left of the numbers of `（一）予` / `以公开`
    (a row label spanning two label columns): not the row's label, a piece of the group's."""
    read = _rows_and_texts(_words(_NARROW, 9.0))
    rows = {cells[0]: cells[1:] for kind, cells in read if kind == "row"}
    assert rows.get("（一）予以公开") == list("2000002"), read
    assert ("text", ["三、本年度办理结果"]) in read, read
    assert not any("度" in label and "予" in label for label in rows), read


def test_group_label_line_on_the_first_rows_numbers_official_page() -> None:
    """The same on a wider page, the group label three characters per line (`年度办` on the
    numbers' line of `（一）予以` / `公开`)."""
    read = _rows_and_texts(page_words(_OFFICIAL))
    rows = {cells[0]: cells[1:] for kind, cells in read if kind == "row"}
    assert rows.get("（一）予以公开") == ["44", "10", "0", "0", "0", "0", "54"], read
    assert ("text", ["三、本年度办理结果"]) in read, read
