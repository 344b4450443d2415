"""The three statistical tables: random consistent values, and the neutral `Table` blocks the
renderers print (official labels of either template, values as printed)."""

from __future__ import annotations

import random
from decimal import Decimal

from accuracy.model import Band, Header, Number, Row, Table
from annual_report import catalog

T2021, T2019 = catalog.TEMPLATE_2021, catalog.TEMPLATE_2019

# Result rows most reports use, with weights (the rest are rare).
_COMMON_RESULTS = {"granted": 6, "partially_granted": 2, "unavailable_not_held": 3, "not_processed_duplicate": 1,
                   "withheld_third_party": 1, "withheld_process_info": 1, "not_processed_petition": 1}
_COLUMN_WEIGHTS = (8, 2, 0.3, 0.3, 0.5, 1)


def _decimal(rng: random.Random, hi: int) -> Decimal:
    cents = rng.choice((0, 0, 5, 25, 36, 5, 8))
    return Decimal(f"{rng.randint(0, hi)}.{cents:02d}").normalize() if cents else Decimal(rng.randint(0, hi))


def random_table1(rng: random.Random, template: str, big: bool) -> dict[str, dict[str, Number | None]]:
    """Table 1 of a body: 规章 always 0 (no township or county department makes 规章)."""
    mul = 10 if big else 1
    if template == T2021:
        issued = rng.choice((0, 0, 1, 2, 3, 5)) * (2 if big else 1)
        repealed = rng.choice((0, 0, 0, 1, 2))
        return {
            "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
            "normative_documents": {"issued": issued, "repealed": repealed, "in_force": issued + rng.randint(0, 40)},
            "licensing": {"decisions": rng.choice((0, 0, rng.randint(1, 30), rng.randint(10, 300) * mul))},
            "penalty": {"decisions": rng.choice((0, 0, rng.randint(1, 20), rng.randint(5, 120) * mul))},
            "enforcement": {"decisions": rng.choice((0, 0, 0, rng.randint(1, 9)))},
            "fees": {"amount_wan": rng.choice((Decimal(0), Decimal(0), _decimal(rng, 60)))},
        }
    made = rng.choice((0, 0, 1, 2, 4))

    def items() -> dict[str, Number | None]:
        prev = rng.choice((0, 0, rng.randint(1, 40)))
        return {"prev_year_items": prev, "change": rng.choice((0, 0, 0, 1, 2, -1, -2)) if prev else 0,
                "decisions": rng.choice((0, rng.randint(0, 50), rng.randint(10, 400) * mul))}

    fees = items()
    fees.pop("decisions")
    return {
        "regulations": {"new_made": 0, "new_published": 0, "total_published": 0},
        "normative_documents": {"new_made": made, "new_published": made, "total_published": made + rng.randint(0, 30)},
        "licensing": items(),
        "other_services": items(),
        "penalty": items(),
        "enforcement": items(),
        "fees": fees,
        "procurement": {"items": (n := rng.choice((0, 0, 1, 3, 6))), "amount": _decimal(rng, 90) if n else Decimal(0)},
    }


def random_applications(rng: random.Random, template: str, big: bool) -> dict[str, list[int | None]]:
    """Table 2 satisfying every arithmetic rule: 总计 = sums, 一 + 二 = （七） + 四 per column."""
    rows = catalog.RESULT_ROWS[template]
    results = {k: [0] * 6 for k in rows}
    pool = [k for k in _COMMON_RESULTS if k in rows] + [k for k in rows if k not in _COMMON_RESULTS]
    weights = [_COMMON_RESULTS.get(k, 0.3) for k in pool]
    hits = rng.choice((0, 0, 1, 2, 3, 5, 8)) * (3 if big else 1)
    hi = rng.choice((1, 2, 3, 12)) * (4 if big else 1)
    for _ in range(hits):
        key = rng.choices(pool, weights)[0]
        col = rng.choices(range(6), _COLUMN_WEIGHTS)[0]
        results[key][col] += rng.randint(1, hi)
    total = [sum(results[k][i] for k in rows) for i in range(6)]
    forward = [rng.choice((0, 0, 0, 0, 1, 2)) if total[i] else 0 for i in range(6)]
    over = [min(rng.choice((0, 0, 0, 1, 2)), total[i] + forward[i]) for i in range(6)]
    new = [total[i] + forward[i] - over[i] for i in range(6)]
    six = {"new_received": new, "carried_over": over, "total": total, "carried_forward": forward, **results}
    return {r.key: [*six[r.key], sum(six[r.key])] for r in catalog.table2_rows(template)}


def random_appeals(rng: random.Random) -> dict[str, list[int | None]]:
    out: dict[str, list[int | None]] = {}
    for key, _ in catalog.APPEAL_ROWS:
        four = [0, 0, 0, 0]
        if rng.random() < (0.25 if key == "reconsideration" else 0.12):
            for _ in range(rng.randint(1, 2)):
                four[rng.randrange(4)] += rng.randint(1, 3)
        out[key] = [*four, sum(four)]
    return out


# ---------------------------------------------------------------- printing


def fmt(v: Number | None) -> str:
    if v is None:
        return ""
    return format(v, "f") if isinstance(v, Decimal) else str(v)


def table1(template: str, values: dict, raw: dict, labels: dict) -> Table:
    items: list[Band | Header | Row] = []
    bands = {"regulations": "第二十条第（一）项", "licensing": "第二十条第（五）项", "penalty": "第二十条第（六）项",
             "fees": "第二十条第（八）项", "procurement": "第二十条第（九）项"}
    width = max(len(spec.values) for spec in catalog.TABLE1[template])
    for spec in catalog.TABLE1[template]:
        if spec.key in bands:
            items.append(Band(bands[spec.key]))
            names = [label for _, label in spec.values]
            items.append(Header(["信息内容", *names, *[""] * (width - len(names))]))
        vals = [raw.get(("active_disclosure", spec.key, k), fmt(values[spec.key][k])) for k, _ in spec.values]
        items.append(Row(spec.key, [labels.get(("active_disclosure", spec.key), spec.label)], vals))
    return Table("active_disclosure", template, items)


T2_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def table2(template: str, values: dict, raw: dict, labels: dict) -> Table:
    six = list(catalog.APPLICANT_COLUMNS[1:6])
    items: list[Band | Header | Row] = [  # grid-aligned: 3 label columns, 7 value columns
        Header([T2_NOTE, "", "", "申请人情况", *[""] * 6]),
        Header(["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]),
        Header(["", "", "", "", *six, ""]),
    ]
    for spec in catalog.table2_rows(template):
        own = labels.get(("applications", spec.key), spec.label)
        if spec.group is None:
            path = [own]
        elif spec.group == "三、本年度办理结果":
            path = [spec.group, own]
        else:
            path = ["三、本年度办理结果", spec.group, own]
        vals = [raw.get(("applications", spec.key, i), fmt(v)) for i, v in enumerate(values[spec.key])]
        items.append(Row(spec.key, path, vals))
    return Table("applications", template, items)


def table3(values: dict, raw: dict) -> Table:
    cols = list(catalog.APPEAL_COLUMNS)
    vals = []
    for key, _ in catalog.APPEAL_ROWS:
        vals += [raw.get(("appeals", key, i), fmt(v)) for i, v in enumerate(values[key])]
    blank4 = [""] * 4
    items: list[Band | Header | Row] = [  # grid-aligned: 15 value columns
        Header(["行政复议", *blank4, "行政诉讼", *blank4, *blank4, ""]),
        Header([*cols, "未经复议直接起诉", *blank4, "复议后起诉", *blank4]),
        Header([*cols, *cols, *cols]),
        Row("appeals", [], vals),
    ]
    return Table("appeals", catalog.TEMPLATE_2021, items)
