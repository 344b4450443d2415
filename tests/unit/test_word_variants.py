"""Word documents set up as townships set them up (accuracy/word_styles.py), exported to PDF:
the generator draws what it says it draws, and the PDF readers read what such exports do."""

from __future__ import annotations

import dataclasses
import io
import random
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from accuracy import word_styles
from accuracy.cli import run_one
from accuracy.generate import make_case
from accuracy.render_docx import render_docx
from accuracy.render_word_pdf import content_key
from accuracy.word_styles import TEMPLATE, WordStyle
from annual_report.document import Block
from annual_report.model import Source
from annual_report.readers.pdfheaders import drop_repeated_headers
from annual_report.readers.pdftext import _is_table_page

SEED = 1_000_004  # a report with all three tables


def _docx(style: WordStyle, seed: int = SEED, *, sized: bool = True) -> tuple[bytes, dict]:
    case = make_case(seed, "pdf_word")
    record: dict = {}
    return render_docx(case.doc, random.Random(seed), record, sized=sized, word=style), record


STYLED = WordStyle(
    page="official",
    landscape=True,
    body_font="仿宋_GB2312",
    latin_font="Times New Roman",
    body_pt=16.0,
    line_pt=28.0,
    heading_font="黑体",
    table_font="宋体",
    table_pt=9.0,
    header_repeat=True,
    cant_split=True,
    borders="three_line",
    align="numbers_right",
    caption="in_row",
    between="page_break",
    break_before="appeals",
)


def test_a_drawn_set_up_is_in_the_document() -> None:
    data, record = _docx(STYLED)
    d = docx.Document(io.BytesIO(data))
    first = d.sections[0]
    assert round(first.top_margin.cm, 1) == 3.7 and round(first.left_margin.cm, 1) == 2.8
    assert [s.page_width > s.page_height for s in d.sections] == [False, True, False]  # table 2 alone in landscape
    assert len(d.tables) == 3
    body = d.element.body
    assert len(body.findall(f".//{qn('w:tblHeader')}")) == 3 + 4 + 4  # each table's caption row and header rows
    assert len(body.findall(f".//{qn('w:cantSplit')}")) == sum(len(t.rows) for t in d.tables)
    assert d.tables[0].rows[0].cells[0].text.endswith("主动公开政府信息情况")  # the caption in the first row
    assert d.styles["Normal"].paragraph_format.line_spacing.pt == 28.0
    assert record["word_borders"] == "three_line" and record["word_page"] == "official"


def test_the_template_set_up_and_the_docx_family_are_untouched() -> None:
    template, record = _docx(TEMPLATE)
    assert record["word_page"] == "template" and not any(k != "word_page" and k.startswith("word_") for k in record)
    d = docx.Document(io.BytesIO(template))
    assert round(d.sections[0].page_width.cm, 2) == 21.59 and len(d.sections) == 1  # python-docx's Letter page
    assert not d.element.body.findall(f".//{qn('w:tblHeader')}")
    unsized, _ = _docx(STYLED, sized=False)  # the docx family ignores any set-up
    plain, _ = _docx(TEMPLATE, sized=False)
    assert content_key(unsized) == content_key(plain)


def test_set_ups_are_drawn_from_their_own_seed() -> None:
    drawn = [word_styles.pick(random.Random(f"{s}:pdf_word:setup")) for s in range(400)]
    templates = sum(s.template for s in drawn)
    assert 60 <= templates <= 140  # about a quarter keep the first generator's set-up
    for field in ("landscape", "header_repeat", "cant_split"):
        assert any(getattr(s, field) for s in drawn) and not all(getattr(s, field) for s in drawn)
    assert {s.borders for s in drawn if not s.template} == {"all", "none", "frame", "three_line"}
    assert {s.caption for s in drawn} == {"none", "above", "in_row"}
    assert word_styles.pick(random.Random("7:pdf_word:setup")) == word_styles.pick(random.Random("7:pdf_word:setup"))


def test_the_conversion_cache_key_ignores_the_zip_timestamps() -> None:
    def zipped(when: tuple, types: bytes = b"<Types/>") -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for name, body in (("word/document.xml", b"<w:document/>"), ("[Content_Types].xml", types)):
                z.writestr(zipfile.ZipInfo(name, date_time=when), body)
        return buf.getvalue()

    early, late = zipped((2026, 12, 2, 5, 1, 0)), zipped((2026, 12, 2, 6, 7, 0))
    assert early != late and content_key(early) == content_key(late)
    assert content_key(early) != content_key(zipped((2026, 12, 2, 5, 1, 0), b"<Typez/>"))


def test_record_names_only_what_differs_from_the_template() -> None:
    style = dataclasses.replace(TEMPLATE, page="word", borders="none")
    assert style.record() == {"word_page": "word", "word_borders": "none"}
    assert "borders none" in style.describe() and TEMPLATE.describe() == "template"


# ---------------------------------------------------------------- reading them


def _row(page: int, *cells: str) -> Block:
    return Block("row", list(cells), Source(page=page))


def _text(page: int, text: str) -> Block:
    return Block("text", [text], Source(page=page))


def _table2_header(page: int) -> list[Block]:
    return [
        _row(page, "（本列数据的勾稽关系为：第一项加第二项之和，", "申请人情况"),
        _row(page, "等于第三项加第四项之和）", "自然人", "法人或其他组织", "总计"),
        _row(page, "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"),
    ]


def test_header_rows_repeated_atop_the_next_page_are_read_once() -> None:
    """Word's "repeat as header row at the top of each page" (w:tblHeader): the copy atop the
    continuation page is the same header, not a new table (pdf_word-1000001: (七)总计 was
    read twice, once empty)."""
    blocks = [
        _text(2, "三、收到和处理政府信息公开申请情况"),
        *_table2_header(2),
        _row(2, "一、本年新收政府信息公开申请数量", "12", "4", "0", "0", "0", "0", "16"),
        _text(2, "三、本年度办"),
        _row(2, "（一）予以公开", "4", "0", "0", "0", "0", "0", "4"),
        *_table2_header(3),
        _text(3, "理结果"),
        _row(3, "（七）总计", "10", "4", "0", "0", "0", "0", "14"),
    ]
    kept = blocks[:7] + blocks[10:]
    drop_repeated_headers(blocks)
    assert blocks == kept
    assert [b.cells[0] for b in blocks if b.source.page == 3] == ["理结果", "（七）总计"]


def test_a_table_opening_atop_a_page_is_kept() -> None:
    """The first page of a table, its header atop a page (a page break before the table), and
    a header equal to an earlier one that does not continue a table: all kept."""
    fresh = [_text(1, "三、收到和处理政府信息公开申请情况"), *_table2_header(2), _row(2, "（七）总计", "1", "0", "0", "0", "0", "0", "1")]
    before = list(fresh)
    drop_repeated_headers(fresh)
    assert fresh == before
    again = [*before, _text(2, "四、行政复议、行政诉讼情况"), *_table2_header(3), _row(3, "（七）总计", "1", "0", "0", "0", "0", "0", "1")]
    copy = list(again)
    drop_repeated_headers(again)
    assert again == copy  # the page before ended in prose: a new table, not a continuation


def test_a_page_holding_one_wrapped_row_of_table_2_is_a_table_page() -> None:
    """Table 2's last row alone atop a page, its label wrapped by the cell (pdf_word-1000022:
    the page was read as prose and the row was lost)."""
    assert _is_table_page(["四、结转下年度", "继续办理 0 0 0 0 0 0 0", "四、政府信息公开行政复议、行政诉讼情况"])
    assert _is_table_page(["（七）总计 12 0 0 1 0 0 13"])
    assert not _is_table_page(["四、结转下年度继续办理的申请已按期办结。", "全年共召开会议 2 次，培训 1 次，印发文件 3 件。"])


def test_counts_set_apart_from_their_unit_make_a_table_page() -> None:
    """`0 件` (the digit and 件 in two fonts, pdfium puts a space between): a continuation page
    of ruled table 2 whose header Word repeated and whose one row is wrapped one character per
    line (pdf_word-5000009) is a table page, not prose."""
    assert _is_table_page(["申请人情况", "自然人 法人或其他组织 总计", "费通知", "0 件 0 件 0 件 0 件 0 件 0 件 0 件"])
    assert not _is_table_page(["申请人情况", "本年度共收到申请 3 件，办结 3 件。"])


# Set-ups read exactly today, each for what it shows: (seed, style keys it must have drawn).
WORD_SETUP_CASES = [
    (1_000_001, {"word_header_repeat": True, "word_borders": "none"}),  # header repeated atop a borderless continuation
    (1_000_003, {"word_borders": "frame", "word_caption": "in_row"}),
    (1_000_007, {"word_borders": "three_line", "word_cant_split": True, "word_header_repeat": True}),
    (1_000_013, {"word_landscape": True, "word_caption": "above"}),
    (1_000_022, {"word_caption": "in_row", "word_between": "page_break"}),  # table 2's last row alone atop a page
]


@pytest.mark.parametrize(("seed", "drawn"), WORD_SETUP_CASES, ids=[str(s) for s, _ in WORD_SETUP_CASES])
def test_word_set_up_is_read_exactly(seed: int, drawn: dict) -> None:
    score, _, _, detail = run_one(seed, "pdf_word")
    style = detail["truth"]["render"]["style"]
    assert {k: style.get(k) for k in drawn} == drawn  # the case still draws what it is here for
    assert score["passed"], "\n".join(score["diffs"][:12])
