"""Text of PDF pages: line clean-up (page numbers, fake bold, vertical labels), prose reflowed
into paragraphs, which pages hold the statistical tables, and a cell's characters as text.
Shared by the pdfium path (`pdfruled`), the pdfplumber fallback (`pdffallback`) and OCR."""

from __future__ import annotations

import re

from annual_report.document import Block
from annual_report.extract.normalize import SENTENCE_END
from annual_report.extract.tokens import PLACEHOLDER
from annual_report.model import Source
from annual_report.readers.cjk import fix_cjk, is_cjk, join_cell_lines
from annual_report.readers.layout_lines import is_official

_LINE_START_LABELS = (
    "信息内容",
    "第二十条",
    "规章",
    "行政规范性文件",
    "规范性文件",
    "行政许可",
    "其他对外管理服务事项",
    "行政处罚",
    "行政强制",
    "行政事业性收费",
    "政府集中采购",
    "申请人情况",
    "一、本年新收",
    "二、上年结转",
    "（一）予以公开",
    "(一)予以公开",
    "（二）部分公开",
    "(二)部分公开",
    "（三）不予公开",
    "（四）无法提供",
    "（五）不予处理",
    "（六）其他处理",
    "（七）总计",
    "(七)总计",
    "四、结转下年度",
    "1.属于国家秘密",
    "1.本机关不掌握",
    "1.信访举报",
    "2.重复申请",
    "行政复议",
    "结果维持",
    "未经复议直接起诉",
    "复议后起诉",
    "本年度办理结果",
)

_TABLE_WORDS = (
    "信息内容",
    "本年制发件数",
    "处理决定数量",
    "本年收费金额",
    "申请人情况",
    "本年新收",
    "上年结转",
    "予以公开",
    "不予公开",
    "无法提供",
    "不予处理",
    "其他处理",
    "结转下年度",
    "行政复议",
    "行政诉讼",
    "结果维持",
    "尚未审结",
    "复议后起诉",
    "本年新制作数量",
    "上一年项目数量",
    "采购项目数量",
)

_NUMBER = r"[-－]?\d+(?:[.,]\d+)?件?"  # counts may carry their unit (3件)

_NUMERIC_ROW = re.compile(rf"(?:^|\s)(?:{_NUMBER}\s+){{2,}}{_NUMBER}\s*$")

_NUMERIC_TOKEN = re.compile(rf"^{_NUMBER}$")

_GLUED_ROW = re.compile(r"(?:^|[\u4e00-\u9fff）)”])(?:\d{5,}|(?:\d+[件条个项]){5,})\s*$")  # 0件0件0件…: counts with their unit

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-－—–]\s*\d{1,4}\s*[-－—–]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|"
    r"[-－—–]\s*\d{1,4}|\d{1,4}\s*[-－—–])\s*$"
)

_LABEL_START = re.compile(r"^\s*(?:[（(【\[]|[一二三四五六七八九十]+[、.．]|\d+[、.．]|第[一二三四五六七八九十\d]+)")

_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[章节部分])")

_CID = re.compile(r"\(cid:\d+\)")


def _garbled_ratio(text: str) -> tuple[bool, float]:
    """A text layer without usable ToUnicode maps: (cid:NNN), Latin-1 mojibake, private use."""
    cid = len(_CID.findall(text))
    cjk = weird = 0
    for ch in text:
        cp = ord(ch)
        if is_cjk(ch):
            cjk += 1
        elif 0x80 <= cp <= 0x24F or 0xE000 <= cp <= 0xF8FF or cp == 0xFFFD or 0xFB00 <= cp <= 0xFB06 or (cp < 32 and ch not in "\r\n\t\f"):
            weird += 1
    weird += cid * 3
    total = cjk + weird
    if total < 20:
        return False, 0.0
    ratio = weird / total
    return ratio > 0.4, ratio


def _undouble(line: str) -> str:
    """ "审审核核" → "审核" when the whole line is glyph pairs (text drawn twice, fake bold)."""
    s = line.replace(" ", "")
    if len(s) >= 4 and len(s) % 2 == 0 and all(s[i] == s[i + 1] for i in range(0, len(s), 2)):
        i = 0
        chars = list(line)
        out = []
        while i < len(chars):
            out.append(chars[i])
            if i + 1 < len(chars) and chars[i + 1] == chars[i] and chars[i] != " ":
                i += 2
            else:
                i += 1
        return "".join(out)
    return line


def _clean_lines(raw: list[str]) -> list[str]:
    lines = []
    for line in raw:
        line = line.strip().replace("\r", "")
        if not line or _PAGE_NUMBER.match(line):
            continue
        lines.append(_undouble(line))
    return _join_vertical(lines)


def _join_vertical(lines: list[str]) -> list[str]:
    """Runs of ≥3 one-character lines are a vertical label ("三/、/本/年/度…"): join them."""
    out: list[str] = []
    run: list[str] = []
    for line in [*lines, None]:
        if line is not None and len(line) == 1:
            run.append(line)
            continue
        if len(run) >= 3:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if line is not None:
            out.append(line)
    return out


def _text_blocks(page: int, lines: list[str]) -> list[Block]:
    return [Block(kind="text", cells=[t], source=Source(page=page)) for t in _reflow(lines)]


def _reflow(lines: list[str], full: list[bool] | None = None) -> list[str]:
    """Join prose lines the PDF wrapped at the right margin back into paragraphs."""
    if not lines:
        return []
    if full is None:
        lengths = [_visual_width(line) for line in lines]
        if len(lengths) < 5:
            return list(lines)
        long_lines = sorted(lengths)[int(len(lengths) * 0.8)]
        threshold = max(18.0, long_lines * 0.9)
        full = [n >= threshold for n in lengths]
    out: list[str] = []
    joinable = False
    for line, is_full in zip(lines, full):
        if out and joinable and not _NUMERIC_ROW.search(line) and not _HEADING.match(line):
            out[-1] = _join_text(out[-1], line)
        else:
            out.append(line)
        joinable = _may_continue(line, is_full)
    return out


def _may_continue(line: str, is_full: bool) -> bool:
    """A full-width line that does not end a sentence continues on the next line."""
    return is_full and not line.endswith(SENTENCE_END) and not _NUMERIC_ROW.search(line)


def _visual_width(line: str) -> float:
    return sum(0.5 if ch.isascii() else 1.0 for ch in line if not ch.isspace())


def _join_text(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    return a + b


_COUNT_UNIT = re.compile(r"(\d)\s*件\s*")  # `0 件` in two fonts, `0件0件0件` glued: counts all the same


def _is_table_page(lines: list[str]) -> bool:
    lines = [_COUNT_UNIT.sub(r"\1件 ", line) for line in lines]
    squeezed = [re.sub(r"\s+", "", line) for line in lines]
    starts = sum(1 for s in squeezed if len(s) <= 48 and s.startswith(_LINE_START_LABELS))
    # Narrow value columns in a small font: pdfium glues a row's digits ("他情形）0000000").
    numeric_rows = sum(1 for line in lines if numeric_row(line))
    words = sum(1 for w in _TABLE_WORDS if any(w in s for s in squeezed))
    # no header on the page (rows tall with group labels repeated in each): its rows' own labels
    words += sum(1 for s in squeezed if len(s) <= 48 and is_official(s)) // 2
    # table 3's one row of numbers, alone at the top of a page (the table broke there)
    wide = any(_wide_row(line) for line in lines)
    # one official row alone (table 2's last row atop a page, its label wrapped by its cell;
    # table 1's last row and its one number: 行政事业性收费 0)
    lone_row = (starts >= 1 and numeric_rows >= 1) or any(_official_with_numbers(s) for s in lines)
    return (numeric_rows >= 2 and words >= 1) or numeric_rows >= 5 or starts >= 2 or (starts >= 1 and words >= 3) or wide or lone_row


def numeric_row(line: str) -> bool:
    """A line that ends with a row's numbers, spaced (`0 0 0`) or glued by the text layer
    (`他情形）0000000`, `0件0件0件`)."""
    return bool(_NUMERIC_ROW.search(line) or _GLUED_ROW.search(line))


def _wide_row(line: str) -> bool:
    """Table 3's row: ten numbers and more at the line's end (a cut header's rest may stand
    before them), or ten values and more and nothing else, a placeholder (无, —) among them."""
    if (m := _NUMERIC_ROW.search(line)) and len(m.group(0).split()) >= 10:
        return True
    tokens = line.split()
    numbers = sum(1 for t in tokens if re.fullmatch(_NUMBER, t))
    return len(tokens) >= 10 and numbers * 2 > len(tokens) and all(re.fullmatch(_NUMBER, t) or PLACEHOLDER.match(t) for t in tokens)


_TRAILING_NUMBERS = re.compile(rf"(?:\s+{_NUMBER})+\s*$")


def _official_with_numbers(line: str) -> bool:
    """An official row label followed by its numbers, nothing else (行政事业性收费 0)."""
    m = _TRAILING_NUMBERS.search(line)
    return m is not None and m.start() > 0 and is_official(line[: m.start()])


def _reflow_with_boxes(texts: list[str], full: list[bool], lines: list[dict]) -> list[tuple[str, tuple]]:
    out: list[tuple[str, tuple]] = []
    joinable = False
    for text, ln, is_full in zip(texts, lines, full):
        box = (ln["x0"], ln["top"], ln["x1"], ln["bottom"])
        if out and joinable and not _HEADING.match(text):
            prev_text, prev_box = out[-1]
            out[-1] = (_join_text(prev_text, text), (min(prev_box[0], box[0]), prev_box[1], max(prev_box[2], box[2]), box[3]))
        else:
            out.append((text, box))
        joinable = _may_continue(text, is_full)
    return out


def _prose_items(lines: list[dict], width: float, number: int) -> list[tuple[float, float, Block]]:
    """Text lines of a table page (outside its tables) → reflowed paragraphs with boxes."""
    if not lines:
        return []
    left = min(ln["x0"] for ln in lines)
    right = max(max(ln["x1"] for ln in lines), width - left) if left < width / 3 else max(ln["x1"] for ln in lines)
    texts, full = [], []
    for k, ln in enumerate(lines):
        texts.append(_undouble(fix_cjk(ln["text"])))
        w = (ln["x1"] - ln["x0"]) / max(1, len(ln["text"]))
        below = lines[k + 1] if k + 1 < len(lines) else None
        full.append(ln["x1"] >= right - 2.5 * w and not (below and _breaks_before(ln, below)))
    return [
        (box[1], box[0], Block(kind="text", cells=[text], source=Source(page=number, box=box)))
        for text, box in _reflow_with_boxes(texts, full, lines)
    ]


def _breaks_before(line: dict, below: dict) -> bool:
    """`below` does not continue `line`'s sentence, whatever their widths: a title over its
    text, or a table's first line under the sentence that introduces it (its header set in the
    table's type, its words spread over their cells: …情况如下： / 行政复议 行政诉讼)."""
    return _larger_type(line, below) or _smaller_below(line, below) or _spread(below) or _far_below(line, below)


def _far_below(line: dict, below: dict) -> bool:
    """`below` starts more than _FAR lines' heights under `line`: something not prose stands
    between them (a table: its lines are not among the prose lines)."""
    return below["top"] - line["bottom"] > _FAR * _size(line)


_FAR = 2.5  # a body line's gap to the next is under 1.8 of its height, even at 29 pt over 小四


def _smaller_below(line: dict, below: dict) -> bool:
    """`below` is set in clearly smaller type (heights) than `line`: a table's text under the
    body's."""
    b = _size(below)
    return b > 0 and _size(line) >= _SMALLER * b


_SMALLER = 1.3  # 三号 or 四号 body over 五号 or 小五 table text


def _spread(line: dict) -> bool:
    """Words far apart on one line, as a table's cells place them: the line is wider than its
    characters by more than _SPREAD_EMS characters of its height (a wrapped sentence's words
    are never that far apart)."""
    em = _size(line)
    return " " in line["text"].strip() and em > 0 and line["x1"] - line["x0"] > (_visual_width(line["text"]) + _SPREAD_EMS) * em


_SPREAD_EMS = 6


def _size(line: dict) -> float:
    """A line's type size: as the reader gives it (pdfgrid: its ideographs' median height), else
    its box's height (pdfplumber's boxes are the font size, whatever the font)."""
    return line.get("size") or line["bottom"] - line["top"]


def _larger_type(line: dict, below: dict) -> bool:
    """`line` is set clearly larger than the line under it: a title ends there even when it
    spans the page ("2024年政府信息公开工作年度报告" at 26 pt over 12 pt text)."""
    em, em_below = _em(line), _em(below)
    return em is not None and em_below is not None and em >= _LARGER_TYPE * em_below


_LARGER_TYPE = 1.25


def _em(line: dict) -> float | None:
    """A line's type size: its width per full-width character (digits and Latin count half)."""
    n = _visual_width(line["text"])
    return (line["x1"] - line["x0"]) / n if n >= 4 else None


def _placed(block: Block) -> tuple[float, float, Block]:
    """(top, left, block) of a block with a box: the page order of table rows and prose."""
    assert block.source.box is not None
    return (block.source.box[1], block.source.box[0], block)


def _round_box(box) -> tuple[float, float, float, float]:
    return (round(box[0], 1), round(box[1], 1), round(box[2], 1), round(box[3], 1))


def _chars_to_text(chars: list[dict]) -> str:
    """Chars of one cell → text: lines by vertical position, left to right, joined. A small
    glyph sitting low on the line (、，。 whose boxes some PDF writers make tight) joins the line
    its middle is in, rather than starting a line of its own below."""
    chars = sorted(chars, key=lambda c: (c["top"], c["x0"]))
    lines: list[list[dict]] = []
    for ch in chars:
        if lines:
            last = lines[-1]
            ref = last[0]
            height = max(1.0, ref["bottom"] - ref["top"])
            if abs(ch["top"] - ref["top"]) <= height * 0.5 or ref["top"] <= (ch["top"] + ch["bottom"]) / 2 <= ref["bottom"]:
                last.append(ch)
                continue
        lines.append([ch])
    out_lines = []
    for line in lines:
        line.sort(key=lambda c: c["x0"])
        text = ""
        prev = None
        for ch in line:
            if prev is not None:
                gap = ch["x0"] - prev["x1"]
                size = max(1.0, prev["x1"] - prev["x0"])
                if gap > size * 0.6 and text and not text.endswith(" "):
                    text += " "
            text += ch["text"]
            prev = ch
        out_lines.append(text)
    return fix_cjk(join_cell_lines("\n".join(out_lines)))
