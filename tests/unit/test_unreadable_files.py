"""Files that cannot be read answer with a typed error and a Chinese reason a clerk can act on,
both from the readers and through `check_bytes` (classification "unreadable")."""

from __future__ import annotations

from pathlib import Path

import pytest

from annual_report.check import check_bytes
from annual_report.errors import (
    CorruptDocument,
    EncryptedDocument,
    GarbledTextLayer,
    ScannedDocument,
    UnreadableDocument,
)
from annual_report.readers import read_document
from annual_report.readers.pdf import read_pdf
from annual_report.readers.pdfium_lock import PDFIUM
from annual_report.sniff import sniff
from tests.unit.report_fixtures import build_report_docx, build_report_pdf, build_text_pdf

REAL = Path(__file__).resolve().parents[3] / "shared" / "real-reports"  # shared/ beside the checkout


def refused(data: bytes, error: type[UnreadableDocument], *words: str) -> None:
    """The PDF reader refuses `data` with `error`, whose Chinese reason says all of `words`, and
    the whole check answers "unreadable" with that error's reason code."""
    with pytest.raises(error) as exc:
        read_pdf(data)
    assert all(w in exc.value.reason for w in words), exc.value.reason
    result = check_bytes(data, "报告.pdf").contract()
    assert (result["classification"]["kind"], result["classification"]["reason_code"]) == ("unreadable", error.code)


def test_encrypted_pdf_with_user_password():
    refused(build_report_pdf("2021", encrypt="secret"), EncryptedDocument, "密码", "不加密")


def test_encrypted_pdf_with_empty_user_password_is_read():
    # owner password only (printing/copying restrictions): opens with the empty password
    doc = read_pdf(build_report_pdf("2021", encrypt=""))
    assert ["行政许可", "120", "", ""] in [b.cells for b in doc.blocks if b.kind == "row"]


def test_image_only_pdf_is_scanned():
    refused(build_text_pdf([], image_only=True, pages=2), ScannedDocument, "扫描件", "Word", "共 2 页")


def test_blank_pdf_has_no_text():
    with pytest.raises(ScannedDocument) as exc:
        read_pdf(build_text_pdf([]))
    assert "几乎没有文字" in exc.value.reason


def test_partly_scanned_pdf_is_read_with_a_note():
    text = build_text_pdf(["一、总体情况", "本年度共收到政府信息公开申请 12 件，均已按时答复。"] * 3)
    scan = build_text_pdf([], image_only=True)
    import io

    import pypdfium2 as pdfium

    buf = io.BytesIO()
    with PDFIUM:
        merged = pdfium.PdfDocument.new()
        for part in (text, scan):
            src = pdfium.PdfDocument(part)
            merged.import_pages(src)
            src.close()
        merged.save(buf)
        merged.close()
    doc = read_pdf(buf.getvalue())
    assert any("第 2 页只有图片" in n for n in doc.notes)


def test_garbled_font_sample():
    refused((REAL / "garbled_font_sample.pdf").read_bytes(), GarbledTextLayer, "乱码", "Word")


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_truncated_pdf(cut):
    data = build_report_pdf("2021")
    with pytest.raises(CorruptDocument) as exc:
        read_pdf(data[: int(len(data) * cut)])
    assert "不完整" in exc.value.reason or "损坏" in exc.value.reason


def test_pdf_with_garbage_body():
    with pytest.raises(CorruptDocument) as exc:
        read_pdf(b"%PDF-1.7\n" + b"\x00garbage" * 200 + b"\n%%EOF\n")
    assert "损坏" in exc.value.reason


def test_docx_named_pdf_is_read_as_docx():
    data = build_report_docx("2021")
    # the name says .pdf, the bytes say DOCX: the sniffer decides
    assert sniff(data).detected_type == "docx"
    doc = read_document(data, sniff(data))
    assert doc.format == "docx"
    assert ["行政许可", "120", "", ""] in [b.cells for b in doc.blocks if b.kind == "row"]
    result = check_bytes(data, "年度报告.pdf").contract()
    assert result["classification"]["format"] == "docx"
    assert result["classification"]["kind"] == "annual_report"
    # the PDF reader itself, handed DOCX bytes, says it is not a PDF
    with pytest.raises(CorruptDocument) as exc:
        read_pdf(data)
    assert "不是 PDF" in exc.value.reason


def test_pdf_named_docx_is_read_as_pdf():
    data = build_report_pdf("2021")
    result = check_bytes(data, "年度报告.docx").contract()
    assert result["classification"]["format"] == "pdf"
    assert result["classification"]["kind"] == "annual_report"


def test_truncated_docx_through_check():
    data = build_report_docx("2021")[:3000]
    result = check_bytes(data, "截断.docx").contract()
    assert result["classification"]["kind"] == "unreadable"
    assert result["classification"]["reason_code"] == "corrupt"
    assert any("Word" in r for r in result["classification"]["reasons"])
