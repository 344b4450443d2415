"""Reading scanned reports: PDF pages without a usable text layer, and image files.

Nothing heavy is imported here: the OCR engine (≈ 0.6 GB) loads on the first page that
needs it (engine.py), never at import time of `annual_report`; numpy and OpenCV are imported
only when a page is read (the names below resolve lazily).
"""

from __future__ import annotations

from typing import Any

__all__ = ["NeedsOcr", "OcrOptions", "current_options", "ocr_options", "read_image"]


_LIGHT = ("OcrOptions", "current_options", "ocr_options")  # options.py: no numpy, no page reading


def __getattr__(name: str) -> Any:
    if name in _LIGHT:
        from annual_report.readers.ocr import options

        return getattr(options, name)
    if name in __all__:
        from annual_report.readers.ocr import reader

        return getattr(reader, name)
    raise AttributeError(name)
