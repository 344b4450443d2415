"""Who reads a mail that has no report and no case (intake/desk_letters.py), and what the
sender's automatic answer lists as not processed."""

from __future__ import annotations

from datetime import UTC, datetime

from intake.desk_letters import DeskLetterNotice, letter_desk
from intake.inbound_mail import unused_attachments_zh
from intake.notices import compose, plain_text
from intake.roster_file import load_demo_roster

ROSTER = load_demo_roster()


def test_a_clerk_of_a_county_goes_to_that_countys_desk():
    desk = letter_desk(ROSTER, "shangtang@fc.example.gov.cn", answers_ours=False)
    assert desk is not None and desk == ROSTER.intake_desk("丰城市")


def test_a_stranger_is_forwarded_only_when_answering_one_of_our_mails():
    assert letter_desk(ROSTER, "sales@elsewhere.example.org", answers_ours=False) is None
    desk = letter_desk(ROSTER, "sales@elsewhere.example.org", answers_ours=True)
    assert desk is not None and desk == ROSTER.intake_desk(ROSTER.default_county or "")
    assert letter_desk(ROSTER, None, answers_ours=True) is None


def test_the_desks_mail_is_answered_straight_to_the_sender():
    at = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)
    n = DeskLetterNotice(key="desk-letter/<a@b>", to=[], date=at, sender_email="clerk@fc.example.gov.cn", received_at=at, text="截止日期？")
    msg = compose(n, "nianbao@example.gov.cn")
    assert msg["Reply-To"] == "clerk@fc.example.gov.cn"
    assert "> 截止日期？" in plain_text(msg) and "未核实" in plain_text(msg)


def test_the_body_and_signature_are_not_listed_as_unused_attachments():
    skipped = [
        {"content_type": "text/plain", "filename": "", "reason": "body"},
        {"content_type": "application/pgp-signature", "filename": "", "reason": "signature"},
        {"content_type": "image/png", "filename": "logo.png", "reason": "inline-image"},
        {"content_type": "application/pdf", "filename": "年报.pdf", "reason": "empty"},
    ]
    assert unused_attachments_zh(skipped) == ["logo.png（正文中的图片）", "年报.pdf（空文件）"]
