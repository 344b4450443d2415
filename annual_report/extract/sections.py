"""The six required sections, found by their heading words.

Numbering varies (一、/（一）/## 一、/none) and seed 003 numbers its top-level headings
（一）…（六）, the same way other reports number their sub-points, so a heading is
recognised by its words, on a short line of its own, in document order. A heading that
repeats (seed 002: "## 一、总体情况" then "### 一、总体情况") counts once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annual_report.document import Block
from annual_report.extract.normalize import SENTENCE_END, normalize, split_numbering
from annual_report.model import SECTION_ORDER, Section, Source

# Words that make a short line a section heading. Sub-points such as "（一）主动公开情况"
# or "（二）依申请公开情况" of section 一 deliberately do not match.
_HEADING_WORDS: dict[str, tuple[str, ...]] = {
    "overview": ("总体情况", "基本情况", "概述", "总体推进情况", "概况"),
    "active_disclosure": ("主动公开政府信息",),
    "applications": ("收到和处理政府信息公开申请", "收到和处理政府信息公开", "政府信息公开申请情况"),
    "appeals": ("行政复议、行政诉讼", "行政复议和行政诉讼", "行政复议,行政诉讼", "复议、诉讼", "行政复议行政诉讼"),
    "problems": ("存在的主要问题", "存在问题及改进", "主要问题及改进", "存在的问题及改进"),
    "other": ("其他需要报告",),
}
_MAX_HEADING = 40
_MARKUP = re.compile(r"^[#>*\s]+|[*\s]+$")
_SPACED_NUMBER = re.compile(r"^([一二三四五六七八九十]{1,2})[\s\u3000]+(?=\S)")  # 一　总体情况: numbered by a space


@dataclass
class FoundSection:
    key: str
    block: int  # index of the heading block
    section: Section


def heading_key(text: str) -> str | None:
    """The section a line heads, or None when it is no section heading."""
    line = _SPACED_NUMBER.sub(r"\1、", _MARKUP.sub("", text))
    if not line or len(line) > _MAX_HEADING:
        return None
    norm = normalize(line)
    rest = split_numbering(norm)[2]
    if not rest or rest.endswith(SENTENCE_END) or "。" in rest[:-1]:
        return None
    if "复议" in rest and "诉讼" in rest and len(rest) <= 24:
        return "appeals"  # 行政法复议、行政诉讼情况: a typo in the heading is still that heading
    for key in SECTION_ORDER:
        if any(w in rest for w in _HEADING_WORDS[key]):
            # "总体情况" must lead the line; "（一）主动公开总体情况说明…" is a sub-point.
            lead = re.sub(r"^(?:政府信息公开|政务公开)?工作", "", rest)
            if key == "overview" and not lead.startswith(_HEADING_WORDS["overview"]) and len(rest) > 8:
                continue
            return key
    return None


def find_sections(blocks: list[Block]) -> list[FoundSection]:
    """Headings in document order; each key at most once, first occurrence wins."""
    found: list[FoundSection] = []
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        if block.kind != "text":
            continue
        key = heading_key(block.cells[0])
        if key is None or key in seen:
            continue
        seen.add(key)
        found.append(FoundSection(key, i, Section(present=True, heading=_MARKUP.sub("", block.cells[0]), source=block.source)))
    for n, fs in enumerate(found):
        end = found[n + 1].block if n + 1 < len(found) else len(blocks)
        fs.section.text = "\n".join(b.text for b in blocks[fs.block + 1 : end])
    return found


def sections_dict(found: list[FoundSection]) -> dict[str, Section]:
    by_key = {fs.key: fs.section for fs in found}
    return {key: by_key.get(key, Section(present=False)) for key in SECTION_ORDER}


def region(found: list[FoundSection], key: str, n_blocks: int) -> tuple[int, int] | None:
    """Block range [heading, next heading) of a section, None when it has no heading."""
    for n, fs in enumerate(found):
        if fs.key == key:
            end = found[n + 1].block if n + 1 < len(found) else n_blocks
            return fs.block, end
    return None


# A section whose heading a converter lost is still there when its content is: its table was
# read (二、三、四), or a paragraph after the sections before it says what it is about (五、六).
_LOST_PROBLEMS = re.compile(r"(?:存在的?(?:主要)?问题|不足之处|问题和不足).{0,200}?(?:改进|整改|下一步|措施)", re.S)
_LOST_OTHER = re.compile(r"信息处理费|其他需要报告|其它需要报告|无其他")


def infer_lost_headings(sections: dict[str, Section], tables, blocks: list[Block], found: list[FoundSection]) -> None:
    """Mark a section present (heading None) when its heading is lost but its content is there."""
    for key in ("active_disclosure", "applications", "appeals"):
        if not sections[key].present and getattr(tables, key) is not None:
            sections[key] = Section(present=True, heading=None, inferred=True)
    after = {fs.key: fs.block for fs in found}
    for key, pattern, before in (
        ("problems", _LOST_PROBLEMS, ("appeals", "applications")),
        ("other", _LOST_OTHER, ("problems", "appeals")),
    ):
        if sections[key].present:
            continue
        start = next((after[k] for k in before if k in after), None)
        if start is None:
            continue
        nxt = [b for k, b in after.items() if b > start and SECTION_ORDER.index(k) > SECTION_ORDER.index(key)]
        end = min(nxt) if nxt else len(blocks)
        text = "\n".join(b.text for b in blocks[start + 1 : end] if b.kind == "text")
        m = pattern.search(text)
        if m:
            sections[key] = Section(present=True, heading=None, text=text[m.start() :], inferred=True)


__all__ = ["FoundSection", "Source", "find_sections", "heading_key", "infer_lost_headings", "region", "sections_dict"]
