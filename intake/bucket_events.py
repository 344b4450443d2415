"""Bucket events from every source, normalised at the edge into one model.

Sources and their differences (see notes/stack.md):
- MinIO webhook: `EventName` "s3:ObjectCreated:Put", `Records[].s3.object.key` URL-encoded
  (`/` → %2F, space → +), `userMetadata` present.
- AWS S3 via SQS (or EventBridge/SNS wrappers): `eventName` without the `s3:` prefix, keys
  URL-encoded with `/` kept, no user metadata (the workflow calls HeadObject anyway), and
  `s3:TestEvent` messages without Records.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote_plus

from pydantic import BaseModel

# Only object creation starts work. Tagging/retention/legal-hold changes are not uploads.
CREATED_EVENTS = frozenset({"ObjectCreated:Put", "ObjectCreated:Post", "ObjectCreated:Copy", "ObjectCreated:CompleteMultipartUpload"})


class ObjectVersion(BaseModel):
    """An object in the bucket as an event names it: which version, as far as the event says."""

    bucket: str
    key: str
    etag: str | None = None
    version_id: str | None = None
    size: int | None = None


class BucketEvent(ObjectVersion):
    event_name: str
    event_time: str | None = None
    sequencer: str | None = None
    source: str = "minio"  # minio | aws
    # MinIO sends the object's user metadata (still encoded, `X-Amz-Meta-…` keys); AWS does not.
    user_metadata: dict[str, str] = {}


@dataclass
class ParsedBody:
    events: list[BucketEvent] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # why a record or the body was not used


class BadEventBody(ValueError):
    pass


def parse_body(body: bytes) -> ParsedBody:
    """Parse a webhook/SQS body. Raises BadEventBody when it is not an event body at all."""
    try:
        doc = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BadEventBody(f"not JSON: {exc}") from exc
    if not isinstance(doc, dict):
        raise BadEventBody("event body is not a JSON object")
    # SNS envelope or SQS message wrapper: the S3 event is a JSON string inside.
    if "Message" in doc and isinstance(doc["Message"], str):
        return parse_body(doc["Message"].encode())
    if "Body" in doc and isinstance(doc["Body"], str) and "Records" not in doc:
        return parse_body(doc["Body"].encode())
    out = ParsedBody()
    if doc.get("Event") == "s3:TestEvent" or doc.get("event") == "s3:TestEvent":
        out.ignored.append("s3:TestEvent")
        return out
    # EventBridge "Object Created" detail.
    if doc.get("detail-type") == "Object Created" and isinstance(doc.get("detail"), dict):
        d = doc["detail"]
        out.events.append(
            BucketEvent(
                bucket=d.get("bucket", {}).get("name", ""),
                key=d.get("object", {}).get("key", ""),
                etag=_etag(d.get("object", {}).get("etag")),
                version_id=d.get("object", {}).get("version-id"),
                size=d.get("object", {}).get("size"),
                event_name="ObjectCreated:Put",
                event_time=doc.get("time"),
                source="aws",
            )
        )
        return out
    records = doc.get("Records")
    if not isinstance(records, list):
        raise BadEventBody("no Records in event body")
    for rec in records:
        try:
            ev = _record(rec)
        except (KeyError, TypeError, AttributeError) as exc:
            out.ignored.append(f"malformed record: {exc!r}")
            continue
        if ev.event_name not in CREATED_EVENTS:
            out.ignored.append(f"event {ev.event_name} is not an upload")
            continue
        out.events.append(ev)
    return out


def _record(rec: dict[str, Any]) -> BucketEvent:
    name = rec["eventName"]
    source = "minio" if name.startswith("s3:") else "aws"
    name = name.removeprefix("s3:")
    s3 = rec["s3"]
    obj = s3["object"]
    return BucketEvent(
        bucket=s3["bucket"]["name"],
        key=unquote_plus(obj["key"]),
        etag=_etag(obj.get("eTag") or obj.get("etag")),
        version_id=obj.get("versionId") or None,
        size=obj.get("size"),
        event_name=name,
        event_time=rec.get("eventTime"),
        sequencer=obj.get("sequencer"),
        source=source if "minio" not in (rec.get("eventSource") or "") else "minio",
        user_metadata={k: v for k, v in (obj.get("userMetadata") or {}).items() if isinstance(v, str)},
    )


def _etag(value: str | None) -> str | None:
    return value.strip('"') if value else None


def document_workflow_id(bucket: str, *, content_id: str, submitter: str | None) -> str:
    """Deterministic, and a function of the content: the same bytes from the same submitter
    are one document, however many events, uploads (single or multipart), channels or
    reconciler passes announce them. `content_id` is the bytes' sha256 (see
    adapters.object_identity); never the ETag an event carries, which differs for the same
    bytes uploaded in parts and can be replayed wrong or missing."""
    who = (submitter or "").strip().lower()
    digest = hashlib.sha256(f"{bucket}\x00{who}\x00{content_id}".encode()).hexdigest()[:32]
    return f"doc-{digest}"
