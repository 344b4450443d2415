"""Section headings and metadata on short hand-written texts."""

from __future__ import annotations

import pytest

from annual_report.extract import extract_report
from annual_report.extract.sections import heading_key
from annual_report.readers.text import read_text


@pytest.mark.parametrize(
    "line, key",
    [
        ("一、总体情况", "overview"),
        ("## 二、主动公开政府信息情况", "active_disclosure"),
        ("（三）收到和处理政府信息公开申请情况", "applications"),
        ("#### 四、政府信息公开行政复议、行政诉讼情况", "appeals"),
        ("　　五、存在的主要问题及改进情况", "problems"),
        ("五、存在问题及改进情况", "problems"),
        ("(六)其他需要报告的事项", "other"),
        ("(一)主动公开情况", None),  # a sub-point of section 一 (seed 004)
        ("（二）依申请公开情况", None),
        ("本年度报告主要包括：总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况……。", None),
    ],
)
def test_heading_key(line: str, key: str | None) -> None:
    assert heading_key(line) == key


def meta(text: str):
    return extract_report(read_text(text.encode())).metadata


def test_parent_from_prefixed_name() -> None:
    m = meta("万宁市北大镇2020政府信息公开工作年度报告\n一、总体情况\n北大镇认真落实。\n")
    assert (m.organization, m.parent, m.year, m.title_year) == ("北大镇", "万宁市", 2020, 2020)


def test_organization_without_title_and_town_named_like_a_city() -> None:
    m = meta("一、总体情况\n2022年以来,新市镇按照区委要求推进工作。\n新市镇到2022年底公开信息40条。\n")
    assert (m.organization, m.parent, m.year, m.title) == ("新市镇", None, 2022, None)


def test_year_from_period_when_title_has_none() -> None:
    m = meta("某某镇政府信息公开工作年度报告\n本报告数据统计期限自2023年1月1日至2023年12月31日止。某某镇某某镇\n")
    assert (m.year, m.period_start, m.period_end, m.period_year) == (2023, "2023-01-01", "2023-12-31", 2023)


def test_cover_letter_year_and_number_are_not_the_report_year() -> None:
    text = "城关镇人民政府文件\n城政〔2022〕3号\n关于报送城关镇2021年政府信息公开工作年度报告的函\n2022年1月5日\n附件：\n城关镇2021年政府信息公开工作年度报告\n一、总体情况\n2021年，城关镇…\n"
    m = meta(text)
    assert (m.document_number, m.title, m.year, m.full_name) == (
        "城政〔2022〕3号",
        "城关镇2021年政府信息公开工作年度报告",
        2021,
        "城关镇人民政府",
    )


def test_reference_numbers_in_prose_are_not_the_document_number() -> None:
    m = meta("上塘镇2021年政府信息公开工作年度报告\n根据（国办公开办函[2019]60号）要求编制。\n")
    assert m.document_number is None


def test_title_year_and_body_years_are_kept_apart() -> None:
    m = meta("河口镇2021年政府信息公开工作年度报告\n一、总体情况\n2020年，河口镇公开信息20条。2020年度完成。\n")
    assert (m.title_year, m.year, m.body_years) == (2021, 2021, [2020])


_BODY = "一、总体情况\n本年度我单位认真落实政府信息公开条例。\n二、主动公开政府信息情况\n"


@pytest.mark.parametrize(
    ("head", "organization", "year"),
    [
        # a breadcrumb naming its categories is no title; the title below it is
        (
            "当前页面: 首页 > 政府信息公开 > 各乡镇、街道办事处 > 青山镇 > 信息公开年度报告\n青山镇2019年政府信息公开年度报告\n",
            "青山镇",
            2019,
        ),
        # a title whose end the site garbled
        ("某县人民政府 门户网站\n某县青山镇2023年政府信息公开 工作告年度报\n来源:某县人民政府办公室\n", "青山镇", 2023),
        # a committee named on its own line above a title without a body
        ("龙门古镇管理委员会\n2023年政府信息公开工作年度报告\n", "龙门古镇管理委员会", 2023),
        # a committee whose name is a township's (one character before 古镇, or any X镇/X乡 管委会), titled
        ("宁古镇管理委员会政府信息公开工作年度报告\n本报告数据统计截至2024年12月31日。\n", "宁古镇管理委员会", 2024),
        ("东关镇管委会2023年政府信息公开工作年度报告\n", "东关镇管委会", 2023),
        # a department named only by the page's publisher line, the year only by 截至
        (
            "政府信息公开工作年报\n发布时间: 2024-01-22 来源:江城市发展和改革委员会字号:[ 大 中 小 ]\n截至2023年12月31日，我委发布信息12条。\n",
            "江城市发展和改革委员会",
            2023,
        ),
    ],
)
def test_who_and_when_as_real_pages_print_them(head: str, organization: str, year: int) -> None:
    md = extract_report(read_text((head + _BODY).encode())).metadata
    assert (md.organization, md.year) == (organization, year)


def test_the_year_of_a_preamble_when_the_overview_names_none() -> None:
    text = "2022年，商务局认真落实条例。现将我局2022年度政府信息公开工作报告如下：\n" + _BODY
    assert extract_report(read_text(text.encode())).metadata.year == 2022


def test_the_body_as_the_subject_of_the_overviews_first_sentence() -> None:
    text = "一、总体情况\n2020年青石镇严格按照条例要求，由镇党政办负责公开工作。\n二、主动公开政府信息情况\n"
    assert extract_report(read_text(text.encode())).metadata.organization == "青石镇"


def test_body_as_subject_after_the_leadership_clause() -> None:
    # a real street office's page (haizhu.gov.cn, 2023): no title, no signature in the text
    m = meta(
        "一、总体情况\n2023年，在区委、区政府的坚强领导下，官洲街道办事处认真贯彻落实《中华人民共和国政府信息公开条例》。"
        "2023年，通过政府门户网站主动公开政府信息63条。\n二、主动公开政府信息情况\n"
    )
    assert (m.organization, m.year) == ("官洲街道", 2023)


def test_body_that_compiled_the_report_with_words_between() -> None:
    # ruian.gov.cn, 2024: 由塘下镇人民政府结合有关统计数据编制; the words before a name are not part of it
    m = meta(
        "本报告由塘下镇人民政府结合有关统计数据编制。本年度报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。\n"
        "一、总体情况\n2024年，我镇主动公开政府信息31条。\n"
    )
    assert (m.organization, m.year) == ("塘下镇", 2024)


def test_place_names_starting_with_a_function_character_stay_whole() -> None:
    m = meta("向阳镇2022年政府信息公开工作年度报告\n一、总体情况\n2022年，向阳镇认真落实条例。\n")
    assert m.organization == "向阳镇"
