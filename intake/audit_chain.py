"""The audit trail: one hash chain of records per case, stored write-once in the `audit` bucket.

Every stage of a case's workflow appends one `AuditRecord`. Each record carries the hash of
the previous one (`prev_hash`) and its own `hash` over all its other fields, so changing,
removing or reordering a record breaks the chain. The workflow carries an `AuditCursor`
(chain id, last seq, last hash) between stages: it is plain deterministic workflow state.

Immutability has two layers:
- the chain itself (detects any edit of a record's content, and any gap or reordering);
- S3 object lock + versioning: every record object is written once with a COMPLIANCE
  retention, so its first version cannot be deleted or overwritten in place. A later PUT of
  the same key only adds a new version, and a DELETE only adds a delete marker; `verify`
  reads the latest versions *and* the version history, so both are reported, and the
  original bytes stay recoverable.

No Temporal and no boto3 imports at module level: workflow code imports `AuditCursor` from
here, and the workflow sandbox must not load boto3.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any, Literal, Required, TypedDict, Unpack

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator
from pydantic_core import to_jsonable_python

GENESIS = "0" * 64
KEY_PREFIX = "chains/"
DEFAULT_RETENTION_DAYS = 3650
# COMPLIANCE, not GOVERNANCE: under GOVERNANCE anyone holding s3:BypassGovernanceRetention
# (e.g. the MinIO root user the local stack runs with) can delete a version, which is
# exactly the silent rewrite this trail exists to prevent. COMPLIANCE cannot be shortened or
# bypassed by anyone until the date passes; the cost is that the objects outlive mistakes.
DEFAULT_LOCK_MODE = "COMPLIANCE"

_CHAIN_RE = re.compile(r"^[^/\s\x00-\x1f]{1,200}$")  # becomes one path segment of the key
_STAGE_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_KEY_RE = re.compile(r"^chains/(?P<chain>[^/]+)/(?P<seq>\d{8})\.json$")


# ---------------------------------------------------------------- hashing


def canonical_json(obj: Any) -> bytes:
    """The one byte form everything is hashed over: sorted keys, UTF-8, no spaces."""
    return json.dumps(to_jsonable_python(obj), sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def content_hash(obj: Any) -> str:
    """sha256 hex of a stage's input or output. Raw bytes (a submitted file) are hashed as
    they are, so the hash equals the file's sha256; anything else by its canonical JSON."""
    if isinstance(obj, bytes | bytearray | memoryview):
        return hashlib.sha256(bytes(obj)).hexdigest()
    return hashlib.sha256(canonical_json(obj)).hexdigest()


def record_hash(fields: dict[str, Any]) -> str:
    """Hash over every field except `hash` itself, taken from the parsed JSON as stored, so
    an added or retyped field changes the hash too (the model would silently coerce it)."""
    return hashlib.sha256(canonical_json({k: v for k, v in fields.items() if k != "hash"})).hexdigest()


# ---------------------------------------------------------------- models


class ActivityRef(BaseModel):
    """Which activity execution wrote the record (for operators; not part of idempotency)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    workflow_id: str
    run_id: str | None = None
    activity_type: str | None = None
    attempt: int | None = None


class AuditRecord(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    chain: str
    seq: int = Field(ge=1)
    stage: str
    actor: str = Field(min_length=1)
    at: str  # ISO-8601 UTC from the workflow's clock, so a retried activity repeats it
    activity: ActivityRef | None = None
    input_hash: str
    output_hash: str
    detail: dict[str, Any] = Field(default_factory=dict[str, Any])
    prev_hash: str
    hash: str

    @field_validator("chain", "stage")
    @classmethod
    def _well_formed(cls, v: str, info: ValidationInfo) -> str:
        if info.field_name == "chain" and not _CHAIN_RE.match(v):
            raise ValueError(f"chain id must be one path segment without spaces: {v!r}")
        if info.field_name == "stage" and not _STAGE_RE.match(v):
            raise ValueError(f"stage must match {_STAGE_RE.pattern}: {v!r}")
        return v

    @field_validator("at")
    @classmethod
    def _at_is_utc(cls, v: str) -> str:
        t = dt.datetime.fromisoformat(v)
        if t.utcoffset() != dt.timedelta(0):
            raise ValueError(f"`at` must be an ISO-8601 UTC time: {v!r}")
        return v

    def fields(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @property
    def key(self) -> str:
        return record_key(self.chain, self.seq)


class AuditCursor(BaseModel):
    """Where a chain stands: carried by the workflow from stage to stage."""

    model_config = ConfigDict(frozen=True)
    chain: str
    seq: int = 0
    prev_hash: str = GENESIS

    def advance(self, record: AuditRecord | str) -> AuditCursor:
        """The cursor after `record`. Pass the hash `AuditStore.append` returned when you
        have it: after a retried activity the stored record (first write wins) may differ
        from the one just built, and the next record must chain to what is stored."""
        if isinstance(record, str):
            return AuditCursor(chain=self.chain, seq=self.seq + 1, prev_hash=record)
        if record.chain != self.chain or record.seq != self.seq + 1 or record.prev_hash != self.prev_hash:
            raise ValueError(f"record {record.chain}#{record.seq} does not follow cursor {self.chain}#{self.seq}")
        return AuditCursor(chain=self.chain, seq=record.seq, prev_hash=record.hash)


def utc_iso(t: dt.datetime) -> str:
    """The `at` form: e.g. workflow.now() -> '2026-03-01T08:00:00.123456+00:00'."""
    if t.tzinfo is None:
        raise ValueError("need an aware datetime")
    return t.astimezone(dt.UTC).isoformat()


class RecordFields(TypedDict, total=False):
    """What one audit record says (beyond its place in the chain): who did which stage when,
    hashes of what went in and came out, and a detail for people to read."""

    stage: Required[str]
    actor: Required[str]
    at: Required[str]
    input: Any
    output: Any
    detail: dict[str, Any] | None


def make_record(
    cursor: AuditCursor, *, activity: ActivityRef | dict[str, Any] | None = None, **record: Unpack[RecordFields]
) -> AuditRecord:
    """The next record of `cursor`'s chain. Pure: same arguments, same record and hash."""
    fields = AuditRecord.model_construct(
        chain=cursor.chain,
        seq=cursor.seq + 1,
        stage=record["stage"],
        actor=record["actor"],
        at=record["at"],
        activity=ActivityRef.model_validate(activity) if isinstance(activity, dict) else activity,
        input_hash=content_hash(record.get("input")),
        output_hash=content_hash(record.get("output")),
        detail=to_jsonable_python(record.get("detail") or {}),
        prev_hash=cursor.prev_hash,
        hash="",
    ).model_dump(mode="json")
    fields["hash"] = record_hash(fields)
    return AuditRecord.model_validate(fields)  # validates chain, stage, at


def record_key(chain: str, seq: int) -> str:
    # One key per chain position, without the stage: the conditional PUT then makes "one
    # record per seq" atomic on the server (a stage in the key would let two stages race
    # into the same seq under different keys). Zero-padded so keys list in seq order.
    return f"{KEY_PREFIX}{chain}/{seq:08d}.json"


def encode_record(record: AuditRecord) -> bytes:
    # Indented for people reading it in the MinIO browser; the hash never depends on layout.
    return json.dumps(record.fields(), sort_keys=True, ensure_ascii=False, indent=2).encode("utf-8")


# ---------------------------------------------------------------- verification (pure)

Problem = Literal["changed", "removed", "reordered", "unparsable"]


class AuditProblem(BaseModel):
    chain: str
    seq: int
    key: str
    problem: Problem
    detail: str


class VerifyReport(BaseModel):
    ok: bool
    chains: int
    records: int
    problems: list[AuditProblem] = Field(default_factory=list)  # the first bad record of each chain


@dataclass(frozen=True)
class StoredObject:
    """What verify knows about one key: its current body and whether it was ever replaced."""

    key: str
    body: bytes | None  # None: the latest version is a delete marker
    rewritten: bool = False  # the current bytes differ from the key's first version


def check_chain(chain: str, objects: list[StoredObject]) -> AuditProblem | None:
    """The first bad record of one chain, or None when it is intact. `objects` are the
    chain's keys in any order."""

    def bad(seq: int, key: str, problem: Problem, detail: str) -> AuditProblem:
        return AuditProblem(chain=chain, seq=seq, key=key, problem=problem, detail=detail)

    parsed: list[tuple[int, StoredObject]] = []
    for obj in objects:
        m = _KEY_RE.match(obj.key)
        if not m or m["chain"] != chain:
            return bad(0, obj.key, "unparsable", "key is not chains/<chain>/<seq>.json")
        parsed.append((int(m["seq"]), obj))
    parsed.sort(key=lambda p: p[0])

    prev: AuditRecord | None = None
    hashes_in_chain: set[str] = set()
    expected = 1
    for seq, obj in parsed:
        if seq > expected:
            return bad(expected, record_key(chain, expected), "removed", f"seq {expected} is missing")
        expected += 1
        if obj.body is None:
            return bad(seq, obj.key, "removed", "deleted (a delete marker hides it; the locked version is kept)")
        try:
            raw = json.loads(obj.body)
            record = AuditRecord.model_validate(raw)
        except (ValueError, ValidationError) as exc:
            return bad(seq, obj.key, "unparsable", str(exc).splitlines()[0][:200])
        if record_hash(raw) != record.hash:
            return bad(seq, obj.key, "changed", "content does not match its hash")
        if (record.chain, record.seq) != (chain, seq):
            return bad(seq, obj.key, "reordered", f"holds record {record.chain}#{record.seq} ({record.stage})")
        if record.prev_hash != (prev.hash if prev else GENESIS):
            # A rewritten previous record was already named by its own version history, so
            # this one (or its position) is the bad one.
            kind: Problem = "reordered" if record.prev_hash in hashes_in_chain else "changed"
            return bad(seq, obj.key, kind, "prev_hash does not match the previous record")
        if obj.rewritten:
            # Self-consistent but not what was first written (e.g. the last record replaced
            # with a recomputed hash): only the version history shows it.
            return bad(seq, obj.key, "changed", "rewritten after it was written")
        hashes_in_chain.add(record.hash)
        prev = record
    return None
