"""extract/departments.py: a county department that names itself only by its short form
(市发改局, 县人社局) is the report's body, its county taken from where the text names it."""

from __future__ import annotations

from annual_report.extract import extract_report
from annual_report.readers.text import read_text


def meta(text: str):
    return extract_report(read_text(text.encode())).metadata


DINGZHOU = (
    "2022年政府信息公开工作年度报告\n"
    "一、总体情况\n"
    "2022年，我局按照《定州市2022年政务公开工作要点》要求，拓宽公开领域，深化公开内容。\n"
    "市发改局主动公开政府信息的情况：我局举办新闻发布会2次，并通过定州市人民政府门户网站及时发布各类信息。\n"
    "依申请公开情况：市发改局不断提升答复质量，全年共收到政府信息公开申请15件。\n"
    "二、主动公开政府信息情况\n"
)


def test_short_form_in_the_prose_names_the_department_and_its_county() -> None:
    m = meta(DINGZHOU)
    assert (m.organization, m.parent, m.year) == ("定州市发展和改革局", "定州市", 2022)


def test_short_form_in_the_title_with_a_document_number_before_it() -> None:
    text = (
        "兴政发〔2020〕21号\n市人社局2019年政府信息公开工作年度报告\n"
        "本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。本报告电子版可在兴化市人民政府门户网站查阅。\n"
        "一、总体情况\n2019年，市人社局坚持依法公开。\n"
    )
    m = meta(text)
    assert (m.organization, m.parent) == ("兴化市人力资源和社会保障局", "兴化市")


def test_department_without_level_as_the_subject_of_the_first_sentence() -> None:
    m = meta("2022年,商务局信息公开工作在县委、县政府的正确领导下全面推进。一年来，我局主动公开各类信息24条。\n一、总体情况\n")
    assert (m.organization, m.parent) == ("商务局", None)


def test_township_naming_a_department_in_passing_keeps_its_own_name() -> None:
    text = "西柳镇2022年政府信息公开工作年度报告\n一、总体情况\n2022年，我镇配合县发改局做好项目公示，县发改局来镇检查2次。\n"
    assert meta(text).organization == "西柳镇"


def test_department_named_in_passing_without_speaking_as_one_is_no_author() -> None:
    text = "2022年政府信息公开工作年度报告\n一、总体情况\n2022年，我们配合县发改局、县发改局驻村工作队做好公示。\n"
    assert meta(text).organization is None


def test_two_departments_named_as_often_decide_nothing() -> None:
    text = "2022年政府信息公开工作年度报告\n一、总体情况\n我局会同县教育局、县民政局开展公开工作。\n"
    assert meta(text).organization is None


def test_short_form_named_as_the_author_without_speaking_as_we() -> None:
    text = (
        "二〇一九年政府信息公开工作年度报告\n"
        "根据《中华人民共和国政府信息公开条例》规定，现公布旗交通局2019年度政府信息公开工作年度报告。"
        "本报告电子版可在阿巴嘎旗人民政府门户网站查阅。\n一、总体情况\n2019年度，旗交通局扎实做好信息发布。\n"
    )
    assert (meta(text).organization, meta(text).parent) == ("阿巴嘎旗交通运输局", "阿巴嘎旗")


def test_we_the_bureau_wrapped_over_a_line_break_still_speaks_as_the_department() -> None:
    # layout text wraps “我局” as 我 / 局; the department signs with its short form only
    # (layout-27000367: no organisation found)
    text = (
        "2019年政府信息公开工作年度报告\n"
        "    本报告电子版可在临泉县人民政府门户网站查阅。\n"
        "五.存在的主要问题及改进情况\n"
        "    一是信息公开的主动性有待加强。下一步，我\n"
        "    局将加强培训，完善制度。\n"
        "    县住建局\n"
        "    2020年2月20日\n"
    )
    m = meta(text)
    assert (m.organization, m.parent) == ("临泉县住房和城乡建设局", "临泉县")
