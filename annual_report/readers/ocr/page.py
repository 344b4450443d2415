"""One page image → straightened, oriented, OCR'd → Document blocks.

Steps: straighten the small skew (deskew.py); detect the text boxes; if most long boxes
stand upright the page lies on its side: turn it a quarter and detect again; ask the
orientation model about the longest boxes whether the page is upside down, and turn it half
round if they clearly say so; find the ruling lines (rules.py); erase them; recognise every
box; build the tables with the PDF reader's grid builder (tables.py).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from annual_report.document import Block
from annual_report.readers.ocr import engine, quality
from annual_report.readers.ocr.deskew import Turn, identity, quarter, rotate, skew_angle
from annual_report.readers.ocr.render import PageImage
from annual_report.readers.ocr.rules import find_rules
from annual_report.readers.ocr.tables import PageFrame, page_blocks

# A page whose characters average below this confidence is not trusted at all.
MIN_MEAN_CONFIDENCE = 0.75
MIN_CHARS = 5
_SAMPLE = 12  # boxes shown to the orientation model
_INK_SHARE = 0.7  # of the paper's brightness: darker is ink when a cell is read again


@dataclass
class PageResult:
    number: int
    blocks: list[Block] = field(default_factory=list)
    grids: list[tuple[list[Block], list[float], float, float]] = field(default_factory=list)
    chars: int = 0
    mean_confidence: float = 0.0
    seconds: float = 0.0
    turned: int = 0  # quarter turns applied (0–3)
    skew: float = 0.0
    failure: str | None = None  # quality cause when the page could not be read

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


def read_page(image: PageImage) -> PageResult:
    started = time.perf_counter()
    result = PageResult(image.number)
    if quality.is_blank(image.gray):
        result.failure = quality.BLANK
        return result
    result.skew = skew_angle(image.gray)
    turn = rotate(identity(image.gray, image.plain), result.skew)
    quads = engine.detect(turn.image)
    turn, quads, quarters, unsure = _orient(turn, quads)
    result.turned = quarters
    plain = turn.plain if turn.plain is not None else turn.image
    heights = [_height(q) for q in quads if _width(q) >= _height(q)]
    rules = find_rules(
        plain,
        image.points_per_pixel,
        coloured=turn.image > plain,
        text_height=float(np.median(heights)) if heights else 0.0,
        text_boxes=[_box(q) for q in quads],
    )
    clean = turn.image.copy()
    clean[rules.mask > 0] = 255
    lines = engine.recognize(clean, quads)
    confidences = [ch.confidence for ln in lines for ch in ln.chars]
    result.chars = len(confidences)
    result.mean_confidence = float(np.mean(confidences)) if confidences else 0.0
    if result.chars < MIN_CHARS or result.mean_confidence < MIN_MEAN_CONFIDENCE:
        result.failure = quality.diagnose(image.gray, unsure)
    else:
        frame = PageFrame(image.number, turn, image.points_per_pixel, image.unit)
        tables = page_blocks(frame, lines, rules, lambda box: _reread(clean, box))
        result.blocks, result.grids = tables.blocks, tables.grids
    result.seconds = time.perf_counter() - started
    return result


def _reread(image: np.ndarray, box: tuple[float, float, float, float]) -> list[engine.OcrLine]:
    """Recognise the ink inside one table cell (pixels) on its own, if there is any."""
    x0, top, x1, bottom = (round(v) for v in box)
    pad = 3
    inner = image[top + pad : bottom - pad, x0 + pad : x1 - pad]
    if inner.size == 0:
        return []
    # Ink is clearly darker than the cell's paper: small digits scanned at 150 dpi are grey
    # (their strokes stay lighter than 128 even without a seal over them).
    ys, xs = np.nonzero(inner < max(128.0, _INK_SHARE * float(np.percentile(inner, 90))))
    if len(ys) < 12:
        return []  # an empty cell
    ix0, ix1 = x0 + pad + int(xs.min()), x0 + pad + int(xs.max()) + 1
    iy0, iy1 = top + pad + int(ys.min()), top + pad + int(ys.max()) + 1
    margin = max(4, (iy1 - iy0) // 3)
    quad = np.array(
        [[ix0 - margin, iy0 - margin], [ix1 + margin, iy0 - margin], [ix1 + margin, iy1 + margin], [ix0 - margin, iy1 + margin]],
        dtype=np.float32,
    )
    quad[:, 0] = quad[:, 0].clip(0, image.shape[1] - 1)
    quad[:, 1] = quad[:, 1].clip(0, image.shape[0] - 1)
    return engine.recognize(image, [quad])


def _orient(turn: Turn, quads: list[np.ndarray]) -> tuple[Turn, list[np.ndarray], int, bool]:
    """(turned page, its boxes, quarter turns applied, orientation unsure)."""
    quarters = 0
    across, upright = _long_boxes(quads)
    if len(upright) > len(across) and len(upright) >= 3:
        turn = quarter(turn, 1)
        turn = rotate(turn, skew_angle(turn.image))
        quads = engine.detect(turn.image)
        quarters = 1
        across, _ = _long_boxes(quads)
    sample = sorted(across, key=lambda q: -_width(q))[:_SAMPLE]
    flipped, straight = engine.upside_down_votes([engine.crop(turn.image, q) for q in sample])
    if flipped >= 3 and flipped >= 2 * straight:
        h, w = turn.image.shape
        turn = quarter(turn, 2)
        quads = [_half_turn(q, w, h) for q in quads]
        quarters += 2
    unsure = bool(sample) and not (flipped >= 2 * straight or straight >= 2 * flipped)
    return turn, quads, quarters % 4, unsure


def _long_boxes(quads: list[np.ndarray]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Boxes clearly longer than high (text lines) and clearly higher than long."""
    across, upright = [], []
    for q in quads:
        w, h = _width(q), _height(q)
        if w >= 2.5 * h:
            across.append(q)
        elif h >= 2.5 * w:
            upright.append(q)
    return across, upright


def _box(q: np.ndarray) -> tuple[float, float, float, float]:
    return (float(q[:, 0].min()), float(q[:, 1].min()), float(q[:, 0].max()), float(q[:, 1].max()))


def _width(q: np.ndarray) -> float:
    return float(max(np.linalg.norm(q[0] - q[1]), np.linalg.norm(q[2] - q[3])))


def _height(q: np.ndarray) -> float:
    return float(max(np.linalg.norm(q[0] - q[3]), np.linalg.norm(q[1] - q[2])))


def _half_turn(q: np.ndarray, w: int, h: int) -> np.ndarray:
    """A box after turning the page 180°: points mapped, order kept clockwise from top-left."""
    p = np.stack([w - q[:, 0], h - q[:, 1]], axis=1).astype(np.float32)
    return p[[2, 3, 0, 1]]
