"""Straighten a page: the small skew of a scan, and pages turned by 90°/180°.

Skew: the page is binarised at a quarter of its size and turned through −3°…+3°; the angle
whose row profile is sharpest (text lines and ruling lines fall into as few rows as possible)
wins. A coarse 0.5° search is refined in 0.1° steps around the best angle.

Every turn is an affine map kept with the page (`Turn`), so a box found on the straightened
image can be mapped back to the page as it was scanned (what a reviewer's crop shows).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_SKEW = 3.0


@dataclass(slots=True)
class Turn:
    """Straightened image and the 2×3 map from original pixels to straightened pixels."""

    image: np.ndarray
    matrix: np.ndarray  # 2×3 float64
    plain: np.ndarray | None = None  # a second image of the page, turned alike (rules)

    def to_original(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """The bounding box, in original pixels, of a box on the straightened image."""
        inverse = _invert(self.matrix)
        x0, y0, x1, y1 = box
        corners = np.array([[x0, y0, 1], [x1, y0, 1], [x1, y1, 1], [x0, y1, 1]], dtype=np.float64)
        mapped = corners @ inverse.T
        return (float(mapped[:, 0].min()), float(mapped[:, 1].min()), float(mapped[:, 0].max()), float(mapped[:, 1].max()))


def _invert(m: np.ndarray) -> np.ndarray:
    full = np.vstack([m, [0.0, 0.0, 1.0]])
    return np.linalg.inv(full)[:2]


def _compose(outer: np.ndarray, inner: np.ndarray) -> np.ndarray:
    """outer ∘ inner as 2×3 (apply inner first)."""
    a = np.vstack([outer, [0.0, 0.0, 1.0]])
    b = np.vstack([inner, [0.0, 0.0, 1.0]])
    return (a @ b)[:2]


def identity(image: np.ndarray, plain: np.ndarray | None = None) -> Turn:
    return Turn(image, np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]), plain)


def skew_angle(gray: np.ndarray) -> float:
    """Degrees to turn the page (counter-clockwise positive, OpenCV's convention) to level it."""
    import cv2

    small = cv2.resize(gray, (max(1, gray.shape[1] // 4), max(1, gray.shape[0] // 4)), interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if ink.sum() < 50:
        return 0.0
    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-6, 0.5), key=lambda a: _sharpness(ink, a))
    fine = np.arange(best - 0.4, best + 0.41, 0.1)
    angle = float(max(fine, key=lambda a: _sharpness(ink, a)))
    return round(angle, 1) if abs(angle) >= 0.05 else 0.0


def _sharpness(ink: np.ndarray, angle: float) -> float:
    import cv2

    h, w = ink.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), float(angle), 1.0)
    turned = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = turned.sum(axis=1, dtype=np.int64)
    return float(np.square(np.diff(rows)).sum())


def rotate(turn: Turn, angle: float) -> Turn:
    """Turn by a small angle about the centre (white corners), keeping the size."""
    import cv2

    if not angle:
        return turn
    h, w = turn.image.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), float(angle), 1.0)

    def turned(img: np.ndarray) -> np.ndarray:
        return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)

    image = turned(turn.image)
    if turn.plain is None or turn.plain is turn.image:
        plain = None if turn.plain is None else image
    else:
        plain = turned(turn.plain)
    return Turn(image, _compose(m, turn.matrix), plain)


def quarter(turn: Turn, quarters: int) -> Turn:
    """Turn by quarters × 90° counter-clockwise (1, 2 or 3)."""
    quarters %= 4
    if not quarters:
        return turn
    h, w = turn.image.shape
    image = np.ascontiguousarray(np.rot90(turn.image, quarters))
    plain = None if turn.plain is None else (image if turn.plain is turn.image else np.ascontiguousarray(np.rot90(turn.plain, quarters)))
    if quarters == 1:  # (x, y) → (y, w − x)
        m = np.array([[0.0, 1.0, 0.0], [-1.0, 0.0, w]])
    elif quarters == 2:  # (x, y) → (w − x, h − y)
        m = np.array([[-1.0, 0.0, w], [0.0, -1.0, h]])
    else:  # (x, y) → (h − y, x)
        m = np.array([[0.0, -1.0, h], [1.0, 0.0, 0.0]])
    return Turn(image, _compose(m, turn.matrix), plain)


def straighten(gray: np.ndarray) -> Turn:
    turn = identity(gray)
    return rotate(turn, skew_angle(gray))
