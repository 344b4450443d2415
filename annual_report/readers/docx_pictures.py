"""Tables pasted into a Word file as pictures (a screenshot of the Excel sheet, a scan of the
printed table): read by OCR and put where the picture stands, instead of reporting the table
missing — which would be a claim about our reading, not about the report.

Only when one of the three tables has none of its rows in the text, and only the body's
larger pictures (a logo or a seal is small), at most a few. A picture Word stores as a
vector drawing (EMF/WMF) cannot be read and is left alone.
"""

from __future__ import annotations

from annual_report.document import Block, Document
from annual_report.readers.table_presence import missing_tables

_KINDS = {"image/png": "png", "image/jpeg": "jpeg", "image/tiff": "tiff", "image/bmp": "bmp", "image/gif": "gif"}
_MIN_BYTES = 15_000  # smaller pictures are logos, seals, signatures
_MAX_PICTURES = 4
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_pictured_tables(doc: Document, body, part) -> None:
    """OCR the larger pictures of the body when a table is missing; their rows go in after
    the paragraph that precedes each picture."""
    if not missing_tables(doc):
        return
    pictures = _pictures(body, part)
    if not pictures:
        return
    from annual_report.readers.ocr.reader import read_image

    inserts: list[tuple[int, list[Block]]] = []
    read: list[int] = []
    for number, (after_paragraph, blob, kind) in enumerate(pictures, start=1):
        scanned = read_image(blob, kind)
        rows = [_without_place(b) for b in scanned.blocks if b.kind == "row"]
        doc.ocr_seconds += scanned.ocr_seconds
        if rows:
            inserts.append((_position(doc, after_paragraph), rows))
            read.append(number)
    for at, rows in sorted(inserts, key=lambda x: x[0], reverse=True):
        doc.blocks[at:at] = rows
    if read:
        listed = "、".join(str(n) for n in read)
        doc.notes.append(f"文中第 {listed} 张图片是统计表，表中数字由 OCR 识别得出，请核对是否与原件一致。")


def _without_place(block: Block) -> Block:
    """An OCR'd row keeps its confidence but not its box: the box is on the picture, not on
    a page of the Word file (no crop can be cut from the file for it)."""
    block.source = block.source.model_copy(update={"page": None, "box": None})
    if block.cell_sources is not None:
        block.cell_sources = [s.model_copy(update={"page": None, "box": None}) for s in block.cell_sources]
    return block


def _pictures(body, part) -> list[tuple[int, bytes, str]]:
    """(non-empty body paragraphs before it, bytes, kind) of the body's larger pictures, in order."""
    from annual_report.readers.docx import T_P, _paragraph_text

    out: list[tuple[int, bytes, str]] = []
    paragraphs = 0
    for child in body:
        if child.tag != T_P:
            continue
        for blip in child.iter(_A + "blip"):
            target = part.related_parts.get(blip.get(_R + "embed") or "")
            kind = _KINDS.get(getattr(target, "content_type", ""))
            blob = getattr(target, "blob", b"")
            if kind and len(blob) >= _MIN_BYTES and len(out) < _MAX_PICTURES:
                out.append((paragraphs, blob, kind))
        if _paragraph_text(child)[0].strip():
            paragraphs += 1
    return out


def _position(doc: Document, after_paragraph: int) -> int:
    """Index in the blocks just after the text block of the given paragraph number."""
    at = 0
    for k, block in enumerate(doc.blocks):
        number = block.source.paragraph
        if number is not None and number <= after_paragraph:
            at = k + 1
    return at
