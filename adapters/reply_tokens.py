"""Which case a reply token names: `replies/tokens/<token>.json` in the intake bucket,
written when a case's mail goes out (its Reply-To and Message-ID carry the token; case ids
hold Chinese, which an address cannot), read by the mail gateway when a reply comes back."""

from __future__ import annotations

import json
from typing import Any

from botocore.exceptions import ClientError

from intake.notices import TOKEN_RE, case_token

PREFIX = "replies/tokens/"


def remember(s3: Any, bucket: str, case_id: str) -> str:
    """Store the token → case mapping (idempotent: the same bytes every time)."""
    token = case_token(case_id)
    body = json.dumps({"case_id": case_id}, ensure_ascii=False).encode("utf-8")
    s3.put_object(Bucket=bucket, Key=f"{PREFIX}{token}.json", Body=body, ContentType="application/json")
    return token


def case_for(s3: Any, bucket: str, token: str) -> str | None:
    """The case a token names, or None (not one of ours, or never mailed)."""
    if not TOKEN_RE.match(token):
        return None
    try:
        obj = s3.get_object(Bucket=bucket, Key=f"{PREFIX}{token}.json")
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
            return None
        raise
    case_id = json.loads(obj["Body"].read()).get("case_id")
    return case_id if isinstance(case_id, str) and case_token(case_id) == token else None
