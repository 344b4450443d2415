"""CJK clean-up shared by the PDF and Word readers.

Some PDF generators map ideographs to look-alike code points: the Kangxi Radicals block
(U+2F00–U+2FD5, e.g. "⽂" U+2F42 for "文"), the CJK Radicals Supplement (U+2E80–U+2EF3,
e.g. "⻓" for "长") and CJK Compatibility Ideographs (U+F900–U+FAFF). The text looks right
on screen but no label matches. `fix_cjk` maps them back to the unified ideographs.

Full-width punctuation is left alone on purpose (NFKC would turn "（" into "("), because
label matching and messages quote the report's own punctuation.
"""

from __future__ import annotations

import re
import unicodedata

# CJK Radicals Supplement: only the forms that stand for a whole ideograph (simplified or
# traditional components that are also characters). Pure component shapes (⺅ for 亻 …)
# map to the component character when one exists.
_RADICALS_SUPPLEMENT: dict[str, str] = {
    "\u2e81": "厂",
    "\u2e84": "乙",
    "\u2e85": "亻",
    "\u2e86": "冂",
    "\u2e88": "刀",
    "\u2e8a": "卜",
    "\u2e8c": "小",
    "\u2e8d": "小",
    "\u2e8e": "兀",
    "\u2e8f": "尣",
    "\u2e90": "尢",
    "\u2e92": "巳",
    "\u2e93": "幺",
    "\u2e94": "彐",
    "\u2e95": "彐",
    "\u2e96": "忄",
    "\u2e97": "心",
    "\u2e98": "扌",
    "\u2e99": "攵",
    "\u2e9b": "旡",
    "\u2e9c": "日",
    "\u2e9d": "月",
    "\u2e9e": "歺",
    "\u2e9f": "母",
    "\u2ea0": "民",
    "\u2ea1": "氵",
    "\u2ea2": "氺",
    "\u2ea3": "灬",
    "\u2ea4": "爫",
    "\u2ea5": "爫",
    "\u2ea6": "丬",
    "\u2ea7": "牛",
    "\u2ea8": "犭",
    "\u2ea9": "王",
    "\u2eaa": "疋",
    "\u2eab": "目",
    "\u2eac": "示",
    "\u2ead": "礻",
    "\u2eae": "竹",
    "\u2eaf": "糸",
    "\u2eb0": "纟",
    "\u2eb1": "网",
    "\u2eb2": "罒",
    "\u2eb3": "罓",
    "\u2eb4": "网",
    "\u2eb6": "羊",
    "\u2eb7": "羊",
    "\u2eb8": "羊",
    "\u2eb9": "耂",
    "\u2ebb": "聿",
    "\u2ebc": "月",
    "\u2ebd": "臼",
    "\u2ebe": "艹",
    "\u2ebf": "艹",
    "\u2ec0": "艹",
    "\u2ec1": "虎",
    "\u2ec2": "衤",
    "\u2ec3": "覀",
    "\u2ec4": "西",
    "\u2ec5": "见",
    "\u2ec6": "角",
    "\u2ec8": "讠",
    "\u2ec9": "贝",
    "\u2eca": "足",
    "\u2ecb": "车",
    "\u2ecc": "辶",
    "\u2ecd": "辶",
    "\u2ece": "辶",
    "\u2ecf": "阝",
    "\u2ed0": "钅",
    "\u2ed1": "長",
    "\u2ed2": "镸",
    "\u2ed3": "长",
    "\u2ed4": "门",
    "\u2ed6": "阝",
    "\u2ed7": "雨",
    "\u2ed8": "青",
    "\u2ed9": "韦",
    "\u2eda": "页",
    "\u2edb": "风",
    "\u2edc": "飞",
    "\u2edd": "食",
    "\u2edf": "饣",
    "\u2ee0": "饣",
    "\u2ee2": "马",
    "\u2ee3": "骨",
    "\u2ee4": "鬼",
    "\u2ee5": "鱼",
    "\u2ee6": "鸟",
    "\u2ee7": "卤",
    "\u2ee8": "麦",
    "\u2ee9": "黄",
    "\u2eea": "黾",
    "\u2eeb": "斉",
    "\u2eec": "齐",
    "\u2eed": "歯",
    "\u2eee": "齿",
    "\u2eef": "竜",
    "\u2ef0": "龙",
    "\u2ef1": "龜",
    "\u2ef2": "亀",
    "\u2ef3": "龟",
}


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    # Kangxi Radicals: each has a compatibility decomposition to its unified ideograph.
    for cp in range(0x2F00, 0x2FD6):
        mapped = unicodedata.normalize("NFKC", chr(cp))
        if mapped != chr(cp):
            table[cp] = mapped
    # CJK Compatibility Ideographs: canonical singletons (U+F900 … U+FAFF).
    for cp in range(0xF900, 0xFB00):
        mapped = unicodedata.normalize("NFC", chr(cp))
        if mapped != chr(cp) and len(mapped) == 1:
            table[cp] = mapped
    for src, dst in _RADICALS_SUPPLEMENT.items():
        table[ord(src)] = dst
    # Invisible characters some generators emit inside words.
    for cp in (0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0xFFFE):
        table[cp] = ""
    return table


CJK_FIX_TABLE: dict[int, str] = _build_table()
_NEEDS_FIX = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\u00ad\u200b-\u200d\u2060\ufeff\ufffe]")


def fix_cjk(text: str) -> str:
    """Map radical / compatibility look-alikes back to ideographs; drop invisible marks."""
    if not _NEEDS_FIX.search(text):
        return text
    return text.translate(CJK_FIX_TABLE)


def is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2FFFF or 0xF900 <= cp <= 0xFAFF


# Full-width digits (U+FF10–FF19) are left out, like ASCII digits: "０ ０ ２" are three cells.
_CJK_OR_PUNCT = "[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uff0f\uff1a-\uffef“”‘’、。，：；！？（）《》【】]"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<={_CJK_OR_PUNCT})[ \u3000\t]+(?={_CJK_OR_PUNCT})")
_NEWLINE = re.compile(r"\s*\n\s*")
_DIGITS = re.compile(r"^[0-9０-９][0-9０-９.,，．]*$")


def join_cell_lines(text: str) -> str:
    """Text of a table cell: visual line breaks and justification gaps removed.

    "商业\\n企业" → "商业企业", "总 计" → "总计", "三\\n、\\n本\\n年" → "三、本年"; a break
    between two Latin letters or digits becomes one space, except in a cell of digits only,
    whose number the cell's width wrapped ("150\\n0" → "1500").
    """
    if not text:
        return ""
    parts = _NEWLINE.split(text.strip())
    if len(parts) > 1 and all(_DIGITS.match(p) for p in parts):
        return "".join(parts)
    out = parts[0]
    for part in parts[1:]:
        if out and part and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " " + part
        else:
            out += part
    return _SPACE_BETWEEN_CJK.sub("", out).strip()


def collapse_cjk_spaces(text: str) -> str:
    """Remove spaces between two CJK characters (justified PDF lines: "邮 编 ：")."""
    return _SPACE_BETWEEN_CJK.sub("", text)
