"""Why a scanned page could not be read, in words a clerk can act on.

Only asked when recognition already failed (no characters, or characters read with low
confidence): a page that reads well is never refused for how it looks. The diagnosis picks
the likeliest cause from the image itself:

* blank: almost no ink at all;
* a photo of a screen: the fine periodic pattern (moiré) of a display's pixel grid shows as
  strong isolated peaks in the high frequencies of the image's spectrum, and a screen photo
  rarely has the white paper background of a scan;
* turned / upside down beyond repair: the orientation model could not agree on a direction;
* otherwise: too blurred, too dark or too small.
"""

from __future__ import annotations

import numpy as np

BLANK = "blank"
SCREEN = "screen"
ORIENTATION = "orientation"
BLURRED = "blurred"

_WHY = {
    BLANK: "页面是空白的",
    SCREEN: "看起来是对着电脑屏幕拍的照片（有屏幕纹路、没有白纸底色），文字无法可靠识别",
    ORIENTATION: "页面方向无法判断（倒置、镜像或歪斜过大）",
    BLURRED: "图像太模糊、太暗或分辨率太低，文字无法可靠识别",
}
_ASK = {
    BLANK: "请确认扫描时放入了正确的页面，或上传 Word 文档。",
    SCREEN: "请不要翻拍屏幕：请上传 Word 文档或由 Word/WPS 直接导出的 PDF，或把纸质件放正后用扫描仪扫描（200 dpi 左右）。",
    ORIENTATION: "请把纸张放正后重新扫描（文字朝上、不要镜像），或上传 Word 文档。",
    BLURRED: "请用扫描仪重新扫描（200 dpi 左右、黑白或灰度、不要太暗），或上传 Word 文档。",
}


def ink_share(gray: np.ndarray) -> float:
    """Share of pixels clearly darker than the page (ink)."""
    if gray.size == 0:
        return 0.0
    background = float(np.percentile(gray, 90))
    return float(np.count_nonzero(gray < background - 60)) / gray.size


def is_blank(gray: np.ndarray) -> bool:
    return ink_share(gray) < 0.0008


def screen_like(gray: np.ndarray) -> bool:
    """Moiré peaks in the spectrum, or no paper-white background."""
    import cv2

    small = cv2.resize(gray, (512, 512), interpolation=cv2.INTER_AREA).astype(np.float32)
    paper = float(np.count_nonzero(small > 200)) / small.size
    spectrum = np.abs(np.fft.fftshift(np.fft.fft2(small - small.mean())))
    c = 256
    yy, xx = np.ogrid[:512, :512]
    radius = np.hypot(yy - c, xx - c)
    high = spectrum[(radius > 60) & (radius < 250)]
    if high.size == 0:
        return paper < 0.3
    peak = float(high.max()) / (float(np.median(high)) + 1e-6)
    return peak > 400 or paper < 0.3


def diagnose(gray: np.ndarray, orientation_unsure: bool) -> str:
    if is_blank(gray):
        return BLANK
    if screen_like(gray):
        return SCREEN
    if orientation_unsure:
        return ORIENTATION
    return BLURRED


def why(cause: str) -> str:
    return _WHY[cause]


def ask(cause: str) -> str:
    return _ASK[cause]
