"""Putting a submitted file into the intake bucket: one function for the CLI, the web upload
and the samples, so every channel stores the same metadata under the same key scheme.

Key: `inbox/<first 16 hex of sha256>/<file name>`. The same bytes under the same name give
the same key, and (with the same ETag) the same workflow id: a double upload is one case.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from datetime import UTC, datetime

from intake import storage

INBOX_PREFIX = "inbox/"
_UNSAFE = re.compile(r"[\x00-\x1f\\/]+")


def object_key(data: bytes, filename: str) -> str:
    name = _UNSAFE.sub("_", filename).strip() or "report"
    return f"{INBOX_PREFIX}{hashlib.sha256(data).hexdigest()[:16]}/{name[-180:]}"


def put_submission(
    client,
    bucket: str,
    data: bytes,
    filename: str,
    *,
    email: str,
    name: str | None = None,
    channel: str = "cli",
    extra: dict[str, str] | None = None,
) -> str:
    key = object_key(data, filename)
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
