"""Who is late against the roster's deadline; a missing server binary names the fix."""

from __future__ import annotations

from datetime import date

import pytest

from cli.stack import binaries
from intake.body_statuses import body_statuses
from intake.case_summary import CaseSummary
from intake.roster_file import load_demo_roster


def test_bodies_without_a_case_are_late_after_the_deadline_only():
    roster = load_demo_roster()
    cases = [
        CaseSummary(kind="case", case_id="case-2021-丰城市-上塘镇", county="丰城市", organization="上塘镇", status="approved"),
        CaseSummary(kind="record", case_id="doc-1", status="unreadable"),
    ]
    before = body_statuses(roster, cases, 2021, date(2022, 1, 31), county="丰城市")
    after = body_statuses(roster, cases, 2021, date(2022, 2, 1), county="丰城市")
    by_org = {r.organization: r.status for r in after}
    assert by_org["上塘镇"] == "approved"
    others = [r for r in after if r.organization != "上塘镇"]
    assert all(r.status == "late" for r in others)
    assert all(r.status == "not_submitted" for r in before if r.organization != "上塘镇")
    assert {r.deadline for r in after} == {"2022-01-31"}
    # Every body of the county is listed, and only that county.
    assert {r.organization for r in after} == {b.name for b in roster.county("丰城市").bodies}


def test_missing_binary_names_the_setup_command(tmp_path, monkeypatch):
    monkeypatch.setenv("INTAKE_BIN_DIR", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(binaries.MissingBinary, match="make setup"):
        binaries.minio()


def test_state_dir_lock_refuses_a_second_stack(tmp_path):
    from cli.stack.layout import StateDir

    first = StateDir(tmp_path).lock()
    assert first is not None
    assert StateDir(tmp_path).lock() is None  # a second `intake up` on the same state dir
    first.close()
    again = StateDir(tmp_path).lock()
    assert again is not None
    again.close()


def test_dashboard_rows_carry_submission_date_days_late_and_contact():
    roster = load_demo_roster()
    # Sent at 07:00 Beijing time on 2022-02-03 = 23:00 UTC on 02-02: three days late (UTC would say two).
    cases = [
        CaseSummary(
            kind="case", case_id="c1", county="丰城市", organization="上塘镇", status="awaiting_review", started="2022-02-02T23:00:00+00:00"
        )
    ]
    rows = {r.organization: r for r in body_statuses(roster, cases, 2021, date(2022, 2, 10), county="丰城市")}
    sent = rows["上塘镇"]
    assert sent.days_late == 3 and sent.submitted_at.startswith("2022-02-02")
    assert sent.contact == "shangtang@fc.example.gov.cn"
    unsent = [r for r in rows.values() if r.case_id is None]
    assert unsent and all(r.days_late == 10 and r.status == "late" for r in unsent)
    on_time = body_statuses(roster, [], 2021, date(2022, 1, 31), county="丰城市")
    assert all(r.days_late is None for r in on_time)
