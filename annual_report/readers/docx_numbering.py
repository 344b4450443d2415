"""Word's automatic list numbering ("一、", "（一）", "1.") rendered into paragraph text, since
section headings are often numbered that way."""

from __future__ import annotations

import re

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + W + "}"


_CN_DIGITS = "零一二三四五六七八九"


def _chinese_counting(n: int) -> str:
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n - 10] if n > 10 else "")
    if n < 100:
        tens, ones = divmod(n, 10)
        return _CN_DIGITS[tens] + "十" + (_CN_DIGITS[ones] if ones else "")
    return str(n)


def _format_number(n: int, fmt: str) -> str:
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "chineseLegalSimplified",
        "ideographTraditional",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "ideographLegalTraditional",
    ):
        if fmt == "ideographTraditional":
            return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10]
        return _chinese_counting(n)
    if fmt in ("lowerLetter",):
        return chr(ord("a") + (n - 1) % 26)
    if fmt in ("upperLetter",):
        return chr(ord("A") + (n - 1) % 26)
    if fmt in ("lowerRoman", "upperRoman"):
        vals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        out, k = "", n
        for v, s in vals:
            while k >= v:
                out, k = out + s, k - v
        return out.upper() if fmt == "upperRoman" else out
    if fmt == "decimalEnclosedCircleChinese" or fmt == "decimalEnclosedCircle":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "bullet" or fmt == "none":
        return ""
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return str(n)


class Numbering:
    """Renders `w:numPr` list labels ("一、", "（一）", "1.") the way Word shows them."""

    def __init__(self, part) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) -> (fmt, lvlText, start)
        self.counters: dict[str, list[int]] = {}
        self.abstract_of: dict[str, str] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        if part is None:
            return
        try:
            numbering = part.numbering_part.element
        except Exception:
            numbering = None
        if numbering is not None:
            self._load(numbering)
        try:
            styles = part.styles.element
            for style in styles.iter(_W + "style"):
                numpr = style.find(f"{_W}pPr/{_W}numPr")
                if numpr is not None:
                    num_id = numpr.find(_W + "numId")
                    ilvl = numpr.find(_W + "ilvl")
                    if num_id is not None:
                        self.style_num[style.get(_W + "styleId")] = (
                            num_id.get(_W + "val"),
                            int(ilvl.get(_W + "val", "0")) if ilvl is not None else 0,
                        )
        except Exception:
            pass

    def _load(self, numbering) -> None:
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in numbering.findall(_W + "abstractNum"):
            lv: dict[int, tuple[str, str, int]] = {}
            for lvl in an.findall(_W + "lvl"):
                ilvl = int(lvl.get(_W + "ilvl", "0"))
                fmt = lvl.find(_W + "numFmt")
                text = lvl.find(_W + "lvlText")
                start = lvl.find(_W + "start")
                lv[ilvl] = (
                    fmt.get(_W + "val", "decimal") if fmt is not None else "decimal",
                    text.get(_W + "val", "") if text is not None else "",
                    int(start.get(_W + "val", "1")) if start is not None else 1,
                )
            abstract[an.get(_W + "abstractNumId")] = lv
        for num in numbering.findall(_W + "num"):
            num_id = num.get(_W + "numId")
            ref = num.find(_W + "abstractNumId")
            if ref is None:
                continue
            aid = ref.get(_W + "val")
            self.abstract_of[num_id] = aid
            for ilvl, spec in abstract.get(aid, {}).items():
                self.levels[(num_id, ilvl)] = spec

    def label(self, p) -> str:
        if not self.levels:
            return ""
        ppr = p.find(_W + "pPr")
        if ppr is None:
            return ""
        numpr = ppr.find(_W + "numPr")
        num_id, ilvl = None, 0
        if numpr is not None:
            n = numpr.find(_W + "numId")
            lv = numpr.find(_W + "ilvl")
            num_id = n.get(_W + "val") if n is not None else None
            ilvl = int(lv.get(_W + "val", "0")) if lv is not None else 0
        else:
            style = ppr.find(_W + "pStyle")
            if style is not None and style.get(_W + "val") in self.style_num:
                num_id, ilvl = self.style_num[style.get(_W + "val")]
        if not num_id or num_id == "0" or (num_id, ilvl) not in self.levels:
            return ""
        key = self.abstract_of.get(num_id, num_id)
        counters = self.counters.setdefault(key, [0] * 9)
        _fmt, text, start = self.levels[(num_id, ilvl)]
        if counters[ilvl] == 0:
            counters[ilvl] = start
        else:
            counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0

        def repl(m: re.Match) -> str:
            level = int(m.group(1)) - 1
            spec = self.levels.get((num_id, level))
            value = counters[level] or (spec[2] if spec else 1)
            return _format_number(value, spec[0] if spec else "decimal")

        return re.sub(r"%(\d)", repl, text)
