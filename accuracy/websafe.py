"""Web-flattened text has no separator between cells (`规章000行政规范性文件693665`): a reader
can only split the digits of a row by the table's arithmetic. The generator keeps web cases to
tables where that split is unique, so that the truth is what a correct reader must find."""

from __future__ import annotations

from accuracy import tables
from accuracy.draft import Draft
from annual_report import catalog


def splits(digits: str, parts: int, with_total: bool, limit: int = 2) -> int:
    """How many ways `digits` splits into `parts` numbers (no leading zeros; a '-' starts a
    number), with the last the sum of the others when `with_total`; counting stops at `limit`."""
    found = 0

    def walk(pos: int, acc: list[int]) -> None:
        nonlocal found
        if found >= limit:
            return
        if len(acc) == parts:
            if pos == len(digits) and (not with_total or sum(acc[:-1]) == acc[-1]):
                found += 1
            return
        for end in range(pos + 1, len(digits) + 1):
            piece = digits[pos:end]
            body = piece.lstrip("-")
            if not body or not body.isdigit() or (len(body) > 1 and body[0] == "0") or piece.count("-") > 1 or "-" in piece[1:]:
                if body and not body.isdigit():
                    break
                continue
            walk(end, [*acc, int(piece)])

    walk(0, [])
    return found


def unique_row(values: list, with_total: bool) -> bool:
    text = "".join(tables.fmt(v) for v in values)
    return splits(text, len(values), with_total) == 1


def make_web_safe(d: Draft) -> None:
    """Keep every row's digits splittable one way only — except, now and then, the row of
    行政规范性文件, printed with numbers that split several ways (`693665`): a correct reader
    leaves its cells empty and says so (table.ambiguous), it does not guess."""
    if d.rng.random() < 0.15 and not d.web_sep:  # digits kept apart by spaces are no puzzle
        _ambiguous_normative_row(d)
    for spec in catalog.TABLE1[d.template]:
        row = d.t1[spec.key]
        if len(row) > 1 and ("active_disclosure", spec.key) not in d.ambiguous_rows:
            for k, v in row.items():
                if isinstance(v, int) and not -9 <= v <= 9:
                    row[k] = abs(v) % 10
                elif v is not None and not isinstance(v, int) and v >= 10:
                    row[k] = v % 10  # one digit before the point: 3 + 6.5 prints 36.5, one split only
    for _ in range(30):
        if all(unique_row(v, True) for v in d.t2.values()):
            break
        d.t2 = tables.random_applications(d.rng, d.template, False)
    else:
        d.t2 = tables.random_applications(d.rng, d.template, False)
        for key in d.t2:
            d.t2[key] = [0] * 7
    for key, v in d.t3.items():
        if not unique_row(v, True):
            d.t3[key] = [0] * 5


def _ambiguous_normative_row(d: Draft) -> None:
    keys = [k for k, _ in next(s for s in catalog.TABLE1[d.template] if s.key == "normative_documents").values]
    for _ in range(20):
        values = [d.rng.randint(1, 12), d.rng.randint(0, 9), d.rng.randint(10, 400)]
        if splits("".join(map(str, values)), 3, False) > 1:
            break
    else:
        return
    for k, v in zip(keys, values, strict=True):
        d.raw[("active_disclosure", "normative_documents", k)] = str(v)
        d.t1["normative_documents"][k] = None  # what a reader can know
    d.ambiguous_rows.add(("active_disclosure", "normative_documents"))
    d.notes.append(f"web: 行政规范性文件 printed as {''.join(map(str, values))} (splits several ways)")
