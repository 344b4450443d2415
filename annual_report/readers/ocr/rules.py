"""Ruling lines of a straightened page image (OpenCV morphology), in page pixels.

The ink is opened with a long thin kernel in each direction: only strokes at least a
thirtieth of the page wide (horizontal) or a fortieth of the page high (vertical) survive.
Shorter kernels turn the strokes of characters into rules and make fake one-row tables. A
rule broken by scanning noise or JPEG blocks is closed over small gaps afterwards.

The returned mask covers the rule pixels, so recognition can be run on the page with the
rules erased: a border touching a digit is then not read as "1" or "|".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(slots=True)
class Rules:
    horizontal: list[tuple[float, float, float]]  # (y, x0, x1) in pixels
    vertical: list[tuple[float, float, float]]  # (x, top, bottom) in pixels
    mask: np.ndarray  # uint8, 255 where a rule is


# Breaks in one rule (a seal, noise, a faint scan) bridged up to this length, in points:
# shorter than a row is high or a column is wide, so a border left out on purpose (merged
# cells) is not invented.
_BRIDGE_ACROSS_PT = 10.0
_BRIDGE_DOWN_PT = 6.0


Box = tuple[float, float, float, float]  # x0, top, x1, bottom in pixels


def find_rules(
    gray: np.ndarray,
    points_per_pixel: float = 72 / 200,
    coloured: np.ndarray | None = None,
    text_height: float = 0.0,
    text_boxes: list[Box] | None = None,
) -> Rules:
    """Rules of `gray` (the page as printed, seal included: a grey border under a red seal
    stays visible there); light coloured strokes are the seal's. `text_height`: the median
    height of the detected text boxes, in pixels; `text_boxes`: the detected text boxes."""
    import cv2

    h, w = gray.shape
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    # Never shorter than two characters across / one and a half down: on a small image (a
    # photo of part of a page) a thirtieth of the width is shorter than a character stroke.
    glyph = text_height / 1.4  # detection boxes are padded around the glyphs
    hlen = max(10, w // 30, int(2.0 * glyph))
    vlen = max(10, h // 40, int(1.3 * glyph))
    hmask = _lines(ink, (hlen, 1), (15, 1))
    vmask = _lines(ink, (1, vlen), (1, 15))
    if text_boxes:
        _drop_strokes(hmask, text_boxes)
        _drop_strokes(vmask, text_boxes)
    erase = None
    if coloured is not None:
        hmask[coloured & (hmask > 0) & ~_grey(gray)] = 0
        vmask[coloured & (vmask > 0) & ~_grey(gray)] = 0
        # A seal's ring can be as long and straight as a rule: its light coloured strokes are
        # not rules, and what is left of it (where it crosses print) is too short to be one;
        # erased as a rule, it would cut a white line through the digit under it.
        erase = cv2.bitwise_or(
            cv2.morphologyEx(hmask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (hlen, 1))),
            cv2.morphologyEx(vmask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vlen))),
        )
    horizontal = [(y, x0, x1) for x0, y, x1 in _bridge(_segments(hmask, axis=0, min_length=hlen), _BRIDGE_ACROSS_PT / points_per_pixel)]
    vertical = [
        (x, top, bottom) for top, x, bottom in _bridge(_segments(vmask, axis=1, min_length=vlen), _BRIDGE_DOWN_PT / points_per_pixel)
    ]
    return Rules(horizontal, vertical, erase if erase is not None else cv2.bitwise_or(hmask, vmask))


def _drop_strokes(mask: np.ndarray, boxes: list[Box]) -> None:
    """Zero (in place) every piece of `mask` lying wholly inside one text box: the stroke of
    a large character (a title's 工, 作, 市 is taller than a fortieth of the page), not a
    rule. A border always reaches out of the text beside it (a cell's padding, the next row)."""
    import cv2

    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    for k in range(1, n):
        x, y, w, h, _area = (int(v) for v in stats[k])
        if any(_holds(box, (x, y, x + w, y + h)) for box in boxes):
            piece = labels[y : y + h, x : x + w] == k
            mask[y : y + h, x : x + w][piece] = 0


def _holds(box: Box, piece: Box) -> bool:
    """`piece` inside `box`, give or take the few pixels the mask was dilated by."""
    slack = 3
    return box[0] - slack <= piece[0] and piece[2] <= box[2] + slack and box[1] - slack <= piece[1] and piece[3] <= box[3] + slack


def _grey(gray: np.ndarray) -> np.ndarray:
    """Pixels dark enough to be print under a seal (seal ink alone is lighter)."""
    return gray < 200


def _lines(ink: np.ndarray, kernel: tuple[int, int], bridge: tuple[int, int]) -> np.ndarray:
    import cv2

    # Open first (only long strokes survive), then bridge small breaks between rule pieces:
    # bridging before opening would join the strokes of neighbouring characters into rules.
    opened = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
    closed = cv2.morphologyEx(opened, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, bridge))
    return cv2.dilate(closed, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))


def _bridge(pieces: list[tuple[float, float, float]], gap: float) -> list[tuple[float, float, float]]:
    """Join collinear pieces (start, position, end) less than `gap` apart."""
    lanes: list[list[tuple[float, float, float]]] = []
    for piece in sorted(pieces, key=lambda p: p[1]):  # chained groups of positions ≤ 3 px apart
        if lanes and piece[1] - lanes[-1][-1][1] <= 3:
            lanes[-1].append(piece)
        else:
            lanes.append([piece])
    out: list[tuple[float, float, float]] = []
    for lane in lanes:
        joined: list[list[float]] = []
        for start, pos, end in sorted(lane):
            if joined and start - joined[-1][2] <= gap:
                joined[-1][2] = max(joined[-1][2], end)
            else:
                joined.append([start, pos, end])
        out.extend((a, b, c) for a, b, c in joined)
    return out


def _segments(mask: np.ndarray, axis: int, min_length: int) -> list[tuple[float, float, float]]:
    """Connected pieces of a rule mask as (start, position, end) along the rule's direction:
    axis 0 → horizontal pieces (x0, y, x1); axis 1 → vertical pieces (top, x, bottom)."""
    import cv2

    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out: list[tuple[float, float, float]] = []
    for k in range(1, n):
        x, y, w, h, _area = (int(v) for v in stats[k])
        if axis == 0:
            if w < min_length or h > max(12, w // 4):
                continue
            ys = np.nonzero(labels[y : y + h, x : x + w] == k)[0]
            out.append((float(x), float(y + np.median(ys)), float(x + w)))
        else:
            if h < min_length or w > max(12, h // 4):
                continue
            xs = np.nonzero(labels[y : y + h, x : x + w] == k)[1]
            out.append((float(y), float(x + np.median(xs)), float(y + h)))
    return out
