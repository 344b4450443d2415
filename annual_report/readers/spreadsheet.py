"""Spreadsheets (.xlsx, .xls): every non-empty sheet row becomes a `Block(kind="row")`.

Some townships send the three tables as an Excel workbook. openpyxl reads .xlsx in
read-only mode (streaming, low memory); Excel stores a merged cell's value in its top-left
cell only, so merged positions come out "" as the Document contract wants. Numbers are
written as the clerk sees them (3.0 → "3"), dates as ISO dates. Each sheet starts with a
text block naming it. .xls is converted to .xlsx by LibreOffice first (see legacy.py).

Sources: `Source(line=n)` is the 1-based row number inside its sheet.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from annual_report.document import Block, Document
from annual_report.errors import CorruptDocument, DocumentTooLarge, EncryptedDocument
from annual_report.model import Source
from annual_report.readers.cjk import fix_cjk

MAX_ROWS = 5000
MAX_COLS = 64


def read_spreadsheet(data: bytes, kind: str) -> Document:
    if kind == "xls":
        from annual_report.readers.legacy import convert_with_libreoffice

        if "EncryptedPackage".encode("utf-16-le") in data[: 1 << 20]:
            raise EncryptedDocument("Excel 文件设置了密码，无法读取。请取消密码后重新上传。", detected_type="xls")
        doc = _read_xlsx(convert_with_libreoffice(data, "xls", "xlsx"), "xls")
        doc.notes.append("收到的是旧版 Excel（.xls）文件，已自动转换后读取。年度报告请尽量上传 Word 文档。")
        return doc
    return _read_xlsx(data, kind)


def _read_xlsx(data: bytes, kind: str) -> Document:
    import openpyxl

    if data.startswith(b"\xd0\xcf\x11\xe0") and "EncryptedPackage".encode("utf-16-le") in data[: 1 << 20]:
        raise EncryptedDocument("Excel 文件设置了打开密码，无法读取。请取消密码后重新上传。", detected_type=kind)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise CorruptDocument("Excel 文件已损坏或不完整，无法打开。请重新保存为 .xlsx 后上传。", detected_type=kind) from exc
    except Exception as exc:  # openpyxl raises assorted errors on malformed parts
        raise CorruptDocument("Excel 文件无法读取（文件结构有误）。请重新保存为 .xlsx 后上传。", detected_type=kind) from exc
    doc = Document(format="text", detected_type=kind)
    doc.notes.append("收到的是 Excel 表格，按表格逐行读取；正文（总体情况等六部分）请以 Word 文档提交。")
    total = 0
    try:
        for ws in wb.worksheets:
            rows: list[Block] = []
            for number, values in enumerate(ws.iter_rows(values_only=True, max_col=MAX_COLS), start=1):
                cells = [_cell(v) for v in values]
                while cells and cells[-1] == "":
                    cells.pop()
                if not any(cells):
                    continue
                total += 1
                if total > MAX_ROWS:
                    raise DocumentTooLarge(f"Excel 文件超过 {MAX_ROWS} 行，不像一份年度报告的表格。请只上传年度报告。", detected_type=kind)
                if len(cells) == 1:
                    rows.append(Block(kind="text", cells=cells, source=Source(line=number)))
                else:
                    rows.append(Block(kind="row", cells=cells, source=Source(line=number)))
            if rows:
                doc.blocks.append(Block(kind="text", cells=[f"工作表：{ws.title}"], source=Source()))
                width = max(len(b.cells) for b in rows if b.kind == "row") if any(b.kind == "row" for b in rows) else 0
                for b in rows:
                    if b.kind == "row" and len(b.cells) < width:
                        b.cells.extend([""] * (width - len(b.cells)))
                doc.blocks.extend(rows)
    finally:
        wb.close()
    return doc


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    return fix_cjk(str(value).strip())
