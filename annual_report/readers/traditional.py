"""Reports in traditional characters: read in simplified.

Mirror sites (and hacked ones) republish government pages converted to traditional script,
sometimes with the pinyin of some characters in brackets after them (`發(fā)展`). The
extraction knows the official wording in simplified characters only, so such a text is
converted back (OpenCC `t2s`) and the pinyin brackets are dropped. A text is converted only
when it is clearly traditional: a simplified report is never touched.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

_CJK = re.compile(r"[\u4e00-\u9fff]")
_MIN_CHANGED = 20  # characters that t2s changes, at least
_MIN_SHARE = 0.03  # of the text's CJK characters
_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])[(（](?:[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*|[a-z]{1,6})[)）]")
_MIN_PINYIN = 5  # annotations in a text before they are taken for a site's habit, not content
_SAMPLE = 20_000  # characters looked at to decide
_LINE_BREAK = re.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000]*\n\s*(?=[\u4e00-\u9fff])")
_WORD_REACH = 3  # characters either side of a line break converted together


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> tuple[str, bool]:
    """(text in simplified characters, whether it was converted)."""
    sample = text[:_SAMPLE]
    cjk = len(_CJK.findall(sample))
    if not cjk:
        return text, False
    converted = _t2s().convert(sample)
    changed = sum(a != b for a, b in zip(sample, converted, strict=False))
    if changed < _MIN_CHANGED or changed < _MIN_SHARE * cjk:
        return text, False
    out = _rejoin_broken_words(text, _t2s().convert(text))
    if len(_PINYIN.findall(out)) >= _MIN_PINYIN:
        out = _PINYIN.sub("", out)
    return out, True


def _rejoin_broken_words(text: str, out: str) -> str:
    """`out` with the words a line break cut in two converted as words: a wrapped label's
    `反` / `覆申請` is `反复申请` (t2s leaves a lone `覆` as it is). Only where t2s kept every
    character in its place (it nearly always does)."""
    if len(out) != len(text):
        return out
    chars = list(out)
    for m in _LINE_BREAK.finditer(text):
        a, b = max(0, m.start() - _WORD_REACH), min(len(text), m.end() + _WORD_REACH)
        left, right = text[a : m.start()], text[m.end() : b]
        joined, apart = _t2s().convert(left + right), _t2s().convert(left) + _t2s().convert(right)
        if len(joined) != len(apart):
            continue
        at = [*range(a, m.start()), *range(m.end(), b)]
        for k, (x, y) in enumerate(zip(joined, apart, strict=True)):
            if x != y:  # changed by reading across the break only: the rest keeps its full context
                chars[at[k]] = x
    return "".join(chars)
