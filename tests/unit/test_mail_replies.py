"""Replies to our mails: the case they name, the text their sender wrote (Chinese clients'
quoting), and the headers our case mails carry so that replies come back."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage

from adapters.settings import GatewaySettings, MailSettings, S3Settings
from annual_report.model import Finding, Source
from intake.inbound_mail import parse_message
from intake.mail_replies import html_to_text, reply_text, reply_token
from intake.notices import (
    TOKEN_RE,
    CommentNotice,
    DuplicateNotice,
    FindingsNotice,
    Recipient,
    case_token,
    compose,
    duplicate_line,
    plain_text,
)
from workers.mail_gateway import MailGateway

CASE = "case-2021-丰城市-上塘镇"
INTAKE = ["nianbao@example.gov.cn"]
AT = datetime(2022, 1, 20, 1, 30, tzinfo=UTC)
CLERK = Recipient(email="shangtang@fc.example.gov.cn", name="上塘镇党政办")


def findings_notice(**kw) -> FindingsNotice:
    return FindingsNotice(key="k1", to=[CLERK], date=AT, case_id=CASE, file_name="a.pdf", reply_case=CASE, **kw)


def test_a_case_mail_says_where_to_reply_and_its_message_id_names_the_case():
    msg = compose(findings_notice(), MailSettings(sender="nianbao@example.gov.cn"))
    token = case_token(CASE)
    assert TOKEN_RE.match(token) and token == case_token(CASE) and token != case_token(CASE + "x")
    assert msg["Reply-To"].addresses[0].addr_spec == f"nianbao+{token}@example.gov.cn"
    assert reply_token([], msg["Message-ID"], "", INTAKE) == token
    # a mail about no case (a rejected file) has no Reply-To
    plain = compose(findings_notice().model_copy(update={"reply_case": None}), MailSettings(sender="nianbao@example.gov.cn"))
    assert plain["Reply-To"] is None and reply_token([], plain["Message-ID"], "", INTAKE) is None


def test_the_reply_token_comes_from_the_address_or_the_threading_headers():
    token = case_token(CASE)
    ours = f"<{'a' * 32}.{token}@report-intake>"
    assert reply_token([f"nianbao+{token}@example.gov.cn"], "", "", INTAKE) == token
    assert reply_token(["NianBao+" + token + "@EXAMPLE.gov.cn"], "", "", INTAKE) == token
    assert reply_token(["nianbao@example.gov.cn"], ours, "", INTAKE) == token
    assert reply_token(["nianbao@example.gov.cn"], "<their@id>", f"<x@y> {ours}", INTAKE) == token
    assert reply_token([f"other+{token}@example.gov.cn"], "<their@id>", "", INTAKE) is None  # not an intake address
    assert reply_token(["nianbao+notatoken@example.gov.cn"], "", "", INTAKE) is None
    assert reply_token(["nianbao@example.gov.cn"], f"<{'a' * 32}.{token}@elsewhere>", "", INTAKE) is None


def test_the_gateway_accepts_the_reply_form_of_its_addresses_only():
    gw = MailGateway(GatewaySettings(addresses=INTAKE), S3Settings(), client=object())
    assert gw.accepts(f"nianbao+{case_token(CASE)}@example.gov.cn") and gw.accepts("NIANBAO@example.gov.cn")
    assert not gw.accepts(f"other+{case_token(CASE)}@example.gov.cn") and not gw.accepts("nianbao@evil.test")


QUOTED = {
    "qq": '好的，马上修改。\n\n------------------ 原始邮件 ------------------\n发件人: "县政府办公室"<nianbao@example.gov.cn>;\n发送时间: 2026年12月1日\n检查结果',
    "outlook": "好的，马上修改。\r\n\r\n-----原始邮件-----\r\n发件人: 县政府办公室 年报受理 <nianbao@example.gov.cn>\r\n主题: 检查结果",
    "gmail": "好的，马上修改。\n\n在 2026年12月1日周二 09:30，县政府办公室 年报受理 <nianbao@example.gov.cn> 写道：\n> 检查结果\n",
    "netease": '好的，马上修改。\n\n在 2026-12-01 09:30:00，"县政府办公室 年报受理" <nianbao@example.gov.cn> 写道：\n>检查结果',
    "apple": "好的，马上修改。\n\n2026年12月1日 09:30，县政府办公室 年报受理 <nianbao@example.gov.cn> 写道：\n\n检查结果",
    "english": "好的，马上修改。\n\nOn Tue, Dec 1, 2026 at 9:30 AM 县政府办公室 <nianbao@example.gov.cn> wrote:\n> 检查结果",
    "inline": "> 检查结果：1 个错误\n好的，马上修改。\n\n-- \n上塘镇党政办 张三\n电话 0795-1234567",
    "outlook_rule": "好的，马上修改。\n\n________________________________\n发件人: nianbao@example.gov.cn\n",
}


def test_the_quoted_history_and_signature_are_stripped_for_each_client():
    for client, body in QUOTED.items():
        assert reply_text(body) == "好的，马上修改。", client


def test_an_html_only_reply_is_read_without_its_blockquote_and_keeps_its_lines():
    html = (
        "<html><head><style>p{color:red}</style></head><body><div>第一行&nbsp;说明</div><div>第二行</div>"
        '<blockquote class="gmail_quote">检查结果</blockquote></body></html>'
    )
    assert html_to_text(html) == "第一行 说明\n第二行"
    assert reply_text("", html) == "第一行 说明\n第二行"


def test_a_gb18030_reply_is_decoded_and_its_threading_headers_kept():
    msg = EmailMessage()
    msg["From"] = "上塘镇党政办 <shangtang@fc.example.gov.cn>"
    msg["To"] = f"nianbao+{case_token(CASE)}@example.gov.cn"
    msg["Subject"] = "回复：检查结果"
    msg["Message-ID"] = "<r1@fc.example.gov.cn>"
    msg["In-Reply-To"] = "<abc.def@report-intake>"
    msg["References"] = "<x@y> <abc.def@report-intake>"
    msg.set_content("表二已更正，请查收。\n\n------------------ 原始邮件 ------------------\n旧内容", charset="gb18030")
    parsed = parse_message(msg.as_bytes(), "shangtang@fc.example.gov.cn")
    assert parsed.in_reply_to == "<abc.def@report-intake>" and parsed.references.endswith("<abc.def@report-intake>")
    assert reply_text(parsed.body_text, parsed.body_html) == "表二已更正，请查收。"


def test_a_findings_mail_of_a_scan_says_the_numbers_were_read_from_it():
    f = Finding(rule="cell.missing", severity="error", where="表二", message="空白", source=Source(page=2, ocr=True))
    scanned = plain_text(compose(findings_notice(findings=[f], read_by_ocr=True), "nianbao@example.gov.cn"))
    assert "扫描图像中识别（OCR）" in scanned and "请对照原件核对" in scanned and "扫描识别" in scanned
    text = plain_text(compose(findings_notice(findings=[f.model_copy(update={"source": Source(page=2)})]), "nianbao@example.gov.cn"))
    assert "OCR" not in text and "扫描" not in text


def test_comment_and_duplicate_mails_say_who_what_and_when():
    c = CommentNotice(
        key="c", to=[CLERK], date=AT, case_id=CASE, author="李审核", author_role="reviewer", text="请补填表二。", reply_case=CASE
    )
    msg = compose(c, "nianbao@example.gov.cn")
    assert "新留言" in str(msg["Subject"]) and "李审核（审核人员）" in plain_text(msg) and "请补填表二。" in plain_text(msg)
    u = c.model_copy(update={"unverified": True, "author_role": "unknown", "unverified_reason": "邮件没有可信的发件人验证"})
    assert "待核实" in str(compose(u, "nianbao@example.gov.cn")["Subject"])
    d = DuplicateNotice(
        key="d", to=[CLERK], date=AT, file_name="a.txt", first_received_at=AT, document_id="doc-1", case_id=CASE, status_label="待审核"
    )
    assert duplicate_line(d) == f"该文件已于 2022-01-20 09:30（北京时间） 收到（提交编号 doc-1，案件 {CASE}），当前状态：待审核。"
    assert duplicate_line(d) in plain_text(compose(d, "nianbao@example.gov.cn"))
