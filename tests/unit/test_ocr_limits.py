"""Scans that cannot be read, limits, and what the OCR must never do (fetch anything from the
network, load at import time). Small images, so these run in seconds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from annual_report.check import check_bytes
from annual_report.errors import DocumentTimeout, DocumentTooLarge, ScannedDocument
from annual_report.readers.ocr import ocr_options, quality, read_image
from annual_report.readers.pdf import read_pdf
from tests.unit.scan_fixtures import image_bytes, scan_pdf, tiff_pages

ROOT = Path(__file__).resolve().parents[2]
FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
LINES = ["二、主动公开政府信息情况", "行政许可 120 件", "行政处罚 35 件"]


def _squeeze(text: str) -> str:
    """Spaces between Chinese and digits are the recogniser's choice, not the page's."""
    return "".join(text.split())


def small_page(lines: list[str] = LINES) -> np.ndarray:
    """A short typed page (RGB): a few lines in the CJK font, 150 dpi-ish."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (900, 60 + 70 * len(lines)), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 34)
    for k, line in enumerate(lines):
        draw.text((40, 30 + 70 * k), line, fill="black", font=font)
    return np.asarray(img)


def test_a_small_image_is_read_line_by_line():
    doc = read_image(image_bytes(small_page()), "png")
    assert [_squeeze(b.text) for b in doc.blocks] == [_squeeze(line) for line in LINES]
    assert all(b.source.ocr and 0.5 <= b.source.confidence <= 1 for b in doc.blocks)


def test_blank_scan_is_unreadable_with_a_reason():
    blank = np.full((1600, 1100, 3), 250, np.uint8)
    blank += np.random.default_rng(1).integers(0, 4, blank.shape, dtype=np.uint8)  # paper grain
    with pytest.raises(ScannedDocument) as exc:
        read_pdf(scan_pdf([blank, blank], 150))
    assert "共 2 页" in exc.value.reason and "空白" in exc.value.reason and "Word" in exc.value.reason
    result = check_bytes(image_bytes(blank, "JPEG"), "blank.jpg").contract()
    assert result["classification"]["kind"] == "unreadable"
    assert "空白" in result["classification"]["reasons"][0]


def test_too_many_scanned_pages_are_refused_before_any_ocr():
    page = small_page()
    with ocr_options(max_pages=3), pytest.raises(DocumentTooLarge) as exc:
        read_image(tiff_pages([page] * 4, 150), "tiff")
    assert "共 4 页" in exc.value.reason and "上限 3 页" in exc.value.reason


def test_a_page_over_its_time_limit_stops_with_a_reason():
    with ocr_options(page_seconds=0.001), pytest.raises(DocumentTimeout) as exc:
        read_image(image_bytes(small_page()), "png")
    assert "第 1 页" in exc.value.reason and "秒" in exc.value.reason


def test_the_document_time_limit_counts_all_pages():
    with ocr_options(document_seconds=0.001), pytest.raises(DocumentTimeout) as exc:
        read_image(tiff_pages([small_page()] * 2, 150), "tiff")
    assert "扫描件识别超过" in exc.value.reason


def _screen_photo(page: np.ndarray) -> np.ndarray:
    """A phone photo of a monitor: dark bezel, bluish light, the display's pixel grid (moiré)."""
    h, w = page.shape[:2]
    out = np.full((h + 300, w + 300, 3), (25, 25, 30), np.float32)
    yy, xx = np.mgrid[0:h, 0:w]
    grid = 0.75 + 0.25 * np.sin(xx * 2.2) * np.sin(yy * 2.2)
    screen = page.astype(np.float32) * 0.8 * grid[:, :, None] + np.array([10, 20, 45], np.float32)
    out[150 : 150 + h, 150 : 150 + w] = screen
    return np.clip(out, 0, 255).astype(np.uint8)


def test_photo_of_a_screen_is_told_apart_from_a_scan():
    page = np.asarray(__import__("PIL.Image", fromlist=["Image"]).fromarray(small_page()).resize((1100, 600)))
    scan_gray = page.max(axis=2)
    photo_gray = _screen_photo(page).max(axis=2)
    assert not quality.screen_like(scan_gray)
    assert quality.screen_like(photo_gray)
    assert quality.diagnose(photo_gray, orientation_unsure=False) == quality.SCREEN
    assert quality.diagnose(scan_gray, orientation_unsure=True) == quality.ORIENTATION
    assert "屏幕" in quality.why(quality.SCREEN) and "Word" in quality.ask(quality.SCREEN)


def test_ocr_is_not_loaded_by_importing_the_domain():
    code = (
        "import sys, annual_report.check, annual_report.readers.pdf, annual_report.readers.ocr;"
        "print(json.dumps(sorted(m for m in ('rapidocr', 'onnxruntime', 'cv2') if m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", "import json;" + code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


_OFFLINE_RUN = textwrap.dedent(
    """
    import json, socket, sys
    tried = []
    def refuse(*args, **kwargs):
        tried.append(repr(args[:2]))
        raise OSError("network disabled by the test")
    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    from annual_report.readers.ocr import read_image
    doc = read_image(open(sys.argv[1], "rb").read(), "png")
    print(json.dumps({"lines": [b.text for b in doc.blocks], "tried": tried}, ensure_ascii=False))
    """
)


def test_ocr_runs_with_the_network_unreachable(tmp_path):
    """In a fresh process (engine loaded from scratch) with sockets refused, and inside a
    network namespace without any interface when `unshare -n` is allowed here."""
    image = tmp_path / "page.png"
    image.write_bytes(image_bytes(small_page()))
    command = [sys.executable, "-c", _OFFLINE_RUN, str(image)]
    isolated = shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0
    if isolated:
        command = ["unshare", "-n", *command]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_PROXY": "*"}
    out = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert [_squeeze(line) for line in result["lines"]] == [_squeeze(line) for line in LINES]
    assert result["tried"] == []  # nothing even tried to connect


def test_intake_check_prints_a_progress_line_per_page(tmp_path):
    from click.testing import CliRunner

    from cli.commands.check import check

    scan = tmp_path / "scan.tiff"
    scan.write_bytes(tiff_pages([small_page(), small_page(["三、收到和处理政府信息公开申请情况"])], 150))
    result = CliRunner().invoke(check, [str(scan), "--json"])
    assert result.exit_code == 0, result.output
    progress = [line for line in result.stderr.splitlines() if line.startswith("OCR ")]
    assert len(progress) == 2
    assert "第 1 页（1/2）" in progress[0] and "第 2 页（2/2）" in progress[1]
    out = json.loads(result.stdout)
    assert out["classification"]["read_by"] == "ocr" and out["classification"]["detected_type"] == "tiff"
