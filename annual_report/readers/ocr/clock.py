"""Time limits of an OCR run: per page and per document.

OCR is seconds per page, far beyond the caller's limit for reading a text file, so while
pages are being read the caller's interval timer (check.py's SIGALRM backstop) is paused and
given back afterwards with what it had left; the time spent in OCR is reported so the caller
can extend its own deadline by it. Each page gets its own alarm (on the main thread, where a
POSIX timer can interrupt onnxruntime between its batches); elsewhere (worker threads) the
limits are checked between pages and steps.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager

from annual_report.alarm import alarm, can_alarm
from annual_report.errors import DocumentTimeout


@contextmanager
def outer_timer_paused() -> Iterator[None]:
    """Pause the caller's ITIMER_REAL (if any) and restore its remaining time afterwards."""
    if not can_alarm():
        yield
        return
    remaining, interval = signal.setitimer(signal.ITIMER_REAL, 0)
    try:
        yield
    finally:
        if remaining > 0:
            signal.setitimer(signal.ITIMER_REAL, remaining, interval)


class Deadline:
    """The document's deadline; `page()` guards one page with the smaller of both limits."""

    def __init__(self, document_seconds: float, page_seconds: float) -> None:
        self.started = time.perf_counter()
        self.document_seconds = document_seconds
        self.page_seconds = page_seconds

    def left(self) -> float:
        return self.document_seconds - (time.perf_counter() - self.started)

    def check(self) -> None:
        if self.left() <= 0:
            raise DocumentTimeout(
                f"扫描件识别超过 {self.document_seconds:g} 秒仍未完成，已停止。"
                "请上传 Word 文档或由 Word/WPS 直接导出的 PDF，或减少扫描页数后重新上传。"
            )

    @contextmanager
    def page(self, number: int) -> Iterator[None]:
        self.check()
        limit = min(self.page_seconds, max(0.001, self.left()))
        page_started = time.perf_counter()

        def expired() -> DocumentTimeout:
            if limit < self.page_seconds:
                self.started -= 1e9  # the document's time is what ran out
                return DocumentTimeout(
                    f"扫描件识别超过 {self.document_seconds:g} 秒仍未完成（停在第 {number} 页），已停止。"
                    "请上传 Word 文档或由 Word/WPS 直接导出的 PDF，或减少扫描页数后重新上传。"
                )
            return DocumentTimeout(
                f"扫描件第 {number} 页识别超过 {self.page_seconds:g} 秒，已停止（图像可能过大或异常）。"
                "请重新扫描（200 dpi 左右即可）或上传 Word 文档。"
            )

        if not can_alarm():
            yield
            if time.perf_counter() - page_started > limit:
                raise expired()
            return

        with alarm(limit, expired):
            yield
