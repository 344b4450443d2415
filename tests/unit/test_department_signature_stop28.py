"""A county department that names itself only in its signature, by its short form (`县教育局`
on a line of its own above the date), its county named elsewhere (its portal): the signature
is the author, as 我局 or 现公布县教育局… would be (extract/departments.py). Seen with the
overview left out, so the prose never says 我局, and the title naming no body."""

from __future__ import annotations

from annual_report.extract import extract_report
from annual_report.readers.text import read_text

HEAD = (
    "2023年政府信息公开年度报告\n"
    "本报告所列数据统计期限为2023年1月1日至2023年12月31日。本报告电子版可在开阳县人民政府门户网站查阅。\n"
    "二、主动公开政府信息情况\n"
    "五、存在的主要问题及改进情况\n存在问题：政策解读形式较为单一。\n"
    "六、其他需要报告的事项\n无其他需要报告的事项。\n"
)


def meta(text: str):
    return extract_report(read_text(text.encode())).metadata


def test_a_short_form_signature_above_the_date_names_the_department() -> None:
    for signature in ("县教育局\n2024年1月20日\n", "县教育局\n\n2024年1月20日\n", "县教育局2024年1月20日\n"):
        m = meta(HEAD + signature)
        assert (m.organization, m.parent) == ("开阳县教育局", "开阳县"), signature


def test_a_signature_in_a_banner_level_name_and_a_title_split_over_lines() -> None:
    text = HEAD.replace("2023年政府信息公开年度报告", "旗交通局\n\n2023年政府信息公开年度报告").replace("开阳县", "阿巴嘎旗")
    m = meta(text + "旗交通局\n\n2024年1月22日\n分享到：微信 微博 QQ空间\n")
    assert (m.organization, m.parent) == ("阿巴嘎旗交通运输局", "阿巴嘎旗")


def test_a_department_named_in_the_last_lines_but_not_as_a_signature_is_no_author() -> None:
    m = meta(HEAD + "抄送：县教育局、县民政局。\n2024年1月20日\n")
    assert m.organization is None
    m = meta(HEAD + "联系单位：县教育局办公室，电话：0851-1234567。\n")
    assert m.organization is None
