"""Metadata nobody can decode is absent, never a stage that fails on every retry (issue 16
item 4): unknown RFC 2047 charsets, invalid UTF-8, CR/LF or no domain in the submitter."""

from __future__ import annotations

import pytest

from activities.bucket_objects import facts_of, usable_metadata
from adapters import s3 as storage
from intake.addresses import valid_address
from workflows.contracts import DocumentInput

DOC = DocumentInput(bucket="intake", key="inbox/abc/report.txt")


@pytest.mark.parametrize(
    "value",
    [
        "=?x-unknown?q?abc?=",  # unknown encoding: x-unknown
        "=?utf-8?b?!!!not-base64?=",
        "u8:%FF%FE%80",  # percent-encoded, but not UTF-8
        "\xff\xfe raw latin-1 bytes",  # raw non-UTF-8 bytes in the header
    ],
)
def test_undecodable_values_raise_a_typed_error(value):
    with pytest.raises(storage.UndecodableMetadata):
        storage.decode_meta_value(value)


def test_undecodable_values_are_left_out_and_named():
    meta, problems = storage.decode_metadata_checked({"X-Amz-Meta-Submitter-Name": "=?x-unknown?q?abc?=", "X-Amz-Meta-Channel": "web"})
    assert meta == {"channel": "web"}
    assert "unknown encoding" in problems["submitter-name"]


def test_raw_utf8_bytes_read_as_latin1_are_recovered():
    assert storage.decode_meta_value("上塘镇".encode().decode("latin-1")) == "上塘镇"


@pytest.mark.parametrize(
    "address",
    ["nodomain", "clerk@localhost", "a@b.cn\r\nBcc: x@evil.test", "李 <a@b.cn>", "a b@c.cn", "a@b..cn", "", "x" * 250 + "@b.cn"],
)
def test_addresses_nobody_can_write_to_are_refused(address):
    assert valid_address(address) is None


@pytest.mark.parametrize("address", ["shangtang@fc.example.gov.cn", "a.b+c@d.cn", "x@[10.0.0.1]"])
def test_real_addresses_pass(address):
    assert valid_address(address) == address


def _head(meta: dict[str, str]) -> dict:
    return {"Metadata": meta, "ContentLength": 5, "VersionId": "v1", "ETag": '"e"'}


def test_facts_of_treats_a_crlf_address_as_absent_and_records_it():
    facts = facts_of(DOC, _head({"submitter-email": "u8:a%40b.cn%0D%0ABcc%3A%20x%40evil.test", "submitter-name": "张三"}), b"hello", False)
    assert facts.submitter_email is None
    assert facts.submitter_name == "张三"
    assert any(p.startswith("submitter-email:") for p in facts.metadata_problems)


def test_facts_of_survives_an_unknown_encoding_everywhere():
    meta = {k: "=?x-unknown?q?abc?=" for k in ("submitter-email", "submitter-name", "original-name", "subject", "channel")}
    facts = facts_of(DOC, _head(meta), b"hello", False)
    assert (facts.submitter_email, facts.submitter_name, facts.channel) == (None, None, None)
    assert facts.original_name == "report.txt"  # the key's name, as when the metadata is missing
    assert len(facts.metadata_problems) == 5


def test_control_characters_never_reach_names():
    meta, problems = usable_metadata({"submitter-name": "u8:%E5%BC%A0%0D%0A%E4%B8%89", "submitter-email": "a@b.cn"})
    assert meta == {"submitter-name": "张 三", "submitter-email": "a@b.cn"}
    assert problems == {}
