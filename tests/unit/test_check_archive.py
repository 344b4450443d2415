"""A ZIP of several reports: each member is checked; a broken archive is one answer."""

from __future__ import annotations

import hashlib
import json

from click.testing import CliRunner

from annual_report.check import check_bytes, check_file_or_archive
from cli.main import main as cli
from tests.fixtures.archives import zip_of


def test_each_member_of_a_zip_is_checked_like_the_file_itself(samples_dir):
    a = (samples_dir / "luhe-2021.txt").read_bytes()
    b = (samples_dir / "beida-2020.txt").read_bytes()
    results = check_file_or_archive(zip_of({"鲁河镇.txt": a, "北大镇.txt": b}), "reports.zip")
    assert [r.file for r in results] == ["reports.zip!鲁河镇.txt", "reports.zip!北大镇.txt"]
    for r, data in zip(results, (a, b), strict=True):
        alone = check_bytes(data, "x")
        assert r.sha256 == alone.sha256
        assert r.contract()["report"] == alone.contract()["report"]
        assert [f.rule for f in r.findings] == [f.rule for f in alone.findings]


def test_a_broken_zip_is_one_unreadable_answer():
    data = zip_of({"a.txt": b"x" * 100})[:-30]
    (result,) = check_file_or_archive(data, "broken.zip")
    assert result.classification.kind == "unreadable"
    assert result.classification.reasons


def test_cli_prints_one_json_object_for_a_zip_naming_its_members(samples_dir, tmp_path):
    path = tmp_path / "two.docx"  # a ZIP named .docx: judged by its bytes
    data = zip_of({"a.txt": (samples_dir / "luhe-2021.txt").read_bytes(), "b.txt": b"\x00\x01garbage"})
    path.write_bytes(data)
    out = CliRunner().invoke(cli, ["check", str(path), "--json"])
    assert out.exit_code == 0
    (obj,) = [json.loads(line) for line in out.stdout.splitlines()]
    assert obj["file"] == str(path) and obj["sha256"] == hashlib.sha256(data).hexdigest()
    assert obj["classification"]["kind"] == "annual_report" and obj["report"]["year"] == 2021
    assert [(m["file"], m["kind"]) for m in obj["members"]] == [("a.txt", "annual_report"), ("b.txt", "unreadable")]


def test_cli_zip_of_two_reports_is_one_object_asking_for_single_files(samples_dir, tmp_path):
    path = tmp_path / "two.zip"
    report = (samples_dir / "luhe-2021.txt").read_bytes()
    path.write_bytes(zip_of({"a.txt": report, "b.txt": report}))
    out = CliRunner().invoke(cli, ["check", str(path), "--json"])
    (obj,) = [json.loads(line) for line in out.stdout.splitlines()]
    assert obj["classification"]["kind"] == "not_report" and obj["report"] is None
    assert [m["kind"] for m in obj["members"]] == ["annual_report", "annual_report"]
