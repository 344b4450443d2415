"""Recognise a file's type from its bytes, never from its name.

`format` is the contract's coarse answer (pdf / docx / text / unknown); `detected_type` is
finer (doc, wps, xlsx, xls, zip, png, jpeg, …) so the clerk hears what was actually sent.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True, slots=True)
class Sniffed:
    format: str  # pdf | docx | text | unknown
    detected_type: str  # pdf, docx, text, html, mhtml, doc, wps, xls, xlsx, zip, ofd, png, jpeg, gif, tiff, bmp, rtf, empty, binary


_IMAGE_MAGICS = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"BM", "bmp"),
)


def sniff(data: bytes) -> Sniffed:
    if not data or not data.strip(b"\x00 \t\r\n"):
        return Sniffed("unknown", "empty")
    head = data[:2048]
    if b"%PDF-" in head[:1024]:
        return Sniffed("pdf", "pdf")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)
    if head.startswith(_OLE_MAGIC):
        return Sniffed("unknown", _ole_kind(data))
    if head.startswith(b"{\\rtf"):
        return Sniffed("unknown", "rtf")
    for magic, kind in _IMAGE_MAGICS:
        if head.startswith(magic):
            return Sniffed("unknown", kind)
    if _looks_like_text(data[:65536]):
        return Sniffed("text", _text_kind(data[:65536]))
    return Sniffed("unknown", "binary")


def _sniff_zip(data: bytes) -> Sniffed:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        # A truncated DOCX still starts like a ZIP; call it what it claims to be.
        return Sniffed("docx", "docx") if b"word/" in data[:4096] else Sniffed("unknown", "zip")
    if "word/document.xml" in names:
        return Sniffed("docx", "docx")
    if "xl/workbook.xml" in names:
        return Sniffed("unknown", "xlsx")
    if "OFD.xml" in names:
        return Sniffed("unknown", "ofd")
    return Sniffed("unknown", "zip")


def _ole_kind(data: bytes) -> str:
    # Compound files: Word 97 (.doc), WPS (.wps), Excel (.xls). The stream names are stored
    # in UTF-16 inside the directory sectors.
    probe = data[: 1 << 20]
    if "WordDocument".encode("utf-16-le") in probe:
        return "doc"
    if "Workbook".encode("utf-16-le") in probe or "Book".encode("utf-16-le") in probe:
        return "xls"
    if b"W\x00P\x00S" in probe or b"WPS" in probe:
        return "wps"
    return "ole"


_HTML_TAGS = re.compile(rb"<(?:html|body|head|meta|title|div|p|table|tr|td|th|span|br|h[1-6])\b", re.IGNORECASE)


def _text_kind(sample: bytes) -> str:
    """text, html (a saved web page, or its source pasted into a file) or mhtml (a
    single-file web archive: a MIME message whose root is the page)."""
    head = sample.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"mime-version:", b"from:", b"content-type: multipart/related")) and b"text/html" in sample.lower():
        return "mhtml"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in sample.lower():
        return "html"
    if head.startswith(b"<") and len(_HTML_TAGS.findall(sample)) >= 5:
        return "html"
    return "text"


def _looks_like_text(sample: bytes) -> bool:
    if sample.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in sample:
        # UTF-16 without BOM: every other byte is zero for ASCII and many CJK code units are not.
        zeros = sample.count(b"\x00")
        return zeros > len(sample) // 8 and _decodes(sample, "utf-16-le")
    for enc in ("utf-8", "gb18030"):
        if _decodes(sample, enc):
            return True
    # Truncated multi-byte sequence at the cut: retry without the last few bytes.
    return any(_decodes(sample[:-k], "utf-8") for k in (1, 2, 3))


def _decodes(sample: bytes, enc: str) -> bool:
    try:
        text = sample.decode(enc)
    except UnicodeDecodeError:
        return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f\v")
    return controls <= max(2, len(text) // 200)
