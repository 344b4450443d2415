"""Documents that look like annual reports but are not (issue 13 item 6): the blank official
template, a comparison of two years' reports, a budget disclosure, a notice about compiling
the reports, a reply to an application, a report of the pre-2019 format. Expected kind:
not_report, with a reason that names what it is where one can be named (`REASONS`)."""

from __future__ import annotations

import random

from accuracy import tables, wording
from accuracy.model import Case, Doc, Para, Truth
from annual_report import catalog

RENDER_AS = ("cells", "layout", "markdown", "tsv", "web", "pdf_ruled", "docx", "stream")


def _blank_template(rng: random.Random, body: wording.Body, year: int) -> list:
    template = rng.choice((catalog.TEMPLATE_2019, catalog.TEMPLATE_2021))
    t1 = {s.key: {k: None for k, _ in s.values} for s in catalog.TABLE1[template]}
    t2 = {r.key: [None] * 7 for r in catalog.table2_rows(template)}
    t3 = {k: [None] * 5 for k, _ in catalog.APPEAL_ROWS}
    head = rng.choice(("附件", "附件2", ""))
    blocks: list = [Para(head, "number")] if head else []
    blocks.append(
        Para(
            rng.choice(("政府信息公开工作年度报告格式", "XX年度政府信息公开工作年度报告（模板）", "政府信息公开工作年度报告参考样式")),
            "title",
        )
    )
    for i, key in enumerate(catalog.SECTION_KEYS):
        blocks.append(Para(wording.heading(i, wording.SECTION_NAMES[key][0], "cn"), "heading"))
        if key == "active_disclosure":
            blocks.append(tables.table1(template, t1, {}, {}))
        elif key == "applications":
            blocks.append(tables.table2(template, t2, {}, {}))
        elif key == "appeals":
            blocks.append(tables.table3(t3, {}))
        elif rng.random() < 0.6:
            blocks.append(Para("（文字描述）"))
    return blocks


def _comparison(rng: random.Random, body: wording.Body, year: int) -> list:
    a, b = rng.randint(0, 30), rng.randint(0, 30)
    return [
        Para(f"{body.full}{year - 1}年与{year}年政府信息公开工作年度报告对比分析", "title"),
        Para(f"为总结政府信息公开工作成效，现将{body.full}{year - 1}年度和{year}年度政府信息公开工作年度报告主要数据对比分析如下。"),
        Para("一、主动公开政府信息情况对比", "heading"),
        Para(f"{year - 1}年主动公开政府信息{rng.randint(50, 300)}条，{year}年主动公开{rng.randint(50, 300)}条。"),
        Para("二、依申请公开情况对比", "heading"),
        Para(f"{year - 1}年收到政府信息公开申请{a}件，{year}年收到{b}件，{'增加' if b >= a else '减少'}{abs(b - a)}件。"),
        *_comparison_rows(rng, year, a, b),
        Para("三、行政复议、行政诉讼情况对比", "heading"),
        Para("两年均未发生政府信息公开行政复议、行政诉讼案件。"),
        Para("四、下一步工作", "heading"),
        Para("继续加强政府信息公开工作，提高公开质量。"),
    ]


def _comparison_rows(rng: random.Random, year: int, a: int, b: int) -> list[Para]:
    """Half the comparisons carry a small two-column table of the years' counts (as text lines)."""
    if rng.random() < 0.5:
        return []
    rows = [
        ("项目", f"{year - 1}年", f"{year}年"),
        ("本年新收政府信息公开申请数量", str(a), str(b)),
        ("予以公开", str(rng.randint(0, a)), str(rng.randint(0, b))),
        ("行政复议", "0", "0"),
        ("行政诉讼", "0", "0"),
    ]
    return [Para("    ".join(r)) for r in rows]


def _budget(rng: random.Random, body: wording.Body, year: int) -> list:
    income = rng.randint(300, 9000)
    return [
        Para(f"{body.full}{year}年部门预算公开说明", "title"),
        Para("一、部门基本情况", "heading"),
        Para(f"{body.full}主要职责是贯彻执行国家法律法规，负责本辖区经济社会发展工作。"),
        Para("二、收支预算情况", "heading"),
        Para(f"{year}年收入预算{income}万元，其中一般公共预算拨款{income - 100}万元；支出预算{income}万元。"),
        Para("三、“三公”经费预算情况", "heading"),
        Para(f"{year}年“三公”经费预算{rng.randint(1, 40)}万元，比上年减少{rng.randint(1, 5)}万元。"),
        Para("四、政府采购预算情况", "heading"),
        Para(f"{year}年政府采购预算{rng.randint(10, 200)}万元。"),
        Para("五、名词解释", "heading"),
        Para("一般公共预算拨款收入：指财政部门当年拨付的资金。"),
    ]


def _parts_required(rng: random.Random) -> list[Para]:
    """The six parts a report must have, in one sentence or one per line (the harder look-alike)."""
    names = [wording.SECTION_NAMES[k][0] for k in catalog.SECTION_KEYS]
    if rng.random() < 0.5:
        listed = "；".join(f"（{wording.CN_NUM[i]}）{n}" for i, n in enumerate(names))
        return [Para(f"年度报告应包括以下内容：{listed}。")]
    return [Para("年度报告应包括以下内容："), *(Para(f"（{wording.CN_NUM[i]}）{n}。") for i, n in enumerate(names))]


def _notice(rng: random.Random, body: wording.Body, year: int) -> list:
    county = body.parent
    return [
        Para(f"{county[0]}政办发〔{year + 1}〕{rng.randint(1, 30)}号", "number"),
        Para(f"关于做好{year}年度政府信息公开工作年度报告编制和发布工作的通知", "title"),
        Para(f"各乡镇人民政府、街道办事处，{county}政府各部门："),
        Para(f"根据《中华人民共和国政府信息公开条例》规定，现就做好{year}年度政府信息公开工作年度报告编制和发布工作通知如下。"),
        Para("一、报告内容", "heading"),
        *_parts_required(rng),
        Para("二、格式要求", "heading"),
        Para("各单位须严格按照国务院办公厅政府信息与政务公开办公室印发的格式编制，统计数据应准确，勾稽关系应正确。"),
        Para("三、时间要求", "heading"),
        Para(f"请于{year + 1}年1月31日前在政府网站公开本单位年度报告，并报送{county}政务公开办公室。"),
        Para(f"{county}人民政府办公室", "signature"),
        Para(f"{year + 1}年1月{rng.randint(3, 15)}日", "signature"),
    ]


def _reply(rng: random.Random, body: wording.Body, year: int) -> list:
    return [
        Para(f"{body.full}政府信息公开申请答复书", "title"),
        Para(f"{body.short[:2]}依申答〔{year}〕{rng.randint(1, 20)}号", "number"),
        Para(f"{rng.choice(('张', '王', '李', '刘'))}某某："),
        Para(
            f"本机关于{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日收到您提出的政府信息公开申请，"
            f"申请获取“{year - 1}年度本辖区征地补偿款发放明细”。"
        ),
        Para(
            "经审查，根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，您申请获取的信息属于主动公开范围，"
            "现将相关信息提供给您。"
        ),
        Para("如对本答复不服，可以在收到本答复之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。"),
        Para(body.full, "signature"),
        Para(f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日", "signature"),
    ]


# Headings of the format before the 2019 revision of the 条例 (2008–2018 reports): 收费及减免 was
# a part of its own, applications were 依申请公开 or 申请办理, and there were no fixed tables.
_OLD_HEADINGS = (
    ("概述", "总体情况"),
    ("主动公开政府信息情况", "主动公开政府信息的情况"),
    ("依申请公开政府信息情况", "政府信息公开的申请办理情况"),
    ("政府信息公开收费及减免情况", "政府信息公开的收费及减免情况"),
    ("因政府信息公开申请行政复议、提起行政诉讼的情况", "政府信息公开申请行政复议和提起行政诉讼情况"),
    ("政府信息公开工作存在的主要问题和改进措施", "存在的主要问题及改进情况"),
)


def _old_format(rng: random.Random, body: wording.Body, year: int) -> list:
    """A report of the pre-2019 format (a body sending an old report, or a page of one): its
    own year 2008–2018, six old parts, every count in prose."""
    year = rng.randint(2008, 2018)
    n, k = rng.randint(30, 3000), rng.randint(0, 40)
    texts = (
        f"{year}年，{body.full}认真贯彻落实《中华人民共和国政府信息公开条例》，政府信息公开工作有序推进。",
        f"全年主动公开政府信息{n}条，其中通过政府网站公开{n // 2}条。",
        f"全年共受理政府信息公开申请{k}件，均已按期答复。",
        "全年未收取任何费用，也未发生减免情况。" if rng.random() < 0.5 else "本年度没有收取检索、复制、邮寄等费用。",
        "全年未发生因政府信息公开申请行政复议、提起行政诉讼的情况。",
        "一是公开内容不够全面；二是公开形式较为单一。下一步将加强培训，完善制度。",
    )
    blocks = [Para(f"{body.full}{year}年政府信息公开工作年度报告", "title")] if rng.random() < 0.7 else []
    blocks.append(
        Para(
            f"本报告根据《中华人民共和国政府信息公开条例》和《关于做好{year}年政府信息公开工作年度报告有关事项的通知》要求编制。"
            f"本报告中所列数据的统计期限自{year}年1月1日至{year}年12月31日。"
        )
    )
    for i, (names, text) in enumerate(zip(_OLD_HEADINGS, texts, strict=True)):
        blocks += [Para(f"{wording.CN_NUM[i]}、{rng.choice(names)}", "heading"), Para(text)]
    if rng.random() < 0.5:
        blocks += [Para("七、其他需要报告的事项", "heading"), Para("无。")]
    return blocks


KINDS = {
    "blank_template": _blank_template,
    "comparison": _comparison,
    "budget": _budget,
    "notice": _notice,
    "reply": _reply,
    "old_format": _old_format,
}
# What a clerk must read in the reasons of each look-alike (the others: any honest reason).
REASONS = {"blank_template": "空白", "comparison": "对比", "notice": "通知", "old_format": "旧格式"}


def make_lookalike(seed: int) -> Case:
    rng = random.Random(f"{seed}:lookalike")
    body = wording.pick_body(rng)
    year = rng.randint(2019, 2025)
    kind = rng.choice(list(KINDS))
    blocks = KINDS[kind](rng, body, year)
    title = "".join(p.text for p in blocks if isinstance(p, Para) and p.role == "title")
    truth = Truth(kind="not_report", notes=[f"look-alike: {kind}"], reason=REASONS.get(kind))
    as_ = rng.choice(RENDER_AS)
    return Case(seed, "lookalike", truth, Doc(blocks, title), render={"as": as_, "lookalike": kind})
