"""A part of table 1 whose band or header ends a page (after the part above's last row) and
whose rows open the next page with too few numbers a line to read as a table page by
themselves (`行政事` | `业性收费 0`, `政府` | `集中采购` | `1 88.05`: one or two numbers). That
page continues the table (pdfcontinued.continues_table): read as prose, its header cells and
labels came out cut (pdf_word-308000034, -308000128, -306000028: false label.nonstandard,
false cell.missing)."""

from __future__ import annotations

import pytest

from annual_report.readers.pdfcontinued import continues_table

# (band, header lines, row label, numbers) of the short parts of table 1
_PARTS = [
    ("第二十条第（八）项", ["信息内容 本年收费金额", "（单位：万元）"], "行政事业性收费", ["0"]),
    ("第二十条第（八）项", ["信息内容 上一年", "项目数", "量", "本年增/减"], "行政事业性收费", ["0", "0"]),
    ("第二十条第（九）项", ["信息内容 采购项 采购总金额", "目数量"], "政府集中采购", ["1", "88.05"]),
    ("第二十条第（六）项", ["信息内容 本年处理决定数", "量"], "行政处罚", ["12"]),
]
_ABOVE = ["第二十条第（五）项", "信息内容 本年处理决定数量", "行政许可 0", "其他对外管理服务事项 3"]
_AFTER = ["第三部分 收到和处理政府信息公开申请情况", "本年度收到和处理政府信息公开申请情况如下："]


def _cases():
    for band, header, label, numbers in _PARTS:
        head = [band, *header]
        for cut in range(1, len(head) + 1):
            for wrap in (0, 2, len(label) - 2):
                row = [f"{label} {' '.join(numbers)}"] if not wrap else [label[:wrap], f"{label[wrap:]} {' '.join(numbers)}"]
                if wrap == 2:
                    row = [label[:wrap], label[wrap:], " ".join(numbers)]
                yield head[:cut], head[cut:] + row


@pytest.mark.parametrize(("foot", "top"), list(_cases()))
def test_a_header_at_a_page_foot_and_its_rows_atop_the_next_page_continue_the_table(foot: list[str], top: list[str]) -> None:
    assert continues_table(_ABOVE + foot, top + _AFTER)


@pytest.mark.parametrize(
    ("foot", "top"),
    [
        # the page before ends with prose, not with a band or header
        (["本年度主动公开政府信息情况如下表。"], ["行政事", "业性收费 0", *_AFTER]),
        # a band at the foot but the next page opens with prose before any number
        (["第二十条第（八）项"], ["本部分无相关数据。", "行政事业性收费 0"]),
        # no number atop the next page: the table's rows are not there
        (["第二十条第（八）项"], ["信息内容 本年收费金额", "（单位：万元）", *_AFTER]),
    ],
)
def test_no_continuation_without_a_header_at_the_foot_and_a_row_atop(foot: list[str], top: list[str]) -> None:
    assert not continues_table(_ABOVE + foot, top)
