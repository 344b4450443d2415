"""The pure audit-chain logic: hashing, cursors, and check_chain over in-memory objects."""

from __future__ import annotations

import hashlib
import json

import pytest
from pydantic import ValidationError

from intake.audit_chain import (
    GENESIS,
    AuditCursor,
    AuditRecord,
    StoredObject,
    check_chain,
    content_hash,
    encode_record,
    make_record,
    record_key,
)

AT = "2026-03-01T08:00:00+00:00"
STAGES = ["fetch", "classify", "extract", "validate", "notify"]


def build_chain(chain: str = "case-2021-001", n: int = 5) -> list[AuditRecord]:
    cursor, out = AuditCursor(chain=chain), []
    for i in range(n):
        rec = make_record(cursor, stage=STAGES[i % len(STAGES)], actor="system:worker", at=AT, input={"i": i}, output={"o": i})
        out.append(rec)
        cursor = cursor.advance(rec)
    return out


def objects(records: list[AuditRecord]) -> list[StoredObject]:
    return [StoredObject(r.key, encode_record(r)) for r in records]


def rehashed(record: AuditRecord) -> dict:
    """A forged record at the same position: other content, hash recomputed to match."""
    cursor = AuditCursor(chain=record.chain, seq=record.seq - 1, prev_hash=record.prev_hash)
    return make_record(cursor, stage=record.stage, actor=record.actor, at=record.at, input={"forged": 1}).fields()


def test_record_is_deterministic_and_hash_covers_every_field():
    kw = {"stage": "fetch", "actor": "system:worker", "at": AT, "input": b"pdf", "output": {"k": "上塘镇"}}
    a, b = make_record(AuditCursor(chain="c1"), **kw), make_record(AuditCursor(chain="c1"), **kw)
    assert a == b and a.hash == b.hash
    assert a.prev_hash == GENESIS and a.seq == 1
    assert a.key == "chains/c1/00000001.json" == record_key("c1", 1)
    for change in [{"actor": "reviewer:li"}, {"at": "2026-03-01T08:00:01+00:00"}, {"stage": "classify"}]:
        other = make_record(AuditCursor(chain="c1"), **(kw | change))
        assert other.hash != a.hash, change


def test_content_hash_bytes_are_the_file_sha256_and_json_is_canonical():
    assert content_hash(b"abc") == hashlib.sha256(b"abc").hexdigest()
    assert content_hash({"b": 1, "a": "镇"}) == content_hash({"a": "镇", "b": 1})
    expected = hashlib.sha256('{"a":"镇","b":1}'.encode()).hexdigest()
    assert content_hash({"b": 1, "a": "镇"}) == expected


def test_cursor_advances_only_in_order():
    recs = build_chain(n=2)
    c0 = AuditCursor(chain=recs[0].chain)
    c1 = c0.advance(recs[0])
    assert (c1.seq, c1.prev_hash) == (1, recs[0].hash)
    with pytest.raises(ValueError):
        c0.advance(recs[1])
    # the hash returned by AuditStore.append (possibly an earlier attempt's record) also works
    assert c0.advance("f" * 64) == AuditCursor(chain=recs[0].chain, seq=1, prev_hash="f" * 64)


@pytest.mark.parametrize(
    "kw",
    [
        {"at": "2026-03-01T08:00:00+08:00"},  # not UTC
        {"at": "yesterday"},
        {"stage": "Fetch/../x"},
    ],
)
def test_record_fields_are_validated(kw):
    with pytest.raises((ValidationError, ValueError)):
        make_record(AuditCursor(chain="c1"), **({"stage": "fetch", "actor": "system:worker", "at": AT} | kw))


def test_chain_id_must_be_one_key_segment():
    with pytest.raises(ValidationError):
        make_record(AuditCursor(chain="a/b"), stage="fetch", actor="system:worker", at=AT)


def test_intact_chain_passes():
    assert check_chain("case-2021-001", objects(build_chain())) is None
    assert check_chain("case-2021-001", list(reversed(objects(build_chain())))) is None  # listing order irrelevant


def test_edited_record_without_rehash_is_changed():
    recs = build_chain()
    objs = objects(recs)
    fields = recs[2].fields() | {"detail": {"verdict": "approved"}}
    objs[2] = StoredObject(recs[2].key, json.dumps(fields).encode())
    p = check_chain(recs[0].chain, objs)
    assert (p.seq, p.key, p.problem) == (3, recs[2].key, "changed")


def test_self_consistent_forgery_is_named_by_version_history():
    recs = build_chain()
    objs = objects(recs)
    objs[1] = StoredObject(recs[1].key, json.dumps(rehashed(recs[1])).encode(), rewritten=True)
    p = check_chain(recs[0].chain, objs)
    assert (p.seq, p.key, p.problem) == (2, recs[1].key, "changed")
    # without the version evidence the break still shows, at the next link
    objs[1] = StoredObject(recs[1].key, objs[1].body, rewritten=False)
    p = check_chain(recs[0].chain, objs)
    assert (p.seq, p.problem) == (3, "changed")


def test_rewritten_last_record_is_changed():
    recs = build_chain()
    objs = objects(recs)
    objs[-1] = StoredObject(recs[-1].key, json.dumps(rehashed(recs[-1])).encode(), rewritten=True)
    p = check_chain(recs[0].chain, objs)
    assert (p.seq, p.problem) == (5, "changed")


def test_delete_marker_and_gap_are_removed():
    recs = build_chain()
    objs = objects(recs)
    objs[3] = StoredObject(recs[3].key, None)
    p = check_chain(recs[0].chain, objs)
    assert (p.seq, p.key, p.problem) == (4, recs[3].key, "removed")
    del objs[3]
    p = check_chain(recs[0].chain, objs)
    assert (p.seq, p.key, p.problem) == (4, recs[3].key, "removed")


def test_swapped_bodies_are_reordered():
    recs = build_chain()
    objs = objects(recs)
    objs[1], objs[2] = StoredObject(recs[1].key, objs[2].body), StoredObject(recs[2].key, objs[1].body)
    p = check_chain(recs[0].chain, objs)
    assert (p.seq, p.key, p.problem) == (2, recs[1].key, "reordered")


def test_record_linking_to_an_earlier_record_is_reordered():
    recs = build_chain()
    # seq 4 re-made to follow seq 2 instead of seq 3, at its own key
    forged = make_record(AuditCursor(chain=recs[0].chain, seq=3, prev_hash=recs[1].hash), stage=recs[3].stage, actor="x", at=AT)
    objs = objects(recs)
    objs[3] = StoredObject(forged.key, encode_record(forged))
    p = check_chain(recs[0].chain, objs)
    assert (p.seq, p.problem) == (4, "reordered")


@pytest.mark.parametrize("body", [b"not json", b'{"chain": "case-2021-001"}', "{\u4e0a".encode()])
def test_garbage_is_unparsable(body):
    recs = build_chain()
    objs = objects(recs)
    objs[0] = StoredObject(recs[0].key, body)
    p = check_chain(recs[0].chain, objs)
    assert (p.seq, p.problem) == (1, "unparsable")


def test_added_field_is_detected():
    recs = build_chain()
    objs = objects(recs)
    objs[0] = StoredObject(recs[0].key, json.dumps(recs[0].fields() | {"note": "ok"}).encode())
    assert check_chain(recs[0].chain, objs).problem in ("unparsable", "changed")


def test_foreign_key_is_unparsable():
    recs = build_chain()
    objs = objects(recs) + [StoredObject("chains/case-2021-001/00000002-notify.json", b"x")]
    p = check_chain(recs[0].chain, objs)
    assert (p.key, p.problem) == ("chains/case-2021-001/00000002-notify.json", "unparsable")
