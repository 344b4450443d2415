"""Make scans out of text PDFs: render pages, degrade them like a township's scanner does
(resolution, skew, blur, noise, JPEG, a red seal over a table, turned pages), and wrap the
images into an image-only PDF or an image file. Used by the OCR tests and bench/bench_ocr.py.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass

import numpy as np

from annual_report.readers.pdfium_lock import PDFIUM


@dataclass(frozen=True)
class Degrade:
    dpi: int = 150
    skew: float = 0.0  # degrees, counter-clockwise
    blur: float = 0.0  # Gaussian sigma in pixels
    noise: float = 0.0  # standard deviation of Gaussian noise (0–255 scale)
    jpeg: int | None = None  # JPEG quality
    seal: bool = False  # a red seal over a table of the page
    seal_rule: int | None = None  # centred on this long horizontal rule of the page (negative: from the bottom)
    quarters: int = 0  # page turned by quarters × 90° counter-clockwise
    seed: int = 0


HARSH = Degrade(dpi=150, skew=1.2, blur=0.8, noise=8.0, jpeg=55, seal=True)


def render_pages(pdf_bytes: bytes, dpi: int, pages: list[int] | None = None) -> list[np.ndarray]:
    """RGB uint8 images of the given 1-based pages (all when None)."""
    import pypdfium2 as pdfium

    # pdfium is not thread-safe: tests render scans in threads beside a worker's OCR renders
    # (three at once segfaulted CI's pytest process without this lock).
    with PDFIUM:
        pdf = pdfium.PdfDocument(pdf_bytes)
        try:
            numbers = pages or list(range(1, len(pdf) + 1))
            out = []
            for n in numbers:
                page = pdf[n - 1]
                bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
                out.append(np.array(bitmap.to_numpy()[:, :, :3]))
                bitmap.close()
                page.close()
            return out
        finally:
            pdf.close()


def degrade(rgb: np.ndarray, d: Degrade) -> np.ndarray:
    import cv2

    rng = np.random.default_rng(d.seed)
    img = rgb.copy()
    if d.seal:
        img = _stamp(img, d.seal_rule)
    if d.skew:
        h, w = img.shape[:2]
        m = cv2.getRotationMatrix2D((w / 2, h / 2), d.skew, 1.0)
        img = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))
    if d.blur:
        img = cv2.GaussianBlur(img, (0, 0), d.blur)
    if d.noise:
        img = np.clip(img.astype(np.float32) + rng.normal(0, d.noise, img.shape), 0, 255).astype(np.uint8)
    if d.jpeg:
        _ok, enc = cv2.imencode(".jpg", img[:, :, ::-1], [cv2.IMWRITE_JPEG_QUALITY, d.jpeg])
        img = cv2.imdecode(enc, cv2.IMREAD_COLOR)[:, :, ::-1]
    if d.quarters:
        img = np.ascontiguousarray(np.rot90(img, d.quarters))
    return img


def _stamp(img: np.ndarray, rule: int | None = None) -> np.ndarray:
    """A translucent red seal (ring, star, arc of characters) centred on the page's `rule`-th
    long horizontal rule, by default on the lower part of the first one's table; the middle
    of the page if no rule is found."""
    import cv2

    h, w = img.shape[:2]
    gray = img.max(axis=2)
    rows = np.nonzero((gray < 128).sum(axis=1) > w * 0.5)[0]  # long horizontal rules
    if rule is not None and len(rows):
        rows = rows[np.r_[True, np.diff(rows) > 2]]  # one pixel row per rule
        cy = int(rows[max(-len(rows), min(rule, len(rows) - 1))])
    else:
        cy = int(rows[min(3, len(rows) - 1)]) if len(rows) else h // 2
    cx, r = int(w * 0.62), int(w * 0.11)
    layer = np.zeros((h, w), np.uint8)
    cv2.circle(layer, (cx, cy), r, 255, max(3, r // 14))
    star = np.array([[cx + r * 0.35 * np.cos(a), cy + r * 0.35 * np.sin(a)] for a in np.linspace(-np.pi / 2, 3.5 * np.pi, 6)[:5]])
    cv2.fillPoly(layer, [star[[0, 2, 4, 1, 3]].astype(np.int32)], 255)
    cv2.putText(layer, "SEAL SEAL SEAL", (cx - int(r * 0.7), cy + int(r * 0.6)), cv2.FONT_HERSHEY_SIMPLEX, r / 140, 255, max(2, r // 40))
    alpha = (layer.astype(np.float32) / 255 * 0.75)[:, :, None]
    red = np.array([215, 35, 40], np.float32)
    out = img.astype(np.float32) * (1 - alpha) + np.minimum(img.astype(np.float32), red) * alpha
    return out.astype(np.uint8)


def image_bytes(rgb: np.ndarray, fmt: str = "PNG", dpi: int | None = None, quality: int = 85) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    kw = {"dpi": (dpi, dpi)} if dpi else {}
    if fmt == "JPEG":
        kw["quality"] = quality
    Image.fromarray(rgb).save(buf, fmt, **kw)
    return buf.getvalue()


def scan_pdf(images: list[np.ndarray], dpi: int) -> bytes:
    """An image-only PDF (what a scanner writes): one JPEG page image per page."""
    from PIL import Image

    frames = [Image.fromarray(img) for img in images]
    buf = io.BytesIO()
    frames[0].save(buf, "PDF", save_all=True, append_images=frames[1:], resolution=float(dpi))
    return buf.getvalue()


def tiff_pages(images: list[np.ndarray], dpi: int) -> bytes:
    from PIL import Image

    frames = [Image.fromarray(img) for img in images]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:], dpi=(dpi, dpi), compression="tiff_lzw")
    return buf.getvalue()


def scanned(pdf_bytes: bytes, d: Degrade, pages: list[int] | None = None) -> bytes:
    """The PDF as a degraded image-only scan."""
    return scan_pdf([degrade(img, d) for img in render_pages(pdf_bytes, d.dpi, pages)], d.dpi)


def row_cells(doc) -> list[list[str]]:
    return [b.cells for b in doc.blocks if b.kind == "row"]


@contextlib.contextmanager
def garbled_tounicode():
    """Draw the real glyphs but write private-use code points for every CJK character into
    the ToUnicode map: the page looks right, its text layer is garbage."""
    from reportlab.pdfbase import ttfonts

    original = ttfonts.makeToUnicodeCMap

    def patched(fontname, subset):
        return original(fontname, [0xE000 + (c % 0x1800) if c >= 0x3000 else c for c in subset])

    ttfonts.makeToUnicodeCMap = patched
    try:
        yield
    finally:
        ttfonts.makeToUnicodeCMap = original


def cell_mismatches(truth: list[list[str]], read: list[list[str]]) -> list[tuple[list[str], list[str]]]:
    """Rows that differ, labels compared as the extraction compares them (normalize())."""
    from annual_report.extract.normalize import normalize

    out = []
    for i in range(max(len(truth), len(read))):
        a = truth[i] if i < len(truth) else []
        b = read[i] if i < len(read) else []
        if [normalize(c) for c in a] != [normalize(c) for c in b]:
            out.append((a, b))
    return out


def cells_exact(truth: list[list[str]], read: list[list[str]]) -> tuple[int, int]:
    """(cells equal, cells in the truth), row by row, position by position."""
    from annual_report.extract.normalize import normalize

    total = same = 0
    for i, a in enumerate(truth):
        b = read[i] if i < len(read) else []
        for j, cell in enumerate(a):
            total += 1
            same += j < len(b) and normalize(cell) == normalize(b[j])
    return same, total
