"""Printing variations real reports show and that change nothing a checker should find.

Applied to a finished document (its truth stays as it is): full-width digits (１２, a zero
written ０), counts with their unit (3件), a 注/说明/数据来源 line under a table, in PDFs a
单位：件 line above tables 2 and 3, the year in Chinese numerals (二〇二三年) in the title and
the signature's date, full-width spaces in the title, headings numbered 一　/ 一. / 1、 instead
of 一、. Each choice is noted in the truth.
"""

from __future__ import annotations

import random
import re

from accuracy.model import Band, Doc, Header, Para, Table
from accuracy.wording import DEPARTMENTS as _DEPARTMENT_NAMES

_FULL = str.maketrans("0123456789", "０１２３４５６７８９")
_CN_DIGIT = "〇一二三四五六七八九"
_CN_NUM = "一二三四五六七八九十"
_NOTES = (
    "注：本表数据统计时间为{year}年1月1日至{year}年12月31日。",
    "说明：表中数据均来源于{year}年度政府信息公开工作台账。",
    "注：1.本表所列数据截至{year}年12月31日；2.“本年新收”不含上年结转的申请。",
    "数据来源：本机关政府信息公开工作台账",
    "（注：无相关数据的栏目填0）",
)
_HEADING = re.compile(r"^([一二三四五六七八九十])、(.+)$")


def chinese_year(year: int) -> str:
    return "".join(_CN_DIGIT[int(ch)] for ch in str(year))


def apply(doc: Doc, rng: random.Random, family: str, year: int, full: str, notes: list[str]) -> None:
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    if rng.random() < 0.12:
        _cells(tables, lambda v: v.translate(_FULL), counts_only=False)
        notes.append("digits full-width")
    elif rng.random() < 0.08:
        _cells(tables, lambda v: "０" if v == "0" else v, counts_only=False)
        notes.append("zero full-width")
    if (
        family in ("layout", "cells", "markdown", "tsv", "docx", "html", "pdf_ruled", "pdf_borderless", "pdf_partial", "pdf_word")
        and rng.random() < 0.1
    ):
        _cells([t for t in tables if t.key in ("applications", "appeals")], lambda v: v + "件" if v.isdigit() else v, counts_only=True)
        notes.append("counts with 件")
    if family.startswith("pdf") and rng.random() < 0.15:
        unit = rng.choice(("单位：件", "（单位：件）", "计量单位：件"))
        for table in [t for t in tables if t.key in ("applications", "appeals")]:
            doc.blocks.insert(doc.blocks.index(table), Para(unit))
        notes.append("unit line above tables")
    if tables and rng.random() < 0.25:
        _note_under(doc, rng.choice(tables), rng.choice(_NOTES).format(year=year, full=full))
        notes.append("note under a table")
    if rng.random() < 0.1:
        _title_year(doc, year)
        notes.append("year in Chinese numerals")
    if rng.random() < 0.08:
        _title_spaces(doc, year)
        notes.append("title full-width spaces")
    if rng.random() < 0.12:
        style = rng.choice(("space", "dot", "arabic"))
        _headings(doc, style)
        notes.append(f"headings renumbered {style}")
    if family in _CHANGE_WORD_FAMILIES and rng.random() < 0.3 and _change_words(tables):
        notes.append("2019 本年增/减 as 增N/减N")
    _titles(doc, rng, family, year, full, notes)
    if family in ("web", "stream") and rng.random() < 0.06:
        _mirror(doc, rng)
        notes.append("mirror site: traditional characters with pinyin")
    # only where a header cell stays whole (a wrapped or glued header cuts 本年（2023） apart)
    if family in ("cells", "markdown", "tsv", "docx") and rng.random() < 0.05 and _year_in_headers(tables, year):
        notes.append("table 1 headers 本年（year）…")
    if rng.random() < 0.35 and _short_form(doc, rng, full):
        notes.append("department named only by its short form (县发改局)")


# How a department's prose names itself without its county (the county named elsewhere).
_SHORT_FORMS = {
    "发展和改革局": "发改局",
    "卫生健康委员会": "卫健委",
    "住房和城乡建设局": "住建局",
    "人力资源和社会保障局": "人社局",
    "市场监督管理局": "市场监管局",
    "交通运输局": "交通局",
}


def _short_form(doc: Doc, rng: random.Random, full: str) -> bool:
    """A county department's report naming itself only as 县发改局 / 市卫健委 (a real page of
    定州市发展和改革局 does): every mention of its full name shortened, the title maybe without
    it, the county still named once (its portal, where the report can be read)."""
    dept = next((d for d in _DEPARTMENT_NAMES if full.endswith(d) and len(full) > len(d) + 1), None)
    if dept is None:
        return False
    county = full[: -len(dept)]
    short = county[-1] + _SHORT_FORMS.get(dept, dept)
    untitled = rng.random() < 0.5
    for b in doc.blocks:
        if isinstance(b, Para):
            b.text = b.text.replace(full, short)
            if b.role == "title" and untitled:
                b.text = b.text.replace(short, "")
    doc.blocks = [b for b in doc.blocks if not (isinstance(b, Para) and b.role == "title" and not b.text)]
    doc.title = doc.title.replace(full, short)
    paras = [b for b in doc.blocks if isinstance(b, Para) and b.role == "body"]
    if paras and not any(county in b.text for b in doc.blocks if isinstance(b, Para)):
        paras[0].text += f"本报告电子版可在{county}人民政府门户网站查阅。"
    return True


# Families whose text keeps a page's breadcrumb as a line (web text drops its furniture).
_BREADCRUMB_FAMILIES = ("stream", "cells", "markdown", "tsv", "layout")


def _titles(doc: Doc, rng: random.Random, family: str, year: int, full: str, notes: list[str]) -> None:
    """What real pages do around the title: a breadcrumb above it naming the body among its
    categories (`… > 各乡镇、街道办事处 > 马水镇 > 信息公开年度报告`), a title without 工作
    (`政府信息公开年度报告`) or with its end garbled by the site (`工作告年度报`), and, when the
    title names no year, figures said to close `截至…年12月31日` instead of a period."""
    titles = [b for b in doc.blocks if isinstance(b, Para) and b.role == "title"]
    if family in _BREADCRUMB_FAMILIES and rng.random() < 0.1:
        short = re.sub(r"(人民政府|政府|办事处)$", "", full)
        crumb = f"当前页面: 首页 > 政府信息公开 > 部门信息公开目录 > 各乡镇、街道办事处 > {short} > 信息公开年度报告"
        doc.blocks.insert(0, Para(crumb, "furniture"))
        notes.append("breadcrumb naming the body above the title")
    one_line = [b for b in titles if "政府信息公开工作年度报告" in b.text and f"{year}年" in b.text]
    if one_line and rng.random() < 0.08:
        garbled = rng.random() < 0.3
        for b in one_line:
            b.text = b.text.replace("工作年度报告", "工作告年度报" if garbled else "年度报告")
        notes.append("title garbled 工作告年度报" if garbled else "title without 工作")
    if not any(f"{year}年" in b.text for b in titles) and rng.random() < 0.3:
        for b in doc.blocks:
            if isinstance(b, Para) and "统计期限" in b.text:
                b.text = re.sub(r"[^。]*统计期限[^。]*。", f"本报告数据统计截至{year}年12月31日。", b.text)
                notes.append("period as 截至…12月31日")
                break


# Web text glues a table's cells: 增/减 between its digits is out of that family's scope.
_CHANGE_WORD_FAMILIES = ("layout", "cells", "markdown", "tsv", "docx", "pdf_word", "stream")
_CHANGE_ROWS = ("licensing", "other_services", "penalty", "enforcement", "fees")


def _change_words(tables: list[Table]) -> bool:
    """The 2019 table 1's 本年增/减 column written as words (增3, 减4) as some reports do."""
    changed = False
    for table in tables:
        if table.key != "active_disclosure" or table.template != "2019":
            continue
        for row in table.rows():
            if row.key in _CHANGE_ROWS and len(row.values) >= 2 and re.fullmatch(r"-?[1-9１-９][0-9０-９]*", row.values[1]):
                v = row.values[1]
                row.values[1] = "减" + v.lstrip("-") if v.startswith("-") else "增" + v
                changed = True
    return changed


# A mirror site's pinyin after some characters (`發(fā)展`), in its traditional form.
_PINYIN = {"發": "fā", "開": "kāi", "縣": "xiàn", "報": "bào", "務": "wù", "關": "guān", "權": "quán"}


def _mirror(doc: Doc, rng: random.Random) -> None:
    """The report as a mirror site republishes it: every text in traditional characters (the
    numbers as they were), and in the prose the pinyin of some characters in brackets."""
    import opencc

    s2t = opencc.OpenCC("s2t")
    for b in doc.blocks:
        if isinstance(b, Para):
            b.text = s2t.convert(b.text)
            if b.role == "body":
                b.text = "".join(ch + f"({_PINYIN[ch]})" if ch in _PINYIN and rng.random() < 0.5 else ch for ch in b.text)
        elif isinstance(b, Table):
            b.note = s2t.convert(b.note) if b.note else b.note
            for item in b.items:
                if isinstance(item, Band):
                    item.text = s2t.convert(item.text)
                elif isinstance(item, Header):
                    item.cells = [s2t.convert(c) for c in item.cells]
                else:
                    item.labels = [s2t.convert(x) for x in item.labels]
    doc.title = s2t.convert(doc.title)


def _year_in_headers(tables: list[Table], year: int) -> bool:
    """Table 1's 本年… headers with the year they mean: 本年（2023）制发件数."""
    done = False
    for table in tables:
        if table.key != "active_disclosure":
            continue
        for item in table.items:
            if isinstance(item, Header):
                item.cells = [c.replace("本年", f"本年（{year}）", 1) if c.startswith("本年") and "增" not in c else c for c in item.cells]
                done = True
    return done


def _cells(tables: list[Table], change, *, counts_only: bool) -> None:
    for table in tables:
        for row in table.rows():
            row.values = [change(v) if v and (v.isdigit() or not counts_only) else v for v in row.values]


def _note_under(doc: Doc, table: Table, text: str) -> None:
    at = doc.blocks.index(table)
    doc.blocks.insert(at + 1, Para(text))


def _title_year(doc: Doc, year: int) -> None:
    cn = chinese_year(year)
    for b in doc.blocks:
        if isinstance(b, Para) and b.role in ("title", "signature"):
            b.text = b.text.replace(f"{year}年", f"{cn}年")
            if b.role == "signature" and re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", b.text):
                y, rest = b.text.split("年", 1)
                b.text = chinese_year(int(y)) + "年" + rest
    doc.title = doc.title.replace(f"{year}年", f"{cn}年")


def _title_spaces(doc: Doc, year: int) -> None:
    for b in doc.blocks:
        if isinstance(b, Para) and b.role == "title" and f"{year}年" in b.text:
            b.text = b.text.replace(f"{year}年", f"\u3000{year}年\u3000", 1).strip("\u3000")


def _headings(doc: Doc, style: str) -> None:
    for b in doc.blocks:
        if not isinstance(b, Para) or b.role != "heading":
            continue
        m = _HEADING.match(b.text)
        if not m:
            continue
        n, name = m.groups()
        if style == "space":
            b.text = f"{n}\u3000{name}"
        elif style == "dot":
            b.text = f"{n}．{name}"
        else:
            b.text = f"{_CN_NUM.index(n) + 1}、{name}"
