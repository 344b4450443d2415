"""Group labels of a borderless PDF table (`（三）不予公开`, `三、本年度办理结果`): the pieces
left of the rows' own labels, joined per column and placed before the first row they stand by
(see `pdfrows`, which splits a line's pieces into own-label text and group pieces)."""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from typing import Protocol

from annual_report.readers.layout_lines import Piece

_GROUP_START = re.compile(r"^(?:[（(]|[一二三四五六七八九十]{1,2}、)")


class Band(Protocol):
    """A visual line: its index on the page and its vertical extent."""

    k: int
    top: float
    bottom: float


Item = tuple[int, "str | list[str] | None", bool]


def group_labels(pieces: Sequence[tuple[Band, Piece]], bands: Sequence[Band], pitch: float) -> list[tuple[Band, str, bool]]:
    """Group-label pieces joined per column: pieces on lines close above each other continue one
    label until a piece starts like a label (`（四）`, `三、`)."""
    if not pieces:
        return []
    # Two lines offset by less than a line (a cell's numbers centred between its label's
    # lines) are no line pitch: at least the height of a line.
    pitch = max(pitch, statistics.median(b.bottom - b.top for b in bands))
    out: list[tuple[Band, str, bool]] = []
    for column in _columns(pieces):
        column.sort(key=lambda bp: bp[0].top)
        runs: list[list[tuple[Band, Piece]]] = []
        for band, piece in column:
            if runs and band.top - runs[-1][-1][0].top <= 2.6 * pitch and not _GROUP_START.match(piece.text):
                runs[-1].append((band, piece))
            else:
                runs.append([(band, piece)])
        out.extend((run[0][0], "".join(p.text for _, p in run), len(run) > 1) for run in runs)
    return out


def _columns(pieces: Sequence[tuple[Band, Piece]]) -> list[list[tuple[Band, Piece]]]:
    """Pieces by column: a piece belongs to a column it overlaps by half its own width."""
    columns: list[tuple[list[int], list[tuple[Band, Piece]]]] = []  # ([start, end], pieces)
    for band, piece in sorted(pieces, key=lambda bp: bp[1].start):
        width = max(1, piece.end - piece.start)
        for span, members in columns:
            if min(span[1], piece.end) - max(span[0], piece.start) >= width / 2:
                span[0], span[1] = min(span[0], piece.start), max(span[1], piece.end)
                members.append((band, piece))
                break
        else:
            columns.append(([piece.start, piece.end], [(band, piece)]))
    return [members for _, members in columns]


def place_groups(items: list[Item], groups: list[tuple[Band, str, bool]]) -> None:
    """Each group label goes right before the first row at or below its first piece."""
    for band, text, _joined in sorted(groups, key=lambda g: g[0].top, reverse=True):
        at = next((n for n, it in enumerate(items) if it[0] >= band.k), len(items))
        items.insert(at, (items[at][0] if at < len(items) else band.k, text, True))
