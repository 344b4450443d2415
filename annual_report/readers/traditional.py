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
    out = _t2s().convert(text)
    if len(_PINYIN.findall(out)) >= _MIN_PINYIN:
        out = _PINYIN.sub("", out)
    return out, True
