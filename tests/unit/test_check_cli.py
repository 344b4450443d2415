"""`intake check`: the JSON contract on stdout, exit codes, several files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from cli.commands.check import check

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"  # shared/ sits beside the checkout
SEED1 = next(SEEDS.glob("001_*.txt"))


def test_one_file_json_is_exactly_one_object() -> None:
    res = CliRunner().invoke(check, [str(SEED1), "--json"])
    assert res.exit_code == 0, res.output
    obj = json.loads(res.stdout)
    assert obj["file"] == str(SEED1)
    assert obj["classification"]["kind"] == "annual_report"
    assert obj["report"]["organization"] == "上塘镇"
    assert obj["report"]["applications"]["unavailable_needs_creation"][3] is None
    assert {"file", "sha256", "classification", "report", "findings"} <= obj.keys()
    assert "上塘镇" in res.stdout  # ensure_ascii=False


def test_directory_prints_one_json_line_per_file(tmp_path: Path) -> None:
    for p in SEEDS.glob("*.txt"):
        shutil.copy(p, tmp_path / p.name)
    (tmp_path / "junk.bin").write_bytes(b"\x00\x01garbage" * 10)
    res = CliRunner().invoke(check, [str(tmp_path), "--json"])
    assert res.exit_code == 0
    lines = [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
    assert len(lines) == 6
    assert sorted(x["classification"]["kind"] for x in lines) == ["annual_report"] * 5 + ["unreadable"]


def test_human_summary_and_bad_input_exit_zero(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    res = CliRunner().invoke(check, [str(bad)])
    assert res.exit_code == 0 and "无法读取" in res.output
    res = CliRunner().invoke(check, [str(SEED1)])
    assert res.exit_code == 0 and "上塘镇" in res.output and "label.nonstandard" in res.output


def test_missing_file_is_a_usage_error() -> None:
    res = CliRunner().invoke(check, ["/nonexistent/file.txt"])
    assert res.exit_code != 0


def test_previous_file_is_accepted() -> None:
    res = CliRunner().invoke(check, [str(SEED1), "--json", "--previous", str(SEED1)])
    assert res.exit_code == 0
    assert json.loads(res.stdout)["classification"]["kind"] == "annual_report"


def test_jobs_gives_the_same_results_in_the_same_order(tmp_path: Path) -> None:
    for p in SEEDS.glob("*.txt"):
        shutil.copy(p, tmp_path / p.name)
    (tmp_path / "zz-junk.bin").write_bytes(b"\x00\x01garbage" * 10)
    one = CliRunner().invoke(check, [str(tmp_path), "--json", "--previous", str(SEED1)])
    two = CliRunner().invoke(check, [str(tmp_path), "--json", "--previous", str(SEED1), "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0

    def comparable(out: str) -> list[dict]:
        rows = [json.loads(line) for line in out.splitlines() if line.strip()]
        for r in rows:
            r.pop("elapsed_ms", None)
        return rows

    assert len(comparable(one.stdout)) == 6
    assert comparable(two.stdout) == comparable(one.stdout)
