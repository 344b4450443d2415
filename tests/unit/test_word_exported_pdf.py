"""What a word processor's PDF export does to the tables (the `pdf_word` harness family:
the DOCX family's report exported by LibreOffice), read as a text PDF's tables are."""

from __future__ import annotations

from annual_report.readers.pdftext import _chars_to_text


def _char(text: str, x0: float, top: float, bottom: float) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 11.0, "top": top, "bottom": bottom}


def test_a_low_comma_glyph_stays_on_its_line() -> None:
    # LibreOffice's tight box for 、 sits at the bottom of the line: 687.7–690.6 under 二's 681.7–690.1
    chars = [_char("二", 90.1, 681.7, 690.1), _char("、", 101.1, 687.7, 690.6)]
    chars += [_char(ch, 112.1 + 11 * i, 680.4, 690.3) for i, ch in enumerate("上年结转")]
    assert _chars_to_text(chars) == "二、上年结转"
    # a second line of the cell is still a line of its own
    chars += [_char(ch, 90.1 + 11 * i, 694.0, 704.0) for i, ch in enumerate("数量")]
    assert _chars_to_text(chars) == "二、上年结转数量"
    assert _chars_to_text(list(reversed(chars))) == "二、上年结转数量"


def _word(text: str, x0: float, x1: float, top: float = 577.7) -> dict:
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": top + 11.0}


def test_a_change_word_and_its_number_in_two_fonts_are_one_cell() -> None:
    from annual_report.readers.pdfwords import touching

    # 增 in the CJK font, 1 in the Latin one, 1.6 pt apart: one cell of 本年增/减
    line = [
        _word("行政许可", 90.1, 134.1),
        _word("1", 399.2, 406.2),
        _word("增", 447.3, 458.3),
        _word("1", 459.9, 467.5),
        _word("293", 495.4, 516.4),
    ]
    assert [w["text"] for w in touching(line)] == ["行政许可", "1", "增1", "293"]
    # a number a column away from 增 (a label ending in 增?) is not glued to it
    far = [_word("增", 447.3, 458.3), _word("1", 470.0, 477.0)]
    assert [w["text"] for w in touching(far)] == ["增", "1"]


def test_rows_beside_a_ruled_grid_send_the_page_to_the_word_position_reader() -> None:
    from annual_report.readers.pdfruled import _borderless_rows

    def lines(*texts: str) -> list[dict]:
        return [{"text": t} for t in texts]

    # the rest of a borderless table 1 above a ruled table 2: short rows, one with 减1
    assert _borderless_rows(lines("行政强制 ０ ０ ０", "第二十条第（八）项", "行政事业性收费 21 减1", "政府集中采购 ０ ０"))
    # a borderless table 3: one row of fifteen numbers
    assert _borderless_rows(lines("行政复议 行政诉讼", "０ ０ ０ 3 3 ０ ０ ０ ０ ０ ０ ０ ０ 2 2"))
    # prose with numbers is not a table
    assert not _borderless_rows(lines("本年度主动公开信息 204 条，其中工作动态 102 条。", "行政许可 事项 12 项"))
