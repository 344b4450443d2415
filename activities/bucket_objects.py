"""The intake bucket as the document activities use it: the submitted object (pinned to its
version), the stage results under `results/`, and the members of an archive put back into
the inbox. boto3 is synchronous, so every call runs in a thread."""

from __future__ import annotations

import asyncio
import hashlib
import re
from typing import Any

from temporalio.exceptions import ApplicationError

from adapters import s3 as storage
from adapters.intake_bucket import put_submission
from annual_report.sniff import sniff
from intake.addresses import valid_address
from workflows.contracts import DocumentInput, ObjectFacts

MB = 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


class BucketObjects:
    def __init__(self, s3: Any, bucket: str, max_file_bytes: int) -> None:
        self.s3 = s3
        self.bucket = bucket
        self.max_file_bytes = max_file_bytes

    async def head(self, bucket: str, key: str, version_id: str | None) -> dict[str, Any]:
        try:
            head: dict[str, Any] = await asyncio.to_thread(self.s3.head_object, **_ref(bucket, key, version_id))
        except self.s3.exceptions.ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                raise ApplicationError(f"对象不存在：{key}", type="ObjectMissing", non_retryable=True) from exc
            raise
        return head

    def read_sync(self, bucket: str, key: str, version_id: str | None) -> bytes:
        """The object's bytes, refused when over the size limit (from a synchronous activity)."""
        resp = self.s3.get_object(**_ref(bucket, key, version_id))
        if resp.get("ContentLength", 0) > self.max_file_bytes:
            raise ApplicationError(
                f"文件过大（{resp['ContentLength'] // MB} MB），上限 {self.max_file_bytes // MB} MB",
                "too_large",
                type="UnreadableDocument",
                non_retryable=True,
            )
        data: bytes = resp["Body"].read()
        return data

    async def read(self, bucket: str, key: str, version_id: str | None) -> bytes:
        return await asyncio.to_thread(self.read_sync, bucket, key, version_id)

    def read_pinned_sync(self, facts: ObjectFacts) -> bytes:
        """The exact bytes the facts describe (same version, same sha256)."""
        data = self.read_sync(facts.bucket, facts.key, facts.version_id)
        if hashlib.sha256(data).hexdigest() != facts.sha256:
            # The version id pins the bytes, so this means the version vanished. Nothing a
            # retry fixes.
            raise ApplicationError("对象内容在处理中被更改", type="ObjectMissing", non_retryable=True)
        return data

    async def read_pinned(self, facts: ObjectFacts) -> bytes:
        return await asyncio.to_thread(self.read_pinned_sync, facts)

    async def get(self, key: str) -> bytes:
        resp = await asyncio.to_thread(self.s3.get_object, Bucket=self.bucket, Key=key)
        data: bytes = await asyncio.to_thread(resp["Body"].read)
        return data

    def put_json_sync(self, key: str, body: bytes) -> None:
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=body, ContentType="application/json")

    async def put_json(self, key: str, body: bytes) -> None:
        await asyncio.to_thread(self.put_json_sync, key, body)

    async def exists(self, key: str) -> bool:
        try:
            await asyncio.to_thread(self.s3.head_object, Bucket=self.bucket, Key=key)
            return True
        except self.s3.exceptions.ClientError:
            return False

    async def put_member(self, archive: ObjectFacts, name: str, data: bytes) -> str:
        """One member of an archive, back into the inbox under the archive's submitter."""
        key: str = await asyncio.to_thread(
            put_submission,
            self.s3,
            self.bucket,
            data,
            name.rsplit("/", 1)[-1],
            email=archive.submitter_email or "",
            name=archive.submitter_name,
            channel=archive.channel or "archive",
            extra={
                storage.META_ARCHIVE_OF: archive.key,
                storage.META_AUTO_SUBMITTED: "yes" if archive.auto_submitted else None,
            },
        )
        return key


def facts_of(doc: DocumentInput, head: dict[str, Any], data: bytes, too_large: bool) -> ObjectFacts:
    """What the object is, from its HEAD, its metadata and its bytes (not from the event).
    Metadata that cannot be decoded, or a submitter address nobody can write to, is absent
    (and listed in `metadata_problems`): never a stage that fails on every retry."""
    meta, problems = usable_metadata(head.get("Metadata", {}))
    sniffed = sniff(data) if not too_large else None
    return ObjectFacts(
        bucket=doc.bucket,
        key=doc.key,
        version_id=head.get("VersionId") or doc.version_id,
        etag=(head.get("ETag") or "").strip('"') or doc.etag,
        size=head.get("ContentLength", 0) if too_large else len(data),
        sha256="" if too_large else hashlib.sha256(data).hexdigest(),
        content_type=head.get("ContentType"),
        submitter_email=meta.get(storage.META_SUBMITTER_EMAIL),
        submitter_name=meta.get(storage.META_SUBMITTER_NAME),
        channel=meta.get(storage.META_CHANNEL),
        original_name=meta.get(storage.META_ORIGINAL_NAME) or doc.key.rsplit("/", 1)[-1],
        received_at=meta.get(storage.META_RECEIVED_AT),
        message_id=meta.get(storage.META_MESSAGE_ID),
        subject=meta.get(storage.META_SUBJECT),
        case_hint=meta.get(storage.META_CASE_HINT),
        auto_submitted=meta.get(storage.META_AUTO_SUBMITTED) == "yes",
        archive_of=meta.get(storage.META_ARCHIVE_OF),
        metadata_problems=[f"{k}: {why}" for k, why in sorted(problems.items())],
        # An e-mail without the gateway's verdict is unproven, like one that failed it.
        sender_verified=(meta.get(storage.META_SENDER_VERIFIED) == "yes") if meta.get(storage.META_CHANNEL) == "email" else None,
        sender_evidence=meta.get(storage.META_SENDER_EVIDENCE),
        detected_type="too_large" if sniffed is None else sniffed.detected_type,
        format="unknown" if sniffed is None else sniffed.format,
    )


def usable_metadata(raw: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Decoded metadata with the submitter address checked (before anything is cleaned:
    "a@b.cn\r\nBcc: x" is not an address) and control characters removed from the rest;
    plus {key: why} for every value left out."""
    meta, problems = storage.decode_metadata_checked(raw)
    address = meta.pop(storage.META_SUBMITTER_EMAIL, None)
    if address:
        if checked := valid_address(address):
            meta[storage.META_SUBMITTER_EMAIL] = checked
        else:
            problems[storage.META_SUBMITTER_EMAIL] = f"not a usable address: {address[:80]!r}"
    return {key: _CONTROL.sub(" ", value).strip() for key, value in meta.items()}, problems


def _ref(bucket: str, key: str, version_id: str | None) -> dict[str, str]:
    ref = {"Bucket": bucket, "Key": key}
    if version_id and version_id != "null":
        ref["VersionId"] = version_id
    return ref
