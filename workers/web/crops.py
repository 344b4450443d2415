"""The crop of a scanned page behind an OCR'd cell (issue 14): the reviewer compares the
number we read with what the scan shows.

The OCR reader keeps, for every cell, its page and its box on the page as scanned (PDF
points for a PDF, pixels of the original image for an image file; origin top left). The crop
is rendered from the original object (pypdfium2 for a PDF, Pillow for an image), with a
margin so the neighbouring ruling lines show, and cached in the bucket next to the results:
the same crop is rendered once.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from annual_report.readers.pdfium_lock import PDFIUM

PDF_SCALE = 3.0  # 216 dpi: the usual 150-dpi scan's every pixel, readable without zooming
MARGIN = 0.35  # of the box's height, above and below (at least MIN_MARGIN units)
MIN_MARGIN = 6.0
SIDE_MARGIN = 40.0  # units left and right at most: the neighbouring cells show, for context
MAX_SIDE = 2000.0  # units: a box larger than this is not a cell
CACHE_PREFIX = "crops/"


class BadCrop(ValueError):
    """The page or box cannot be cropped from this file (HTTP 404 / 400)."""


@dataclass(frozen=True)
class CropSpec:
    page: int  # 1-based page (or frame of an image file)
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in the page's units

    @classmethod
    def parse(cls, page: str | None, box: str | None) -> CropSpec:
        try:
            n = int(page or "")
            x0, y0, x1, y1 = (round(float(v), 1) for v in (box or "").split(","))
        except ValueError as exc:
            raise BadCrop("页码或位置无效") from exc
        finite = all(math.isfinite(v) for v in (x0, y0, x1, y1))
        if not finite or n < 1 or x1 <= x0 or y1 <= y0 or min(x0, y0) < 0 or max(x1 - x0, y1 - y0) > MAX_SIDE:
            raise BadCrop("页码或位置无效")
        return cls(n, (x0, y0, x1, y1))

    def cache_key(self, results_prefix: str, sha256: str) -> str:
        x0, y0, x1, y1 = self.box
        return f"{results_prefix}{CACHE_PREFIX}{sha256}/{self.page}/{x0}_{y0}_{x1}_{y1}.png"


def crop_url(case_id: str, seq: int | None, source: dict[str, Any] | None) -> str | None:
    """The URL of the crop behind a cell or finding read by OCR; None for anything else."""
    if not source or not source.get("ocr") or not source.get("page") or not source.get("box"):
        return None
    box = ",".join(f"{float(v):.1f}" for v in source["box"])
    return f"/cases/{quote(case_id, safe='')}/crops/{seq or 1}?" + urlencode({"page": source["page"], "box": box})


def render_crop(data: bytes, spec: CropSpec) -> bytes:
    """A PNG of the box (and its margin) on the page of the original file."""
    if data[:5] == b"%PDF-":
        image, scale = _pdf_page(data, spec.page), PDF_SCALE
    else:
        image, scale = _image_frame(data, spec.page), 1.0
    x0, y0, x1, y1 = spec.box
    pad = max(MIN_MARGIN, (y1 - y0) * MARGIN)
    side = max(pad, min(SIDE_MARGIN, x1 - x0))
    left, top = max(0, int((x0 - side) * scale)), max(0, int((y0 - pad) * scale))
    right, bottom = min(image.width, int((x1 + side) * scale)), min(image.height, int((y1 + pad) * scale))
    if right <= left or bottom <= top:
        raise BadCrop("位置不在这一页上")
    crop = image.crop((left, top, right, bottom))
    if crop.mode not in ("L", "RGB"):
        crop = crop.convert("RGB")
    out = io.BytesIO()
    crop.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _pdf_page(data: bytes, number: int) -> Any:
    import pypdfium2 as pdfium

    with PDFIUM:  # pdfium is not thread-safe; crops render in threads beside other pdfium users
        pdf = pdfium.PdfDocument(data)
        try:
            if number > len(pdf):
                raise BadCrop("没有这一页")
            page = pdf[number - 1]
            try:
                bitmap = page.render(scale=PDF_SCALE, may_draw_forms=True)
                try:
                    return bitmap.to_pil().copy()
                finally:
                    bitmap.close()
            finally:
                page.close()
        finally:
            pdf.close()


def _image_frame(data: bytes, number: int) -> Any:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        image.seek(number - 1)
    except (UnidentifiedImageError, EOFError, OSError) as exc:
        raise BadCrop("文件不是可以裁切的扫描件") from exc
    # As the OCR reader saw it: a photo's EXIF orientation applies to the first frame.
    return ImageOps.exif_transpose(image.copy()) if number == 1 else image.copy()
