"""Readers: one per format, each turning bytes into a `Document`.

`read_document` is the only entry point the rest of the domain uses. A reader raises an
`UnreadableDocument` subclass with a Chinese reason when the file cannot be read.
"""

from __future__ import annotations

from annual_report.document import Document
from annual_report.errors import UnsupportedFormat
from annual_report.sniff import Sniffed

_UNSUPPORTED_REASONS = {
    "empty": "文件是空的（0 字节或只有空白），请重新上传年度报告。",
    "png": "收到的是图片文件，无法读取其中的文字和表格。请上传 Word 文档或可复制文字的 PDF。",
    "jpeg": "收到的是图片文件，无法读取其中的文字和表格。请上传 Word 文档或可复制文字的 PDF。",
    "gif": "收到的是图片文件，无法读取其中的文字和表格。请上传 Word 文档或可复制文字的 PDF。",
    "tiff": "收到的是图片文件，无法读取其中的文字和表格。请上传 Word 文档或可复制文字的 PDF。",
    "bmp": "收到的是图片文件，无法读取其中的文字和表格。请上传 Word 文档或可复制文字的 PDF。",
    "binary": "文件内容无法识别（不是 PDF、Word 或文本文件），可能已损坏。请重新导出后上传。",
    "ole": "文件是旧版 Office 格式但无法识别具体类型，请另存为 .docx 后上传。",
    "rtf": "暂不支持 RTF 格式，请另存为 .docx 后上传。",
    "ofd": "暂不支持 OFD 格式，请上传 Word 文档或 PDF。",
}


def read_document(data: bytes, sniffed: Sniffed) -> Document:
    """Read `data` of the sniffed type. Raises UnreadableDocument for what cannot be read."""
    kind = sniffed.detected_type
    if kind == "text":
        from annual_report.readers.text import read_text

        return read_text(data)
    if kind in ("html", "mhtml"):
        from annual_report.readers.html import read_html

        return read_html(data, kind)
    if kind == "pdf":
        from annual_report.readers.pdf import read_pdf

        return read_pdf(data)
    if kind == "docx":
        from annual_report.readers.docx import read_docx

        return read_docx(data)
    if kind in ("doc", "wps"):
        from annual_report.readers.legacy import read_legacy_word

        return read_legacy_word(data, kind)
    if kind in ("xlsx", "xls"):
        from annual_report.readers.spreadsheet import read_spreadsheet

        return read_spreadsheet(data, kind)
    if kind in ("png", "jpeg", "tiff", "bmp", "gif"):
        from annual_report.readers.ocr.reader import read_image

        return read_image(data, kind)
    reason = _UNSUPPORTED_REASONS.get(kind, f"不支持的文件类型（{kind}），请上传 Word 文档或 PDF。")
    raise UnsupportedFormat(reason, detected_type=kind)
