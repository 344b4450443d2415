"""The OCR engine: rapidocr (PP-OCR detection, orientation and recognition models shipped
inside its wheel) on onnxruntime, loaded once per process and only when a page needs it.

Memory: ≈ 0.6 GB once loaded, so nothing here runs at import time of `annual_report`; the
first `engine()` call loads the models (≈ 1.5 s) and every later call in the process reuses
them. The models are read from the wheel; rapidocr would fetch one only if a file were
missing or failed its checksum, which `engine()` refuses up front (no network at run time).

rapidocr's own `__call__` runs detection → orientation of every box → recognition on one
image. The reader needs the steps apart (the page orientation is decided from detection and
a few boxes, rules are erased before recognition), so this module calls rapidocr's step
methods; rapidocr is pinned in constraints.txt and this is the only module touching them.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_LOCK = threading.Lock()
_ENGINE = None


@dataclass(slots=True)
class OcrChar:
    """One recognised character (or a run of Latin letters / digits) in page pixels."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float
    space_before: bool = False  # the recogniser read a space before this character


@dataclass(slots=True)
class OcrLine:
    """One detected text box with its recognised text, in page pixels."""

    text: str
    confidence: float
    box: tuple[float, float, float, float]  # x0, top, x1, bottom
    chars: list[OcrChar]


def model_dir() -> Path:
    import rapidocr

    return Path(rapidocr.__file__).resolve().parent / "models"


def engine():
    """The process's one RapidOCR instance (models loaded on first use)."""
    global _ENGINE
    if _ENGINE is None:
        with _LOCK:
            if _ENGINE is None:
                _ENGINE = _load()
    return _ENGINE


def loaded() -> bool:
    return _ENGINE is not None


def _load():
    import logging

    from rapidocr import RapidOCR

    models = model_dir()
    if not any(models.glob("*rec*.onnx")) or not any(models.glob("*det*.onnx")):
        raise RuntimeError(f"rapidocr models missing under {models}; reinstall the pinned rapidocr wheel")
    ocr = RapidOCR(params={"Global.log_level": "warning", "Global.use_cls": False})
    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    # Load all three models now, while no page clock is running.
    ocr._load_det_model()
    ocr._load_cls_model()
    ocr._load_rec_model()
    return ocr


def release_freed_memory() -> None:
    """Hand the native memory freed after a page back to the system. glibc keeps what a
    page's text detection freed (≈ 0.45 GB of onnxruntime's buffers at 200 dpi) mapped in the
    process, so an OCR worker otherwise idles at ≈ 0.77 GB instead of ≈ 0.28 GB and each
    later page peaks ≈ 0.1 GB higher (bench/bench_ocr_memory.py). No-op off glibc."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim():
    import ctypes

    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to trim
        return None


def detect(image: np.ndarray) -> list[np.ndarray]:
    """Text boxes (4×2 float32 quads, clockwise from top-left) of one page image."""
    out = engine()(image, use_det=True, use_cls=False, use_rec=False)
    boxes = getattr(out, "boxes", None)
    if boxes is None or len(boxes) == 0:
        return []
    return [np.asarray(b, dtype=np.float32) for b in boxes]


def crop(image: np.ndarray, quad: np.ndarray) -> np.ndarray:
    from rapidocr.utils.process_img import get_rotate_crop_image

    piece = get_rotate_crop_image(image, quad.copy())
    if piece.ndim == 2:  # the models take three channels
        piece = np.ascontiguousarray(np.repeat(piece[:, :, None], 3, axis=2))
    return piece


def upside_down_votes(crops: list[np.ndarray]) -> tuple[int, int]:
    """(boxes the orientation model reads as 180°, boxes it reads as upright), confident ones only."""
    if not crops:
        return 0, 0
    _, res = engine().cls_and_rotate([c.copy() for c in crops])
    flipped = upright = 0
    for label, score in res.cls_res or []:
        if score < 0.8:
            continue
        if label == "180":
            flipped += 1
        else:
            upright += 1
    return flipped, upright


def recognize(image: np.ndarray, quads: list[np.ndarray]) -> list[OcrLine]:
    """Recognise every box of `image`; characters get their own boxes (rapidocr's word boxes).

    rapidocr turns every crop at least 1.5 times higher than wide a quarter round, as if it
    were a vertical line of text; a lone "1" in a table cell is that tall and came out as
    "一". Crops up to three times higher than wide (a glyph or two, never a vertical label)
    are read both ways too; a reading as one or two
    upright digits wins over a turned reading that is not digits.
    """
    if not quads:
        return []
    ocr = engine()
    crops = [crop(image, q) for q in quads]
    ambiguous = [k for k, q in enumerate(quads) if 1.4 <= _aspect(q) < 3.0]  # rapidocr turns ≥ 1.5 on whole pixels
    upright = [np.ascontiguousarray(np.rot90(crops[k], -1)) for k in ambiguous]
    ocr.update_params(return_word_box=True, return_single_char_box=True)
    rec = ocr.recognize_txt(crops + upright)
    n = len(quads)
    texts, scores = list(rec.txts or ())[:n], list(rec.scores)[:n]
    for j, k in enumerate(ambiguous):
        alt_text, alt_score = (rec.txts or ())[n + j], rec.scores[n + j]
        alt, first = (alt_text or "").strip(), (texts[k] or "").strip()
        if alt.isdigit() and len(alt) <= 2 and not first.isdigit() and alt_score >= 0.5:
            texts[k], scores[k] = alt_text, alt_score
            ambiguous[j] = -1 - k  # read upright: its characters are spread evenly
    words = _word_boxes(ocr, crops, quads, rec, n)
    flat = {-1 - a for a in ambiguous if a < 0}
    lines: list[OcrLine] = []
    for i, (quad, text, score) in enumerate(zip(quads, texts, scores, strict=False)):
        text = (text or "").strip()
        if not text:
            continue
        box = _rect(quad)
        chars = _chars(words[i], text, box, float(score)) if words and i < len(words) and i not in flat else None
        lines.append(OcrLine(text, float(score), box, chars or _even_chars(text, box, float(score))))
    return lines


def _aspect(q: np.ndarray) -> float:
    w = max(np.linalg.norm(q[0] - q[1]), np.linalg.norm(q[2] - q[3]))
    h = max(np.linalg.norm(q[0] - q[3]), np.linalg.norm(q[1] - q[2]))
    return float(h / w) if w else 99.0


def _word_boxes(ocr, crops, quads, rec, n: int):
    """rapidocr's character boxes for the first `n` readings, or None."""
    if rec.word_results is None or not all(rec.word_results[:n]):
        return None
    try:
        from rapidocr.ch_ppocr_rec.typings import TextRecOutput

        first = TextRecOutput(txts=tuple(rec.txts[:n]), scores=list(rec.scores[:n]), word_results=tuple(rec.word_results[:n]))
        return ocr.calc_word_boxes(crops, np.array(quads), first)
    except Exception:  # rapidocr could not place the characters: spread them evenly
        return None


def _rect(points) -> tuple[float, float, float, float]:
    pts = np.asarray(points, dtype=np.float32).reshape(-1, 2)
    return (float(pts[:, 0].min()), float(pts[:, 1].min()), float(pts[:, 0].max()), float(pts[:, 1].max()))


def _chars(words, text: str, box, score: float) -> list[OcrChar] | None:
    out: list[OcrChar] = []
    for piece, conf, quad in words:
        if quad is None or not str(piece).strip():
            continue
        x0, _, x1, _ = _rect(quad)
        out.append(OcrChar(str(piece), x0, box[1], x1, box[3], float(conf) if conf is not None else score))
    if "".join(c.text for c in out) != text.replace(" ", ""):
        return None  # rapidocr's word boxes do not spell the line: do not trust their places
    _mark_spaces(out, text)
    return out


def _mark_spaces(chars: list[OcrChar], text: str) -> None:
    """Where the recogniser read a space, the next character says so (positions are too
    rough to find spaces from gaps between Chinese characters)."""
    k = 0
    pending = False
    for ch in text:
        if ch.isspace():
            pending = True
            continue
        if k < len(chars):
            chars[k].space_before = pending and k > 0
            k += 1
        pending = False


def _even_chars(text: str, box, score: float) -> list[OcrChar]:
    """Characters spread evenly over the line box (when rapidocr gives no usable word boxes)."""
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return []
    step = (box[2] - box[0]) / len(visible)
    out = [OcrChar(ch, box[0] + k * step, box[1], box[0] + (k + 1) * step, box[3], score) for k, ch in enumerate(visible)]
    _mark_spaces(out, text)
    return out
