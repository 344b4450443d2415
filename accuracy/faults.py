"""Faults injected into a draft, each with the finding it calls for.

Table faults only change values; what they call for is computed afterwards from the final
values (`expected.table_findings`), so two faults that interact (a blank cell in a column
that would not balance) still give exactly what the spec prescribes. The other faults add
their finding to `draft.extra` themselves. A fault whose finding cannot be computed reliably
for a family is not injected there (cell faults in web-flattened text, where the reader splits
digits by the arithmetic the fault breaks).
"""

from __future__ import annotations

from collections.abc import Callable

from accuracy.draft import Draft
from accuracy.model import Expect
from annual_report import catalog

# The document's own wording of a row, different from the template (what label.nonstandard is for).
NONSTANDARD_LABELS: dict[tuple[str, str], str] = {
    ("applications", "withheld_prohibited_by_law"): "2.其他法律法规禁止公开",
    ("applications", "withheld_internal_affairs"): "5.属于内部事务信息",
    ("applications", "unavailable_not_held"): "1.本机关不掌握相关信息",
    ("applications", "not_processed_petition"): "1.信访举报投诉类",
    ("applications", "withheld_process_info"): "6.属于过程性信息",
    ("applications", "carried_forward"): "四、结转下一年度继续办理",
    ("applications", "new_received"): "一、本年新收政府信息公开申请",
    ("active_disclosure", "fees"): "行业事业性收费",
}
NOT_A_NUMBER = ("/", "—", "无", "空")
FEE_FOR_NEW_YEAR = "本年度未收取信息处理费。"


def _pick_cell(d: Draft) -> tuple[str, str, int | str]:
    table = d.rng.choices(("applications", "active_disclosure", "appeals"), (7, 2, 1))[0]
    if table == "applications":
        row = d.rng.choice([r.key for r in catalog.table2_rows(d.template)])
        return table, row, d.rng.randrange(7)
    if table == "appeals":
        return table, d.rng.choice([k for k, _ in catalog.APPEAL_ROWS]), d.rng.randrange(5)
    spec = d.rng.choice(catalog.TABLE1[d.template])
    return table, spec.key, d.rng.choice(spec.values)[0]


def _set(d: Draft, table: str, row: str, col, value, raw: str | None = None) -> None:
    getattr(d, {"applications": "t2", "appeals": "t3", "active_disclosure": "t1"}[table])[row][col] = value
    if raw is not None:
        d.raw[(table, row, col)] = raw


def blank_cell(d: Draft) -> bool:
    table, row, col = _pick_cell(d)
    _set(d, table, row, col, None, "")
    d.notes.append(f"blank {table}/{row}/{col}")
    return True


def not_a_number(d: Draft) -> bool:
    table, row, col = _pick_cell(d)
    raw = d.rng.choice(NOT_A_NUMBER)
    _set(d, table, row, col, None, raw)
    d.notes.append(f"'{raw}' in {table}/{row}/{col}")
    return True


def blank_row(d: Draft) -> bool:
    row = d.rng.choice(d.result_rows())
    for i in range(7):
        _set(d, "applications", row, i, None, "")
    d.notes.append(f"blank row applications/{row}")
    return True


def broken_cell(d: Draft) -> bool:
    """A count off by a few without the totals following: breaks sums, computed later."""
    row = d.rng.choice([r.key for r in catalog.table2_rows(d.template)])
    col = d.rng.choice((d.rng.randrange(6), 6))
    if d.t2[row][col] is None:
        return False
    d.t2[row][col] += d.rng.randint(1, 3)
    d.notes.append(f"+n applications/{row}/{col}")
    return True


def broken_appeal(d: Draft) -> bool:
    key = d.rng.choice([k for k, _ in catalog.APPEAL_ROWS])
    if d.t3[key][4] is None:
        return False
    d.t3[key][4] += d.rng.randint(1, 2)
    d.notes.append(f"+n appeals/{key}/总计")
    return True


def negative(d: Draft) -> bool:
    row = d.rng.choice(d.result_rows())
    col = d.rng.randrange(6)
    if d.t2[row][col] is None or ("applications", row, col) in d.raw:
        return False  # a cell left blank (or not a number) by an earlier fault stays so
    d.t2[row][col] = -d.rng.randint(1, 3)
    d.notes.append(f"negative applications/{row}/{col}")
    return True


def nonstandard_label(d: Draft) -> bool:
    options = [k for k in NONSTANDARD_LABELS if k[0] != "active_disclosure" or k[1] in d.t1]
    key = d.rng.choice(options)
    if key in d.labels:
        return False
    d.labels[key] = NONSTANDARD_LABELS[key]
    d.extra.append(Expect("label.nonstandard", key[0], key[1]))
    d.notes.append(f"label {key[1]} -> {NONSTANDARD_LABELS[key]}")
    return True


def missing_section(d: Draft) -> bool:
    key = d.rng.choice(("overview", "problems", "other"))
    if key in d.absent:
        return False
    d.absent.add(key)
    d.extra.append(Expect("sections.missing", section=key))
    d.notes.append(f"section {key} left out")
    return True


def wrong_template(d: Draft) -> bool:
    """The table format of the other period: a 2019-format report dated 2021+ or the reverse."""
    was = d.year
    d.year = d.rng.randint(2021, 2025) if d.template == catalog.TEMPLATE_2019 else d.rng.choice((2019, 2020))
    if d.fee:  # a fee statement naming the year (`2023年度…未产生信息处理费`) names the new one
        d.fee = d.fee.replace(f"{was}年度", f"{d.year}年度")
    if d.year >= catalog.FIRST_2021_TEMPLATE_YEAR and d.fee is None:  # required from 2021 on: state it
        d.fee = FEE_FOR_NEW_YEAR
    d.extra.append(Expect("template.mismatch"))
    d.notes.append(f"{d.template} tables in a {d.year} report")
    return True


def missing_fee(d: Draft) -> bool:
    # the 2021 template asks for it; a report on the 2019 tables is told template.mismatch instead
    if d.year < catalog.FIRST_2021_TEMPLATE_YEAR or d.fee is None or "other" in d.absent or d.template != catalog.TEMPLATE_2021:
        return False
    d.fee = None
    d.extra.append(Expect("section6.fee_statement"))
    d.notes.append("no fee statement")
    return True


def narrative_conflict(d: Draft) -> bool:
    apps, recon = d.t2_total("new_received"), d.appeal_total("reconsideration")
    options: list[Callable[[], tuple[str, str, str]]] = []
    if apps:
        options.append(lambda: ("apps", "本年度未收到政府信息公开申请。", "new_received"))
    if apps is not None and d.t2_total("carried_over") is not None:
        said = apps + d.rng.randint(1, 5)
        if said != apps + d.t2_total("carried_over"):
            options.append(lambda: ("apps", f"本年度共收到政府信息公开申请{said}件。", "new_received"))
    if recon:
        options.append(lambda: ("appeals", "本年度未发生政府信息公开行政复议案件。", "reconsideration"))
    if recon == 0 and d.litigation_total() is not None:
        options.append(lambda: ("appeals", f"本年度发生政府信息公开行政复议{d.rng.randint(1, 3)}件。", "reconsideration"))
    if not options:
        return False
    topic, sentence, row = d.rng.choice(options)()
    if topic == "apps":
        d.apps_sentence = sentence
        d.extra.append(Expect("narrative.conflict", "applications", row))
    else:
        d.appeals_sentence = sentence
        d.extra.append(Expect("narrative.conflict", "appeals", row))
    d.notes.append(f"narrative: {sentence}")
    return True


# name -> (function, weight, needs cells that stay in place)
FAULTS: dict[str, tuple[Callable[[Draft], bool], float, bool]] = {
    "blank_cell": (blank_cell, 3, True),
    "not_a_number": (not_a_number, 1, True),
    "blank_row": (blank_row, 1, True),
    "broken_cell": (broken_cell, 3, True),
    "broken_appeal": (broken_appeal, 1, True),
    "negative": (negative, 0.5, True),
    "nonstandard_label": (nonstandard_label, 2, False),
    "missing_section": (missing_section, 1.5, False),
    "missing_fee": (missing_fee, 1.5, False),
    "narrative_conflict": (narrative_conflict, 1.5, False),
}


def choose_and_apply(d: Draft) -> None:
    """Most reports get no fault or one; some get two or three. A wrong template is decided
    first (it changes the year, which the fee statement depends on)."""
    if d.rng.random() < 0.06:
        wrong_template(d)
    n = d.rng.choices((0, 1, 2, 3), (40, 35, 18, 7))[0]
    names = [k for k, (_, _, cells) in FAULTS.items() if d.cell_faults_ok or not cells]
    weights = [FAULTS[k][1] for k in names]
    # narrative last: it reads the final table values
    picked: list[str] = []
    while len(picked) < n:  # weighted, without repeats
        name = d.rng.choices(names, weights)[0]
        if name not in picked:
            picked.append(name)
    picked.sort(key=lambda k: k == "narrative_conflict")
    for name in picked:
        FAULTS[name][0](d)
    # Nothing is expected of a section left out but sections.missing: its fee statement and the
    # overview's sentence that contradicts a table are not in the document at all.
    if "other" in d.absent:
        d.extra = [e for e in d.extra if e.rule != "section6.fee_statement"]
    if "overview" in d.absent:
        d.extra = [e for e in d.extra if e.rule != "narrative.conflict"]
