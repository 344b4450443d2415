"""Who reports, on which year: title, organisation, county-level parent, 文号, periods.

The report year comes from the report's own title, else its statistics period, else the
year its body talks about, never from a cover letter: seed 000 is a cover letter dated
2022年1月18日 under 宁政〔2022〕7号 for the 2021 report that follows 附件：.
"""

from __future__ import annotations

import re
from collections import Counter

from annual_report.document import Block
from annual_report.extract.departments import place_name, short_form_department
from annual_report.extract.normalize import unwrap
from annual_report.extract.townships import LEADING_FUNCTION, TOWNSHIP_SUFFIX, names_in_run, split_parent
from annual_report.model import Metadata

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")

_TITLE_WORDS = ("年度报告", "年报", "工作报告", "工作总结")
# A 文号 on a line of its own, or glued in front of the title (a web page's header line).
_DOC_NUMBER = re.compile(
    r"^\s*([\u4e00-\u9fff]{1,10}[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*\d{1,4}\s*号)\s*(?:$|(?=[^。]{0,60}(?:年度报告|年报)\s*$))"
)
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年?")
_PERIOD = re.compile(
    r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:起\s*)?(?:至|到|—|－|-|~|～)+\s*"
    r"(?:((?:19|20)\d{2})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日"  # 2021年1月1日至12月31日: same year
)
_PERIOD_END = re.compile(r"(?:截至|截止|截止到|截止至)\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日")
# A year the text talks about: "2021年", "2021年度" — not a date's year ("2022年1月18日").
_BODY_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")
_COVER_END = re.compile(r"^\s*附\s*件\s*[:：]?\s*\d?\s*[:：]?\s*$")
_MARKUP = re.compile(r"^[#>*\s]+|[*\s]+$")
_HEAD_LINES = 60  # title and 文号 sit at the top


def extract_metadata(blocks: list[Block], overview_text: str | None = None) -> Metadata:
    meta = Metadata()
    lines = [(i, _MARKUP.sub("", b.text).strip()) for i, b in enumerate(blocks) if b.kind == "text"]
    body_start = _body_start(lines)
    for _i, line in lines[:_HEAD_LINES]:
        m = _DOC_NUMBER.match(line)
        if m:
            meta.document_number = re.sub(r"\s+", "", m.group(1))
            break
    meta.title = _title(lines, body_start)
    if meta.title:
        meta.title = strip_title_spam(meta.title)
    if meta.title:
        m = _YEAR_IN_TITLE.search(arabic_years(meta.title))
        if m:
            meta.title_year = int(m.group(1))
    full_text = "\n".join(line for _, line in lines)
    body_text = "\n".join(line for i, line in lines if i >= body_start)
    m = _PERIOD.search(body_text) or _PERIOD.search(unwrap(body_text))  # 统计期限为20 / 20年1月1日…: cut by the width
    if m:
        y1, mo1, d1, y2_or_none, mo2, d2 = (int(g) if g else 0 for g in m.groups())
        y2 = y2_or_none or y1
        if 1 <= mo1 <= 12 and 1 <= mo2 <= 12 and 1 <= d1 <= 31 and 1 <= d2 <= 31:
            meta.period_start = f"{y1:04d}-{mo1:02d}-{d1:02d}"
            meta.period_end = f"{y2:04d}-{mo2:02d}-{d2:02d}"
            meta.period_year = y1 if y1 == y2 else y2
    if meta.period_year is None and (m := _PERIOD_END.search(body_text)):
        meta.period_year = int(m.group(1))  # 截至2023年12月31日: the year the figures close
    meta.body_years = _body_years(overview_text or "") or _body_years(body_text)
    meta.year = meta.title_year or meta.period_year or (meta.body_years[0] if meta.body_years else None)
    _organization(meta, full_text, _author(lines, body_start), _self_named(lines, body_start))
    committee = meta.organization and any(meta.organization + w in full_text for w in ("管委会", "管理委员会"))
    if meta.organization is None or (meta.title and office_name(meta.title)) or committee:  # 嘉鱼古镇管委会 is no 镇
        _office(meta, lines, body_start)
    if committee and meta.organization and (named := _committee(meta.organization, meta.title, lines, body_start)):
        meta.organization = meta.full_name = named  # 宁古镇管理委员会: no zone word before it, still no 镇
    if meta.organization is None and (short := short_form_department(full_text.replace(" ", ""), meta.title)):
        meta.organization, meta.parent = short  # 市发改局 in the prose, 定州市 elsewhere
        meta.full_name = meta.organization
    if meta.organization and meta.organization.endswith("街道办事处"):
        meta.full_name = meta.full_name or meta.organization
        meta.organization = meta.organization.removesuffix("办事处")  # short name: 西城街道
    return meta


def _office(meta: Metadata, lines: list[tuple[int, str]], body_start: int) -> None:
    """A department or 管委会 named by the title, else by the signature or the preamble."""
    texts = [meta.title or ""] + [line for _, line in lines[-8:]] + [line for i, line in lines if i >= body_start][:6]
    head = _head_text(lines, body_start)  # the preamble's sentences, lines wrapped by the page width joined
    texts.append(head)
    texts += [m.group(1) + "。" for _, line in lines[:_SOURCE_LINES] if (m := _SOURCE.search(line))]  # the page's 来源：
    whole = office_name(head)
    for text in texts:
        found = office_name(text.replace(" ", ""))
        if found and whole and whole[0] != found[0] and whole[0].startswith(found[0]):
            found = whole  # a line's name the page width cut (`…管理委` / `员会2024年度…`)
        if found:
            meta.organization, parent = found
            meta.full_name = meta.organization
            meta.parent = parent or meta.parent
            return


def _committee(name: str, title: str | None, lines: list[tuple[int, str]], body_start: int) -> str | None:
    """`name` + 管理委员会/管委会 when the title, the head or the signature names the body so:
    a committee named after its township (宁古镇管理委员会, 东关镇管委会), which no zone word
    (古镇 after two characters, 开发区) marks as one. A committee named in passing in the prose
    (配合宁古镇管委会…) does not make a township's report the committee's."""
    texts = [title or ""] + [line for i, line in lines if i >= body_start][:4] + [line for _, line in lines[-8:]]
    for text in texts:
        for word in ("管理委员会", "管委会"):
            if name + word in text.replace(" ", ""):
                return name + word
    return None


# A web page's publisher line (来源：武汉市发展和改革委员会 字号：…) above the report.
_SOURCE = re.compile(r"来源\s*[:：]\s*([\u4e00-\u9fff]{4,30}?)(?=\s|字号|作者|发布|时间|点击|浏览|[【\[]|$)")
_SOURCE_LINES = 8
_AUTHOR_LINE = re.compile(r"^([\u4e00-\u9fff]{2,20}?)(?:人民政府办公室|人民政府办事处|人民政府|街道办事处)(?:文件)?$")
_COMMITTEE_LINE = re.compile(r"^[\u4e00-\u9fff]{2,24}?(?:管理委员会|管委会)$")
_UNIT = re.compile(r".+?(?:自治州|自治县|自治旗|地区|盟|市|县|区|旗)")


def _author(lines: list[tuple[int, str]], body_start: int) -> tuple[str, str | None] | None:
    """The body named on a line of its own above the title ("淮安市洪泽区人民政府"):
    (organisation, parent named in the same line or None)."""
    head = [line.replace(" ", "") for i, line in lines if i >= body_start][:4]
    for line in head:
        if _COMMITTEE_LINE.match(line):  # 重庆磁器口古镇管理委员会 above the title
            return re.split(r"省|自治区", line)[-1], None
        m = _AUTHOR_LINE.match(line)
        if not m:
            continue
        name = re.split(r"省|自治区", m.group(1))[-1]
        if name.endswith(TOWNSHIP_SUFFIX):
            for suffix in TOWNSHIP_SUFFIX:
                if name.endswith(suffix):
                    found = split_parent(name[: -len(suffix)], suffix)
                    if found:
                        return found
            continue
        units = _UNIT.findall(name)
        if units and "".join(units) == name:
            return units[-1], (units[-2] if len(units) > 1 else None)
    return None


def _body_start(lines: list[tuple[int, str]]) -> int:
    """Index of the first block of the report itself (after a cover letter's 附件：)."""
    for i, line in lines[:_HEAD_LINES]:
        if _COVER_END.match(line):
            return i + 1
    return 0


def _title(lines: list[tuple[int, str]], body_start: int) -> str | None:
    """The report's own title; a title wrapped over lines ("…工作的" / "年度报告") is joined.
    A breadcrumb (首页 > … > 信息公开年度报告) is none; a short line naming 政府信息公开 and
    a year is one even when its end is garbled (“…2023年政府信息公开 工作告年度报”)."""
    head = [(i, line) for i, line in lines if i >= body_start and not _BREADCRUMB.search(line)][:_HEAD_LINES]
    return _titled(head) or next((line for _, line in head if _GARBLED_TITLE.match(line.replace(" ", ""))), None)


_BREADCRUMB = re.compile(r"[>＞»›→]")
_GARBLED_TITLE = re.compile(r"^[\u4e00-\u9fff]{2,24}?(?:19|20)\d{2}年(?:度)?政府信息公开[\u4e00-\u9fff]{0,10}$")


def _titled(head: list[tuple[int, str]]) -> str | None:
    for n, (_, line) in enumerate(head):
        if not line or len(line) > 60 or "。" in line or line.startswith(("关于", "附：", "附:", "附件")):
            continue
        if any(w in line for w in _TITLE_WORDS) and ("政府信息公开" in line or "政务公开" in line or re.search(r"\d{4}", line)):
            if line in _TITLE_WORDS and n > 0:
                return head[n - 1][1] + line
            return line
        # "宁木特镇2021年政府信息公开工作的" then "年度报告" on the next line.
        if "政府信息公开" in line and n + 1 < len(head) and head[n + 1][1] in _TITLE_WORDS:
            return line + head[n + 1][1]
    return None


# Spam a hacked site puts in front of the title: "某某体育_官网@:", "开云体育(中国)官方网站-".
_SPAM_CUT = re.compile(r"[_@|｜·•]|(?<=[)）站网])[-－—:：]|[:：]|[-－](?=[\u4e00-\u9fff])")


def strip_title_spam(title: str) -> str:
    """The title after the last separator that spam leaves, when what follows is the title."""
    parts = _SPAM_CUT.split(title)
    if len(parts) < 2:
        return title
    tail = parts[-1].strip()
    tail = re.sub(r"^[A-Za-z0-9\s]+(?=[\u4e00-\u9fff])", "", tail) if not re.match(r"^\d{4}年", tail) else tail
    if len(tail) >= 8 and any(w in tail for w in _TITLE_WORDS):
        return tail
    return title


# Bodies that are no township: a county department (县发展和改革局) or a zone's 管委会.
_ZONE = re.compile(
    r"([\u4e00-\u9fff]{2,14}?(?:经济技术开发区|高新技术产业开发区|经济开发区|高新区|工业园区|产业园区|开发区|园区|新区|试验区|旅游度假区|度假区|风景名胜区|古镇)"
    r"(?:管理委员会|管委会))"
)
_DEPARTMENT = re.compile(
    r"((?:[\u4e00-\u9fff]{1,8}?(?:自治县|自治旗|市|县|区|旗))"
    r"(?:[\u4e00-\u9fff]{2,12}?)(?:局|委员会|办公室|中心|委))(?=\d{4}|[〇○零一二三四五六七八九]{4}年|政府信息|$|人民政府|办公室|负责|联系|[，。,])"
)
_NOT_DEPARTMENT = ("人民政府", "政府办公室", "政府办")
# A department's own internal office named in a contact or source line is not the author.
_INTERNAL_OFFICE = re.compile(r"(局|委员会|委)(?:党政办公室|党政办|综合办公室|办公室|综合科)$")


def office_name(text: str) -> tuple[str, str | None] | None:
    """(organisation, county-level parent) when `text` (a title, a signature) names a county
    department or a zone's 管委会 as the author."""
    m = _ZONE.search(text)
    if m:
        name = LEADING_FUNCTION.sub("", re.split(r"省|自治区", m.group(1))[-1])
        return name, None
    m = _DEPARTMENT.search(text)
    if m:
        name = LEADING_FUNCTION.sub("", re.split(r"省|自治区", m.group(1))[-1])
        name = _INTERNAL_OFFICE.sub(r"\1", name)  # "…局党政办公室" (数据来源, 联系) speaks for the 局
        parent = _UNIT.match(name)
        own = name[parent.end() :] if parent else name
        if any(w in name for w in _NOT_DEPARTMENT[:3]) or re.search(r"镇|街道|(?<!城)乡", own) or len(name) < 5 or not place_name(parent):
            return None
        return name, (parent.group() if parent and parent.group() != name else None)
    return None


def _body_years(text: str) -> list[int]:
    counts = Counter(int(y) for y in _BODY_YEAR.findall(text))
    return [y for y, _ in counts.most_common()]


# Where a report names itself when its title does not: the preamble (现公布X…, 请与X联系,
# 由X办公室负责编制) and the signature above the date.
_SELF_NAMED = (
    re.compile(r"现(?:将|公布|发布)([\u4e00-\u9fff]{2,30}?)(?:\d{4}|政府信息公开|年度)"),
    re.compile(r"请与([\u4e00-\u9fff]{2,30}?)联系"),
    re.compile(r"由([\u4e00-\u9fff]{2,30}?)负责编制"),
    re.compile(r"由([\u4e00-\u9fff]{2,30}?(?:人民政府|办事处))[\u4e00-\u9fff]{0,12}?编制"),  # 由塘下镇人民政府结合有关统计数据编制
    # “2020年七里坪镇严格按照…”, “…的坚强领导下，官洲街道办事处认真…”: the body as the subject of the overview's first sentence
    re.compile(
        r"(?:(?<!\d)(?:19|20)\d{2}年度?[，,]?|(?:领导|指导)下[，,])([\u4e00-\u9fff]{2,12}?(?:镇|乡|街道))(?:人民政府|政府|办事处)?"
        r"(?=严格|认真|坚持|深入|全面|紧紧|按照|围绕|积极|高度|始终|继续|进一步)"
    ),
)
# The signature: the body on a line of its own, the date maybe glued after it (web text).
_SIGNATURE = re.compile(
    r"^([\u4e00-\u9fff]{2,24}?(?:人民政府|政府|街道办事处|办事处|管委会|管理委员会|局|委员会))"
    r"(?:\s*(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日)?$"
)


_CN_YEAR = re.compile(r"[〇○零一二三四五六七八九]{4}(?=\s*年)")
_CN_DIGIT = {ch: str(i) for i, ch in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0"}


def arabic_years(text: str) -> str:
    """二〇二三年 written with digits (2023年), for reading the year."""
    return _CN_YEAR.sub(lambda m: "".join(_CN_DIGIT[ch] for ch in m.group()), text)


def _head_text(lines: list[tuple[int, str]], body_start: int) -> str:
    """The first lines of the report as one text, a line wrapped inside a sentence joined."""
    body = [line.replace(" ", "").replace("\u3000", "") for i, line in lines if i >= body_start][:8]
    return unwrap("\n".join(body))


def _self_named(lines: list[tuple[int, str]], body_start: int) -> list[str]:
    body = [line.replace(" ", "") for i, line in lines if i >= body_start]
    out = []
    for pattern in _SELF_NAMED:
        out += pattern.findall(_head_text(lines, body_start))
    out += [m.group(1) for line in body[-8:] if (m := _SIGNATURE.match(line))]
    return out


def _organization(meta: Metadata, full_text: str, author: tuple[str, str | None] | None, self_named: list[str] | None = None) -> None:
    candidates: Counter[str] = Counter()
    parents: Counter[str] = Counter()
    for text in self_named or []:
        named = _name_from(text)
        if named:
            candidates[named[0]] += 50  # the body names itself as the author
            if named[1]:
                parents[named[1]] += 50
    if author and not author[0].endswith(TOWNSHIP_SUFFIX):
        # A county- or city-level body: its parent is what its own name line says, if anything.
        meta.organization, meta.parent = author
        meta.full_name = next((author[0] + s for s in ("人民政府",) if author[0] + s in full_text), None)
        return
    if author:
        candidates[author[0]] += 1000
        if author[1]:
            parents[author[1]] += 1000
    if meta.title:
        name = _name_from(meta.title)
        if name:
            org, parent = name
            candidates[org] += 100  # the title names the author
            if parent:
                parents[parent] += 100
    for run in _cjk_runs(full_text):
        for name in names_in_run(run):
            org, parent = name
            candidates[org.removesuffix("办事处") if org.endswith("街道办事处") else org] += 1
            if parent:
                parents[parent] += 1
    if not candidates:
        return
    org = max(candidates.items(), key=lambda kv: (kv[1], -full_text.find(kv[0])))[0]
    if candidates[org] < 2:
        return  # a township named once, in passing, is not the author
    meta.organization = org
    for suffix in ("人民政府", "人民政府办事处", "街道办事处", "办事处"):
        if org + suffix in full_text:
            meta.full_name = org + suffix
            break
    # The parent that most often stands right before this organisation's name.
    for parent, _ in parents.most_common():
        if parent + org in full_text or (meta.title and parent in meta.title):
            meta.parent = parent
            break


def _cjk_runs(text: str) -> list[str]:
    """Runs of CJK characters; a run right after a year's digits loses its 年/年度
    (“2023年度东湖街道办事处…” names 东湖街道)."""
    out = []
    for m in _CJK_RUN.finditer(text):
        run = m.group()
        if m.start() > 0 and text[m.start() - 1].isdigit():
            run = re.sub(r"^年度?", "", run)
        out.append(run)
    return out


def _name_from(title: str) -> tuple[str, str | None] | None:
    for run in _CJK_RUN.findall(title):
        names = names_in_run(run, anywhere=True)
        if names:
            return names[0]
    return None
