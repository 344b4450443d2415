"""Every event source becomes one BucketEvent; ids are deterministic."""

from __future__ import annotations

import json

import pytest

from intake.bucket_events import BadEventBody, document_workflow_id, parse_body

MINIO_BODY = {
    "EventName": "s3:ObjectCreated:Put",
    "Key": "intake/inbox/上塘镇 2021年报.txt",
    "Records": [
        {
            "eventVersion": "2.0",
            "eventSource": "minio:s3",
            "eventName": "s3:ObjectCreated:Put",
            "eventTime": "2026-11-24T01:00:00.000Z",
            "s3": {
                "bucket": {"name": "intake"},
                "object": {
                    "key": "inbox%2Fabc%2F%E4%B8%8A%E5%A1%98%E9%95%87+2021%E5%B9%B4%E6%8A%A5.txt",
                    "size": 1234,
                    "eTag": "d41d8cd98f00b204e9800998ecf8427e",
                    "versionId": "v1",
                    "sequencer": "17F",
                    "userMetadata": {"X-Amz-Meta-Submitter-Email": "clerk@example.cn"},
                },
            },
        }
    ],
}

AWS_SQS_BODY = {
    "Records": [
        {
            "eventVersion": "2.1",
            "eventSource": "aws:s3",
            "eventName": "ObjectCreated:CompleteMultipartUpload",
            "eventTime": "2026-11-24T01:00:00.000Z",
            "s3": {
                "bucket": {"name": "intake"},
                "object": {"key": "inbox/abc/report+2021.pdf", "size": 10, "eTag": '"e1"'},
            },
        }
    ]
}


def test_minio_body_key_is_url_decoded():
    parsed = parse_body(json.dumps(MINIO_BODY).encode())
    assert len(parsed.events) == 1
    ev = parsed.events[0]
    assert ev.key == "inbox/abc/上塘镇 2021年报.txt"
    assert (ev.bucket, ev.etag, ev.version_id, ev.size) == ("intake", "d41d8cd98f00b204e9800998ecf8427e", "v1", 1234)
    assert ev.event_name == "ObjectCreated:Put"
    assert ev.source == "minio"


def test_aws_sqs_record_without_prefix_keeps_slashes():
    ev = parse_body(json.dumps(AWS_SQS_BODY).encode()).events[0]
    assert ev.key == "inbox/abc/report 2021.pdf"
    assert ev.event_name == "ObjectCreated:CompleteMultipartUpload"
    assert ev.etag == "e1"
    assert ev.source == "aws"


def test_sns_envelope_is_unwrapped():
    body = {"Type": "Notification", "Message": json.dumps(AWS_SQS_BODY)}
    assert parse_body(json.dumps(body).encode()).events[0].key == "inbox/abc/report 2021.pdf"


def test_s3_test_event_is_ignored_not_an_error():
    parsed = parse_body(json.dumps({"Service": "Amazon S3", "Event": "s3:TestEvent", "Bucket": "intake"}).encode())
    assert parsed.events == []
    assert parsed.ignored == ["s3:TestEvent"]


def test_non_upload_events_are_ignored():
    body = json.loads(json.dumps(MINIO_BODY))
    body["Records"][0]["eventName"] = "s3:ObjectRemoved:Delete"
    parsed = parse_body(json.dumps(body).encode())
    assert parsed.events == [] and "ObjectRemoved:Delete" in parsed.ignored[0]


@pytest.mark.parametrize("raw", [b"not json", b"[1,2]", b'{"foo": 1}'])
def test_bad_bodies_raise(raw):
    with pytest.raises(BadEventBody):
        parse_body(raw)


def test_workflow_id_is_the_content_and_the_submitter():
    sha = "ab" * 32
    a = document_workflow_id("intake", content_id=sha, submitter="Clerk@Example.cn")
    assert a == document_workflow_id("intake", content_id=sha, submitter="clerk@example.cn ")
    assert a != document_workflow_id("intake", content_id="cd" * 32, submitter="clerk@example.cn")
    assert a != document_workflow_id("intake", content_id=sha, submitter="other@example.cn")
    assert a != document_workflow_id("intake", content_id=sha, submitter=None)
