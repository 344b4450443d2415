"""rules/metadata.py: metadata.missing, metadata.year_mismatch."""

from __future__ import annotations

from annual_report.rules import run_rules
from annual_report.rules.metadata import body_year
from tests.unit.report_factory import make_report


def test_missing_organization():
    report = make_report()
    report.metadata.organization = None
    report.metadata.full_name = None
    [f] = run_rules(report)
    assert (f.rule, f.severity, f.where) == ("metadata.missing", "warning", "标题")
    assert "没有识别出报告单位" in f.message


def test_missing_year():
    report = make_report()
    report.metadata.year = None
    [f] = run_rules(report)
    assert f.rule == "metadata.missing"
    assert "没有识别出报告年度" in f.message


def test_both_missing_are_two_findings_first_in_order():
    report = make_report()
    report.metadata.organization = None
    report.metadata.full_name = None
    report.metadata.year = None
    report.sections["problems"].present = False
    found = run_rules(report)
    assert [f.rule for f in found] == ["metadata.missing", "metadata.missing", "sections.missing"]


def test_title_and_period_disagree():
    report = make_report()
    report.metadata.period_year = 2021
    [f] = run_rules(report)
    assert (f.rule, f.severity) == ("metadata.year_mismatch", "warning")
    assert "标题为 2022 年" in f.message and "统计期限为 2021 年" in f.message
    assert f.where == "标题、统计期限、正文"


def test_body_about_another_year():
    report = make_report()
    report.metadata.body_years = [2021, 2021, 2021, 2022, 2023]
    [f] = run_rules(report)
    assert f.rule == "metadata.year_mismatch"
    assert "正文主要写的是 2021 年（出现 3 次）" in f.message


def test_next_year_plans_and_publication_date_do_not_count():
    report = make_report()
    report.metadata.body_years = [2022, 2022, 2023, 2023, 2021]  # tie: no dominant year
    assert run_rules(report) == []
    report.metadata.body_years = []
    assert run_rules(report) == []


def test_only_one_source_of_year_is_no_mismatch():
    report = make_report()
    report.metadata.title_year = None
    report.metadata.period_year = None
    report.metadata.body_years = [2019]
    assert run_rules(report) == []


def test_body_year_dominance():
    assert body_year([2021, 2021, 2022]) == (2021, 2)
    assert body_year([2021, 2022, 2021, 2022]) is None  # a tie says nothing
    assert body_year([]) is None
    # extract.metadata gives each year once, most frequent first
    assert body_year([2021, 2022]) == (2021, None)
    assert body_year([2020]) == (2020, None)


def test_body_years_as_the_extractor_gives_them():
    report = make_report()
    report.metadata.body_years = [2022, 2023, 2021]
    assert run_rules(report) == []
    report.metadata.body_years = [2021, 2022]
    [f] = run_rules(report)
    assert "标题为 2022 年，统计期限为 2022 年，正文主要写的是 2021 年。" in f.message
