"""OCR options and the record of an OCR run: the light part of the OCR reader, imported by
every PDF read and by `intake check` (no numpy, no page reading: those load only when a page
needs OCR, readers/ocr/reader.py)."""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annual_report.readers.ocr.page import PageResult

__all__ = ["DEFAULT_DPI", "OcrOptions", "OcrRun", "Progress", "current_options", "ocr_options"]

DEFAULT_DPI = 200

Progress = Callable[[int, int, int, "PageResult"], None]  # (page number, index 1-based, total, result)


@dataclass(frozen=True)
class OcrOptions:
    enabled: bool = True  # False: a scan is unreadable with code "needs_ocr" (the caller queues OCR)
    max_pages: int = 40
    page_seconds: float = 180.0
    document_seconds: float = 1800.0
    dpi: int = DEFAULT_DPI
    progress: Progress | None = None


_OPTIONS: contextvars.ContextVar[OcrOptions | None] = contextvars.ContextVar("ocr_options", default=None)


def current_options() -> OcrOptions:
    return _OPTIONS.get() or OcrOptions()


@contextmanager
def ocr_options(**changes) -> Iterator[OcrOptions]:
    """Use these OCR options for what runs inside (e.g. `with ocr_options(progress=cb):`)."""
    options = replace(current_options(), **changes)
    token = _OPTIONS.set(options)
    try:
        yield options
    finally:
        _OPTIONS.reset(token)


@dataclass
class OcrRun:
    pages: list[int] = field(default_factory=list)  # pages whose text came from OCR
    failed: dict[int, str] = field(default_factory=dict)  # page → quality cause
    seconds: float = 0.0
    results: list[PageResult] = field(default_factory=list)
