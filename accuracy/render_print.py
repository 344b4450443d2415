"""Family `pdf_print`: the report's web page printed to PDF from the browser (a clerk's
"打印 → 另存为 PDF" of the published page), as Chromium prints it.

The page is the `html` family's (site furniture, layout table, Word-exported cells), served
at a site address so that the browser's header and footer, when printed, carry the page's
title, the date, the address and page numbers. What the readers meet: the layout cell's
border ruled around the whole article (tables flush with it), rows broken across pages by
the browser, the header and footer lines on every page.

Printing takes a browser, so the PDFs are kept in a cache keyed by the page and the print
options; Chromium is Debian's (`scripts/setup.sh` installs it), driven by Playwright."""

from __future__ import annotations

import atexit
import hashlib
import os
import random
from pathlib import Path

from accuracy.model import Doc
from accuracy.render_html import render_html

CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "report-intake" / "accuracy-print-pdf"
CHROMIUM = "/usr/bin/chromium"
URL = "http://www.example.gov.cn/art/{year}/report.html"


def render_print(doc: Doc, rng: random.Random, style: dict, site: str, year: int) -> bytes:
    page, _ = render_html(doc, rng, style, site, year, archive_ok=False)
    style["print_header"] = rng.random() < 0.5  # the browser's date/title header and address/page footer
    charset = "gb18030" if style.get("charset") == "gb2312" else "utf-8"
    key = hashlib.sha256(page + f"{style['print_header']}:{year}".encode()).hexdigest()
    cached = CACHE / f"{key}.pdf"
    if cached.exists():
        return cached.read_bytes()
    pdf = _print(page, charset, URL.format(year=year + 1), style["print_header"])
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(f".{os.getpid()}.tmp")
    partial.write_bytes(pdf)
    partial.replace(cached)  # whole or absent, even with several workers printing
    return pdf


_browser = None


def _print(page: bytes, charset: str, url: str, header: bool) -> bytes:
    global _browser
    if _browser is None:
        from playwright.sync_api import sync_playwright

        pw = sync_playwright().start()
        _browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"])
        atexit.register(pw.stop)
        atexit.register(_browser.close)
    tab = _browser.new_page()
    try:
        tab.route(url, lambda route: route.fulfill(status=200, body=page, headers={"Content-Type": f"text/html; charset={charset}"}))
        tab.goto(url)
        return tab.pdf(format="A4", print_background=True, display_header_footer=header)
    finally:
        tab.close()
