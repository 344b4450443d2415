"""Splitting a flattened digit run (`898989`) into the cells it was made of.

Web pages copied as text lose the cell borders, so `0 | 12 | 3` arrives as `0123`. A run
can only be split back with what the table itself guarantees: no number has a leading zero,
a row's 总计 is the sum of its columns, table 3's 总计 is the sum of its four results, and
(across rows, see `tables`) 一+二 = （七）+四. When more than one split satisfies all that,
the cells stay empty and the ambiguity is reported: a guessed number is worse than none.
"""

from __future__ import annotations

from collections.abc import Callable

# Enough to see every split of a realistic row, small enough that a hostile 5 MB run of
# digits costs milliseconds.
MAX_NODES = 20_000
MAX_DIGITS = 9  # no count in these tables reaches a billion
MAX_SOLUTIONS = 64

_HALF_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
Check = Callable[[list[int]], bool]  # called on a prefix; False prunes it


def splits(run: str | list[str], n: int, check: Check | None = None, limit: int = MAX_SOLUTIONS) -> list[list[int]] | None:
    """All ways to cut `run` into `n` numbers passing `check`; None when there are too many
    to enumerate (more than `limit`, or the search exceeds its node budget).

    `run` may be several runs (a sign or other separator between them in the text): no number
    spans two runs, and a run starting with "-" starts with a negative number."""
    runs = [run] if isinstance(run, str) else list(run)
    negative = [r.startswith(("-", "－", "−")) for r in runs]
    bodies = [r.lstrip("-－−").translate(_HALF_WIDTH) for r in runs]  # ０１２ is 012
    text = "".join(bodies)
    if n <= 0 or not text.isdigit() or not text.isascii() or len(text) < n or len(text) > n * MAX_DIGITS:
        return []
    if any(not b for b in bodies) or len(runs) > n:
        return []
    starts, pos = set(), 0
    sign_at: set[int] = set()
    for b, neg in zip(bodies, negative, strict=True):
        starts.add(pos)
        if neg:
            sign_at.add(pos)
        pos += len(b)
    boundaries = sorted(starts | {len(text)})
    out: list[list[int]] = []
    nodes = 0
    parts: list[int] = []

    def walk(pos: int) -> bool:  # False: budget exceeded
        nonlocal nodes
        nodes += 1
        if nodes > MAX_NODES:
            return False
        left = n - len(parts)
        if left == 0:
            if pos == len(text):
                out.append(list(parts))
                return len(out) <= limit
            return True
        remaining = len(text) - pos
        if remaining < left:
            return True
        run_end = next(b for b in boundaries if b > pos)
        # A part is "0" or starts with a non-zero digit; leave one digit per later part.
        longest = 1 if text[pos] == "0" else min(MAX_DIGITS, remaining - (left - 1), run_end - pos)
        for size in range(1, longest + 1):
            value = int(text[pos : pos + size])
            parts.append(-value if pos in sign_at else value)
            ok = check is None or check(parts)
            if ok and not walk(pos + size):
                parts.pop()
                return False
            parts.pop()
        return True

    if not walk(0) or len(out) > limit:
        return None
    return out


def row_total_check(n: int) -> Check:
    """Table 2: the last of `n` values is the sum of the others."""

    def check(parts: list[int]) -> bool:
        if len(parts) < n:
            return True
        return parts[-1] == sum(parts[:-1])

    return check


def appeals_check(parts: list[int]) -> bool:
    """Table 3: in each group of five, the fifth is the sum of the first four."""
    if len(parts) % 5 == 0 and parts:
        group = parts[-5:]
        return group[4] == sum(group[:4])
    return True


def subtotal_check(n: int, at: int) -> Check:
    """Table 2 with a column of its own sums (合计 / 小计 of the kinds of 法人或其他组织): the
    value at `at` is the sum of those before it but the first (自然人), and the last of `n`
    values is the first plus that subtotal."""

    def check(parts: list[int]) -> bool:
        if len(parts) == at + 1 and parts[at] != sum(parts[1:at]):
            return False
        return len(parts) < n or parts[-1] == parts[0] + parts[at]

    return check
