"""rules/narrative.py: narrative.conflict, section5.empty, section6.fee_statement,
text.template_leftover, text.foreign_unit, text.repeated — on factory reports and the seeds."""

from __future__ import annotations

import pytest

from annual_report.rules import run_rules
from tests.unit.report_factory import make_previous, make_report, seed_report, set_cell

ZERO = [0] * 6


def zero_report(**kw):
    return make_report(results={}, carried_over=ZERO, carried_forward=ZERO, appeals={}, **kw)


def findings_with(section: str, text: str, appended: bool = False) -> list:
    """The findings of a clean generated report whose section `section` reads `text` (or, with
    `appended`, its usual text followed by `text`)."""
    report = make_report()
    report.sections[section].text = report.sections[section].text + text if appended else text
    return run_rules(report)


def with_overview(report, text):
    report.sections["overview"].text = text
    report.text = ""
    return report


# ---------------------------------------------------------------- seeds


@pytest.mark.parametrize(
    ("seed", "expected"),
    [
        ("000", ["section6.fee_statement"]),  # 六 says only “无其他需要报告的事项”
        ("001", ["section6.fee_statement"]),  # 六 says “无”; the fee sentence sits in 一
        ("002", ["section6.fee_statement"]),
        ("003", []),  # 2020 report: no fee statement required; “现将我镇…” is its own name
        ("004", ["text.template_leftover"]),  # “或者是创新情况” left from the template
    ],
)
def test_seed_texts_with_consistent_zero_tables(seed, expected):
    assert [f.rule for f in run_rules(seed_report(seed))] == expected


@pytest.mark.parametrize(
    ("seed", "conflicts"),
    [
        (
            "000",
            [
                ("new_received", "未收到公民、法人或其他组织提出的政府信息公开申请"),
                ("reconsideration", "未发生因有关政府信息公开而引发的行政复议"),
            ],
        ),
        ("001", [("new_received", "无依申请公开"), ("reconsideration", "行政复议")]),
        ("002", []),
        ("003", [("new_received", "无依申请公开")]),
        ("004", [("new_received", "接收群众申请公开0件")]),
    ],
)
def test_seed_texts_against_tables_that_count_applications(seed, conflicts):
    found = [f for f in run_rules(seed_report(seed, zero_tables=False)) if f.rule == "narrative.conflict"]
    assert [f.row for f in found] == [row for row, _ in conflicts]
    for f, (_, quote) in zip(found, conflicts, strict=True):
        assert quote in f.message and f.severity == "warning"


# ---------------------------------------------------------------- narrative.conflict


def test_text_says_none_while_table_counts_twelve():
    report = with_overview(make_report(), "2022年，我镇未收到公民、法人或其他组织提出的政府信息公开申请。")
    [f] = run_rules(report)
    assert (f.rule, f.table, f.row, f.column) == ("narrative.conflict", "applications", "new_received", "总计")
    assert f.where.startswith("一、总体情况 ·“")
    assert "“本年新收政府信息公开申请数量”行“总计”为 12" in f.message


def test_text_counts_applications_while_table_has_none():
    report = with_overview(zero_report(), "本年度共收到政府信息公开申请3件，均已按时答复。")
    [f] = run_rules(report)
    assert f.rule == "narrative.conflict"
    assert "有政府信息公开申请 3 件" in f.message and "为 0" in f.message


@pytest.mark.parametrize(
    "text",
    [
        "本年度共收到政府信息公开申请0件。",
        "我镇共接收群众申请公开0件。",
        "2021年无依申请公开政府信息。",
        "没有收到政府信息公开申请。",
    ],
)
def test_ways_of_saying_none(text):
    report = with_overview(make_report(), text)
    assert [f.rule for f in run_rules(report)] == ["narrative.conflict"]
    assert run_rules(with_overview(zero_report(), text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "对收到的政府信息公开申请，我镇均在法定期限内答复。",  # no count
        "未经复议直接起诉的案件由法院审理。",  # a table heading, not a denial
        "未发生政府信息公开行政复议被纠正的情况。",  # says none was corrected, not none filed
        "未按时答复，被申请行政复议1起。",  # the negation is about something else
        "主动公开政府信息209条。",
        "未收到有关政府信息公开工作的申诉。",
    ],
)
def test_not_a_claim_against_the_tables(text):
    assert run_rules(with_overview(make_report(), text)) == []


def test_reconsideration_and_litigation_denials():
    report = make_report(appeals={"reconsideration": [1, 0, 0, 0], "litigation_direct": [0, 0, 1, 0]})
    with_overview(report, "本年度未发生因政府信息公开引发的行政复议和行政诉讼案件。")
    found = run_rules(report)
    assert [(f.rule, f.row) for f in found] == [
        ("narrative.conflict", "reconsideration"),
        ("narrative.conflict", "litigation_direct"),
    ]
    assert "两项行政诉讼的“总计”之和为 1" in found[1].message


def test_litigation_zero_count_sentence():
    report = make_report(appeals={"litigation_after_reconsideration": [0, 1, 0, 0]})
    with_overview(report, "我镇共接收群众申请公开12件，提起诉讼的0件。")
    [f] = run_rules(report)
    assert (f.rule, f.row) == ("narrative.conflict", "litigation_direct")


def test_one_conflict_per_topic_even_if_repeated():
    report = with_overview(make_report(), "我镇未收到政府信息公开申请。全年无依申请公开事项。")
    assert [f.rule for f in run_rules(report)] == ["narrative.conflict"]


def test_empty_table_cell_is_not_compared():
    report = with_overview(make_report(), "我镇未收到政府信息公开申请。")
    set_cell(report, "applications", "new_received", 6, None)
    assert [f.rule for f in run_rules(report)] == ["cell.missing"]


@pytest.mark.parametrize(
    "text",
    [
        "2022年，我镇受理政府信息公开申请 17 件，均已在法定期限内予以答复。",  # 洪泽区 2024's wording
        "本年度共收到政府信息公开申请9件。",
        "全年新收政府信息公开申请20件。",
        "我镇共接收群众申请公开3件。",
    ],
)
def test_stated_new_applications_differ_from_the_table(text):
    report = with_overview(make_report(), text)  # 本年新收 总计 12, 上年结转 1
    [f] = run_rules(report)
    assert (f.rule, f.severity, f.table, f.row, f.column) == ("narrative.conflict", "warning", "applications", "new_received", "总计")
    assert "即本年新收政府信息公开申请" in f.message and "为 12" in f.message


@pytest.mark.parametrize(
    "text",
    [
        "本年度共收到政府信息公开申请12件，均在法定期限内答复。",  # agrees
        "本年度共受理政府信息公开申请13件（含上年结转1件）。",  # new + carried over
        "本年度共办理政府信息公开申请13件。",  # 办理 may include last year's
        "其中，网上受理政府信息公开申请5件。",  # a part
        "其中当面受理政府信息公开申请5件。",
        "通过信函收到政府信息公开申请2件。",
        "2021年，我镇收到政府信息公开申请3件。",  # another year
        "上年受理政府信息公开申请3件。",
        "累计受理政府信息公开申请300件。",
        "依申请公开5件。",  # may be any result row
        "答复政府信息公开申请11件。",
    ],
)
def test_counts_that_need_not_equal_new_applications(text):
    assert run_rules(with_overview(make_report(), text)) == []


def test_huaian_2024_sentence_agrees_with_its_table():
    report = make_report(results={"granted": [3050, 0, 0, 0, 0, 0]}, carried_over=[34, 0, 0, 0, 0, 0], carried_forward=[103, 0, 0, 0, 0, 0])
    assert report.tables.applications["new_received"][6].value == 3119
    text = (
        "2022 年，全市共受理政府信息公开申请 3119 件，答复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度答复），"
        "均在法定期限内予以答复。"
    )
    assert run_rules(with_overview(report, text)) == []
    assert [f.rule for f in run_rules(with_overview(report, text.replace("3119", "3120")))] == ["narrative.conflict"]


# ---------------------------------------------------------------- stated 行政复议 / 行政诉讼 counts

# make_report's table 3 (default): 行政复议 1 0 0 0 | 1; both 行政诉讼 rows 0.
LITIGATION_3 = {"reconsideration": [1, 0, 0, 0], "litigation_direct": [1, 0, 0, 0], "litigation_after_reconsideration": [1, 1, 0, 0]}


@pytest.mark.parametrize(
    ("text", "appeals", "row", "said", "table"),
    [
        ("本年度发生政府信息公开行政复议案件2件。", None, "reconsideration", "本年度行政复议案件 2 件", "为 1"),
        ("2022年，我镇被申请行政复议 3 起，均已办结。", None, "reconsideration", "本年度行政复议案件 3 件", "为 1"),
        ("全年共发生行政诉讼2件。", LITIGATION_3, "litigation_direct", "本年度行政诉讼案件 2 件", "之和为 3"),
        ("政府信息公开行政诉讼 1 件，其中结果维持1件。", LITIGATION_3, "litigation_direct", "本年度行政诉讼案件 1 件", "之和为 3"),
    ],
)
def test_stated_appeal_count_differs_from_table_3(text, appeals, row, said, table):
    report = with_overview(make_report(appeals=appeals), text)
    [f] = run_rules(report)
    assert (f.rule, f.severity, f.table, f.row, f.column) == ("narrative.conflict", "warning", "appeals", row, "总计")
    assert f"即{said}" in f.message and table in f.message
    assert f.where.startswith("一、总体情况 ·“")


@pytest.mark.parametrize(
    "text",
    [
        "本年度发生政府信息公开行政复议案件1件。",  # agrees
        "全年共发生行政诉讼3件。",  # agrees: 1 direct + 2 after 复议
        "行政复议结果维持2件。",  # an outcome, not the total
        "其中行政复议被纠正2件。",
        "行政复议结果纠正0件。",  # a part that is 0 says nothing about the total
        "复议后起诉的2件。",  # one kind of 行政诉讼
        "未经复议直接起诉2件。",
        "行政复议和行政诉讼共4件。",  # both topics together
        "行政复议、行政诉讼各2件。",
        "上年行政复议2件，本年无变化。",  # another period
        "2021年，行政复议5件。",
        "累计发生行政复议10件。",
        "行政复议同比减少2件。",  # a comparison
    ],
)
def test_appeal_counts_that_need_not_equal_the_total(text):
    assert run_rules(with_overview(make_report(appeals=LITIGATION_3), text)) == []


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("行政复议和行政诉讼共0件。", True),  # both topics, but 0 is 0 for each
        ("上年行政复议0件。", False),  # another year
        ("行政复议结果纠正0件。", False),  # a part
    ],
)
def test_zero_appeal_counts(text, fires):
    found = run_rules(with_overview(make_report(), text))  # 行政复议 总计 1
    assert [(f.rule, f.row) for f in found] == ([("narrative.conflict", "reconsideration")] if fires else [])


def test_a_part_above_zero_contradicts_a_zero_total():
    report = with_overview(make_report(appeals={}), "行政复议结果纠正1件。")
    [f] = run_rules(report)
    assert (f.rule, f.row) == ("narrative.conflict", "reconsideration") and "有行政复议 1 件" in f.message


def test_huaian_2024_appeal_sentences_agree_with_table_3():
    appeals = {"reconsideration": [72, 64, 178, 37], "litigation_direct": [13, 4, 8, 1], "litigation_after_reconsideration": [12, 1, 1, 6]}
    text = (
        "政府信息公开行政复议 351件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚未审结 37 件；"
        "政府信息公开行政诉讼 46 件，其中结果维持 25件，结果纠正 5 件，其他结果 9 件，尚未审结 7 件。"
    )
    assert run_rules(with_overview(make_report(appeals=appeals), text)) == []
    found = run_rules(with_overview(make_report(appeals=appeals), text.replace("351件", "350件").replace("46 件", "47 件")))
    assert [(f.rule, f.row) for f in found] == [("narrative.conflict", "reconsideration"), ("narrative.conflict", "litigation_direct")]
    assert "即本年度行政复议案件 350 件" in found[0].message and "为 351" in found[0].message
    assert "即本年度行政诉讼案件 47 件" in found[1].message and "之和为 46" in found[1].message


def test_text_agreeing_with_the_four_results_is_left_to_appeals_total():
    # 总计 miscomputed (洪泽区 2023: 10 + 1 + 0 + 0 with 总计 0): the text's 11 is right.
    report = make_report()
    set_cell(report, "appeals", "reconsideration", 0, 10)
    set_cell(report, "appeals", "reconsideration", 1, 1)
    set_cell(report, "appeals", "reconsideration", 4, 0)
    with_overview(report, "本年度发生政府信息公开行政复议案件11件。")
    assert [f.rule for f in run_rules(report)] == ["appeals.total"]
    with_overview(report, "本年度发生政府信息公开行政复议案件12件。")
    assert [f.rule for f in run_rules(report)] == ["appeals.total", "narrative.conflict"]


# ---------------------------------------------------------------- section5.empty


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("无", "只写了“无”"),
        ("无。", "只写了“无”"),
        ("（一）存在问题\n无\n（二）改进措施\n无", "只写了“无”"),
        ("", "是空的"),
        ("（一）存在的主要问题\n（二）改进情况", "是空的"),
    ],
)
def test_section5_empty(text, says):
    [f] = findings_with("problems", text)
    assert (f.rule, f.severity, f.where) == ("section5.empty", "warning", "五、政府信息公开工作存在的主要问题及改进情况")
    assert says in f.message


def test_section5_short_but_real_text_is_fine():
    report = make_report()
    report.sections["problems"].text = "一是更新不及时。二是加强培训。"
    assert run_rules(report) == []


# ---------------------------------------------------------------- section6.fee_statement


@pytest.mark.parametrize(
    "text",
    [
        "本年度未收取信息处理费。",
        "（一）收取信息处理费0元。",
        "本机关全年收取信息处理费共计120元。",
        "依申请公开未收取任何费用。",
        "无信息处理费收取情况。",
    ],
)
def test_section6_states_the_fee(text):
    assert findings_with("other", text) == []


@pytest.mark.parametrize("text", ["无", "无其他需要报告的事项。", "全镇政府信息公开工作机构数量为1个，具体工作人员为2人。"])
def test_section6_without_fee_statement(text):
    [f] = findings_with("other", text)
    assert (f.rule, f.severity, f.where) == ("section6.fee_statement", "warning", "六、其他需要报告的事项")
    assert "信息处理费" in f.message


def test_section6_fee_statement_is_not_required_before_2021():
    report = make_report("2019", year=2020)
    report.sections["other"].text = "无"
    assert run_rules(report) == []


# ---------------------------------------------------------------- text.template_leftover


@pytest.mark.parametrize("leftover", ["（文字描述）", "或者是创新情况", "此处填写", "XX镇", "××乡", "20XX年"])
def test_template_leftover(leftover):
    report = make_report()
    report.sections["problems"].text += f"\n{leftover}"
    [f] = run_rules(report)
    assert (f.rule, f.severity) == ("text.template_leftover", "warning")
    assert f.where.startswith("五、政府信息公开工作存在的主要问题及改进情况 ·“")
    assert "是模板里的说明或占位文字" in f.message


def test_two_leftovers_are_two_findings_in_text_order():
    report = make_report()
    report.sections["overview"].text += "（文字描述）"
    report.sections["other"].text += "此处填写创新做法。"
    found = run_rules(report)
    assert [(f.rule, f.where.split(" ·")[0]) for f in found] == [
        ("text.template_leftover", "一、总体情况"),
        ("text.template_leftover", "六、其他需要报告的事项"),
    ]


@pytest.mark.parametrize("text", ["网址：http://www.jxfc.gov.cn/xxgk_gknb.shtml。", "申请人请填写《政府信息公开申请表》并提交。"])
def test_real_prose_is_no_leftover(text):
    assert findings_with("overview", text, appended=True) == []


def test_leftover_in_the_title_outside_sections():
    report = make_report()
    report.text = "XX镇2022年政府信息公开工作年度报告\n" + report.text
    found = run_rules(report)
    assert [f.rule for f in found] == ["text.template_leftover"]
    assert found[0].where.startswith("正文 ·")


# ---------------------------------------------------------------- text.foreign_unit


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("一年来，我县认真贯彻《条例》。", "我县"),
        ("本年度我区主动公开信息300条。", "我区"),
        ("我局严格落实保密审查制度。", "我局"),
        ("本部门将政务公开纳入考核。", "本部门"),
        ("我乡进一步完善制度。", "我乡"),
        ("现将红星镇2022年政府信息公开工作年度报告如下。", "红星镇"),
    ],
)
def test_foreign_unit(text, term):
    [f] = findings_with("overview", text, appended=True)
    assert (f.rule, f.severity) == ("text.foreign_unit", "warning")
    assert f"“{term}”" in f.message and "上塘镇" in f.message


@pytest.mark.parametrize(
    "text",
    [
        "在县委、县政府的正确领导下，我镇扎实推进。",
        "按照区委、区政府的要求和部署开展工作。",
        "我乡镇按要求及时制定有关制度。",
        "积极参加县政府办公室组织的培训。",
        "根据市政府部署安排，我镇紧抓线上线下两条线。",
        "现将上塘镇2022年政府信息公开工作年度报告如下。",
        "现将我镇2022年度政府信息公开工作报告如下。",
        "汇总本单位在丰城市政府网站的数据。",
    ],
)
def test_legitimate_mentions_are_not_foreign(text):
    assert findings_with("overview", text, appended=True) == []


def test_repeated_foreign_term_in_one_section_is_one_finding_with_a_count():
    report = make_report()
    report.sections["problems"].text += "我局人员不足。我局将加强培训。我局将完善制度。"
    [f] = run_rules(report)
    assert "（本部分共 3 处）" in f.message


def test_a_xiang_must_not_call_itself_wo_zhen():
    report = make_report(organization="红星乡")
    report.sections["other"].text += "我镇明年将继续完善。"
    [f] = run_rules(report)
    assert f.rule == "text.foreign_unit" and "“我镇”" in f.message and "应写“我乡”" in f.message


def test_foreign_unit_only_for_township_reports():
    report = make_report(organization="丰城市司法局")
    report.sections["overview"].text += "我局严格落实保密审查制度。"
    assert run_rules(report) == []


# ---------------------------------------------------------------- text.repeated


def test_text_copied_from_last_year():
    report = make_report()
    previous = make_previous(report, variant=0)  # same wording, other year and numbers
    [f] = run_rules(report, previous)
    assert (f.rule, f.severity) == ("text.repeated", "warning")
    assert "与2021年度报告相同" in f.message and "100%" in f.message


def test_rewritten_text_is_not_repeated():
    report = make_report()
    assert run_rules(report, make_previous(report, variant=1)) == []


def test_partly_reused_text_is_below_the_threshold():
    report = make_report()
    previous = make_previous(report, variant=0)
    previous.sections["overview"].text = previous.sections["overview"].text.split("。")[0] + "。"
    assert run_rules(report, previous) == []
