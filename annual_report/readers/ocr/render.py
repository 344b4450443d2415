"""Page images for OCR: PDF pages rendered with pypdfium2, image files decoded with Pillow.

Every page image is reduced to one channel, the brightest of red, green and blue, and the
ink of a coloured stamp is lifted to the paper: black print stays black while a red seal (or
a blue stamp) over a table disappears, so the digits under the seal are read and the seal's
own characters do not become text. Where seal ink covers black print the pixel stays dark
(black absorbs both), so the print survives. `scale` converts
page pixels to the coordinates the rest of the domain uses: PDF points for a PDF page,
pixels of the original image for an image file (scale 1).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from annual_report.readers.ocr.options import DEFAULT_DPI
from annual_report.readers.pdfium_lock import PDFIUM

# An image file whose DPI is unknown is assumed to be an A4 page this many points wide.
_A4_WIDTH_PT = 595.0
# Saturation (max − min channel) above which a pixel is coloured ink (a seal), not print.
# Low on purpose: lifting only brightens (× ≤ 1.3), so dark print tinted by noise stays dark.
_CHROMA = 25
_SEAL_LIFT = 0.8
# A stamp's ink is strongly coloured (a tinted table background, or print on it, is not); the
# stamp is that ink and a fringe around it, where blur and JPEG (which keeps colour at half
# resolution) left a stroke's edge dark but nearly grey.
_STAMP_CHROMA = 60
_STAMP_FRINGE = 9  # pixels: a square this wide around each strongly coloured pixel
# Under the stamp, a pixel at least this share as coloured as the seal's own ink is read by
# its luminance alone; less coloured ones (print that JPEG tinted) partly by their brightness.
_SEAL_SHARE = 0.8
# > 1: the seal roughly halves the luminance of print under it; this keeps it about as dark.
_STAMP_GAMMA = 1.25


@dataclass(slots=True)
class PageImage:
    number: int  # 1-based page (or frame) number
    gray: np.ndarray  # H×W uint8, the brightest channel, coloured pixels lifted (what is read)
    plain: np.ndarray  # H×W uint8, the brightest channel as it is (where rules are looked for)
    unit: float  # domain units (points / original pixels) per pixel of `gray`
    points_per_pixel: float  # for the geometry: PDF points per pixel (estimated for images)


def render_pdf_pages(data: bytes, numbers: list[int], dpi: int = DEFAULT_DPI) -> Iterator[PageImage]:
    """Render the given 1-based pages, one at a time (only one page image in memory)."""
    import pypdfium2 as pdfium

    with PDFIUM:  # held per call, not across the yields (the OCR of a page takes seconds)
        pdf = pdfium.PdfDocument(data)
    try:
        for number in numbers:
            with PDFIUM:
                page = pdf[number - 1]
                try:
                    bitmap = page.render(scale=dpi / 72, may_draw_forms=True, rev_byteorder=True)  # RGB(A), as image files
                    try:
                        gray, plain = print_channels(bitmap.to_numpy())  # new arrays before the bitmap goes
                    finally:
                        bitmap.close()
                finally:
                    page.close()
            yield PageImage(number, gray, plain, 72 / dpi, 72 / dpi)
    finally:
        with PDFIUM:
            pdf.close()


def print_channels(pixels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(brightest channel with coloured pixels lifted, brightest channel): new arrays, never
    views of the caller's buffer (which may be freed)."""
    if pixels.ndim == 2:
        gray = np.array(pixels, dtype=np.uint8)
        return gray, gray
    colour = pixels[:, :, :3]
    plain = np.ascontiguousarray(colour.max(axis=2))
    brightest = plain.copy()
    chroma = brightest.astype(np.int16) - colour.min(axis=2)
    coloured = chroma > _CHROMA
    if coloured.any():
        # Coloured pixels are lifted towards the paper's white: a seal's pale red becomes
        # paper, while print under it (dark even when JPEG tinted it red) stays dark.
        paper = float(np.percentile(brightest[::7, ::7], 90))
        lift = 255.0 / max(1.0, _SEAL_LIFT * paper)
        brightest[coloured] = np.clip(brightest[coloured].astype(np.float32) * lift, 0, 255).astype(np.uint8)
        if (chroma > _STAMP_CHROMA).any():
            _lift_stamp(colour, plain, brightest, chroma > _STAMP_CHROMA, paper)
    return brightest, plain


def _lift_stamp(colour: np.ndarray, plain: np.ndarray, brightest: np.ndarray, strong: np.ndarray, paper: float) -> None:
    """Lift a stamp's ink (in place) to the paper by luminance, print under it kept dark.

    JPEG keeps luminance at full resolution but colour at half: a seal's thin strokes lose
    their colour (their brightest channel drops to that of print) but keep their luminance.
    Under the stamp, luminance is scaled so that the seal ink's own becomes the paper's:
    seal strokes, over white or over a grey or tinted table background, become paper, while
    print under the seal (black absorbs the seal's colour too) stays dark. The scaling is
    weighted by how coloured a pixel is, so print beside the seal is left as it is.
    """
    import cv2

    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (_STAMP_FRINGE, _STAMP_FRINGE))
    stamp = cv2.dilate(strong.astype(np.uint8), kernel) > 0
    pixels = colour[stamp].astype(np.float32)
    luma = pixels @ np.array([0.299, 0.587, 0.114], np.float32)  # colour is RGB
    seal_luma = float(np.median(luma[strong[stamp]]))
    chroma = pixels.max(axis=1) - pixels.min(axis=1)
    # JPEG bleeds some of the seal's colour into print beside it (as light as the seal's
    # luminance when the print is thin): only what is nearly as coloured as the seal's own
    # ink is scaled in full.
    seal_chroma = float(np.median(chroma[strong[stamp]]))
    weight = np.clip((chroma - _CHROMA) / max(1.0, _SEAL_SHARE * seal_chroma - _CHROMA), 0.0, 1.0)
    scaled = paper * np.minimum(1.0, luma / max(1.0, seal_luma)) ** _STAMP_GAMMA
    kept = plain[stamp].astype(np.float32)
    brightest[stamp] = np.maximum(kept * (1.0 - weight) + scaled * weight, 0).astype(np.uint8)


def image_frames(data: bytes, max_frames: int) -> tuple[int, Iterator[PageImage]]:
    """(number of frames, the frames as page images) of an image file: a multi-page TIFF is a
    multi-page scan. The EXIF orientation of a phone photo is applied first."""
    from PIL import Image, ImageOps

    img = Image.open(io.BytesIO(data))
    count = getattr(img, "n_frames", 1) or 1

    def frames() -> Iterator[PageImage]:
        for k in range(min(count, max_frames)):
            img.seek(k)
            frame = ImageOps.exif_transpose(img.copy()) if k == 0 else img.copy()
            if frame.mode not in ("RGB", "L"):
                frame = _flatten(frame)
            gray, plain = print_channels(np.asarray(frame))
            dpi = _dpi(img, gray.shape[1])
            yield PageImage(k + 1, gray, plain, 1.0, 72 / dpi)

    return count, frames()


def _flatten(frame):
    """Palette, CMYK, 16-bit or transparent images → RGB on white."""
    from PIL import Image

    if frame.mode in ("RGBA", "LA", "P", "PA"):
        rgba = frame.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    if frame.mode.startswith("I") or frame.mode == "F":
        arr = np.asarray(frame, dtype=np.float64)
        top = arr.max() or 1.0
        return Image.fromarray((arr / top * 255).astype(np.uint8))
    return frame.convert("RGB")


def _dpi(img, width_px: int) -> float:
    """The image's own DPI when it states a plausible one, else as if it were A4-wide."""
    dpi = img.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    if 70 <= value <= 1200 and 4 * 72 <= width_px / value * 72 <= 14 * 72:
        return value
    return width_px / _A4_WIDTH_PT * 72
