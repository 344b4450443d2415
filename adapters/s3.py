"""Object storage: one boto3 client factory for MinIO and AWS S3, and the metadata codec.

S3 user metadata must be US-ASCII. A Chinese name or subject is percent-encoded (UTF-8) on
the way in and decoded by `decode_metadata` on the way out; plain ASCII passes unchanged.
"""

from __future__ import annotations

import email.errors
import email.header
import urllib.parse
from functools import lru_cache

import boto3
from botocore.config import Config

from adapters.settings import S3Settings

# Metadata keys the service writes on intake objects (lower case: S3 lower-cases them).
META_SUBMITTER_EMAIL = "submitter-email"
META_SUBMITTER_NAME = "submitter-name"
META_CHANNEL = "channel"  # web | cli | email
META_ORIGINAL_NAME = "original-name"
META_MESSAGE_ID = "message-id"
META_SUBJECT = "subject"
META_RECEIVED_AT = "received-at"
META_CASE_HINT = "case-id"  # set by a resubmission on a returned case
META_ARCHIVE_OF = "archive-of"  # a member of a ZIP: the archive's key
META_SENDER_VERIFIED = "sender-verified"  # e-mail: "yes" when the sender is proven (intake/sender_trust.py)
META_SENDER_EVIDENCE = "sender-evidence"  # e-mail: why (Chinese, for the intake desk)
META_AUTO_SUBMITTED = "auto-submitted"  # "yes": automated mail; the sender is not answered

_ENCODED_PREFIX = "u8:"  # marks a percent-encoded UTF-8 value


def encode_meta_value(value: str) -> str:
    if value.isascii() and not value.startswith((_ENCODED_PREFIX, "=?")):
        return value
    return _ENCODED_PREFIX + urllib.parse.quote(value, safe="@._-+ ")


class UndecodableMetadata(ValueError):
    """A metadata value that is not what any of our channels writes: treated as absent."""


def decode_meta_value(value: str) -> str:
    """The value as written, or UndecodableMetadata: a value nobody can read is never
    guessed at (a wrong submitter address is worse than none)."""
    try:
        if value.startswith(_ENCODED_PREFIX):
            return urllib.parse.unquote(value[len(_ENCODED_PREFIX) :], errors="strict")
        if value.startswith("=?"):
            # RFC 2047, as some gateways write it.
            return str(email.header.make_header(email.header.decode_header(value)))
        if not value.isascii() and max(value) <= "\xff":
            # Raw bytes in an HTTP header reach us as Latin-1; only UTF-8 is accepted.
            return value.encode("latin-1").decode("utf-8")
    except (LookupError, UnicodeError, ValueError, email.errors.HeaderParseError) as exc:
        raise UndecodableMetadata(f"{type(exc).__name__}: {exc}") from exc
    return value


def encode_metadata(meta: dict[str, str | None]) -> dict[str, str]:
    return {k: encode_meta_value(v) for k, v in meta.items() if v is not None}


def decode_metadata(meta: dict[str, str]) -> dict[str, str]:
    """Every value that can be decoded; the others are left out (see decode_metadata_checked)."""
    return decode_metadata_checked(meta)[0]


def decode_metadata_checked(meta: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(decoded values, {key: why it was left out}) for the values that cannot be decoded."""
    out: dict[str, str] = {}
    problems: dict[str, str] = {}
    for k, v in meta.items():
        key = k.lower().removeprefix("x-amz-meta-")
        try:
            out[key] = decode_meta_value(v)
        except UndecodableMetadata as exc:
            problems[key] = str(exc)
    return out, problems


def s3_client(s3: S3Settings):
    return _client(s3.endpoint, s3.region, s3.access_key, s3.secret_key)


@lru_cache(maxsize=8)
def _client(endpoint: str | None, region: str, access_key: str | None, secret_key: str | None):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        config=Config(
            signature_version="s3v4",
            s3={"addressing_style": "path"} if endpoint else {},
            retries={"max_attempts": 3, "mode": "standard"},
            connect_timeout=5,
            read_timeout=30,
        ),
    )
