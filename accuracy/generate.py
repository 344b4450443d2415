"""One seeded random case: a draft (body, year, tables, faults), then the neutral document
(title, preamble, six sections with prose that agrees with the tables, signature) and the
truth `intake check` must read from it."""

from __future__ import annotations

import random

from accuracy import expected, faults, subtotal, tables, variants, wording
from accuracy.draft import Draft
from accuracy.model import Case, Doc, Para, Truth
from accuracy.pictured import PICTURED_SHARE, picture_tables
from accuracy.render_stream import plan_stream
from accuracy.websafe import make_web_safe
from annual_report import catalog

HEADING_STYLES = {"text": ("cn", "cn", "cn", "paren", "part", "dot", "bold"), "other": ("cn", "cn", "cn", "paren", "part")}
TEXT_FAMILIES = ("web", "layout", "cells", "markdown", "tsv", "stream", "drawn")


def make_case(seed: int, family: str) -> Case:
    if family == "lookalike":
        from accuracy.lookalikes import make_lookalike

        return make_lookalike(seed)
    rng = random.Random(f"{seed}:{family}")  # the same seed in two families: two different reports
    d = new_draft(rng, family)
    faults.choose_and_apply(d)
    style = plan_stream(d) if family == "stream" else None  # may leave rows unplaceable
    truth = Truth(
        kind="annual_report",
        year=d.year,
        template=d.template,
        organization=d.body.short,
        parent=d.body.parent,
        active_disclosure=d.t1,
        applications=d.t2,
        appeals=d.t3,
        notes=d.notes,
        ambiguous_rows=d.ambiguous_rows,
    )
    doc, number = assemble(d)
    variants.apply(doc, random.Random(f"{seed}:{family}:variants"), family, d.year, d.body.full, d.notes)
    subtotal.apply(doc, random.Random(f"{seed}:{family}:subtotal"), family, d.notes)
    truth.document_number = number
    truth.expected = expected.table_findings(truth) + d.extra
    case = Case(seed, family, truth, doc, render={"style": style} if style else {})
    if family == "html" and not d.lost_headings and random.Random(f"{seed}:html:pictured").random() < PICTURED_SHARE:
        picture_tables(case)  # its own random draw: the other html cases stay as they were
    if family == "web":
        case.render["web_sep"] = d.web_sep
    return case


def new_draft(rng: random.Random, family: str) -> Draft:
    body = wording.pick_body(rng)
    year = rng.randint(2019, 2025)
    template = catalog.expected_template(year)
    big = body.kind in ("department", "zone") and rng.random() < 0.5
    d = Draft(
        rng,
        family,
        body,
        year,
        template,
        tables.random_table1(rng, template, big),
        tables.random_applications(rng, template, big and family != "web"),
        tables.random_appeals(rng),
    )
    d.fee = rng.choice(wording.FEE_STATEMENTS).format(year=year, me=body.me)
    if year < catalog.FIRST_2021_TEMPLATE_YEAR and rng.random() < 0.5:
        d.fee = None  # optional before the 2021 template
    if family == "web":
        d.web_sep = rng.choices(("", " "), (75, 25))[0]
        make_web_safe(d)
    if rng.random() < 0.15:
        d.lost_headings.add(rng.choice(("active_disclosure", "applications", "appeals")))
        d.notes.append(f"heading of {sorted(d.lost_headings)[0]} lost")
    return d


# ---------------------------------------------------------------- the document


def assemble(d: Draft) -> tuple[Doc, str | None]:
    rng, b, year = d.rng, d.body, d.year
    blocks: list = []
    number = None
    if rng.random() < 0.3:
        number = f"{b.parent[0]}{rng.choice(('政办发', '府办', '政发', '政办'))}〔{year + 1}〕{rng.randint(1, 40)}号"
        blocks.append(Para(number, "number"))
    who = _title_blocks(d)
    d.signed = rng.random() < 0.7
    blocks += who
    blocks.append(Para(_preamble(d), "body"))
    style = rng.choice(HEADING_STYLES["text" if d.family in TEXT_FAMILIES else "other"])
    d.notes.append(f"headings {style}")
    for i, key in enumerate(catalog.SECTION_KEYS):
        if key in d.absent:
            continue
        name = rng.choice(wording.SECTION_NAMES[key])
        if name != wording.SECTION_NAMES[key][0]:
            d.notes.append(f"heading {name}")
        if key not in d.lost_headings:
            blocks.append(Para(wording.heading(i, name, style), "heading"))
        blocks += _section_body(d, key)
    if d.signed:
        blocks.append(Para(b.full, "signature"))
        blocks.append(Para(f"{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日", "signature"))
    title = "".join(p.text for p in who if p.role == "title")
    return Doc(blocks, title), number


def _title_blocks(d: Draft) -> list[Para]:
    rng, b, year = d.rng, d.body, d.year
    full = rng.choice((b.full, b.full, b.parent + b.full)) if b.kind in ("镇", "乡", "街道") else b.full
    variant = rng.choices(("plain", "split", "no_year", "no_title", "generic"), (60, 15, 10, 7, 8))[0]
    d.notes.append(f"title {variant}")
    if variant == "plain":
        return [Para(f"{full}{year}年政府信息公开工作年度报告", "title")]
    if variant == "split":
        cut = rng.choice(("body", "mid"))
        if cut == "body":
            return [Para(full, "title"), Para(f"{year}年政府信息公开工作年度报告", "title")]
        return [Para(f"{full}{year}年政府信息公开", "title"), Para("工作年度报告", "title")]
    if variant == "no_year":
        return [Para(f"{full}政府信息公开工作年度报告", "title")]
    if variant == "generic":
        return [Para(f"{year}年政府信息公开工作年度报告", "title")]
    return []


def _preamble(d: Draft) -> str:
    rng, b, year = d.rng, d.body, d.year
    period = rng.choice(
        (
            f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
            f"本年度报告中所列数据统计期限为{year}年1月1日至{year}年12月31日。",
            f"报告所列数据统计期限为{year}年1月1日至12月31日。",
        )
    )
    basis = "本报告根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室有关要求编制"
    options = [
        f"{basis}，由{b.full}办公室负责编制。{period}本报告电子版可在{b.parent}人民政府门户网站查阅。",
        f"{basis}。{period}如对本报告有疑问，请与{b.full}联系。",
        f"根据《中华人民共和国政府信息公开条例》规定，现公布{b.full}{year}年度政府信息公开工作年度报告。{period}",
    ]
    if d.signed:  # the body may then be named only in the signature
        options.append(f"{basis}。{period}")
    return rng.choice(options)


def _section_body(d: Draft, key: str) -> list:
    rng, b, year = d.rng, d.body, d.year
    fill = {"year": year, "full": b.full, "me": b.me, "county": b.parent[-1]}
    if key == "overview":
        n = rng.randint(20, 400)
        text = rng.choice(wording.OVERVIEW_OPENERS).format(**fill)
        text += rng.choice(wording.OVERVIEW_ACTIVE).format(n=n, m=n // 2, **fill)
        text += d.apps_sentence or _apps_sentence(d, fill)
        text += d.appeals_sentence or _appeals_sentence(d, fill)
        return [Para(text), Para(rng.choice(wording.OVERVIEW_STAFF).format(**fill))]
    if key == "problems":
        return [Para(t) for t in rng.choice(wording.PROBLEMS).format(**fill).split("\n")]
    if key == "other":
        parts = [d.fee] if d.fee else []
        parts.append(rng.choice(wording.OTHER_PLAIN))
        rng.shuffle(parts)
        return [Para("".join(parts))]
    intro = rng.choice(
        {"active_disclosure": wording.ACTIVE_INTRO, "applications": wording.APPLICATIONS_INTRO, "appeals": wording.APPEALS_INTRO}[key]
    )
    table = {
        "active_disclosure": lambda: tables.table1(d.template, d.t1, d.raw, d.labels),
        "applications": lambda: tables.table2(d.template, d.t2, d.raw, d.labels),
        "appeals": lambda: tables.table3(d.t3, d.raw),
    }[key]()
    return ([Para(intro)] if intro else []) + [table]


def _apps_sentence(d: Draft, fill: dict) -> str:
    n = d.t2_total("new_received")
    if n is None:
        return ""
    if n == 0:
        return d.rng.choice(wording.APPS_NONE).format(**fill)
    return d.rng.choice(wording.APPS_SOME).format(n=n, **fill)


def _appeals_sentence(d: Draft, fill: dict) -> str:
    recon, lit = d.appeal_total("reconsideration"), d.litigation_total()
    if recon == 0 and lit == 0:
        return d.rng.choice(wording.APPEALS_NONE)
    if recon:
        return d.rng.choice(wording.APPEALS_RECON).format(n=recon)
    return ""
