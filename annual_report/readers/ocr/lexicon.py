"""The official wording as a lexicon for OCR'd labels.

A recogniser misreads a character now and then ("元法提供" for "无法提供", "己获取" for
"已获取"); a label misread that way is neither matched to its row nor the township's fault.
Every Chinese string of `catalog.py` (row and column labels, section and table titles) is a
lexicon entry. An OCR'd label (numbering aside) that has the length of an entry and differs
from it in at most one character in eight (at least one) is that entry. A label the township
really worded otherwise (a word added, left out or replaced) differs by more and stays.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from annual_report.extract.normalize import normalize, split_numbering

_CJK = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _entries() -> dict[int, tuple[str, ...]]:
    from annual_report import catalog

    found: set[str] = set()

    def walk(value, depth: int = 0) -> None:
        if depth > 6:
            return
        if isinstance(value, str):
            if len(_CJK.findall(value)) >= 2:
                found.add(split_numbering(normalize(value))[2])
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(k, depth + 1)
                walk(v, depth + 1)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for v in value:
                walk(v, depth + 1)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name), depth + 1)

    for name, value in vars(catalog).items():
        if not name.startswith("_"):
            walk(value)
    by_length: dict[int, list[str]] = {}
    for entry in found:
        by_length.setdefault(len(entry), []).append(entry)
    return {n: tuple(sorted(v)) for n, v in by_length.items()}


def official_wording(text: str) -> str:
    """`text`, or the official label it is a misreading of (its own numbering kept)."""
    if not text or len(text) > 60 or not _CJK.search(text):
        return text
    norm = normalize(text)
    rest = split_numbering(norm)[2]
    if len(rest) < 3:
        return text
    allowed = max(1, len(rest) // 8)
    best = None
    for entry in _entries().get(len(rest), ()):
        differing = sum(1 for a, b in zip(rest, entry) if a != b)
        if differing == 0:
            return text
        if differing <= allowed and _CJK.search(entry):
            if best is not None:
                return text  # two entries as close: do not guess
            best = entry
    if best is None:
        return text
    return norm[: len(norm) - len(rest)] + best
