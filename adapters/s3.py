"""Object storage: one boto3 client factory for MinIO and AWS S3, and the metadata codec.

S3 user metadata must be US-ASCII. A Chinese name or subject is percent-encoded (UTF-8) on
the way in and decoded by `decode_metadata` on the way out; plain ASCII passes unchanged.
"""

from __future__ import annotations

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


def decode_meta_value(value: str) -> str:
    if value.startswith(_ENCODED_PREFIX):
        return urllib.parse.unquote(value[len(_ENCODED_PREFIX) :])
    if value.startswith("=?"):
        # RFC 2047, as some gateways write it.
        import email.header

        return str(email.header.make_header(email.header.decode_header(value)))
    return value


def encode_metadata(meta: dict[str, str | None]) -> dict[str, str]:
    return {k: encode_meta_value(v) for k, v in meta.items() if v is not None}


def decode_metadata(meta: dict[str, str]) -> dict[str, str]:
    out = {}
    for k, v in meta.items():
        key = k.lower()
        if key.startswith("x-amz-meta-"):
            key = key[len("x-amz-meta-") :]
        out[key] = decode_meta_value(v)
    return out


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
