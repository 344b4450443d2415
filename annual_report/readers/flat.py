"""Web-page text: a report copied from a government site, undone into lines.

A page copied as text loses its line structure: the whole report (headings, prose, the three
tables with their cells glued together) arrives on one line or a handful of lines, between the
site's furniture (breadcrumbs, 字体：大 中 小, share buttons, 打印本页 关闭窗口 …). This module
cuts such a long line back into the pieces a converted document would have had: one piece per
section heading, one per sentence of prose, one per run of glued table text. The digits of the
tables stay glued; splitting them is the extraction's job (`extract.tokens`, `extract.digits`),
done with the tables' arithmetic.

Furniture lines are dropped, but only lines that are furniture as a whole (and breadcrumb /
share-button phrases cut off the ends of a long line): a report's own sentence is never lost.
"""

from __future__ import annotations

import re

# A line at least this long with at least one sentence end or section heading inside is web text.
LONG_LINE = 160

_NUM = r"(?:[一二三四五六七]\s*[、.．]|[一二三四五六七][\u3000 ]|[1-7]\s*[、．]|[（(]\s*[一二三四五六七]\s*[）)]|第\s*[一二三四五六七]\s*部分\s*[:：、]?)"
# Words of the six headings as reports write them (see extract.sections for the full matcher).
_STOP = r"[^。；;，,！？!?\d\s]"
# Heading words that are a whole heading's end (一、总体情况), and words that need one (情况/事项).
_HEAD_COMPLETE = r"(?:总体情况|基本情况|总体推进情况|概述|概况|主动公开情况|政府信息公开申请情况|依申请公开情况)"
_HEAD_WORDS = (
    r"(?:主动公开政府信息|收到和处理政府信息公开申请|依申请公开|行政复议|复议|存在的?主要问题|存在的?问题|主要问题|"
    r"其他需要报告|其它需要报告)"
)
_HEADING = re.compile(
    r"\**" + _NUM + r"\s*(?:" + _STOP + r"{0,14}?" + _HEAD_WORDS + _STOP + r"{0,24}?(?:情况|事项)(?:说明)?"
    r"|" + _STOP + r"{0,8}?" + _HEAD_COMPLETE + r")\**"
    r"(?![；;、，,])"  # “（一）总体情况；（二）…”: a list of the headings in a sentence, not headings
)
_SENTENCE = re.compile(
    r"(?<=[。！？!?；;])|(?<=如下[:：])|(?<=[:：])(?=\s)"
    # a 文号 or the title before the text on the same line: 平府办〔2024〕38号 ××年度报告 本报告根据…
    # a 注/说明 line glued under a table's last number
    r"|(?<=\d)\s*(?=[（(]?(?:注|说明|备注|数据来源)\s*[:：])"
    r"|(?<=[〕\]]\d号)(?=\s)|(?<=[〕\]]\d\d号)(?=\s)|(?<=[〕\]]\d\d\d号)(?=\s)|(?<=年度报告)(?=\s|根据|本报告|按照|依据)"
)
_DOC_NUMBER_HEAD = re.compile(r"^([\u4e00-\u9fff]{1,8}[〔\[［]\d{4}[〕\]］]\d{1,4}号)(?=\S)")
_SPACED_ROW = re.compile(r"(?:^|\s)[-－−]?\d+(?:\.\d+)?(?=\s|$)")
# Furniture phrases that may sit at the start or end of the report's line.
_FURNITURE_HEAD = re.compile(
    r"^(?:\s*(?:当前位置|您的位置|你的位置|您现在的位置)\s*[:：][^\n]*?(?:>|＞|»|›|→)\s*[^\s>＞»›→]{1,20}"
    r"(?:\s*(?:>|＞|»|›|→)\s*[^\s>＞»›→]{1,20})*\s+)"
)
_FURNITURE_LINE = re.compile(
    r"^\s*(?:当前位置|您的位置|你的位置|您现在的位置|首页\s*[>＞»›]|来源\s*[:：]|发布时间\s*[:：]|发布日期\s*[:：]"
    r"|信息来源\s*[:：]|时间\s*[:：]\s*\d|索引号\s*[:：]|发布机构\s*[:：]|文\s*号\s*[:：]\s*$|主题分类\s*[:：]|分享到|"
    r"【?\s*字体\s*[:：]|打印本页|关闭窗口|【\s*打印\s*】|附件下载|相关附件|扫一扫|上一篇|下一篇|主办单位\s*[:：]|承办单位\s*[:：]|"
    r"网站标识码|网站地图|联系我们|版权所有|Copyright|浏览次数|阅读次数|访问量|【\s*关闭\s*】|返回顶部|收藏本页)",
    re.IGNORECASE,
)
_FURNITURE_WORDS = re.compile(
    r"(?:字体\s*[:：]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中\s*[】\]]?\s*[【\[]?\s*小|微信\s*微博|QQ空间|打印本页|关闭窗口|"
    r"ICP备|浏览次数\s*[:：]?\s*\d*|分享到\s*[:：]?)"
)


_TITLE_IN_FURNITURE = re.compile(r"[^\s>＞»›→:：]*?(?:年度报告|年报|工作报告)")


def rescue_title(line: str) -> str | None:
    """The report's title when a furniture line carries it (breadcrumb … > 标题 来源：…)."""
    found = [
        m.group()
        for m in _TITLE_IN_FURNITURE.finditer(line)
        if ("政府信息公开" in m.group() or "政务公开" in m.group()) and len(m.group()) >= 8
    ]
    # A breadcrumb's category (政府信息公开年报) is no title: a title names a year or a body.
    found = [t for t in found if re.search(r"\d{4}", t) or len(t) >= 14]
    return max(found, key=len) if found else None


def is_furniture(line: str) -> bool:
    """A whole line that is the site's, not the report's."""
    s = line.strip()
    if not s:
        return False
    if _FURNITURE_LINE.match(s):
        return True
    # Short lines made mostly of furniture words (微信 微博 QQ空间 / 字体：大 中 小 …).
    if len(s) <= 60 and _FURNITURE_WORDS.search(s) and "。" not in s:
        return True
    return False


# A table's band glued to its header cell, no separator: the cells of a web table run together.
_GLUED_TABLE = re.compile(r"第二十条第[（(][一二三四五六七八九][）)]项 ?信息内容")


def is_web_line(line: str) -> bool:
    if len(line) < LONG_LINE:
        return False
    glued = "|" not in line and "\t" not in line and bool(_GLUED_TABLE.search(line))
    return glued or len(_HEADING.findall(line)) >= 2 or (line.count("。") >= 3 and bool(_HEADING.search(line)))


def needs_split(line: str) -> bool:
    """In web text, any line holding more than one heading or sentence is cut too."""
    s = line.strip()
    if len(s) < 12:
        return False
    if _DOC_NUMBER_HEAD.match(s):
        return True  # 平政办发〔2022〕37号平阳县自然资源局: the 文号 glued before a title's first piece
    m = _HEADING.search(s)
    return (m is not None and (m.start() > 0 or m.end() < len(s))) or len(_SENTENCE.split(s.rstrip("。；;！？!?"))) > 1


def split_web_line(line: str) -> list[str]:
    """Pieces of one flattened line: headings, sentences, glued table text."""
    line = _FURNITURE_HEAD.sub("", line)
    pieces: list[str] = []
    pos = 0
    for m in _HEADING.finditer(line):
        if m.start() > pos:
            pieces.extend(_sentences(line[pos : m.start()]))
        pieces.append(m.group().strip().strip("*"))
        pos = m.end()
    if pos < len(line):
        pieces.extend(_sentences(line[pos:]))
    return [p for p in (x.strip().strip("\u3000").strip() for x in pieces) if p and not is_furniture(p)]


def _sentences(text: str) -> list[str]:
    out = []
    m = _DOC_NUMBER_HEAD.match(text.strip())
    if m:  # 临政发〔2020〕29号临泉县…年度报告: the 文号 glued in front of the title
        out.append(m.group(1))
        text = text.strip()[m.end() :]
    for s in _SENTENCE.split(text):
        s = s.strip()
        if s:
            out.append(as_row(s))
    return out


def as_row(piece: str) -> str:
    """Table text whose cells a single space separates (`规章 0 0 0 行政规范性文件 0 2 5`)
    becomes a tab-separated row, so that each cell is one cell; prose stays as it is."""
    if "。" in piece or "|" in piece or len(_SPACED_ROW.findall(piece)) < 3:
        return piece
    return "\t".join(piece.split())
