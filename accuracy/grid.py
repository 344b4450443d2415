"""A neutral table as the official merged-cell grid (国办公开办函〔2019〕60号 / 〔2021〕30号):
one `Span` per visible cell, which the PDF and DOCX renderers draw or merge."""

from __future__ import annotations

from dataclasses import dataclass

from accuracy.model import Band, Header, Row, Table


@dataclass(frozen=True)
class Span:
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    kind: str = "label"  # label | value | header


@dataclass
class Grid:
    rows: int
    cols: int
    spans: list[Span]
    body_start: int = 0  # first row after the header rows (a repeated header ends here)


def build(table: Table, subtotal: str = "") -> Grid:
    """`subtotal` ("合计" / "小计"): table 2 prints one more column after the five kinds of
    法人或其他组织, their sum (as some real reports do)."""
    if table.key == "applications":
        return _table2(table, subtotal or table.subtotal)
    return {"active_disclosure": _table1, "appeals": _table3}[table.key](table)


def _values(r: int, first_col: int, values: list[str], width: int) -> list[Span]:
    """Value cells; fewer values than columns: the last one spans the rest (merged cells)."""
    out = []
    for j, v in enumerate(values):
        span = width - j if j == len(values) - 1 else 1
        out.append(Span(r, first_col + j, 1, span, v, "value"))
    return out


def _table1(table: Table) -> Grid:
    spans: list[Span] = []
    width = max(len(i.values) for i in table.items if isinstance(i, Row))
    for r, item in enumerate(table.items):
        if isinstance(item, Band):
            spans.append(Span(r, 0, 1, width + 1, item.text, "header"))
        elif isinstance(item, Header):
            names = [c for c in item.cells[1:] if c]
            spans.append(Span(r, 0, 1, 1, item.cells[0], "header"))
            spans += [Span(s.row, s.col, 1, s.colspan, s.text, "header") for s in _values(r, 1, names, width)]
        else:
            spans.append(Span(r, 0, 1, 1, item.labels[0]))
            spans += _values(r, 1, item.values, width)
    return Grid(len(table.items), width + 1, spans, body_start=2)


def _table2(table: Table, subtotal: str = "") -> Grid:
    six = [c for c in table.items[2].cells if c]
    extra = 1 if subtotal else 0
    spans = [
        Span(0, 0, 3, 3, table.items[0].cells[0], "header"),
        Span(0, 3, 1, 7 + extra, "申请人情况", "header"),
        Span(1, 3, 2, 1, "自然人", "header"),
        Span(1, 4, 1, 5 + extra, "法人或其他组织", "header"),
        Span(1, 9 + extra, 2, 1, "总计", "header"),
        *[Span(2, 4 + i, 1, 1, name, "header") for i, name in enumerate(six)],
        *([Span(2, 9, 1, 1, subtotal, "header")] if subtotal else []),
    ]
    rows = table.rows()
    top = 3
    for i, row in enumerate(rows):
        r = top + i
        depth = len(row.labels)
        for level in range(depth - 1):  # group cells: one span over the rows that share them
            text = row.labels[level]
            if i and len(rows[i - 1].labels) > level + 1 and rows[i - 1].labels[level] == text:
                continue
            n = 1
            while i + n < len(rows) and len(rows[i + n].labels) > level + 1 and rows[i + n].labels[level] == text:
                n += 1
            spans.append(Span(r, level, n, 1, text))
        own_col = depth - 1
        spans.append(Span(r, own_col, 1, 3 - own_col, row.labels[-1]))
        values = with_subtotal(row.values) if subtotal else row.values
        spans += [Span(r, 3 + j, 1, 1, v, "value") for j, v in enumerate(values)]
    return Grid(top + len(rows), 10 + extra, spans, body_start=3)


def with_subtotal(values: list[str]) -> list[str]:
    """The seven values with the sum of the five 法人或其他组织 columns before 总计 (blank when
    one of them is not a plain number: a clerk leaves a sum blank that cannot be made)."""
    orgs = values[1:6]
    digits = [v.translate(str.maketrans("０１２３４５６７８９", "0123456789")).removesuffix("件") for v in orgs]
    total = str(sum(int(d) for d in digits)) if all(d.isdigit() for d in digits) else ""
    if total and any(v[:1] in "０１２３４５６７８９" for v in orgs if v):
        total = total.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if total and all(v.endswith("件") for v in orgs if v):
        total += "件"
    return [*values[:6], total, *values[6:]]


def _table3(table: Table) -> Grid:
    cols = [c for c in table.items[1].cells[:5]]
    spans = [Span(0, 0, 1, 5, "行政复议", "header"), Span(0, 5, 1, 10, "行政诉讼", "header")]
    spans += [Span(1, j, 2, 1, name, "header") for j, name in enumerate(cols)]
    spans += [Span(1, 5, 1, 5, "未经复议直接起诉", "header"), Span(1, 10, 1, 5, "复议后起诉", "header")]
    spans += [Span(2, 5 + j, 1, 1, name, "header") for j, name in enumerate(cols + cols)]
    spans += [Span(3, j, 1, 1, v, "value") for j, v in enumerate(table.rows()[0].values)]
    return Grid(4, 15, spans, body_start=3)
