"""Classification: what is and what is not an annual report."""

from __future__ import annotations

from pathlib import Path

from annual_report.check import check_bytes

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"  # shared/ sits beside the checkout


def kind(data: bytes):
    return check_bytes(data, "f").classification


def test_all_seeds_are_reports() -> None:
    for p in sorted(SEEDS.glob("*.txt")):
        c = kind(p.read_bytes())
        assert (c.kind, c.format) == ("annual_report", "text"), p
        assert c.confidence >= 0.8


def test_random_notice_is_not_a_report() -> None:
    text = "关于召开全镇安全生产工作会议的通知\n各村、各站所：\n定于2022年3月1日上午9时在镇政府三楼会议室召开安全生产工作会议，请准时参加。\n特此通知。\n"
    c = kind(text.encode())
    assert c.kind == "not_report"
    assert any("通知" in r for r in c.reasons)


def test_meeting_summary_about_disclosure_is_not_a_report() -> None:
    text = (
        "政务公开工作推进会会议纪要\n2022年5月10日，镇政府召开政务公开工作推进会。会议听取了政府信息公开工作情况汇报，"
        "研究了政府信息公开申请办理、行政复议应诉等事项。会议要求各站所做好主动公开政府信息工作。\n"
        "一、会议认为，总体情况良好。\n二、会议要求，加强主动公开。\n"
    )
    c = kind(text.encode())
    assert c.kind == "not_report"
    assert any("会议纪要" in r for r in c.reasons)


def test_unreadable_kinds_have_reason_codes() -> None:
    assert (kind(b"").kind, kind(b"").reason_code) == ("unreadable", "unsupported")
    png = kind(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    assert (png.kind, png.detected_type) == ("unreadable", "png")
    garbled = kind(("一、总体情况\n" + "\ufffd" * 500).encode())
    assert (garbled.kind, garbled.reason_code) == ("unreadable", "garbled")
    short = kind("你好".encode())
    assert (short.kind, short.reason_code) == ("unreadable", "empty")


OLD_2012 = (
    "西柳镇2012年政府信息公开工作年度报告\n"
    "本报告根据《中华人民共和国政府信息公开条例》和《关于做好2012年政府信息公开工作年度报告有关事项的通知》要求编制。"
    "本报告中所列数据的统计期限自2012年1月1日至2012年12月31日。\n"
    "一、概述\n2012年，我镇政府信息公开工作有序推进。\n"
    "二、主动公开政府信息情况\n全年主动公开政府信息253条。\n"
    "三、依申请公开政府信息情况\n全年受理政府信息公开申请3件。\n"
    "四、政府信息公开收费及减免情况\n全年未收取任何费用。\n"
    "五、因政府信息公开申请行政复议、提起行政诉讼的情况\n全年未发生。\n"
    "六、政府信息公开工作存在的主要问题和改进措施\n一是公开内容不够全面。下一步将加强培训。\n"
)


def test_report_of_the_pre_2019_format_is_told_so_not_called_a_notice() -> None:
    c = kind(OLD_2012.encode())
    assert c.kind == "not_report"
    said = "；".join(c.reasons)
    assert "旧格式（2019年以前）" in said and "2012年度" in said and "收费及减免" in said
    assert "通知" not in said.replace("国办公开办函", "")  # the cited 《…的通知》 is no notice


def test_generated_old_format_reports_are_not_reports_with_that_reason() -> None:
    from accuracy.generate import make_case
    from accuracy.render import render

    # titled (read as reports before), untitled, and one flattened from a web page, its headings
    # inside the lines (1001334: 四、政府信息公开的收费及减免情况 mid-line, no heading found)
    for seed in (1000051, 1000164, 1000006, 1001334):
        case = make_case(seed, "lookalike")
        assert case.truth.notes == ["look-alike: old_format"]
        data, ext = render(case)
        c = check_bytes(data, f"{case.name}.{ext}").classification
        assert c.kind == "not_report" and any("旧格式" in r for r in c.reasons), (seed, c.reasons)


def test_current_report_without_tables_is_no_old_format_report() -> None:
    text = OLD_2012.replace("2012", "2022").replace("四、政府信息公开收费及减免情况", "四、政府信息公开行政复议、行政诉讼情况")
    assert not any("旧格式" in r for r in kind(text.encode()).reasons)


def test_blank_template_flattened_from_a_web_page_is_told_as_the_template() -> None:
    from accuracy.generate import make_case
    from accuracy.render import render

    # 29000951: the template's page with no separators, its headings and tables run together in
    # one line: no heading or table is found, yet its title and all three tables' rows tell it
    case = make_case(29000951, "lookalike")
    assert case.truth.notes == ["look-alike: blank_template"]
    data, ext = render(case)
    c = check_bytes(data, f"{case.name}.{ext}").classification
    assert c.kind == "not_report" and any("空白的年度报告模板" in r for r in c.reasons), c.reasons


def test_a_flattened_report_with_its_numbers_is_no_template() -> None:
    # the same flattened shape with a year and numbers: the template's telltales are not enough
    text = (
        "XX镇人民政府2023年政府信息公开工作年度报告\n"
        + "规章0行政规范性文件5行政许可3一、本年新收政府信息公开申请数量7行政复议结果维持0" * 2
    )
    assert not any("模板" in r for r in kind(text.encode()).reasons)
