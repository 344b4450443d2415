"""The crop behind an OCR'd cell, rendered from the original file: the box of a cell on a
scanned page (PDF points, top-left origin, as the OCR reader records it) becomes a PNG of
that place, with a margin, from a PDF page or an image file."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from tests.unit.scan_fixtures import Degrade, scanned
from workers.web.crops import PDF_SCALE, BadCrop, CropSpec, crop_url, render_crop


def _page_with_a_black_box() -> bytes:
    """A one-page image-only PDF (A4 at 72 dpi units), white, with a black rectangle at
    x 100–150 pt, y 200–220 pt from the top."""
    img = Image.new("RGB", (1240, 1754), "white")  # A4 at 150 dpi
    k = 150 / 72
    img.paste((0, 0, 0), (int(100 * k), int(200 * k), int(150 * k), int(220 * k)))
    out = io.BytesIO()
    img.save(out, format="PDF", resolution=150)
    return out.getvalue()


def test_a_pdf_crop_shows_the_box_with_its_margin():
    png = render_crop(_page_with_a_black_box(), CropSpec.parse("1", "100,200,150,220"))
    crop = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    pad, side = 7.0, 40.0  # above/below max(6, 0.35 × 20); beside min(40, the box's width 50)
    height = int((220 + pad) * PDF_SCALE) - int((200 - pad) * PDF_SCALE)
    assert crop.shape == (height, int((150 + side) * PDF_SCALE) - int((100 - side) * PDF_SCALE))
    # The box is black in the middle, the margin white around it.
    h, w = crop.shape
    assert crop[h // 2, w // 2] < 60
    assert crop[2, 2] > 200 and crop[h - 3, w - 3] > 200


def test_an_image_file_is_cropped_in_its_own_pixels():
    img = Image.new("L", (800, 600), 255)
    img.paste(0, (300, 100, 360, 130))
    out = io.BytesIO()
    img.save(out, format="PNG")
    png = render_crop(out.getvalue(), CropSpec.parse("1", "300,100,360,130"))
    crop = Image.open(io.BytesIO(png))
    # Above and below max(6, 0.35 × 30) = 10.5 (edges int(89.5) … int(140.5)); beside min(40, its width 60).
    assert crop.size == (400 - 260, 140 - 89)
    gray = np.asarray(crop.convert("L"))
    assert gray[25, 70] < 60 and gray[25, 5] > 200


def test_a_degraded_scan_of_a_real_report_crops(samples_dir):
    scan = scanned((samples_dir / "hongze_district_2024.pdf").read_bytes(), Degrade(dpi=150, skew=0.6, jpeg=70), pages=[1])
    png = render_crop(scan, CropSpec.parse("1", "72,72,300,100"))
    assert Image.open(io.BytesIO(png)).size[0] > 300


@pytest.mark.parametrize(
    ("page", "box"),
    [
        ("0", "1,1,2,2"),
        ("x", "1,1,2,2"),
        ("1", "1,1,2"),
        ("1", "5,5,4,9"),
        ("1", "-3,1,4,4"),
        ("1", "0,0,5000,10"),
        ("1", "nan,1,2,3"),
        ("1", "1,1,inf,3"),
    ],
)
def test_bad_requests_are_refused(page, box):
    with pytest.raises(BadCrop):
        CropSpec.parse(page, box)


def test_a_page_past_the_end_or_a_box_off_the_page_is_refused():
    pdf = _page_with_a_black_box()
    with pytest.raises(BadCrop):
        render_crop(pdf, CropSpec.parse("2", "1,1,20,20"))
    with pytest.raises(BadCrop):
        render_crop(pdf, CropSpec.parse("1", "1500,1500,1600,1600"))


def test_crop_urls_only_for_ocr_cells():
    src = {"page": 3, "box": [10, 20.25, 30, 40], "ocr": True, "confidence": 0.9}
    assert (
        crop_url("case-2024-淮安市-洪泽区", 2, src)
        == "/cases/case-2024-%E6%B7%AE%E5%AE%89%E5%B8%82-%E6%B4%AA%E6%B3%BD%E5%8C%BA/crops/2?page=3&box=10.0%2C20.2%2C30.0%2C40.0"
    )
    assert crop_url("c", 1, {**src, "ocr": False}) is None
    assert crop_url("c", 1, {"line": 4}) is None and crop_url("c", 1, None) is None
