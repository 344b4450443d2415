"""Lines from pdfium's character boxes keep their punctuation in place (pdf_word-3000051): with
some embedded CJK fonts pdfium's "loose" boxes are the ink's, so a comma or full stop sits in
the lower part of the line, its middle 5 pt under the characters'. Clustered by middle alone it
made a line of its own, printed after the line (`回应关， 、`), and a sentence such as
`未发生因依申请公开被行政复议纠错` came out as `…纠，` + `错`."""

from __future__ import annotations

from annual_report.readers.pdfgrid import text_lines


def char(text: str, x0: float, top: float, bottom: float) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 16, "top": top, "bottom": bottom}


def sentence(text: str, top: float) -> list[dict]:
    out = []
    for k, ch in enumerate(text):
        low = ch in "，。、；："
        out.append(char(ch, 80 + 16 * k, top + 10.5 if low else top, top + 14.8 if low else top + 14.4))
    return out


def test_punctuation_low_in_its_line_stays_in_place() -> None:
    chars = sentence("扎实做好信息发布、政策解读和回应关", 376) + sentence("切。（一）主动公开。", 404)
    got = [line["text"] for line in text_lines(chars)]
    assert got == ["扎实做好信息发布、政策解读和回应关", "切。（一）主动公开。"]


def test_lines_close_together_stay_apart() -> None:
    """Table rows 12 pt apart with 10.5-pt glyphs: two lines, not one."""
    chars = sentence("规章", 100) + sentence("规范性文件", 112)
    got = [line["text"] for line in text_lines(chars)]
    assert got == ["规章", "规范性文件"]
