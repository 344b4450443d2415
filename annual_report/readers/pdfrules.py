"""Ruling lines of a PDF page: horizontal and vertical rules, and how close two rules must be to
touch. Their own module so that the readers that judge groups of rules (`pdfgrid`, `pdfbox`)
and the one that finds them (`pdfgeometry`) share one definition without importing each other."""

from __future__ import annotations

from dataclasses import dataclass

TOUCH = 3.0  # points: a rule touches another within this distance


@dataclass(slots=True)
class HRule:
    y: float
    x0: float
    x1: float


@dataclass(slots=True)
class VRule:
    x: float
    top: float
    bottom: float
