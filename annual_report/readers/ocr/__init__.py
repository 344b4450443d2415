"""Reading scanned reports: PDF pages without a usable text layer, and image files.

Nothing heavy is imported here: the OCR engine (≈ 0.6 GB) loads on the first page that
needs it (engine.py), never at import time of `annual_report`.
"""

from annual_report.readers.ocr.reader import NeedsOcr, OcrOptions, current_options, ocr_options, read_image

__all__ = ["NeedsOcr", "OcrOptions", "current_options", "ocr_options", "read_image"]
