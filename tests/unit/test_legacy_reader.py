"""Legacy Word (.doc via LibreOffice), spreadsheets (.xlsx, .xls) and ZIP archives.

tests/unit/data/report_2021.doc and appeals.xls were made once with LibreOffice from the
builders in report_fixtures (build_report_docx("2021"), table3_layout()), so only one
conversion per format runs here (~2 s each).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from annual_report.errors import (
    CorruptDocument,
    DocumentTimeout,
    DocumentTooLarge,
    EncryptedDocument,
    UnsupportedFormat,
)
from annual_report.readers import legacy, read_document
from annual_report.readers.archive import iter_archive_members
from annual_report.readers.legacy import read_legacy_word
from annual_report.readers.spreadsheet import read_spreadsheet
from annual_report.sniff import sniff
from tests.unit.report_fixtures import (
    build_report_docx,
    build_report_pdf,
    expected_grid,
    table1_layout,
    table2_layout,
    table3_layout,
)

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def doc_bytes() -> bytes:
    return (DATA / "report_2021.doc").read_bytes()


def test_doc_is_converted_and_read_like_docx(doc_bytes):
    assert sniff(doc_bytes).detected_type == "doc"
    doc = read_document(doc_bytes, sniff(doc_bytes))
    rows = [b.cells for b in doc.blocks if b.kind == "row"]
    expected = expected_grid(table1_layout("2021")) + expected_grid(table2_layout("2021")) + expected_grid(table3_layout())
    assert rows == expected
    assert doc.detected_type == "doc"
    assert any("已自动转换" in n for n in doc.notes)
    assert "一、总体情况" in [b.cells[0] for b in doc.blocks if b.kind == "text"]


def test_missing_soffice_asks_for_docx(monkeypatch, doc_bytes):
    monkeypatch.setattr(legacy, "soffice_path", lambda: None)
    with pytest.raises(UnsupportedFormat) as exc:
        read_legacy_word(doc_bytes, "wps")
    assert ".docx" in exc.value.reason and "WPS" in exc.value.reason


def test_conversion_time_limit(doc_bytes):
    with pytest.raises(DocumentTimeout) as exc:
        legacy.convert_with_libreoffice(doc_bytes, "doc", "docx", timeout=0.05)
    assert "超时" in exc.value.reason


def test_xlsx_rows_with_merged_cells_empty():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表三"
    lay = table3_layout()
    for s in lay.spans:
        ws.cell(row=s.row + 1, column=s.col + 1, value=int(s.text) if s.text.isdigit() else s.text)
        if s.rowspan > 1 or s.colspan > 1:
            ws.merge_cells(start_row=s.row + 1, start_column=s.col + 1, end_row=s.row + s.rowspan, end_column=s.col + s.colspan)
    ws2 = wb.create_sheet("表一")
    ws2.append(["行政事业性收费", 1.5, None])
    ws2.append(["行政许可", 120.0, "件"])
    buf = io.BytesIO()
    wb.save(buf)
    doc = read_spreadsheet(buf.getvalue(), "xlsx")
    blocks = [(b.kind, b.cells) for b in doc.blocks]
    assert blocks[0] == ("text", ["工作表：表三"])
    assert [c for k, c in blocks[1:5]] == expected_grid(lay)
    assert blocks[5:] == [("text", ["工作表：表一"]), ("row", ["行政事业性收费", "1.5", ""]), ("row", ["行政许可", "120", "件"])]
    assert doc.detected_type == "xlsx"


def test_xls_is_converted():
    data = (DATA / "appeals.xls").read_bytes()
    assert sniff(data).detected_type == "xls"
    doc = read_spreadsheet(data, "xls")
    assert [b.cells for b in doc.blocks if b.kind == "row"] == expected_grid(table3_layout())
    assert any(".xls" in n for n in doc.notes)


def test_corrupt_xlsx():
    with pytest.raises(CorruptDocument):
        read_spreadsheet(b"PK\x03\x04broken", "xlsx")


# -- archives ------------------------------------------------------------------------------


def _zip(files: dict[str, bytes], *, utf8: bool = True) -> bytes:
    buf = io.BytesIO()
    renames: dict[bytes, bytes] = {}
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, (name, payload) in enumerate(files.items()):
            if not utf8:
                # what Chinese Windows writes: GBK bytes without the UTF-8 flag; written under an
                # ASCII placeholder of the same length, then patched in place
                raw = name.encode("gbk")
                placeholder = f"{i:0{len(raw)}d}".encode()
                renames[placeholder] = raw
                name = placeholder.decode()
            zf.writestr(name, payload)
    data = buf.getvalue()
    for placeholder, raw in renames.items():
        data = data.replace(placeholder, raw)
    return data


def test_archive_members_in_order_skipping_junk():
    docx_bytes = build_report_docx("2021")
    pdf_bytes = build_report_pdf("2021")
    data = _zip(
        {"上塘镇/2021年报.docx": docx_bytes, "__MACOSX/._x": b"junk", "上塘镇/.DS_Store": b"x", "上塘镇/": b"", "下塘镇2021.pdf": pdf_bytes}
    )
    members = list(iter_archive_members(data))
    assert [m[0] for m in members] == ["上塘镇/2021年报.docx", "下塘镇2021.pdf"]
    assert members[0][1] == docx_bytes and members[1][1] == pdf_bytes


def test_archive_gbk_names():
    members = list(iter_archive_members(_zip({"宁木特镇年报.docx": b"abc"}, utf8=False)))
    assert members == [("宁木特镇年报.docx", b"abc")]


def test_archive_limits():
    with pytest.raises(DocumentTooLarge) as exc:
        list(iter_archive_members(_zip({f"{i}.txt": b"x" for i in range(5)}), max_members=4))
    assert "5 个文件" in exc.value.reason
    bomb = _zip({"bomb.docx": b"\x00" * (20 * 1024 * 1024)})
    assert len(bomb) < 100_000
    with pytest.raises(DocumentTooLarge) as exc:
        list(iter_archive_members(bomb))
    assert "压缩炸弹" in exc.value.reason
    with pytest.raises(DocumentTooLarge):
        list(iter_archive_members(_zip({"a.txt": b"a" * 5000, "b.txt": b"b" * 5000}), max_total_bytes=6000))


def test_archive_corrupt_and_encrypted():
    with pytest.raises(CorruptDocument):
        list(iter_archive_members(b"PK\x03\x04 truncated"))
    data = bytearray(_zip({"a.docx": b"hello"}))
    # set the "encrypted" flag bit in the local header and the central directory entry
    data[6] |= 0x01
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 0x01
    with pytest.raises(EncryptedDocument):
        list(iter_archive_members(bytes(data)))
