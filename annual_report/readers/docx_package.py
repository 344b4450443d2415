"""Opening a .docx package: its body and main part, or an answer the clerk can act on."""

from __future__ import annotations

import io
import zipfile

from annual_report.errors import CorruptDocument, DocumentTooLarge


def open_body(data: bytes, max_xml_bytes: int):
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise CorruptDocument(
            "Word 文件已损坏或不完整（无法解压），可能上传中断或文件被截断。请重新保存为 .docx 后上传。",
            detected_type="docx",
        ) from exc
    try:
        info = zf.getinfo("word/document.xml")
    except KeyError as exc:
        raise CorruptDocument(
            "文件是压缩包但不含 Word 正文（缺少 word/document.xml），不是有效的 .docx 文件。", detected_type="docx"
        ) from exc
    if info.file_size > max_xml_bytes:
        raise DocumentTooLarge("Word 文件正文过大，无法读取。请确认上传的是年度报告。", detected_type="docx")
    try:
        import docx  # python-docx

        package = docx.Document(io.BytesIO(data))
        return package.element.body, package.part
    except Exception as exc:  # zipfile.BadZipFile, KeyError, lxml XMLSyntaxError, ValueError …
        raise CorruptDocument(
            "Word 文件已损坏，无法打开（文件结构不完整或内容有误）。请在 Word/WPS 中打开后另存为 .docx 再上传。",
            detected_type="docx",
        ) from exc
