"""The interface the PDF table readers build on (readers/layout_lines.py `__all__`): a line as
label pieces and values by column, the label starts, and the official wording."""

from __future__ import annotations

from annual_report.readers import layout_lines
from annual_report.readers.layout_lines import (
    GROUP_START,
    NUMBERED,
    Line,
    Piece,
    continues,
    is_official,
    overlaps,
    parse_line,
    starts_official,
)


def test_the_interface_is_what_the_pdf_readers_import() -> None:
    import ast
    from pathlib import Path

    readers = Path(layout_lines.__file__).parent
    used: set[str] = set()
    for name in ("pdfcolumns", "pdfrows", "pdfblanks", "pdfgroups"):
        tree = ast.parse((readers / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "layout_lines":
                used.add(node.attr)
            if isinstance(node, ast.ImportFrom) and node.module == "annual_report.readers.layout_lines":
                used.update(a.name for a in node.names)
            if isinstance(node, ast.ImportFrom) and node.module in ("annual_report.readers.layout", "annual_report.readers.layout_rows"):
                raise AssertionError(f"{name} reaches into {node.module}")
            if isinstance(node, ast.ImportFrom) and node.module == "annual_report.readers":
                assert not {a.name for a in node.names} & {"layout", "layout_rows"}, name
    assert used and used <= set(layout_lines.__all__), used - set(layout_lines.__all__)


def test_a_layout_line_is_label_pieces_then_values() -> None:
    line = parse_line(3, "    1.属于国家秘密      0   12   3件")
    assert line is not None
    assert [p.text for p in line.labels] == ["1.属于国家秘密"]
    assert line.values == ["0", "12", "3件"]
    assert line.value_at is not None and len(line.value_at) == 3
    assert line.value_at == sorted(line.value_at)
    assert line.value_start is not None and line.value_start > line.labels[0].end
    # text right of the numbers is no table line
    assert parse_line(4, "规章   3   5   本年新增") is None


def test_overlap_and_continuation_of_header_cells() -> None:
    head = Line(0, [Piece(10, 18, "本年制发"), Piece(30, 38, "本年废止")], [], None)
    wrapped = Line(1, [Piece(12, 16, "件数"), Piece(32, 36, "件数")], [], None)
    assert overlaps(head.labels[0], wrapped.labels[0]) and not overlaps(head.labels[0], wrapped.labels[1])
    assert continues(head, wrapped)
    numbered = Line(2, [Piece(12, 20, "1.属于")], [], None)
    assert not continues(head, numbered)


def test_label_starts_and_official_wording() -> None:
    assert NUMBERED.match("1.属于国家秘密") and NUMBERED.match("（三）不予公开") and NUMBERED.match("四、结转下年度继续办理")
    assert not NUMBERED.match("相关政府信息")
    assert GROUP_START.match("（三）不予公开") and GROUP_START.match("三、本年度办理结果")
    assert is_official("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    assert is_official("行政处罚") and is_official(" 4.保护第三方合法权益")
    assert not is_official("行政处罚行政强制")
    assert not is_official("一、本年新收政府信息公开申请")  # cut short: only the start of one
    assert starts_official("一、本年新收政府信息公开申请") and not starts_official("数量二、上年结转")
