"""Text readers (stop 27): blank cells that the document's own layout places.

* A stream of cells separated by blank lines prints an empty cell as an empty paragraph (three
  blank lines between two cells). At the end of a row, before the next sub-table's band or
  below a table's last number, that empty paragraph is still the row's blank: the layout says
  which cell it is, so the row is read (not said unreadable).
* One cell per line with no separator (an empty cell: one empty line) cannot tell a table's
  trailing blank from the paragraph break after the table: that row stays unread.
* Layout text: a wrapped label whose last line is a lone closing bracket (`）  0 0 …`) is the
  row of those numbers; a numbered label below it with no numbers is a row left blank.
"""

from __future__ import annotations

from annual_report.extract.tables import TableRegions, extract_tables
from annual_report.model import Tables
from annual_report.readers.text import read_text

T1 = [
    "第二十条第(五)项",
    "信息内容",
    "上一年项目数量",
    "本年增/减",
    "处理决定数量",
    "行政许可",
    "32",
    "-2",
    "0",
    "其他对外管理服务事项",
    "0",
    "0",
    "",  # blank, the row's last cell, right before the next band
    "第二十条第(六)项",
    "信息内容",
    "上一年项目数量",
    "本年增/减",
    "处理决定数量",
    "行政处罚",
    "0",
    "0",
    "0",
    "行政强制",
    "10",
    "2",
    "306",
]
T3_HEAD = [
    "行政复议",
    "行政诉讼",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
    "未经复议直接起诉",
    "复议后起诉",
    *["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
]
T3_VALUES = ["0", "0", "0", "0", "0", "0", "0", "0", "4", "4", "0", "0", "0", "0"] + [""]  # the last cell (复议后起诉 总计) blank
BEFORE = "二、主动公开政府信息情况"
T3_TITLE = "四、政府信息公开行政复议、行政诉讼情况"
NOTE = "注：1.本表所列数据截至2019年12月31日；2.“本年新收”不含上年结转的申请。"
AFTER = "五、存在的主要问题及改进情况\n\n一是公开内容还不够全面。"


def _read(text: str) -> Tables:
    return extract_tables(read_text(text.encode()).blocks, TableRegions())


def _t1(t: Tables, row: str) -> list[object]:
    return [c.value for c in t.active_disclosure[row].values()]


def _t3(t: Tables) -> list[object]:
    return [c.value for key in ("reconsideration", "litigation_direct", "litigation_after_reconsideration") for c in t.appeals[key]]


def test_blank_separated_stream_a_rows_last_blank_before_the_next_band_is_read() -> None:
    text = BEFORE + "\n\n" + "\n\n".join(T1) + "\n\n" + T3_TITLE + "\n\n本年度未发生行政复议、行政诉讼。\n"
    assert "0\n\n\n\n第二十条第(六)项" in text
    t = _read(text)
    assert _t1(t, "other_services") == [0, 0, None]
    assert _t1(t, "licensing") == [32, -2, 0] and _t1(t, "enforcement") == [10, 2, 306]
    assert t.ambiguities == []


def test_blank_separated_stream_table_3s_last_blank_before_the_note_is_read() -> None:
    cells = [T3_TITLE, *T3_HEAD, *(f" {v}" if v else v for v in T3_VALUES), NOTE]
    text = "\n\n".join(cells) + "\n\n" + AFTER + "\n"
    assert " 0\n\n\n\n注" in text
    t = _read(text)
    assert _t3(t) == [0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 0, 0, 0, 0, None]
    assert t.ambiguities == []


def test_blank_separated_stream_table_3s_last_blank_before_a_heading_is_read() -> None:
    cells = [T3_TITLE, *T3_HEAD, *T3_VALUES]
    text = "\n\n".join(cells) + "\n\n" + AFTER + "\n"
    t = _read(text)
    assert _t3(t) == [0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 0, 0, 0, 0, None]
    assert t.ambiguities == []


def test_blank_separated_stream_a_full_table_3_followed_by_extra_blank_lines_gains_no_cell() -> None:
    values = ["0", "0", "0", "0", "0", "0", "0", "0", "4", "4", "0", "0", "0", "0", "0"]
    text = "\n\n".join([T3_TITLE, *T3_HEAD, *values]) + "\n\n\n\n\n\n" + AFTER + "\n"
    t = _read(text)
    assert _t3(t) == [0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 0, 0, 0, 0, 0]
    assert t.ambiguities == []


def test_one_cell_per_line_a_trailing_blank_of_table_3_stays_unplaced() -> None:
    """No separator: the empty line of a blank last cell is also the paragraph break after the
    table, so the fourteen numbers cannot be placed (said once, not guessed)."""
    text = "\n".join([T3_TITLE, *T3_HEAD, *T3_VALUES, NOTE, AFTER]) + "\n"
    t = _read(text)
    assert _t3(t) == [None] * 15
    assert [p.kind for p in t.ambiguities] == ["count"]


LAYOUT = """\
三、收到和处理政府信息公开申请情况

                                            自然人  法人或其他                                                        总计
                                                          组织
                                                      商业企业    科研机构  社会公益组  法律服务机        其他
                                                                                    织          构
一、本年新收政府信息公开申请数量                 0           0           0           0           0           0           0
二、上年结转政府信息公开申请数量                 0           0           0           0           0           0           0
                    （一）予以公开               1           0           0           0           0           0           1
                    （二）部分公开（区
                    分处理的，只计这一
                    情形，不计其他情形
                    ）                           2           0           0           0           0           0           2
                          1.属于国家秘
                          密
                          2.其他法律行
                          政法规禁止公
                          开                     3           0           0           0           0           0           3
                          3.危及“三安
                    （三  全一稳定”              0           0           0           0           0           0           0
                    ）不  4.保护第三方
                    予公  合法权益               0           0           0           0           0           0           0
                    开    5.属于三类内
                          部事务信息             0           0           0           0           0           0           0

四、政府信息公开行政复议、行政诉讼情况
"""


def _t2(t: Tables, row: str) -> list[object]:
    return [c.value for c in t.applications[row]]


def test_layout_a_wrapped_labels_lone_closing_bracket_holds_its_rows_numbers() -> None:
    t = _read(LAYOUT)
    assert _t2(t, "granted") == [1, 0, 0, 0, 0, 0, 1]
    assert _t2(t, "partially_granted") == [2, 0, 0, 0, 0, 0, 2]
    assert _t2(t, "withheld_state_secret") == [None] * 7  # the row left blank, in its own place
    assert _t2(t, "withheld_prohibited_by_law") == [3, 0, 0, 0, 0, 0, 3]
    assert _t2(t, "withheld_three_safeties") == [0] * 7


LONG_BLANK = """\
三、收到和处理政府信息公开申请情况

              1.申请人     0     0     0     0     0     0     0
              无正当理
              由逾期不
              补正、行
              政机关不
              再处理其
              政府信息
      （六）  公开申请
      其他处  2.申请人
      理      逾期未按
              收费通知
              要求缴纳
              费用、行
              政机关不
              再处理其
              政府信息
              公开申请
              3.其他       0     0     0     0     0     0     0
      （七）总计           2     1     0     0     0     0     3
四、结转下年度继续办理     0     0     0     0     0     0     0

四、政府信息公开行政复议、行政诉讼情况
"""


def test_layout_a_long_blank_row_between_long_wrapped_labels_keeps_its_place() -> None:
    """A narrow label column wraps the longest labels over eight lines or more: a row left
    blank between two of them puts more than a dozen label lines between two lines of numbers.
    The numbering that starts the blank row's label says where it begins, however far."""
    t = _read(LONG_BLANK)
    assert _t2(t, "other_no_correction") == [0] * 7
    assert _t2(t, "other_unpaid_fee") == [None] * 7
    assert _t2(t, "other_other") == [0] * 7
    assert _t2(t, "total") == [2, 1, 0, 0, 0, 0, 3]


def test_web_text_a_document_number_glued_before_a_split_titles_first_line_is_its_own_line() -> None:
    """Web text: `平政办发〔2022〕37号平阳县自然资源局` / `2021年政府信息公开工作年度报告` — the 文号
    glued in front of the title's first piece, on a short line of its own."""
    text = (
        "当前位置：首页 > 政务公开 > 政府信息公开年报 > 2021年 平阳县自然资源局2021年政府信息公开工作年度报告 来源：平阳县自然资源局\n"
        "平政办发〔2022〕37号平阳县自然资源局\n"
        "2021年政府信息公开工作年度报告\n"
        "根据《中华人民共和国政府信息公开条例》规定，现公布平阳县自然资源局2021年度政府信息公开工作年度报告。"
        "本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。"
        "一、工作基本情况2021年，在县委、县政府的正确领导下，我局紧紧围绕中心工作，严格落实政府信息公开各项要求。"
        "一是主动公开。一年来我局主动公开各类政府信息242条，其中工作动态121条。本年度共收到政府信息公开申请3件。"
        "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件005\n"
    )
    texts = [" ".join(b.cells) for b in read_text(text.encode()).blocks]
    assert "平政办发〔2022〕37号" in texts
    assert "平阳县自然资源局" in texts


def test_traditional_text_a_word_broken_over_two_lines_is_converted_as_one_word() -> None:
    """`反覆` (simplified 反复) broken by a label's line wrap: t2s converts `覆` alone as itself."""
    from annual_report.readers.traditional import to_simplified

    text = (
        "政府資訊公開工作年度報告。本機關收到政府資訊公開申請，依法予以處理，並按規定公開。" * 2
        + "\n4.無正當理由大量反\n覆申請\n 0\n覆蓋面廣\n"
    )
    out, converted = to_simplified(text)
    assert converted
    assert "4.无正当理由大量反\n复申请" in out
    assert "覆盖面广" in out  # a word of its own on its line stays as t2s converts it


def test_one_cell_per_line_rows_a_blank_last_cell_of_table_3_before_the_next_heading_is_read() -> None:
    """Word's text export (a blank line ends a row): table 3's fifteen numbers on fifteen
    lines, the last cell empty — one more blank line before the next section's heading. The
    blank lines up to that heading are counted even though it opens another section."""
    from annual_report.extract import extract_report

    t2 = ["三、收到和处理政府信息公开申请情况", ""]
    for label in (
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ):
        t2 += [label, *["1", "0", "0", "0", "0", "0", "1"], ""]
    t2 += [
        "（三）不予公开",
        "1.属于国家秘密",
        *["0", "0", "0", "0", "0", "0", "0"],
        "",
        "2.其他法律行政法规禁止公开",
        *["0", "0", "0", "0", "0", "0", "0"],
        "",
    ]
    head = "\n".join(T3_HEAD[:2]) + "\n\n" + "\n".join(T3_HEAD[2:9]) + "\n\n" + "\n".join(T3_HEAD[9:])
    text = "\n".join([*t2, T3_TITLE, "", head, "", *T3_VALUES, "", AFTER.replace("\n\n", "\n")]) + "\n"
    assert "0\n\n\n五、" in text
    report = extract_report(read_text(text.encode()))
    assert _t3(report.tables) == [0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 0, 0, 0, 0, None]
    assert report.tables.ambiguities == []
