"""Putting a submitted file into the intake bucket: one function for the CLI, the web upload
and the samples, so every channel stores the same metadata under the same key scheme.

Key: `inbox/<16 hex of sha256(submitter + bytes)>/<file name>`. The same person sending
the same bytes under the same name gets the same key and (same ETag) the same workflow: a
double upload is one document. Two people sending identical files stay two submissions,
each answered.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from datetime import UTC, datetime

from adapters import s3 as storage

INBOX_PREFIX = "inbox/"
_UNSAFE = re.compile(r"[\x00-\x1f\\/]+")


def object_key(data: bytes, filename: str, submitter: str = "") -> str:
    name = _UNSAFE.sub("_", filename).strip() or "report"
    digest = hashlib.sha256(submitter.strip().lower().encode() + b"\x00" + data).hexdigest()[:16]
    return f"{INBOX_PREFIX}{digest}/{name[-180:]}"


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
        Metadata=storage.encode_metadata(meta),
        ContentType=mimetypes.guess_type(filename)[0] or "application/octet-stream",
    )
    return key
