"""Table 3 (行政复议、行政诉讼): fifteen numbers read as one block, or as three rows of five."""

from __future__ import annotations

from annual_report import catalog
from annual_report.extract import digits
from annual_report.extract.headers import check_headers
from annual_report.extract.labels import T3_HEADER_KEYWORDS, T3_HEADER_OFFICIAL
from annual_report.extract.rows import N_APPEALS, fit, make_cell, place_by_lines
from annual_report.extract.tokens import Token
from annual_report.model import Cell, Source, TableProblem, Tables


def read_table3(tokens: list[Token], tables: Tables) -> None:
    start = _start(tokens)
    if start is None:
        return
    runs = _value_runs(tokens[start:])
    if not runs:
        return
    at = {id(t): i for i, t in enumerate(tokens)}
    header_end = at[id(runs[0][0])]
    first = runs[0]
    filled = [t for t in first if t.kind != "empty"]
    if len(filled) == 1 and filled[0].flat:
        cells = _flat_cells(filled[0], tables)
    else:
        fitted, problem = fit(first, N_APPEALS)
        if fitted is None and at[id(first[0])] > 0:
            after = at[id(first[-1])] + 1
            fitted = place_by_lines(
                tokens[at[id(first[0])] - 1], first, tokens[after] if after < len(tokens) else None, N_APPEALS, separated=True
            )
        if fitted is None and len(runs) >= 3:
            # Some reports print table 3 as three rows of five (复议 / 直接起诉 / 复议后起诉).
            parts = [fit(r, 5)[0] for r in runs[:3]]
            if all(p is not None for p in parts):
                fitted, problem = [t for p in parts if p is not None for t in p], None
                header_end = at[id(runs[2][-1])]  # the row labels between the three rows too
        if fitted is None:
            tables.problems.append(f"{catalog.TABLE_TITLES['appeals']}：{problem}（{first[0].source.describe()}）")
            _appeals_problem(tables, "count", problem or "", first[0].source)
            cells = [Cell(source=first[0].source) for _ in range(N_APPEALS)]
        else:
            cells = [make_cell(t) for t in fitted]
    tables.appeals = {key: cells[i * 5 : i * 5 + 5] for i, (key, _) in enumerate(catalog.APPEAL_ROWS)}
    check_headers(tokens[start:header_end], "appeals", T3_HEADER_OFFICIAL, T3_HEADER_KEYWORDS, tables)


def _start(tokens: list[Token]) -> int | None:
    """Index of the table's 行政复议 header; 0 when only its result headers say it is there."""
    for i, t in enumerate(tokens):
        if t.kind == "text" and "行政复议" in t.norm and len(t.norm) <= 12:
            return i
    if any(t.kind == "text" and ("结果维持" in t.norm or "尚未审结" in t.norm) for t in tokens):
        return 0
    return None


def _value_runs(tokens: list[Token]) -> list[list[Token]]:
    """Runs of value tokens between text tokens; a run of 15 numbers ends with its line."""
    runs: list[list[Token]] = []
    run: list[Token] = []
    for t in tokens:
        if t.kind == "text":
            if run:
                runs.append(run)
            run = []
            continue
        if run and t.block != run[-1].block and sum(1 for x in run if x.kind == "value") >= N_APPEALS:
            runs.append(run)
            run = []
        run.append(t)
    if run:
        runs.append(run)
    return [r for r in runs if any(t.kind == "value" for t in r)]


def _flat_cells(tok: Token, tables: Tables) -> list[Cell]:
    """Fifteen numbers glued in one digit run (web text): split by table 3's totals, or said unread."""
    found = digits.splits(tok.text, N_APPEALS, digits.appeals_check)
    if found and len(found) == 1:
        return [make_cell(tok, value=v, flat=True) for v in found[0]]
    many = "太多" if found is None else ("无法" if not found else f"有 {len(found)} 种")
    detail = f"数字串“{tok.text}”拆成 15 个数的方式{many}，无法确定各格数值"
    tables.problems.append(f"{catalog.TABLE_TITLES['appeals']}：{detail}")
    _appeals_problem(tables, "split", detail, tok.source)
    return [Cell(raw=tok.text, source=tok.source) for _ in range(N_APPEALS)]


def _appeals_problem(tables: Tables, kind: str, detail: str, source: Source | None) -> None:
    """Table 3 is read as one block of 15: what cannot be placed leaves all three rows unread."""
    tables.ambiguities.append(
        TableProblem(
            table="appeals",
            row=None,
            kind=kind,
            detail=detail,
            unread_rows=[k for k, _ in catalog.APPEAL_ROWS],
            source=source,
        )
    )
