"""OCR'd characters and ruling lines of one page → Document blocks, with the PDF reader's
own grid builder (`pdfgrid`), so a scanned table gives the same rows as a text PDF's.

Geometry runs in PDF points of the straightened page (pdfgrid's tolerances are in points):
each recognised character stands in for a glyph of a text layer, each morphological rule
for a drawn border. A character goes to the cell holding its centre; a detected text line
that crosses a border is split there. Cell text keeps the order the recogniser read it in.

Every block and cell carries `Source(page, box, ocr=True, confidence)`: the box on the page
as scanned (mapped back through the straightening) in the page's units, the confidence the
lowest of the cell's characters.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from annual_report.document import Block
from annual_report.model import Source
from annual_report.readers import pdfgrid, pdfrules
from annual_report.readers.cjk import fix_cjk, join_cell_lines
from annual_report.readers.ocr.deskew import Turn
from annual_report.readers.ocr.engine import OcrLine
from annual_report.readers.ocr.lexicon import official_wording
from annual_report.readers.ocr.rules import Rules


@dataclass(slots=True)
class PageFrame:
    """How one page image maps to the domain: straightening and units."""

    number: int
    turn: Turn
    points_per_pixel: float  # geometry (pdfgrid) units
    unit: float  # domain units per original pixel (PDF points, or 1 for image pixels)

    def source(self, box_pt: tuple[float, float, float, float], confidence: float | None) -> Source:
        k = 1 / self.points_per_pixel
        x0, y0, x1, y1 = self.turn.to_original((box_pt[0] * k, box_pt[1] * k, box_pt[2] * k, box_pt[3] * k))
        box = (round(x0 * self.unit, 1), round(y0 * self.unit, 1), round(x1 * self.unit, 1), round(y1 * self.unit, 1))
        conf = None if confidence is None else round(confidence, 4)
        return Source(page=self.number, box=box, ocr=True, confidence=conf)


@dataclass(slots=True)
class PageTables:
    blocks: list[Block]
    grids: list[tuple[list[Block], list[float], float, float]]  # (rows, column starts, x0, x1)


# Re-read one box of the page (pixels) on its own: a lone digit the detector missed.
Reread = Callable[[tuple[float, float, float, float]], list[OcrLine]]


def page_blocks(frame: PageFrame, lines: list[OcrLine], rules: Rules, reread: Reread | None = None) -> PageTables:
    ppp = frame.points_per_pixel
    height, width = frame.turn.image.shape
    chars = _chars(lines, ppp)
    hs = [pdfrules.HRule(y * ppp, x0 * ppp, x1 * ppp) for y, x0, x1 in rules.horizontal]
    vs = [pdfrules.VRule(x * ppp, t * ppp, b * ppp) for x, t, b in rules.vertical]
    geo = pdfgrid.PageGeometry(width * ppp, height * ppp, chars, hs, vs)
    tables = pdfgrid.find_tables(geo) or []
    items: list[tuple[float, float, Block]] = []
    grids = []
    for table in tables:
        if reread is not None:
            chars.extend(_reread_cells(table, chars, reread, ppp, len(lines) + len(chars)))
        rows = _table_rows(frame, table, chars)
        if rows:
            grids.append(([row for _, _, row in rows], list(table.xs[:-1]), table.bbox[0], table.bbox[2]))
        items.extend(rows)
    boxes = [t.bbox for t in tables]
    outside = [ch for ch in chars if not any(_inside(ch, b) for b in boxes)]
    items.extend(_prose(frame, outside, width * ppp))
    items.sort(key=lambda it: (round(it[0], 1), it[1]))
    return PageTables([it[2] for it in items], grids)


def _chars(lines: list[OcrLine], ppp: float, first_line: int = 0) -> list[dict]:
    """Recognised characters as pdfgrid char dicts (points), remembering line and order."""
    out: list[dict] = []
    for li, line in enumerate(lines, start=first_line):
        x0, top, x1, bottom = line.box
        vertical = (bottom - top) >= 1.5 * (x1 - x0) and len(line.chars) > 1
        for ci, ch in enumerate(line.chars):
            if vertical:  # a label set one character per line: keep each character's own height
                step = (bottom - top) / len(line.chars)
                box = (x0, top + ci * step, x1, top + (ci + 1) * step)
            else:
                box = (ch.x0, top, ch.x1, bottom)
            out.append(
                {
                    "text": ch.text,
                    "x0": box[0] * ppp,
                    "top": box[1] * ppp,
                    "x1": box[2] * ppp,
                    "bottom": box[3] * ppp,
                    "conf": ch.confidence,
                    "line": li,
                    "index": ci,
                    "vertical": vertical,
                    "space": ch.space_before,
                }
            )
    return out


def _inside(ch: dict, box) -> bool:
    cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    return box[0] - 1 <= cx <= box[2] + 1 and box[1] - 1 <= cy <= box[3] + 1


def _table_rows(frame: PageFrame, table: pdfgrid.Table, chars: list[dict]) -> list[tuple[float, float, Block]]:
    """(top, left, row block) of one ruled table, positions in straightened points."""
    by_cell: dict[int, list[dict]] = {}
    for ch in chars:
        cell = _cell_of(table, ch)
        if cell is not None:
            by_cell.setdefault(id(cell), []).append(ch)
    blocks: list[tuple[float, float, Block]] = []
    for r, row in enumerate(table.rows):
        rbox = table.row_box(r)
        texts: list[str] = []
        sources: list[Source] = []
        for j, cell in enumerate(row):
            inside = by_cell.get(id(cell)) if cell is not None else None
            if cell is not None:
                box = cell.box
            else:  # covered by a merged cell to the left or above
                box = (table.xs[j], table.ys[r], table.xs[j + 1], rbox[3])
            texts.append(cell_text(inside) if inside else "")
            sources.append(frame.source(box, min(ch["conf"] for ch in inside) if inside else None))
        if not any(texts):
            continue
        row_chars = [ch for c in row if c is not None for ch in by_cell.get(id(c), ())]
        conf = min((ch["conf"] for ch in row_chars), default=None)
        blocks.append((rbox[1], rbox[0], Block(kind="row", cells=texts, source=frame.source(rbox, conf), cell_sources=sources)))
    return blocks


_CONFUSED_WITH_DIGITS = set("OoQDd〇口lI|丨一")


def _reread_cells(table: pdfgrid.Table, chars: list[dict], reread: Reread, ppp: float, next_line: int) -> list[dict]:
    """Cells of a numeric table row that came out empty or as a letter look-alike of a digit
    ("Q", "O", "l") are read again on their own; the detector misses lone digits beside
    thick borders and under seals. The re-read replaces the cell's characters."""
    inside: dict[int, list[dict]] = {}
    for ch in chars:
        cell = _cell_of(table, ch)
        if cell is not None:
            inside.setdefault(id(cell), []).append(ch)
    added: list[dict] = []
    k = 1 / ppp
    for row in table.rows:
        texts = {id(c): "".join(ch["text"] for ch in inside.get(id(c), ())) for c in row if c is not None}
        if sum(1 for t in texts.values() if t.isdigit()) < 2:
            continue  # not a row of numbers
        for cell in row:
            if cell is None:
                continue
            text = texts[id(cell)]
            if text.isdigit() or not _looks_like_a_misread_number(text):
                continue
            lines = reread((cell.x0 * k, cell.top * k, cell.x1 * k, cell.bottom * k))
            found = _chars(lines, ppp, next_line)
            next_line += len(lines)
            if not found or (text and not "".join(ch["text"] for ch in found).isdigit()):
                continue  # the second reading is no better: keep the first
            for ch in inside.get(id(cell), ()):
                chars.remove(ch)
            added.extend(found)
    return added


def _looks_like_a_misread_number(text: str) -> bool:
    """Empty, a few characters of digits and digit look-alikes ("Q", "0.", "S0"), or a few
    Latin letters: in a row of numbers they are the remains of a stamp's lettering read over
    the digit ("EAL" where the cell holds 0)."""
    if not text:
        return True
    if len(text) <= 4 and text.isascii() and all(ch.isalpha() or ch in ".,:;'-" for ch in text):
        return True
    return len(text) <= 3 and any(ch.isdigit() or ch in _CONFUSED_WITH_DIGITS for ch in text)


def _cell_of(table: pdfgrid.Table, ch: dict) -> pdfgrid.Cell | None:
    if not _inside(ch, table.bbox):
        return None
    cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    r = min(max(bisect.bisect_right(table.ys, cy) - 1, 0), len(table.rows) - 1)
    j = min(max(bisect.bisect_right(table.xs, cx) - 1, 0), len(table.xs) - 2)
    return table.covering(r, j, cx, cy)


# A label set vertically ("三/、/本/年/度…"): the small "、" under the numeral is often lost.
_VERTICAL_NUMBERING = re.compile(r"^([一二三四五六七八九十]{1,2})(?=[\u4e00-\u9fff]{3})")


def cell_text(chars: list[dict]) -> str:
    """Characters of one cell → text: the recogniser's lines top to bottom, each in its own
    reading order, a space where two characters stand well apart, lines joined like a PDF
    cell's ("商业\\n企业" → "商业企业")."""
    lines: dict[int, list[dict]] = {}
    for ch in chars:
        lines.setdefault(ch["line"], []).append(ch)
    ordered = sorted(lines.values(), key=lambda cs: (min(c["top"] for c in cs), min(c["x0"] for c in cs)))
    out = []
    for line in ordered:
        line.sort(key=lambda c: c["index"])
        text = "".join((" " if ch["space"] and k else "") + ch["text"] for k, ch in enumerate(line))
        if line[0].get("vertical"):
            text = _VERTICAL_NUMBERING.sub(r"\1、", text)
        out.append(text.strip())
    return balanced_numbering(cjk_punctuation(official_wording(fix_cjk(join_cell_lines("\n".join(t for t in out if t))))))


_OPEN = re.compile(r"\((?=[\u4e00-\u9fff])")
_CLOSE = re.compile(r"(?<=[\u4e00-\u9fff])\)")
_AFTER_CJK = re.compile(r"(?<=[\u4e00-\u9fff）])([:;,?!])")
_FULL = {":": "：", ";": "；", ",": "，", "?": "？", "!": "！"}


def cjk_punctuation(text: str) -> str:
    """ASCII brackets and stops the recogniser put beside Chinese text → the full-width forms
    a Chinese document prints ("(一)予以公开" → "（一）予以公开")."""
    text = _CLOSE.sub("）", _OPEN.sub("（", text))
    return _AFTER_CJK.sub(lambda m: _FULL[m.group(1)], text)


# A numbering bracket the recogniser dropped: "第二十条第一）项" (the "（" read with nothing),
# "第（五项". Only a bracket around a numeral of one to three characters is restored.
_NUMERAL = "[一二三四五六七八九十0-9]{1,3}"
_OPEN_LOST = re.compile(rf"(?<![（一二三四五六七八九十0-9])({_NUMERAL})）")
_CLOSE_LOST = re.compile(rf"（({_NUMERAL})(?![）一二三四五六七八九十0-9])")


def balanced_numbering(text: str) -> str:
    """A cell's lone "）" (or "（") beside a numeral gets its lost partner, once per missing
    bracket: "第二十条第一）项" → "第二十条第（一）项"."""
    missing = text.count("）") - text.count("（")
    if missing > 0:
        return _OPEN_LOST.sub(r"（\1）", text, count=missing)
    if missing < 0:
        return _CLOSE_LOST.sub(r"（\1）", text, count=-missing)
    return text


def _prose(frame: PageFrame, chars: list[dict], width_pt: float) -> list[tuple[float, float, Block]]:
    """Text outside the tables → the PDF reader's paragraphs (page numbers dropped)."""
    from annual_report.readers.pdftext import _PAGE_NUMBER, _prose_items

    lines = [ln for ln in _text_lines(chars) if ln["text"].strip() and not _PAGE_NUMBER.match(ln["text"])]
    out = []
    for top, x0, block in _prose_items(lines, width_pt, frame.number):
        box = block.source.box
        inside = [ch for ch in chars if box is not None and _inside(ch, box)]
        conf = min((ch["conf"] for ch in inside), default=None)
        block.source = frame.source(box, conf) if box is not None else Source(page=frame.number, ocr=True)
        out.append((top, x0, block))
    return out


def _text_lines(chars: list[dict]) -> list[dict]:
    """Recognised lines (their own text and spaces) → lines of the page: pieces whose middles
    lie within half a line height are one line, joined with a space only across a gap wider
    than a character (one detected line split in two is joined without one)."""
    pieces: dict[int, list[dict]] = {}
    for ch in chars:
        pieces.setdefault(ch["line"], []).append(ch)
    items = []
    for group in pieces.values():
        group.sort(key=lambda c: c["index"])
        text = "".join((" " if ch["space"] and k else "") + ch["text"] for k, ch in enumerate(group))
        items.append(
            {
                "text": text,
                "x0": min(c["x0"] for c in group),
                "x1": max(c["x1"] for c in group),
                "top": min(c["top"] for c in group),
                "bottom": max(c["bottom"] for c in group),
            }
        )
    items.sort(key=lambda it: (it["top"] + it["bottom"]) / 2)
    rows: list[list[dict]] = []
    for it in items:
        mid, height = (it["top"] + it["bottom"]) / 2, it["bottom"] - it["top"]
        if rows:
            last = rows[-1][-1]
            if abs((last["top"] + last["bottom"]) / 2 - mid) <= height / 2:
                rows[-1].append(it)
                continue
        rows.append([it])
    out = []
    for row in rows:
        row.sort(key=lambda it: it["x0"])
        text = row[0]["text"]
        for prev, it in zip(row, row[1:]):
            gap = it["x0"] - prev["x1"]
            text += (" " if gap > (it["bottom"] - it["top"]) else "") + it["text"]
        out.append(
            {
                "text": cjk_punctuation(official_wording(fix_cjk(text))),
                "x0": row[0]["x0"],
                "x1": max(it["x1"] for it in row),
                "top": min(it["top"] for it in row),
                "bottom": max(it["bottom"] for it in row),
            }
        )
    return out
