"""File names of any length fit S3's 2 KB metadata limit (issue 16 item 9): a 300-character
Chinese name is stored (shortened in the metadata, keeping its extension), never a
`MetadataTooLarge`; also through the web upload, which answered 500 before."""

from __future__ import annotations

import uuid

import httpx
import pytest

from adapters import s3 as storage
from adapters.intake_bucket import put_submission
from tests.browser.harness import http_login, web_stack

LONG = "关于" + "某某镇人民政府" * 42 + "政府信息公开工作年度报告.docx"  # 300+ characters


def test_a_300_character_name_is_stored_within_the_metadata_limit(minio_server):
    assert len(LONG) >= 300
    s3 = minio_server.client
    key = put_submission(
        s3,
        "intake",
        b"x" + uuid.uuid4().bytes,
        LONG,
        email="a@b.cn",
        name="张" * 200,
        channel="web",
        extra={storage.META_ARCHIVE_OF: "inbox/x/" + "长" * 180 + ".zip"},
    )
    meta = storage.decode_metadata(s3.head_object(Bucket="intake", Key=key)["Metadata"])
    assert meta[storage.META_ORIGINAL_NAME].endswith("….docx")
    assert LONG.startswith(meta[storage.META_ORIGINAL_NAME].removesuffix("….docx"))
    assert meta[storage.META_SUBMITTER_EMAIL] == "a@b.cn"
    assert meta[storage.META_ARCHIVE_OF]  # shortened, never dropped
    name = key.rsplit("/", 1)[-1]
    assert len(name.encode()) <= 200 and name.endswith("….docx")


@pytest.mark.integration
async def test_web_upload_with_a_300_character_name_is_not_a_500(minio_server, temporal_env, mailpit_server, tmp_path):
    state = tmp_path / "state"
    async with (
        web_stack(minio_server, temporal_env, mailpit_server, state, prefix="longname") as stack,
        httpx.AsyncClient(base_url=stack.url, follow_redirects=False, timeout=30) as http,
    ):
        csrf = await http_login(http, "shangtang", stack.passwords["shangtang"])
        resp = await http.post("/upload", files={"file": (LONG, b"hello " + uuid.uuid4().bytes)}, data={"csrf": csrf})
        assert resp.status_code == 303, resp.text[:300]
        assert resp.headers["location"].startswith("/uploads/")
