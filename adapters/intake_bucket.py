"""Putting a submitted file into the intake bucket: one function for the CLI, the web upload
and the samples, so every channel stores the same metadata under the same key scheme.

Key: `inbox/<16 hex of sha256(submitter + bytes)>/<file name>`. Every PUT carries the
bytes' SHA-256 checksum, which the store verifies and keeps: the document workflow id is
derived from it and the submitter (adapters.object_identity), so the same person sending
the same bytes is one document, whatever the name, channel or upload method. Two people
sending identical files stay two submissions, each answered.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import re
from datetime import UTC, datetime

from adapters import s3 as storage

INBOX_PREFIX = "inbox/"
# The web app's shared session state (revoked session ids, sign-in attempts): short-lived
# bookkeeping, not submissions; the only prefix the bucket's lifecycle rule expires.
WEB_SESSIONS_PREFIX = "web-sessions/"
_UNSAFE = re.compile(r"[\x00-\x1f\\/]+")
# S3 allows 2 KB of user metadata per object (keys + values, as sent); keep a margin.
METADATA_BUDGET = 1900
# Shortened first when the metadata does not fit, in this order (free text only; the
# submitter's address, channel and times are never cut).
# A value is never cut to nothing (`archive-of` must stay present: archives nest one level).
_SHRINKABLE = (storage.META_SUBJECT, storage.META_SUBMITTER_NAME, storage.META_ORIGINAL_NAME, storage.META_ARCHIVE_OF)


def fit_metadata(meta: dict[str, str | None], budget: int = METADATA_BUDGET) -> dict[str, str]:
    """Encode the metadata and shorten its free-text values until it fits S3's limit. A
    300-character Chinese file name is 2.7 KB once percent-encoded: it keeps its beginning
    and its extension ("很长的名字….docx"), as does the object key (≤ 200 bytes); the key's
    hash tells files apart, never the name."""
    meta = dict(meta)
    for key in _SHRINKABLE:
        while _size(storage.encode_metadata(meta)) > budget and meta.get(key):
            shorter = _shorter(str(meta[key]))
            if shorter == meta[key]:
                break
            meta[key] = shorter
    return storage.encode_metadata(meta)


def _size(encoded: dict[str, str]) -> int:
    return sum(len(k) + len(v) for k, v in encoded.items())


def _shorter(value: str) -> str:
    stem, dot, ext = value.rpartition(".")
    if not dot or len(ext) > 8 or not stem:
        stem, ext = value, ""
    stem = stem.removesuffix("…")
    keep = max(1, len(stem) * 2 // 3)
    return f"{stem[:keep]}…" + (f".{ext}" if ext else "")


# A key segment is a file name on MinIO's disks: at most 255 bytes. Keep a margin.
MAX_NAME_BYTES = 200


def object_key(data: bytes, filename: str, submitter: str = "") -> str:
    name = _UNSAFE.sub("_", filename).strip() or "report"
    while len(name.encode()) > MAX_NAME_BYTES:
        name = _shorter(name)  # keeps the beginning and the extension
    digest = hashlib.sha256(submitter.strip().lower().encode() + b"\x00" + data).hexdigest()[:16]
    return f"{INBOX_PREFIX}{digest}/{name}"


def put_submission(
    client,
    bucket: str,
    data: bytes,
    filename: str,
    *,
    email: str,
    name: str | None = None,
    channel: str = "cli",
    extra: dict[str, str | None] | None = None,
) -> str:
    key = object_key(data, filename, email)
    sha256 = hashlib.sha256(data).hexdigest()
    meta = {
        storage.META_SUBMITTER_EMAIL: email,
        storage.META_SUBMITTER_NAME: name,
        storage.META_CHANNEL: channel,
        storage.META_ORIGINAL_NAME: filename,
        storage.META_RECEIVED_AT: datetime.now(UTC).isoformat(timespec="seconds"),
        **(extra or {}),
    }
    client.put_object(
        Bucket=bucket,
        Key=key,
        Body=data,
        Metadata=fit_metadata(meta),
        ContentType=mimetypes.guess_type(filename)[0] or "application/octet-stream",
        ChecksumSHA256=base64.b64encode(bytes.fromhex(sha256)).decode(),
    )
    return key
