"""Words of a PDF page for the borderless-table reader (`pdfcolumns`): visual lines, words cut
or joined where the PDF producer's word boundaries are not the table's cell boundaries.

pdfplumber's words follow gaps between characters and changes of font subset, not cells: a
word may run over two cells whose texts nearly touch (`（三）不予公4.保护…` with 1 pt between
the columns, `0000000` in narrow value columns), or a label may be cut where its font subset
changes (`1` `.本机` `关`). Cell edges are found where many lines start a word after a gap.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from itertools import islice

from annual_report.readers.cjk import is_cjk
from annual_report.readers.layout_lines import starts_official
from annual_report.readers.pdfgeometry import split_digit_words as split_digit_words  # pdffallback's, here since words were
from annual_report.readers.pdfgeometry import word_from

# A cell's number, maybe with its unit (3件, 12.5万元: some reports print counts so) or with
# thousands separators (1,234; 1，234), as word and ruled-table readers meet them.
NUMBER = re.compile(r"^(?:增加?|减少?)?[-－]?\d[\d,，]*(?:[.．]\d+)?(?:件|条|个|项|人次|次|万元|元)?$")
_TOUCH = 0.3  # points: words closer than this are one word cut by the PDF producer
_EDGE_LINES = 3  # lines that start a word at one x before it is a cell edge
_EDGE_SLACK = 0.2  # of a character's height: how far right of a column edge a word may start at it


def visual_lines(words: list[dict]) -> list[list[dict]]:
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines:
            ref = lines[-1][0]
            height = max(1.0, ref["bottom"] - ref["top"])
            if abs(w["top"] - ref["top"]) <= height * 0.3:
                lines[-1].append(w)
                continue
        lines.append([w])
    for line in lines:
        line.sort(key=lambda w: w["x0"])
    return lines


def unit(words: list[dict]) -> float:
    """Half the width of a CJK character: the unit `layout` measures positions in."""
    widths = [(w["x1"] - w["x0"]) / len(w["text"]) for w in words if w["text"] and all(is_cjk(c) for c in w["text"])]
    return (statistics.median(widths) if widths else 10.0) / 2


def touching(words: list[dict]) -> list[dict]:
    """Words that touch (no gap at all) are one word: pdfplumber cuts a word where the font
    subset changes (`1` / `.本机` / `关`), and a lone `1` would read as a number."""
    out: list[dict] = []
    for w in words:
        prev = out[-1] if out else None
        if prev is not None and w["x0"] - prev["x1"] < _TOUCH and not (NUMBER.match(prev["text"]) and NUMBER.match(w["text"])):
            out[-1] = {**prev, "text": prev["text"] + w["text"], "x1": w["x1"]}
            continue
        # less than half a character apart: a font change inside one cell, not a column gap
        close = prev is not None and w["x0"] - prev["x1"] < 0.5 * max(1.0, w["bottom"] - w["top"])
        if prev is not None and close and _number_in_two_fonts(prev["text"], w["text"]):
            out[-1] = {**prev, "text": prev["text"] + w["text"], "x1": w["x1"]}  # 增 1, 0 件: one cell
            continue
        out.append(w)
    return out


CHANGE = re.compile(r"^(?:增加?|减少?)$")
UNIT = re.compile(r"^(?:件|条|个|项|次|人次|万元|元)$")


def units_under_numbers(visual: list[list[dict]], absorbed: list[dict]) -> list[list[dict]]:
    """A count's unit wrapped under it in a narrow column (`0` over `件`) goes back to its
    number, and so does the end of a number its cell wrapped (`_digit_tails`); the line keeps
    its other words (the end of a wrapped label), or goes if none. The words moved are added
    to `absorbed` (their place is the table's, not prose)."""
    out: list[list[dict]] = []
    reach: list[float] = []  # the bottom of each line of `out` with the lines absorbed into it
    for line in _centred_between(visual, absorbed):
        at = _host_line(out, reach, line)
        above = out[at] if out else []
        numbers = _bare_numbers(above)
        changes = [w for w in above if CHANGE.match(w["text"])]
        # past lines between, only the strict kind of tail (a few digits under long numbers)
        label = "".join(w["text"] for w in above if not (NUMBER.match(w["text"]) or CHANGE.match(w["text"])))
        tails = _digit_tails(line, numbers + changes, bool(out) and at == len(out) - 1 and _in_the_cell(line, above, reach[at]), label)
        rest: list[dict] = []
        for w in line:
            host = tails.get(id(w)) or next((n for n in numbers if _unit_under(w, n)), None)
            if host is None:
                rest.append(w)
                continue
            host["text"] += w["text"]
            if host in numbers:
                numbers.remove(host)
            absorbed.append(w)
        if rest:
            out.append(rest)
            reach.append(max(w["bottom"] for w in rest))
        elif out:
            reach[at] = max(reach[at], max(w["bottom"] for w in line))
    return _units_apart(out)


def _units_apart(visual: list[list[dict]]) -> list[list[dict]]:
    """Counts' units with no numbers above them on the page (`件` atop a page, their counts on
    the page before) and the ends of labels left of them (`果` of the group label `三、本年度办
    理结` | `果`): the units are the rest of a row the break cut, the words left of them rests of
    that row's labels, no row of their own. The units go on a line of their own, the label words
    on the next."""
    for k, line in enumerate(visual):
        if any(NUMBER.match(w["text"]) for w in line):
            break
        units = [w for w in line if UNIT.match(w["text"])]
        rest = [w for w in line if not UNIT.match(w["text"])]
        if len(units) >= 2 and rest and max(w["x1"] for w in rest) <= min(w["x0"] for w in units):
            return [*visual[:k], units, rest, *visual[k + 1 :]]
    return visual


def _host_line(out: list[list[dict]], reach: list[float], line: list[dict]) -> int:
    """Index in `out` of the line whose numbers `line` may end (a unit or digits wrapped under
    them): the last line, or the last one with numbers when the lines after it lie wholly
    left of those numbers and `line` follows it at a cell's line spacing (a label centred in
    its cell, a group label set one character per line at its own pitch, print lines between
    a row's counts and their units)."""
    last = len(out) - 1
    for at in range(last - 1, max(-1, last - 3), -1):
        numbers = [w for w in out[at] if NUMBER.match(w["text"]) or CHANGE.match(w["text"])]
        if not numbers:
            continue
        first = min(w["x0"] for w in numbers)
        between = [w for skipped in out[at + 1 :] for w in skipped]
        if all(w["x1"] <= first for w in between) and _in_the_cell(line, out[at], reach[at]):
            return at
        break
    return last


def _bare_numbers(line: list[dict]) -> list[dict]:
    """The line's numbers printed without their unit (a unit wrapped below may be theirs)."""
    return [w for w in line if NUMBER.match(w["text"]) and not UNIT.search(w["text"][-1])]


def _unit_under(unit: dict, number: dict) -> bool:
    """`unit` is a count's unit set under `number` in its column (`0` over `件`), aligned left,
    centred or right: the one's middle lies within the other (a unit is often wider than a
    one-digit count, so right- or centre-aligned it starts before it)."""
    if not UNIT.match(unit["text"]):
        return False
    left = number["x0"] - 1 <= unit["x0"] and unit["x1"] <= number["x1"] + 1.5 * max(1.0, unit["bottom"] - unit["top"])
    return left or _middle_within(unit, number) or _middle_within(number, unit)


def _middle_within(a: dict, b: dict) -> bool:
    return b["x0"] - 1 <= (a["x0"] + a["x1"]) / 2 <= b["x1"] + 1


def _centred_between(visual: list[list[dict]], absorbed: list[dict]) -> list[list[dict]]:
    """A row whose counts wrap (`32` over `件`) in cells centred vertically: the row's one-line
    cells (`0件`), and its label when it is one line (`（七）总计`) or the middle line of its
    label, print between the wrapped cells' two lines. That middle line is the row's: the
    counts above it join it when it fills other columns than they do, its labels stand left of
    every count, and the line below goes on with one of those counts: a unit under it, or the
    digits its cell wrapped (`10` over `5`, `_tail_under`). Words of the line above that are no
    counts (a group label's piece) stay on their line; the digits below end their counts there
    and then, beside the rest of a label too (`320` as `32` over `0` by `事项`), and go to
    `absorbed`."""
    out = [list(line) for line in visual]
    i = 1
    while i + 1 < len(out):
        above, middle, below = out[i - 1], out[i], out[i + 1]
        counts = [w for w in above if NUMBER.match(w["text"])]
        bare = _bare_numbers(above)
        # nothing but the heads of wrapped counts, or beside them only the row's label wrapped too
        lone = all(NUMBER.match(w["text"]) for w in above) or _label_wrapped_around(above, middle, below)
        continues = any(_unit_under(u, n) or _tail_under(u, n, lone) for u in below for n in bare)
        cells = [w for w in middle if NUMBER.match(w["text"])]
        if (
            bare
            and continues
            and cells
            and _apart(counts, cells)
            and not _under_a_change(cells, above)
            and _labels_left(middle, counts + cells)
            and _stacked(above, middle, below)
        ):
            rest = [w for w in above if w not in counts]
            out[i] = sorted(middle + counts, key=lambda w: w["x0"])
            for tail in [u for u in below if any(_tail_under(u, n, lone) for n in bare)]:
                host = next((n for n in bare if _tail_under(tail, n, lone)), None)
                if host is None:
                    continue
                host["text"] += tail["text"]
                bare.remove(host)
                below.remove(tail)
                absorbed.append(tail)
            if not below:
                del out[i + 1]
            if rest:
                out[i - 1] = rest
                i += 1
            else:
                del out[i - 1]
            continue
        i += 1
    return out


def _label_wrapped_around(above: list[dict], middle: list[dict], below: list[dict]) -> bool:
    """The row's label wraps beside its wrapped counts (`行政规范性 １` / `２ ０` / `文件 ２`): the
    words of the three lines that are no counts (the label's lines, a group label's between,
    `无` of `（四）` / `无` / `法提供`) stand left of every count."""
    counts = [w for w in above + middle + below if NUMBER.match(w["text"])]
    return bool(counts) and all(_labels_left(line, counts) for line in (above, middle, below))


def _under_a_change(cells: list[dict], above: list[dict]) -> bool:
    """A digit under a bare 增/减 is that change's number wrapped (`增` over `1`), no one-line cell
    of a centred row: the row is top-aligned (pdf_word-1001313)."""
    return any(CHANGE.match(w["text"]) and _aligned(c, w) for w in above for c in cells)


def _tail_under(tail: dict, number: dict, lone: bool = False) -> bool:
    """`tail` is the end of `number` (two digits or more) its narrow cell wrapped onto the line
    below: digits only, in line with it (`_aligned`). `lone`: `number` stands on a line of
    nothing but counts (or the row's wrapped label), so one full-width digit (as wide as two) may be the head too (`１` over
    `６` around a row's one line, `行政规范性文件 ５ ２`)."""
    head = len(number["text"]) >= 2 or (lone and _FULL_WIDTH_DIGIT.match(number["text"]) is not None)
    return bool(_DIGITS.match(tail["text"]) and _DIGITS.match(number["text"])) and head and _aligned(tail, number)


def _aligned(a: dict, b: dict) -> bool:
    """In line in one cell: the same left edge, right edge or centre (within a point)."""
    return abs(a["x0"] - b["x0"]) <= 1 or abs(a["x1"] - b["x1"]) <= 1 or abs(a["x0"] + a["x1"] - b["x0"] - b["x1"]) <= 2


def _labels_left(line: list[dict], counts: list[dict]) -> bool:
    """Every word of `line` that is no count ends left of every count (a row's label cells)."""
    first = min(w["x0"] for w in counts)
    return all(w["x1"] <= first for w in line if not NUMBER.match(w["text"]))


def _apart(a: list[dict], b: list[dict]) -> bool:
    """No word of one line overlaps a word of the other in x (they fill different columns)."""
    return all(w["x1"] <= v["x0"] or v["x1"] <= w["x0"] for w in a for v in b)


def _stacked(above: list[dict], middle: list[dict], below: list[dict]) -> bool:
    """The three lines follow each other at a text line's spacing (one row's lines)."""
    height = max(1.0, max(w["bottom"] - w["top"] for w in above))
    gap1 = min(w["top"] for w in middle) - max(w["bottom"] for w in above)
    gap2 = min(w["top"] for w in below) - max(w["bottom"] for w in middle)
    return gap1 < height and gap2 < height


_DIGITS = re.compile(r"^[0-9０-９]+$")
_FULL_WIDTH_DIGIT = re.compile(r"^[０-９]$")
# a row's own numbering, also cut short (`（五` at a page's foot): layout_lines.NUMBERED wants it whole
_ROW_NUMBERING = re.compile(r"^(?:\d{1,2}[.、．]|[（(][一二三四五六七八九十]|[一二三四五六七八九十]、)")


def _digit_tails(line: list[dict], hosts: list[dict], in_the_cell: bool, label: str = "") -> dict[int, dict]:
    """The end of a number wrapped onto the next line by its narrow cell (`１０` over `３`, `34`
    over `8`, `增` over `1`): digits only, each in line with a number or 增/减 above it (its left
    or right edge, or its centre in a cell centred). Either a line of nothing but such digits, set at the cell's line spacing
    right under the row (a next row starts a row's spacing below, or with its label), or, in a
    row of table 2 or 3, a line that holds far fewer numbers than the row above, each under a
    number of two or more digits (or of one full-width digit, at a cell's line spacing),
    beside the end of a wrapped label (not a numbered label of its own). In a row of table 1
    (three counts), only at a cell's line spacing beside the rest of the row's `label` (`行政规`
    over `范性文件`: no label of a next row). {id(tail): its host above}."""
    found = [w for w in line if NUMBER.match(w["text"])]
    words = [w["text"] for w in line if not NUMBER.match(w["text"])]
    if not found:
        return {}
    if words or not in_the_cell:
        numbers = [n for n in hosts if NUMBER.match(n["text"])]
        rest = in_the_cell and bool(words) and _label_rest(label, "".join(words))
        if (len(numbers) < 5 and not rest) or 2 * len(found) > len(numbers) or (words and _ROW_NUMBERING.match(words[0])):
            return {}
        if not _within_the_row(found, numbers):
            return {}
        # a number of two digits or more, or one full-width digit (as wide as two) right above
        # (or a change word left without its number, `减` over `2` beside `务事项`)
        hosts = [n for n in numbers if len(n["text"]) >= 2 or (in_the_cell and _FULL_WIDTH_DIGIT.match(n["text"]))] + [
            c for c in hosts if CHANGE.match(c["text"])
        ]
    out: dict[int, dict] = {}
    for w in found:
        host = next((n for n in hosts if _aligned(n, w)), None)
        if host is None or not _DIGITS.match(w["text"]) or host in out.values():
            return {}
        out[id(w)] = host
    return out


def _label_rest(label: str, rest: str) -> bool:
    """`rest` goes on with `label` into (the start of) an official label, and starts none itself."""
    return bool(label) and starts_official(label + rest) and not starts_official(rest)


def _within_the_row(found: list[dict], numbers: list[dict]) -> bool:
    """The line is near enough to the numbers above to be part of their row (a cell wraps its
    number over a line or two): a page number (`- 1 -`) under the table's last row on the page
    is far below it and is not the end of the number it happens to line up with."""
    height = max(1.0, max(n["bottom"] - n["top"] for n in numbers))
    return min(w["top"] for w in found) - max(n["bottom"] for n in numbers) < 2.5 * height


def _in_the_cell(line: list[dict], above: list[dict], bottom: float) -> bool:
    """`line` follows `above` (which reaches down to `bottom`) at a text line's spacing: less
    than 0.6 of a line's height between them, as a cell's next line does."""
    if not above:
        return False
    height = max(1.0, max(w["bottom"] - w["top"] for w in above))
    return min(w["top"] for w in line) - bottom < 0.6 * height


def _number_in_two_fonts(a: str, b: str) -> bool:
    """增 / 减 before a number, or a unit after it: the digits in the Latin font, the rest in
    the CJK one, a little apart, still one cell."""
    if CHANGE.match(a):
        return bool(NUMBER.match(b))
    return bool(UNIT.match(b)) and bool(NUMBER.match(a)) and not UNIT.search(a[-1])


def edges(visual: list[list[dict]]) -> list[float]:
    """Left edges where words start after a gap on at least `_EDGE_LINES` lines: the left side
    of a label column. A gap narrower than half a character that ends at such an edge
    still separates two cells (`三、` of a group label, then `情形，不计…` of the row's own label)."""
    starts: dict[int, set[int]] = {}
    for k, line in enumerate(visual):
        for prev, w in zip([None, *line], line):
            if prev is None or w["x0"] - prev["x1"] >= _TOUCH:
                starts.setdefault(round(w["x0"]), set()).add(k)
    return sorted(x for x, lines in starts.items() if sum(len(starts.get(x + d, ())) for d in (-1, 0, 1)) >= _EDGE_LINES)


def value_columns(visual: list[list[dict]], start: int = 0, rows: int = 4) -> list[tuple[float, float]]:
    """The x spans of the columns of numbers in the first `rows` rows (lines of two numbers or
    more) from line `start`, overlapping spans joined (numbers set left, centred or right in
    their cells). Only a few rows, and no line after them (this runs per line): the columns of
    another table on the page (table 1's parts above table 2) are not these."""
    numbered = ([w for w in line if NUMBER.match(w["text"])] for line in islice(visual, start, None))  # lazily
    spans = sorted((w["x0"], w["x1"]) for numbers in islice((n for n in numbered if len(n) >= 2), rows) for w in numbers)
    out: list[tuple[float, float]] = []
    for a, b in spans:
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def over_two_columns(left: tuple[float, float], right: tuple[float, float], columns: Sequence[tuple[float, float]]) -> bool:
    """Two pieces of text a few points apart stand each over one column of numbers, not the
    same: two header cells (`服务` | `其他` over counts set right in narrow cells, where no
    count starts under a header word and no column edge tells them apart)."""

    def over(span: tuple[float, float]) -> list[int]:
        return [n for n, (a, b) in enumerate(columns) if a < span[1] and span[0] < b]

    a, b = over(left), over(right)
    return len(a) == 1 and len(b) == 1 and a != b


def at_edge(x: float, edges: list[float], size: float = 0.0) -> bool:
    """`x` is where a column starts: within a point of an edge, or, for a character `size`
    high, within a fifth of it (a header centred over counts set left in their cells starts
    that far right of them; the edges are whole points)."""
    slack = max(1.0, _EDGE_SLACK * size)
    return any(abs(x - e) <= slack for e in edges)


def split_at_edges(line: list[dict], chars: list[dict], edges: list[float]) -> list[dict]:
    """A word cut where one of its characters starts at a cell edge after a gap (however
    narrow): the word ran over two cells."""
    if not edges:
        return line
    out: list[dict] = []
    for w in line:
        inside = sorted(
            (c for c in chars if w["x0"] - 0.5 <= c["x0"] and c["x1"] <= w["x1"] + 0.5 and abs(c["top"] - w["top"]) < 2),
            key=lambda c: c["x0"],
        )
        if "".join(c["text"] for c in inside) != w["text"]:
            out.append(w)
            continue
        group = [inside[0]]
        for n, c in enumerate(inside[1:], start=1):
            # a count and its unit (0件, 增1) in two fonts stay one cell, whatever edge the unit meets
            whole = _number_in_two_fonts("".join(x["text"] for x in group), "".join(x["text"] for x in inside[n:]))
            if c["x0"] - group[-1]["x1"] >= _TOUCH and at_edge(c["x0"], edges, c["bottom"] - c["top"]) and not whole:
                out.append(word_from(group, w))
                group = []
            group.append(c)
        out.append(word_from(group, w))
    return out
