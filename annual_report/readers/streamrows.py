"""Rows rebuilt from a stream of table cells whose row boundaries were lost.

A web page's table converted cell by cell (see `cellstream`) arrives as: band, header cells,
label, its values, the next label, its values … with nothing saying where a row ends. What
the report format fixes says it instead: the three tables' rows and headers are known
(`extract.labels`), so a row label (wrapped over several cells, after its group label)
followed by its run of value cells is a row. The number of values is not trusted here: the
row is handed on as label + every value cell of the run, and the table reader keeps it only
when that is exactly the table's width (or says once that the row cannot be placed).
Cells that are no row label (bands, headers, group labels, headings, prose) pass through as
text, joined only when their pieces make one official wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from annual_report import catalog
from annual_report.extract.labels import GROUPS, T1_SPECS, T2_SPECS, match_group, match_row, strip_group
from annual_report.extract.normalize import normalize, split_numbering

# An item as `readers.text` takes it: (line, text or row cells, reassembled).
Item = tuple[int, str | list[str], bool]

_MAX_PIECES = 4  # a label or header wrapped over at most this many cells
_MAX_LABEL = 48  # characters: the longest official label is 37, plus numbering and slack
_HEADER_WORDS = (
    "信息内容",
    "第二十条",
    "件数",
    "数量",
    "金额",
    "万元",
    "增/减",
    "增减",
    "制发",
    "废止",
    "有效",
    "决定",
    "申请人",
    "自然人",
    "法人",
    "结果",
    "复议",
    "诉讼",
    "总计",
)


@dataclass(slots=True)
class Piece:
    text: str  # the cell's text, stripped
    line: int
    kind: str  # "text" | "value" | "empty"
    soft: bool = False  # joined to the previous piece by a line break inside one cell
    written: bool = False  # an empty cell written out (a line holding only a no-break space)


@cache
def _officials() -> frozenset[str]:
    """Every official wording a stream's cells may be pieces of, normalized."""
    words: set[str] = {"信息内容", *GROUPS.values(), *catalog.APPLICANT_COLUMNS, *catalog.APPEAL_COLUMNS}
    words.update(("申请人情况", catalog.APPLICANT_GROUP, "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"))
    words.update(f"第二十条第（{n}）项" for n in "一二三四五六七八九十")
    for rows in catalog.TABLE1.values():
        for row in rows:
            words.add(row.label)
            words.update(label for _, label in row.values)
    words.update(row.label for row in catalog.TABLE2_ROWS)
    return frozenset(normalize(w) for w in words)


@lru_cache(maxsize=4096)
def row_label(text: str) -> bool | None:
    """True: an official row label as worded; False: a row label in other words; None: none."""
    norm = normalize(text)
    if not norm or len(norm) > _MAX_LABEL or "。" in norm:
        return None
    m = match_row(norm, T1_SPECS) or match_row(norm, T2_SPECS)
    if m is not None:
        return m.exact
    kind, number, rest = split_numbering(norm)
    rest = strip_group(rest)
    if (rest == "总计" and kind == "paren_cn" and number == 7) or (rest == "其他" and kind == "arabic" and number == 3):
        return True
    if match_group(norm) == "group:other_processing":
        return True  # the 2019 table's single （六）其他处理 row (it is followed by numbers)
    return None


def _stopper(text: str) -> bool:
    """A cell that cannot be the continuation of a row label: a header, a band, a group label."""
    norm = normalize(text)
    return (
        norm in _officials()
        or match_group(norm) is not None
        or "。" in norm
        or len(norm) > _MAX_LABEL
        or any(w in norm for w in _HEADER_WORDS)
    )


def _join(pieces: list[Piece]) -> str:
    return "".join(p.text for p in pieces)


def _reassembled(pieces: list[Piece]) -> bool:
    """Joined across a cell boundary (not only across line breaks inside one cell)."""
    return any(not p.soft for p in pieces[1:])


def split_label(texts: list[Piece], after_values: bool) -> tuple[list[Piece], list[Piece], bool]:
    """(pieces before the row label, the row label's pieces, whether the label's extent is
    certain) of the text cells before a run of values; the label is empty when none is found.
    `after_values`: the first of `texts` follows a run of values (a row ended there)."""
    # A label in the official words, wrapped over the fewest cells.
    for k in range(1, min(_MAX_PIECES, len(texts)) + 1):
        if row_label(_join(texts[-k:])):
            return texts[:-k], texts[-k:], True
    # Other words: back to the cell that starts it (numbered) or to a header / group label.
    k, bounded = 0, False
    while k < min(_MAX_PIECES, len(texts)):
        piece = texts[-k - 1]
        if k and (_stopper(piece.text) or len(_join(texts[-k - 1 :])) > _MAX_LABEL):
            bounded = _stopper(piece.text)
            break
        k += 1
        if split_numbering(normalize(piece.text))[0] is not None:
            bounded = True
            break
    else:
        bounded = k == len(texts) and after_values
    if k and row_label(_join(texts[-k:])) is not None:
        return texts[:-k], texts[-k:], bounded
    while k > 1 and row_label(_join(texts[-k:])) is None:
        k -= 1
    if k and row_label(_join(texts[-k:])) is not None:
        return texts[:-k], texts[-k:], False
    return texts, [], False


def text_items(texts: list[Piece]) -> list[Item]:
    """Text cells as text items; pieces that together make one official wording are joined
    (商业 / 企业, （三）不予 / 公开)."""
    out: list[Item] = []
    i = 0
    while i < len(texts):
        for k in range(min(_MAX_PIECES, len(texts) - i), 1, -1):
            if normalize(_join(texts[i : i + k])) in _officials():
                out.append((texts[i].line, _join(texts[i : i + k]), _reassembled(texts[i : i + k])))
                i += k
                break
        else:
            out.append((texts[i].line, texts[i].text, False))
            i += 1
    return out


def rows(pieces: list[Piece], trim: bool) -> list[Item]:
    """Items of a stream: text cells as text, each label + value run as one row. `trim`: empty
    cells are blank lines, which may also be layout (before a heading, at the end)."""
    out: list[Item] = []
    texts: list[Piece] = []
    after_values = False
    i = 0
    while i < len(pieces):
        if pieces[i].kind == "text":
            texts.append(pieces[i])
            i += 1
            continue
        j = i
        while j < len(pieces) and pieces[j].kind != "text":
            j += 1
        before, label, certain = split_label(texts, after_values)
        run = pieces[i:j]
        if trim and not _table_goes_on(pieces, j):
            run = _trim(run, _widths(label), _band_follows(pieces, j))
        out += text_items(before)
        if label:
            # one line for the row: the tables must not re-place its cells by line gaps. A label
            # joined from cells is ours unless its cells are bounded (a header, numbering, numbers)
            out.append((label[0].line, [_join(label), *[p.text for p in run]], _reassembled(label) and not certain))
        elif sum(p.kind == "value" for p in run) >= 2:  # table 3's numbers (a lone 无 is prose)
            out.append((run[0].line, [p.text for p in run], False))
        else:
            out += text_items([p for p in run if p.kind != "empty"])
        texts = []
        after_values = any(p.kind == "value" for p in run)
        i = j
    out += text_items(texts)
    return out


def _table_goes_on(pieces: list[Piece], j: int) -> bool:
    """Whether a row label or a group label (perhaps wrapped) follows at `j`: then empty cells
    before it are the table's blanks; before a heading or at the end they are blank lines."""
    texts: list[Piece] = []
    while j < len(pieces) and pieces[j].kind == "text" and len(texts) < _MAX_PIECES:
        texts.append(pieces[j])
        joined = _join(texts)
        if row_label(joined) is not None or match_group(normalize(joined)) is not None:
            return True
        j += 1
    return False


def _band_follows(pieces: list[Piece], j: int) -> bool:
    """Whether the next part of table 1 starts at `j` (its band `第二十条第(五)项`, perhaps
    wrapped, or its `信息内容` header): the table goes on, but the part may be set apart by a
    blank line as well as follow the row's blank cells."""
    if j >= len(pieces) or pieces[j].kind != "text":
        return False
    norm = normalize(pieces[j].text)
    return norm.startswith("第二十条") or norm == "信息内容"


def _widths(label: list[Piece]) -> frozenset[int]:
    """How many cells the row of `label` may have; for the numbers with no label before them,
    table 3's: a row of five or the whole table's fifteen."""
    if not label:
        return frozenset((len(catalog.APPEAL_COLUMNS), 3 * len(catalog.APPEAL_COLUMNS)))
    return row_widths(_join(label))


@lru_cache(maxsize=1024)
def row_widths(label: str) -> frozenset[int]:
    """How many value cells the row of a row label (`row_label`) may have: table 1's rows
    differ by template; table 2's have seven."""
    m = match_row(normalize(label), T1_SPECS)
    if m is None:
        return frozenset((len(catalog.APPLICANT_COLUMNS),))
    return frozenset(len(r.values) for rows in catalog.TABLE1.values() for r in rows if r.key == m.spec.key)


def _trim(run: list[Piece], widths: frozenset[int], band_follows: bool) -> list[Piece]:
    """The run without the empty cells at its end that may be layout: an empty line before a
    heading or at the end is the paragraph break. The row keeps the fewest of them that make it
    whole, when they are cells for sure (written out) or the next part of table 1 follows."""
    end = len(run)
    while end and run[end - 1].kind == "empty":
        end -= 1
    tail = run[end:]
    may_keep = len(tail) if band_follows else sum(p.written for p in tail)
    if end in widths:
        return run[:end]
    for n in range(1, may_keep + 1):
        if end + n in widths:
            return run[: end + n]
    return run[:end]
