"""Notification e-mails: recipients, Chinese subjects, plain + HTML with the same content,
escaping, deterministic headers."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, date, datetime

import pytest
from pydantic import TypeAdapter

from adapters.settings import MailSettings
from annual_report.model import Finding, Source
from intake.notices import (
    AssignmentNotice,
    DecisionNotice,
    FindingsNotice,
    NoAttachmentNotice,
    Notice,
    ReceiptNotice,
    Recipient,
    RejectedFileNotice,
    ReminderNotice,
    compose,
    html_text,
    message_id,
    plain_text,
)

AT = datetime(2022, 1, 20, 1, 30, tzinfo=UTC)  # 09:30 北京时间
MAIL = MailSettings(sender="nianbao@example.gov.cn")
CLERK = Recipient(email="shangtang@fc.example.gov.cn", name="上塘镇党政办")
REVIEWER = Recipient(email="li@fc.example.gov.cn", name="李审核")
EVIL = '<script>alert("x")</script> & 张三'
CASE = dict(date=AT, case_id="C-1", organization="上塘镇", year=2021)  # the case most notices speak of


def render(n):
    msg = compose(n, MAIL)
    # through bytes and back, as the receiving side sees it
    parsed = email.message_from_bytes(msg.as_bytes(), policy=email.policy.default)
    return msg, parsed, plain_text(parsed), html_text(parsed)


def check_headers(parsed, n, to_addr: str, to_name: str | None, subject_part: str):
    assert parsed["From"].addresses[0].display_name == "县政府办公室 年报受理"
    assert parsed["From"].addresses[0].addr_spec == "nianbao@example.gov.cn"
    to = parsed["To"].addresses
    assert [a.addr_spec for a in to] == [to_addr]
    if to_name:
        assert to[0].display_name == to_name
    assert subject_part in parsed["Subject"]
    assert parsed["Message-ID"] == message_id(n.key)
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert email.utils.parsedate_to_datetime(parsed["Date"]) == n.date
    assert parsed.get_content_type() == "multipart/alternative"


def test_message_id_is_deterministic_and_well_formed():
    a = message_id("case/C-1/receipt")
    assert a == message_id("case/C-1/receipt")
    assert a != message_id("case/C-1/receipt2")
    assert a.startswith("<") and a.endswith("@report-intake>") and len(a) == 1 + 32 + len("@report-intake>")


def test_receipt():
    n = ReceiptNotice(
        key="C-1/receipt",
        to=[CLERK],
        date=AT,
        case_id="FC-2021-上塘镇",
        file_name="年报<终稿>.docx",
        received_at=AT,
        organization="上塘镇",
        year=2021,
        case_url="http://127.0.0.1:8000/cases/x?a=1&b=2",
    )
    msg, parsed, text, html = render(n)
    check_headers(parsed, n, CLERK.email, "上塘镇党政办", "已收到您的报告")
    assert "FC-2021-上塘镇" in parsed["Subject"]
    for part in ("案件编号：FC-2021-上塘镇", "文件名：年报<终稿>.docx", "2022-01-20 09:30（北京时间）", "接下来", "自动检查", "审核"):
        assert part in text
    assert "年报&lt;终稿&gt;.docx" in html and "<终稿>" not in html
    assert 'href="http://127.0.0.1:8000/cases/x?a=1&amp;b=2"' in html
    # the same notice gives the same bytes (retried activities build the same message)
    assert compose(n, MAIL).as_bytes() == msg.as_bytes()


def finding(sev, msg, where, line=None):
    return Finding(rule=f"r.{sev}", severity=sev, message=msg, where=where, source=Source(line=line) if line else None)


def test_findings_errors_first_with_where_and_counts():
    fs = [
        finding("warning", "“其他”一栏数字偏大，请核实", "二、主动公开政府信息情况"),
        finding("info", "本年度无行政复议", "四、行政复议"),
        finding("error", "“总计”应为 12（各项之和），报告为 11", "三、收到和处理 第三行“总计”", line=40),
        finding("error", f"单元格写成了 {EVIL}", "表二"),
    ]
    n = FindingsNotice(
        key="C-1/findings/1", to=[CLERK], date=AT, case_id="C-1", file_name="a.txt", organization="上塘镇", year=2021, findings=fs
    )
    _, parsed, text, html = render(n)
    check_headers(parsed, n, CLERK.email, "上塘镇党政办", "检查结果：2 个错误、1 个警告")
    assert "共发现 2 个错误、1 个警告、1 条提示" in text
    i_err1 = text.index("“总计”应为 12")
    i_err2 = text.index("单元格写成了")
    i_warn = text.index("偏大")
    i_info = text.index("本年度无行政复议")
    assert i_err1 < i_err2 < i_warn < i_info  # errors first, original order kept within a severity
    assert "1. 【错误】三、收到和处理 第三行“总计”（第 40 行）" in text
    assert "修改后重新提交" in text
    # escaped in HTML, verbatim in text
    assert EVIL in text
    assert "<script>" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 张三" in html
    assert html.count("【错误】") == 2 and html.count("【警告】") == 1


def test_clean_report_says_so():
    n = FindingsNotice(
        key="C-2/findings/1", to=[CLERK], date=AT, case_id="C-2", file_name="a.pdf", organization="洪泽区", year=2024, findings=[]
    )
    _, parsed, text, html = render(n)
    assert "未发现问题" in parsed["Subject"] and "未发现问题" in text and "未发现问题" in html
    assert "【错误】" not in text


@pytest.mark.parametrize(
    "kind, code, expect_subject, expect_text",
    [
        ("not_report", None, "不是年度报告", "三张统计表格"),
        ("unreadable", "encrypted", "无法读取", "取消保护"),
        ("unreadable", "scanned", "无法读取", "扫描件"),
        ("unreadable", None, "无法读取", "PDF"),
    ],
)
def test_not_report_and_unreadable_say_why_and_what_to_send(kind, code, expect_subject, expect_text):
    reason = "没有找到年度报告的部分标题（总体情况、主动公开政府信息情况……）" if kind == "not_report" else "PDF 已加密 <owner>"
    n = RejectedFileNotice(
        key=f"R-1/{kind}",
        kind=kind,
        to=[Recipient(email="someone@gmail.com")],
        date=AT,
        record_id="R-1",
        file_name="通知.pdf",
        reasons=[reason],
        reason_code=code,
    )
    _, parsed, text, html = render(n)
    check_headers(parsed, n, "someone@gmail.com", None, expect_subject)
    assert text.startswith("您好！")  # no name known
    assert reason in text and expect_text in text and "请这样做" in text
    assert "R-1" in parsed["Subject"]
    assert html_escape_ok(reason, html)


def html_escape_ok(s: str, html: str) -> bool:
    import html as h

    return h.escape(s, quote=True) in html


def assignment(**changes) -> AssignmentNotice:
    fields = dict(key="C-1/assign/fc-li", to=[REVIEWER], reviewer_name="李审核", county="丰城市", **CASE)
    return AssignmentNotice(**{**fields, "case_url": "http://127.0.0.1:8000/cases/C-1", **changes})


def test_assignment_to_reviewer_with_link_and_counts():
    n = assignment(errors=2, warnings=1, infos=0, not_in_roster=True)
    _, parsed, text, html = render(n)
    check_headers(parsed, n, REVIEWER.email, "李审核", "待审核")
    assert "上塘镇2021年政府信息公开工作年度报告" in parsed["Subject"]
    assert text.startswith("李审核：您好！")
    assert "2 个错误、1 个警告、0 条提示" in text
    assert "审核链接：http://127.0.0.1:8000/cases/C-1" in text
    assert '<a href="http://127.0.0.1:8000/cases/C-1">' in html
    assert "不在报送单位名单中" in text


def test_assignment_ignores_non_http_links():
    n = assignment(case_url="javascript:alert(1)")
    _, _, text, html = render(n)
    assert "javascript" not in html and "javascript" not in text


@pytest.mark.parametrize(
    "decision, comment, subject, must",
    [
        ("approve", None, "审核通过", ["已审核通过"]),
        (
            "return",
            "表三“总计”与各项之和不符，<请>更正",
            "退回修改",
            ["审核意见", "表三“总计”与各项之和不符，<请>更正", "请这样做", "2022年1月31日"],
        ),
        ("reject", "不是本县单位的报告", "不予受理", ["理由", "不是本县单位的报告"]),
    ],
)
def test_decision(decision, comment, subject, must):
    n = DecisionNotice(
        key=f"C-1/decision/{decision}",
        to=[CLERK],
        decision=decision,
        reviewer_name="李审核",
        comment=comment,
        deadline=date(2022, 1, 31),
        **CASE,
    )
    _, parsed, text, html = render(n)
    check_headers(parsed, n, CLERK.email, "上塘镇党政办", subject)
    for part in must:
        assert part in text
    if comment:
        assert "&lt;请&gt;" in html or "<请>" not in comment
        assert "<blockquote" in html


def test_reminders_to_reviewer_head_and_clerk():
    common = dict(case_url="http://w/cases/C-1", **CASE)
    r = ReminderNotice(key="C-1/remind/1", to=[REVIEWER], audience="reviewer", waiting_since=AT, **common)
    _, parsed, text, _ = render(r)
    check_headers(parsed, r, REVIEWER.email, "李审核", "提醒")
    assert "仍在等待您审核" in text and "等待审核自：2022-01-20 09:30（北京时间）" in text

    head = Recipient(email="zhao@fc.example.gov.cn", name="赵主任")
    e = ReminderNotice(key="C-1/escalate", to=[head], audience="head", waiting_since=AT, reviewer_name="李审核", **common)
    _, parsed, text, _ = render(e)
    check_headers(parsed, e, head.email, "赵主任", "督办")
    assert "审核人：李审核" in text and "督办" in text

    c = ReminderNotice(key="C-1/clerk-remind", to=[CLERK], audience="clerk", deadline=date(2022, 1, 31), comment="请补充第五部分", **common)
    _, parsed, text, _ = render(c)
    check_headers(parsed, c, CLERK.email, "上塘镇党政办", "重新提交")
    assert "2022年1月31日" in text and "请补充第五部分" in text
    # three different notices, three different Message-IDs
    assert len({compose(x, MAIL)["Message-ID"] for x in (r, e, c)}) == 3


def test_no_usable_attachment_for_the_gateway():
    n = NoAttachmentNotice(
        key="mail/<abc@x>/none",
        to=[Recipient(email="clerk@qq.com", name="王<五>")],
        date=AT,
        subject="年报 & 附件",
        received_at=AT,
        ignored=["照片.jpg（图片）"],
        in_reply_to="<abc@x>",
    )
    _msg, parsed, text, html = render(n)
    check_headers(parsed, n, "clerk@qq.com", "王<五>", "未收到可处理的报告附件")
    assert parsed["In-Reply-To"] == "<abc@x>" and parsed["References"] == "<abc@x>"
    assert "邮件主题：年报 & 附件" in text and "照片.jpg（图片）" in text and "请这样做" in text
    assert "年报 &amp; 附件" in html and "王&lt;五&gt;：您好！" in html


def test_notices_round_trip_as_a_discriminated_union():
    adapter = TypeAdapter(Notice)
    n = DecisionNotice(key="k", to=[CLERK], date=AT, case_id="C", decision="return", reviewer_name="李", comment="改")
    back = adapter.validate_python(n.model_dump(mode="json"))
    assert isinstance(back, DecisionNotice) and back == n
    u = RejectedFileNotice(key="k2", kind="unreadable", to=[CLERK], date=AT, record_id="R", file_name="f")
    assert isinstance(adapter.validate_json(u.model_dump_json()), RejectedFileNotice)
