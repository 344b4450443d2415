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
