"""Archives are opened one level deep, with member-count and total-size limits (issue 16
item 6): a zip of zips is answered, not expanded; the reasons are Chinese and say what to do."""

from __future__ import annotations

import zipfile

import pytest

from annual_report.check import check_file_or_archive
from annual_report.errors import DocumentTooLarge
from annual_report.readers.archive import iter_archive_members
from tests.fixtures.archives import zip_of


def test_a_zip_inside_a_zip_is_answered_not_expanded(samples_dir):
    report = (samples_dir / "luhe-2021.txt").read_bytes()
    innermost = zip_of({"深处.txt": report})
    inner = zip_of({"内层.zip": innermost, "北大镇.txt": report})
    results = check_file_or_archive(zip_of({"鲁河镇.txt": report, "内层.zip": inner}), "outer.zip")
    assert [r.file for r in results] == ["outer.zip!鲁河镇.txt", "outer.zip!内层.zip"]
    nested = results[1]
    assert nested.classification.kind == "unreadable"
    assert nested.classification.reason_code == "nested_archive"
    assert "只解压一层" in "".join(nested.classification.reasons)
    assert results[0].classification.kind == "annual_report"


def test_a_docx_member_is_a_document_not_a_nested_archive():
    from tests.unit.report_fixtures import build_report_docx

    (result,) = check_file_or_archive(zip_of({"报告.docx": build_report_docx()}), "one.zip")
    assert result.classification.kind == "annual_report"


def test_member_count_limit_names_the_count():
    data = zip_of({f"{i}.txt": b"x" for i in range(12)})
    with pytest.raises(DocumentTooLarge) as err:
        list(iter_archive_members(data, max_members=10))
    assert "12 个文件" in err.value.reason and "上限 10 个" in err.value.reason


def test_total_uncompressed_size_limit():
    member = bytes(range(256)) * 4096  # 1 MB that does not compress much
    data = zip_of({f"{i}.bin": member for i in range(3)}, zipfile.ZIP_STORED)
    with pytest.raises(DocumentTooLarge) as err:
        list(iter_archive_members(data, max_total_bytes=2 * 1024 * 1024))
    assert "超过上限" in err.value.reason


def test_a_zip_bomb_is_refused_by_its_ratio():
    data = zip_of({"bomb.txt": b"0" * (20 * 1024 * 1024)})
    assert len(data) < 100_000
    with pytest.raises(DocumentTooLarge) as err:
        list(iter_archive_members(data))
    assert "压缩炸弹" in err.value.reason
