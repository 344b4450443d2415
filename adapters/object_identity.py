"""What a bucket object is, asked of the store, never of the event that announced it.

A submission's identity is its content: the document workflow id is derived from the
bytes' sha256 and the submitter (intake.bucket_events.document_workflow_id), so the same bytes
from the same person are one document however they arrived: a single PUT or a multipart
upload (whose ETag is `<md5 of md5s>-N`, not the bytes' MD5), a replayed event with a wrong
or missing eTag, a second mail with the same attachment, or the reconciler.

The sha256, cheapest first:
1. the store's own full-object SHA-256 checksum (`x-amz-checksum-sha256`, `ChecksumType`
   FULL_OBJECT): our channels send it with every PUT (adapters.intake_bucket), and the store
   verifies it against the bytes, so it is as good as hashing them;
2. otherwise (a foreign uploader, a multipart upload with a composite checksum) the object is
   read and hashed in a stream, when it is no larger than `STREAM_LIMIT_BYTES`;
3. otherwise (larger files, answered "too large" anyway) the HEAD's ETag stands in.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from typing import Any

from adapters import s3 as storage
from intake.addresses import valid_address
from intake.bucket_events import document_workflow_id

STREAM_LIMIT_BYTES = 128 * 1024 * 1024
_MISSING = ("404", "NoSuchKey", "NotFound", "NoSuchVersion")
_BAD_VERSION = ("400", "InvalidArgument", "InvalidVersionId")


class ObjectGone(LookupError):
    """No such object (deleted, or never there): nothing to start."""


@dataclass(frozen=True)
class ObjectIdentity:
    bucket: str
    key: str
    version_id: str | None
    etag: str
    size: int
    content_id: str  # hex sha256 of the bytes, or "etag:<etag>" for objects too large to hash
    source: str  # checksum | streamed | etag
    submitter: str | None  # the submitter address from the metadata, when it is a usable one

    @property
    def workflow_id(self) -> str:
        return document_workflow_id(self.bucket, content_id=self.content_id, submitter=self.submitter)


def sha256_checksum(sha256_hex: str) -> str:
    """The `ChecksumSHA256` value (base64) that makes the store verify and keep the digest."""
    return base64.b64encode(bytes.fromhex(sha256_hex)).decode()


def identify(s3: Any, bucket: str, key: str, version_id: str | None = None) -> ObjectIdentity:
    """HEAD the object (the version the event names when it exists, else the latest) and
    find its content id. Raises ObjectGone when there is no such object."""
    head = _head(s3, bucket, key, version_id)
    etag = (head.get("ETag") or "").strip('"')
    size = int(head.get("ContentLength") or 0)
    version = head.get("VersionId") or version_id
    content_id, source = _content_id(s3, bucket, key, version, head, etag, size)
    meta = storage.decode_metadata(head.get("Metadata") or {})
    submitter = valid_address(meta.get(storage.META_SUBMITTER_EMAIL))
    return ObjectIdentity(bucket, key, version, etag, size, content_id, source, submitter.lower() if submitter else None)


def _head(s3: Any, bucket: str, key: str, version_id: str | None) -> dict:
    ref = {"Bucket": bucket, "Key": key, "ChecksumMode": "ENABLED"}
    if version_id and version_id != "null":
        try:
            head: dict = s3.head_object(**ref, VersionId=version_id)
            return head
        except s3.exceptions.ClientError as exc:
            if _code(exc) not in _MISSING + _BAD_VERSION:
                raise
            # A forged or stale version id: what is stored under the key now is what counts.
    try:
        latest: dict = s3.head_object(**ref)
        return latest
    except s3.exceptions.ClientError as exc:
        if _code(exc) in _MISSING:
            raise ObjectGone(f"{bucket}/{key}") from exc
        raise


def _content_id(s3: Any, bucket: str, key: str, version: str | None, head: dict, etag: str, size: int) -> tuple[str, str]:
    checksum = head.get("ChecksumSHA256")
    if checksum and head.get("ChecksumType", "FULL_OBJECT") == "FULL_OBJECT" and "-" not in checksum:
        try:
            return base64.b64decode(checksum, validate=True).hex(), "checksum"
        except (binascii.Error, ValueError):
            pass
    if size <= STREAM_LIMIT_BYTES:
        ref = {"Bucket": bucket, "Key": key, **({"VersionId": version} if version and version != "null" else {})}
        digest = hashlib.sha256()
        body = s3.get_object(**ref)["Body"]
        for chunk in iter(lambda: body.read(1 << 20), b""):
            digest.update(chunk)
        return digest.hexdigest(), "streamed"
    return f"etag:{etag}", "etag"


def _code(exc: Exception) -> str:
    response = getattr(exc, "response", {}) or {}
    code = str(response.get("Error", {}).get("Code", ""))
    status = str(response.get("ResponseMetadata", {}).get("HTTPStatusCode", ""))
    return code if code not in ("", "None") else status
