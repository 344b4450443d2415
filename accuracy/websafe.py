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
    for spec in catalog.TABLE1[d.template]:
        row = d.t1[spec.key]
        if len(row) > 1:
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
        for key, v in d.t2.items():
            d.t2[key] = [0] * 7
    for key, v in d.t3.items():
        if not unique_row(v, True):
            d.t3[key] = [0] * 5
