"""The column headers of tables 2 and 3 against the official wording."""

from __future__ import annotations

from difflib import SequenceMatcher

from annual_report.extract.labels import NEAR_MARGIN, NEAR_RATIO
from annual_report.extract.normalize import normalize, split_numbering, stem
from annual_report.extract.rows import TableKey, add_label
from annual_report.extract.tokens import Token
from annual_report.model import Tables

_HEADER_CELLS = 25  # the header is at most this many text cells above the table's first row
_HEADER_SLACK = 4  # a cell longer than the header it names by more than this is not that header
_MAX_WRAP = 3  # a header wrapped over at most this many cells (结果 / 维持)
_MIN_HEADERS = 2  # official headers needed before a deviating one is believed to be a header


def check_headers(
    tokens: list[Token], table: TableKey, officials: tuple[str, ...], keywords: tuple[tuple[str, str], ...], tables: Tables
) -> None:
    """Compare the column headers above a table with the official wording.

    Harmless noise (spaces, punctuation width, numbering) is removed by `stem`; a header
    wrapped over several cells (结果 / 维持) is joined, and a piece of a header whose other
    pieces are also in the header (columns of a layout cut header words apart) is a piece,
    not a deviation. A cell that names a header in other words (其它 for 其他, 公益组织 for
    社会公益组织) becomes a `column:` RowLabel, once per wording.
    """
    stems = {stem(o): o for o in officials}
    longest = max(len(x) for x in stems) + _HEADER_SLACK
    cells = [
        t
        for t in tokens
        if t.kind == "text" and 0 < len(t.norm) <= longest + 2 and "。" not in t.norm and not any(ch.isdigit() for ch in t.norm)
    ][-_HEADER_CELLS:]
    scan = _HeaderScan(cells, stems, keywords)
    scan.run()
    if scan.recognised < _MIN_HEADERS or scan.first_recognised is None:
        return
    seen: set[tuple[str, str]] = set()
    for at, found, official, tok in scan.deviating:
        if at < scan.first_recognised - 1:
            continue  # above the header: prose, not a header cell (only the cell right above may be)
        if (normalize(found), official) in seen:
            continue  # 其它结果 under 行政复议 and under both 行政诉讼 columns: one wording, one finding
        seen.add((normalize(found), official))
        add_label(tables, table, f"column:{official}", found, official, tok.source, tok.reassembled)


class _HeaderScan:
    """Header cells in order: which are official (alone, glued or wrapped), which deviate."""

    def __init__(self, cells: list[Token], stems: dict[str, str], keywords: tuple[tuple[str, str], ...]) -> None:
        self.cells, self.stems, self.keywords = cells, stems, keywords
        self.norms = [split_numbering(t.norm)[2] for t in cells]
        self.pieces = {n for n in self.norms if n}
        self.recognised = 0
        self.first_recognised: int | None = None
        self.deviating: list[tuple[int, str, str, Token]] = []

    def run(self) -> None:
        i = 0
        while i < len(self.cells):
            i = self.step(i)

    def _official_at(self, i: int) -> int:
        """End of the official header starting at `i` (wrapped over cells), or `i` if none."""
        n, stems = self.norms[i], self.stems
        if n in stems or _segments(n, stems.keys()):
            return i + 1
        joined, j = n, i + 1
        while j < len(self.cells) and j - i < _MAX_WRAP and joined not in stems and any(x.startswith(joined) for x in stems):
            joined += self.norms[j]
            j += 1
        return j if j > i + 1 and joined in stems else i

    def step(self, i: int) -> int:
        n = self.norms[i]
        if not n:
            return i + 1
        end = self._official_at(i)
        if end > i:
            self.recognised += 1
            self.first_recognised = i if self.first_recognised is None else self.first_recognised
            return end
        if _completed(n, self.stems.keys(), self.pieces) or _cells_on_one_line(self.cells[i].text, self.stems.keys()):
            return i + 1
        official = next((o for word, o in self.keywords if word in n), None) or _near_header(n, self.stems)
        if official is None or len(n) > len(stem(official)) + _HEADER_SLACK:
            return i + 1
        at, found = i, self.cells[i].text
        tail = self.norms[i + 1] if i + 1 < len(self.cells) else ""
        o_stem = stem(official)
        if tail and tail not in self.stems and tail != o_stem and o_stem.endswith(tail) and not n.endswith(tail):
            found += tail  # 其它 / 结果: the deviating header wrapped like the others
            i += 1
        self.deviating.append((at, found, official, self.cells[at]))
        return i + 1


def _near_header(n: str, stems: dict[str, str]) -> str | None:
    """The header a mistyped cell (结果更正) most likely is: as for rows, clearly the most similar
    of the table's headers (labels.NEAR_RATIO / NEAR_MARGIN) and of about its length."""
    if len(n) < 3:
        return None
    scored = sorted(
        ((SequenceMatcher(None, n, x, autojunk=False).ratio(), o) for x, o in stems.items() if abs(len(x) - len(n)) <= 2),
        reverse=True,
    )
    if not scored:
        return None
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    if scored[0][0] >= NEAR_RATIO - 0.1 and scored[0][0] - runner_up >= NEAR_MARGIN:
        return scored[0][1]
    return None


def _segments(text: str, words) -> bool:
    """Whether `text` is two or more of `words` glued together (结果维持结果纠正)."""
    words = [w for w in words if w]
    ok = [True] + [False] * len(text)  # ok[k]: text[:k] is made of words
    parts = [0] * (len(text) + 1)
    for k in range(1, len(text) + 1):
        for w in words:
            if k >= len(w) and ok[k - len(w)] and text[k - len(w) : k] == w:
                ok[k] = True
                parts[k] = max(parts[k], parts[k - len(w)] + 1)
    return ok[len(text)] and parts[len(text)] >= 2


def _cells_on_one_line(text: str, stems) -> bool:
    """Whether a line is several header cells read as one (`自然 法人或其他组织 总计`, a header
    the page break cut): parts apart, each an official header or a piece of one, one whole."""
    parts = [stem(p) for p in text.split()]
    if len(parts) < 2 or not all(parts):
        return False
    return all(any(p in s for s in stems) for p in parts) and any(p in stems for p in parts)


def _completed(piece: str, stems, pieces: set[str]) -> bool:
    """Whether `piece` is part of an official header whose other parts are cells of the header too."""
    for s in stems:
        if piece == s or piece not in s:
            continue
        at = s.find(piece)
        while at >= 0:
            before, after = s[:at], s[at + len(piece) :]
            if all(not x or x in pieces or _segments(x, pieces) for x in (before, after)):
                return True
            at = s.find(piece, at + 1)
    return False
