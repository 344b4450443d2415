"""Label normalisation: which differences between two labels are harmless.

Reports retype the official labels with full-width or ASCII punctuation, 1、/1./（1）/(1)
numbering, stray spaces (`结果 维持`), curly or straight quotes and markdown emphasis. Those
differences say nothing about the report, so they are removed before two labels are compared;
everything else (a missing 重, 法律法规 for 法律行政法规) is a real deviation.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
# Quotes of every style, markdown emphasis and list bullets carry no meaning in a label.
_NOISE = str.maketrans("", "", "“”\"'‘’「」『』*#`")
# Leading numbering after NFKC: 一、 / 一. / (一) / 1. / 1、 / 1) / (1) / ①.
_NUMBERING = re.compile(
    r"^(?:"
    r"(?P<cn>[一二三四五六七八九十]{1,3})[、.,:]"
    r"|\((?P<pcn>[一二三四五六七八九十]{1,3})\)[、.]?"
    r"|(?P<n>\d{1,2})(?:[、.)]|\.(?!\d))"
    r"|\((?P<pn>\d{1,2})\)[、.]?"
    r"|(?P<circ>[①②③④⑤⑥⑦⑧⑨⑩])"
    r"|第(?P<part>[一二三四五六七八九十]{1,3})部分[、.,:]?"
    r")"
)
# Marks that end a sentence, full-width and ASCII (normalize maps ；！？ to ;!?): a line ending
# in one is prose finished there, not a label or heading going on.
SENTENCE_END = ("。", "；", ";", "！", "？", "!", "?")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@lru_cache(maxsize=4096)
def normalize(label: str) -> str:
    """NFKC, no whitespace, no quotes: the form in which harmless variants are equal."""
    s = unicodedata.normalize("NFKC", label)
    s = _SPACES.sub("", s)
    return s.translate(_NOISE)


@lru_cache(maxsize=4096)
def split_numbering(norm: str) -> tuple[str | None, int | None, str]:
    """('cn' | 'paren_cn' | 'arabic' | None, number, rest) of a *normalized* label."""
    m = _NUMBERING.match(norm)
    if not m:
        return None, None, norm
    rest = norm[m.end() :].lstrip("、.")
    if m.group("cn"):
        return "cn", _cn_number(m.group("cn")), rest
    if m.group("pcn"):
        return "paren_cn", _cn_number(m.group("pcn")), rest
    if m.group("n"):
        return "arabic", int(m.group("n")), rest
    if m.group("pn"):
        return "arabic", int(m.group("pn")), rest
    if m.group("part"):
        return "cn", _cn_number(m.group("part")), rest
    return "arabic", "①②③④⑤⑥⑦⑧⑨⑩".index(m.group("circ")) + 1, rest


def stem(label: str) -> str:
    """The label without numbering and harmless noise: what two labels are compared by."""
    return split_numbering(normalize(label))[2]


def _cn_number(s: str) -> int:
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_DIGITS.get(s[1:], 0)
    if len(s) == 2 and s.endswith("十"):
        return _CN_DIGITS[s[0]] * 10
    if len(s) == 3 and s[1] == "十":
        return _CN_DIGITS[s[0]] * 10 + _CN_DIGITS[s[2]]
    return _CN_DIGITS.get(s[0], 0)


# A line break inside a sentence: prose wrapped at a fixed width (layout text, PDF lines).
_WRAPPED = re.compile(r"(?<=[\u4e00-\u9fff，、（“0-9])\n[ \u3000]*(?=[\u4e00-\u9fff）”，。、；0-9])")


def unwrap(text: str) -> str:
    """Prose with wrapped lines joined: a sentence cut by the page width is one sentence again."""
    return _WRAPPED.sub("", text) if "\n" in text else text
