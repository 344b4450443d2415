"""A ZIP of several reports: each member is checked; a broken archive is one answer."""

from __future__ import annotations

import io
import json
import zipfile

from click.testing import CliRunner

from annual_report.check import check_bytes, check_file_or_archive
from cli.main import main as cli


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_each_member_of_a_zip_is_checked_like_the_file_itself(samples_dir):
    a = (samples_dir / "luhe-2021.txt").read_bytes()
    b = (samples_dir / "beida-2020.txt").read_bytes()
    results = check_file_or_archive(_zip({"鲁河镇.txt": a, "北大镇.txt": b}), "reports.zip")
    assert [r.file for r in results] == ["reports.zip!鲁河镇.txt", "reports.zip!北大镇.txt"]
    for r, data in zip(results, (a, b), strict=True):
        alone = check_bytes(data, "x")
        assert r.sha256 == alone.sha256
        assert r.contract()["report"] == alone.contract()["report"]
        assert [f.rule for f in r.findings] == [f.rule for f in alone.findings]


def test_a_broken_zip_is_one_unreadable_answer():
    data = _zip({"a.txt": b"x" * 100})[:-30]
    (result,) = check_file_or_archive(data, "broken.zip")
    assert result.classification.kind == "unreadable"
    assert result.classification.reasons


def test_cli_prints_one_json_object_per_member(samples_dir, tmp_path):
    path = tmp_path / "two.zip"
    path.write_bytes(_zip({"a.txt": (samples_dir / "luhe-2021.txt").read_bytes(), "b.txt": b"\x00\x01garbage"}))
    out = CliRunner().invoke(cli, ["check", str(path), "--json"])
    assert out.exit_code == 0
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [d["classification"]["kind"] for d in lines] == ["annual_report", "unreadable"]
