"""pdfium is not thread-safe: the PDF reader, the OCR page renderer and the web app's crops
share one lock (annual_report/readers/pdfium_lock.py). Without it, threads inside pdfium at
once killed the test process with a breakpoint trap (a crop rendered beside an OCR render)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from annual_report.readers.ocr.render import render_pdf_pages
from annual_report.readers.pdf import read_pdf
from annual_report.readers.pdfium_lock import PDFIUM
from workers.web.crops import _pdf_page

REAL = Path(__file__).resolve().parents[3] / "shared" / "real-reports" / "hongze_district_2023.pdf"


def _work(data: bytes, k: int) -> tuple[str, object]:
    if k % 3 == 0:
        return "read", [b.cells for b in read_pdf(data).blocks]
    if k % 3 == 1:
        return "render", [(p.number, p.gray.shape, int(p.gray.sum())) for p in render_pdf_pages(data, [1, 2], 72)]
    return "crop", _pdf_page(data, 2).size


def test_pdfium_work_in_threads_gives_what_it_gives_alone() -> None:
    data = REAL.read_bytes()
    alone = {kind: result for kind, result in (_work(data, k) for k in range(3))}
    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(lambda k: _work(data, k), range(18)))
    assert all(result == alone[kind] for kind, result in together)
    assert PDFIUM.acquire(blocking=False)  # released by everyone
    PDFIUM.release()
