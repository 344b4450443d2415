"""Township names in running text: “龙城区西大营子镇” is 西大营子镇 of 龙城区; “我镇”, “城乡”,
“社区” are no names; the words before a name (本报告由, 现公布, 在) are not part of it."""

from __future__ import annotations

import re

TOWNSHIP_SUFFIX = ("街道办事处", "街道", "民族乡", "苏木", "镇", "乡")
_COUNTY_SUFFIX = ("自治县", "自治旗", "林区", "特区", "市", "县", "区", "旗")
_GOV_SUFFIX = ("人民政府办公室", "人民政府办事处", "人民政府", "政府办公室", "党政办公室", "党政办", "办事处", "政府", "办公室")
# Words ending in 镇/乡/区… that are no names ("我镇", "全镇", "城乡", "社区").
_NOT_NAMES = re.compile(
    r"[我本该全各每此其](?:镇|乡|街道)$|(?:和|与|及|、|统筹|推进|城镇)城乡$|^(?:乡镇|城镇|村镇|集镇|城乡|社区|小区|园区|辖区|景区|片区|城区|山区|库区|矿区|牧区|老区|新区|地区|本区|全区|我区|全市|全县|本市|本县)$"
)
LEADING_FUNCTION = re.compile(
    r"^(?:请|联系|现公布|现将|公布|在|于|位于|对|由|与|和|及|向|是|的|为|将|把|经|据|从|以|按|同|给|让|代表|根据|关于|上报)+"
)


def names_in_run(run: str, anywhere: bool = False) -> list[tuple[str, str | None]]:
    """(township, county-level parent or None) for every township name ending in `run`'s
    pieces: "龙城区西大营子镇" -> ("西大营子镇", "龙城区")."""
    out: list[tuple[str, str | None]] = []
    for suffix in TOWNSHIP_SUFFIX:
        pos = run.find(suffix)
        while pos > 0:
            stem = run[:pos]
            stop = pos + len(suffix)
            # "上塘镇人民政府" is still 上塘镇; "镇政府" alone is no name.
            rest = run[stop:]
            if anywhere or not rest or rest.startswith(_GOV_SUFFIX) or len(rest) >= 0:
                name = split_parent(_name_stem(stem[-12:]), suffix)
                if name:
                    out.append(name)
            pos = run.find(suffix, stop)
        if out:
            break
    return out


_BEFORE_NAME = re.compile(r"^.*[由在对将把据按的是](?=[\u4e00-\u9fff]{2,}$)")  # 本报告由|塘下镇: the words before a name


def _name_stem(stem: str) -> str:
    """The end of `stem` that can be a name: the words before it cut (本报告由, 现公布, 在),
    as long as two characters are left (向阳镇 and 和平镇 are names, not 向 + 阳镇)."""
    cut = _BEFORE_NAME.sub("", stem)
    bare = LEADING_FUNCTION.sub("", cut)
    return bare if len(bare) >= 2 else cut


def split_parent(stem: str, suffix: str) -> tuple[str, str | None] | None:
    """ "龙城区西大营子" + "镇" -> ("西大营子镇", "龙城区"); "上塘" -> ("上塘镇", None)."""
    best_cut = -1
    parent = None
    for cs in _COUNTY_SUFFIX:
        start = 0
        while True:
            k = stem.find(cs, start)
            if k < 0:
                break
            cut = k + len(cs)
            # Both halves need two characters: "新市镇" is a town named 新市, not 新 + 市镇.
            if cut >= 2 and len(stem) - cut >= 2 and cut > best_cut:
                best_cut = cut
            start = k + 1
    if best_cut > 0:
        parent_run = stem[:best_cut]
        stem = stem[best_cut:]
        # "江西省宜春市丰城市" -> 丰城市: the last county-level unit.
        parent_run = re.split(r"省|自治区", parent_run)[-1]
        parent = _last_unit(parent_run)
    if len(stem) < 2 or len(stem) > 8:
        return None
    name = stem + suffix
    if _NOT_NAMES.search(name) or any(w in stem for w in ("政府", "工作", "公开", "我们", "全体")):
        return None
    return name, parent


def _last_unit(run: str) -> str | None:
    # "宜春市丰城市" -> "丰城市"; "万宁市" -> "万宁市".
    pieces = re.findall(r".+?(?:自治县|自治旗|林区|特区|市|县|区|旗)", run)
    if not pieces:
        return None
    last = pieces[-1]
    if len(last) < 2 and len(pieces) > 1:
        last = pieces[-2] + last
    if _NOT_NAMES.search(last) or len(last) < 2:
        return None
    return last
