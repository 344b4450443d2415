"""A zip of zips through the real pipeline (issue 16 item 6): the outer archive is expanded
once; an inner archive is its own submission, answered "unreadable" with the reason, and
never expanded, so nothing multiplies."""

from __future__ import annotations

import asyncio
import uuid

from tests.fixtures.archives import zip_of
from tests.integration.case_probes import mails
from tests.integration.pipeline_harness import running_pipeline, workflow_id_of


async def test_a_zip_of_zips_expands_one_level_and_answers_the_inner_zip(minio_server, temporal_env, mailpit_server):
    sender = f"zips-{uuid.uuid4().hex[:6]}@fc.example.gov.cn"
    tag = uuid.uuid4().hex.encode()
    level3 = zip_of({f"c{i}.txt": b"not a report " + tag for i in range(3)})
    level2 = zip_of({f"b{i}.zip": level3 + bytes([i]) for i in range(3)})
    outer = zip_of({"a0.zip": level2, "a1.zip": level2 + b"1", "note.txt": b"hello " + tag})
    async with running_pipeline(minio_server, temporal_env, mailpit_server, prefix="nested") as pipeline:
        _key, wf_id = pipeline.upload(outer, "套娃.zip", email=sender)
        result = await pipeline.result(wf_id)
        assert result.status == "expanded" and len(result.member_keys) == 3
        inner = [k for k in result.member_keys if k.endswith(".zip")]
        assert len(inner) == 2
        for key in inner:
            member = await pipeline.result(workflow_id_of(pipeline.s3, key))
            assert member.status == "unreadable"
            assert "只解压一层" in (member.reason or "")
            assert member.member_keys == []
        await asyncio.sleep(2)
        # One answer per member (two inner zips + the note), nothing for deeper levels.
        answered = mails(mailpit_server, to=sender, contains="")
        assert len(answered) == 3, [m["Subject"] for m in answered]
        listing = pipeline.s3.list_objects_v2(Bucket="intake", Prefix="inbox/")
        names = {o["Key"].rsplit("/", 1)[-1] for o in listing.get("Contents", [])}
        assert not names & {"b0.zip", "b1.zip", "b2.zip"}  # the second level was never unpacked
