"""A red seal over a table is lifted off the page image the OCR reads, the print under it kept.

Each table page of the real reports is scanned twice with the same degradation (150 dpi, skew,
blur, noise, JPEG), once with a red seal over its first table (scan_fixtures._stamp): where
the two scans differ is the seal. Over paper (white, or huaian's tinted table background)
the seal must become paper in `print_channels`' reading image; over print (digits, labels,
rules) the print must stay dark. No OCR here: the whole-page readings are in
test_ocr_real_scans.py (huaian's sealed pages read cell for cell).
"""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from annual_report.readers.ocr.render import print_channels
from tests.unit.scan_fixtures import Degrade, degrade, render_pages

REAL = Path(__file__).resolve().parents[3] / "shared" / "real-reports"
SCAN = Degrade(dpi=150, skew=-1.8, blur=0.6, noise=6.0, jpeg=65, seed=3)


@functools.cache  # each page scanned once for all the tests
def sealed_and_plain(name: str, page: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(reading image with the seal, reading image without it, where the seal is)."""
    [rgb] = render_pages((REAL / f"{name}.pdf").read_bytes(), SCAN.dpi, [page])
    sealed, plain = degrade(rgb, replace(SCAN, seal=True)), degrade(rgb, SCAN)
    seal = np.abs(sealed.astype(np.int16) - plain).max(axis=2) > 30
    assert seal.sum() > 10_000  # the seal is there, and large
    return print_channels(sealed)[0], print_channels(plain)[0], seal


SEALED_PAGES = [("huaian_city_2024", 3), ("huaian_city_2024", 4), ("hongze_district_2024", 2), ("hongze_district_2024", 3)]


@pytest.mark.parametrize(("name", "page"), SEALED_PAGES)  # huaian's seal on page 4 lies over a tinted header band
def test_the_seal_over_paper_is_lifted(name, page):
    with_seal, without, seal = sealed_and_plain(name, page)
    over_paper = seal & (without >= 200)
    # Unlifted, a fifth of them are darker than 200 (the seal's red is 215 in its brightest
    # channel, less after blur and JPEG); what is left is the faint edge of its strokes.
    ghosts = int((with_seal[over_paper] < 200).sum())
    assert ghosts <= 0.05 * over_paper.sum(), f"{ghosts} of {over_paper.sum()} seal pixels over paper are still as dark as print"


@pytest.mark.parametrize(("name", "page"), [p for p in SEALED_PAGES if p != ("huaian_city_2024", 4)])  # no digits under it there
def test_the_print_under_the_seal_keeps_its_darkness(name, page):
    """The seal roughly halves the luminance of what it covers; the reading image undoes that
    for print under it (a fixed lift of coloured pixels made thin digits under a seal a
    fifth lighter, and the recogniser lost strokes of them: "0" read as "C")."""
    with_seal, without, seal = sealed_and_plain(name, page)
    over_print = seal & (without < 100)
    assert over_print.sum() >= 50  # these pages have digits and rules under the seal
    lighter = float((with_seal[over_print].astype(np.float32) - without[over_print]).mean())
    assert lighter <= 15, f"print under the seal is {lighter:.0f} levels lighter than without the seal"
    assert (with_seal[over_print] < 150).mean() >= 0.98


@pytest.mark.parametrize("page", [3, 4])
def test_print_on_a_tinted_table_background_is_kept(page):
    """huaian's tables have tinted header bands: without a seal, their print stays dark."""
    [rgb] = render_pages((REAL / "huaian_city_2024.pdf").read_bytes(), SCAN.dpi, [page])
    reading, plain = print_channels(degrade(rgb, SCAN))
    assert int((reading < 128).sum()) >= 0.98 * int((plain < 128).sum())


def test_print_away_from_any_seal_is_left_alone():
    """A page without colour reads exactly as its brightest channel."""
    [rgb] = render_pages((REAL / "hongze_district_2024.pdf").read_bytes(), 100, [2])
    grey = np.repeat(rgb.min(axis=2, keepdims=True), 3, axis=2)
    reading, plain = print_channels(grey)
    assert np.array_equal(reading, plain) and np.array_equal(reading, grey[:, :, 0])
