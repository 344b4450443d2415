"""Sessions every web replica can check, and the sign-in rate limit.

Sessions: the signed cookie (Starlette's SessionMiddleware, keyed by the shared web secret)
carries the login, a random session id and when it was issued; any replica verifies it
without asking the others, so two replicas behind a load balancer need no sticky sessions.
What the replicas share is the revocation list: signing out writes one small object per
session id to the intake bucket, `web-sessions/revoked/<sha256 of the id>` (a listing
reveals no usable id), and every signed-in request looks its id up there. So a copied
cookie is worthless after logout on every replica even though its signature is still
valid. A session older than its maximum age is refused whatever its cookie says (the
middleware refreshes the cookie on every answer; `issued` does not move).

Sign-in: attempts are counted per login and per client address in a sliding window; over
the limit the form answers 429 with a Chinese message saying when to try again. A successful
sign-in clears that login's count. The web app counts in the intake bucket too
(`BucketAttempts`), so replicas share one count.
"""

from __future__ import annotations

import collections
import hashlib
import hmac
import json
import math
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from adapters.intake_bucket import WEB_SESSIONS_PREFIX

REVOKED_PREFIX = f"{WEB_SESSIONS_PREFIX}revoked/"
_MISSING = ("404", "NoSuchKey", "NotFound")


class SessionStoreUnavailable(RuntimeError):
    """The revocation list could not be read: nobody is signed in or out until it can."""


class SessionRegistry:
    def __init__(self, s3: Any, bucket: str, max_age_s: float, clock: Callable[[], float] = time.time) -> None:
        self.s3, self.bucket = s3, bucket
        self.max_age_s = max_age_s
        self.clock = clock
        self._revoked: set[str] = set()  # seen revoked by this process: revocation is forever

    def create(self) -> tuple[str, int]:
        """A new session id and its issue time, both kept in the signed cookie."""
        return secrets.token_urlsafe(24), int(self.clock())

    def valid(self, sid: str | None, issued: object) -> bool:
        """Raises SessionStoreUnavailable when the revocation list cannot be read."""
        if not sid or not isinstance(issued, int) or self.clock() - issued > self.max_age_s:
            return False
        return not self._is_revoked(sid)

    def revoke(self, sid: str | None, issued: object = None) -> None:
        if not sid:
            return
        until = (issued if isinstance(issued, int) else int(self.clock())) + self.max_age_s
        body = json.dumps({"revoked_at": int(self.clock()), "expires": until}).encode()
        self.s3.put_object(Bucket=self.bucket, Key=self._key(sid), Body=body, ContentType="application/json")
        self._revoked.add(self._key(sid))

    def _is_revoked(self, sid: str) -> bool:
        key = self._key(sid)
        if key in self._revoked:
            return True
        try:
            self.s3.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if str(exc.response.get("Error", {}).get("Code")) in _MISSING:
                return False
            raise SessionStoreUnavailable(str(exc)) from exc
        except BotoCoreError as exc:
            raise SessionStoreUnavailable(str(exc)) from exc
        self._revoked.add(key)
        return True

    @staticmethod
    def _key(sid: str) -> str:
        return REVOKED_PREFIX + hashlib.sha256(sid.encode()).hexdigest()


class MemoryAttempts:
    """Sign-in attempts in this process (tests, a single web process)."""

    def __init__(self) -> None:
        self._seen: dict[str, list[float]] = collections.defaultdict(list)

    def recent(self, key: str, since: float) -> list[float]:
        self._seen[key] = [t for t in self._seen[key] if t > since]
        return self._seen[key]

    def add(self, key: str, at: float) -> None:
        self._seen[key].append(at)

    def reset(self, key: str, at: float) -> None:
        self._seen.pop(key, None)

    def forgive(self, key: str, at: float) -> None:
        if self._seen.get(key):
            self._seen[key].pop()


class BucketAttempts:
    """Sign-in attempts every web replica counts: one empty object per attempt (and per reset
    or forgiven attempt) under `web-sessions/sign-in/<sha256 of the key>/<time>-<kind>-<random>`,
    never rewritten. Keys sort by time, so a window is one listing from its start; a refused
    attempt writes nothing, so the objects are bounded by the limits themselves. The hash is
    keyed by the web secret the replicas share: a reader of the bucket cannot tell which login
    or address is being tried."""

    PREFIX = f"{WEB_SESSIONS_PREFIX}sign-in/"

    def __init__(self, s3: Any, bucket: str, secret: str) -> None:
        self.s3, self.bucket, self._secret = s3, bucket, secret.encode()

    def recent(self, key: str, since: float) -> list[float]:
        prefix = self._prefix(key)
        pages = self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix, StartAfter=f"{prefix}{since:017.6f}")
        times: list[float] = []
        forgiven = 0
        for obj in (o for page in pages for o in page.get("Contents", [])):
            at, kind = obj["Key"][len(prefix) :].split("-")[:2]
            if kind == "reset":
                times, forgiven = [], 0
            elif kind == "forgive":
                forgiven += 1
            else:
                times.append(float(at))
        return times[: max(0, len(times) - forgiven)]

    def add(self, key: str, at: float) -> None:
        self._put(key, at, "attempt")

    def reset(self, key: str, at: float) -> None:
        self._put(key, at, "reset")

    def forgive(self, key: str, at: float) -> None:
        self._put(key, at, "forgive")

    def _put(self, key: str, at: float, kind: str) -> None:
        self.s3.put_object(Bucket=self.bucket, Key=f"{self._prefix(key)}{at:017.6f}-{kind}-{secrets.token_hex(4)}", Body=b"")

    def _prefix(self, key: str) -> str:
        return f"{self.PREFIX}{hmac.new(self._secret, key.encode(), hashlib.sha256).hexdigest()[:40]}/"


@dataclass
class SignInLimiter:
    per_login: int = 5  # attempts per login within the window
    per_address: int = 30  # attempts per client address within the window
    window_s: float = 300.0
    clock: Callable[[], float] = time.monotonic  # time.time when the attempts are shared
    store: MemoryAttempts | BucketAttempts = field(default_factory=MemoryAttempts)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def attempt(self, login: str, address: str) -> str | None:
        """Count this attempt, or refuse it: the Chinese message when over the limit."""
        now = self.clock()
        keys = ((f"login:{login.lower()}", self.per_login, "该账号"), (f"addr:{address}", self.per_address, "您所在的网络地址"))
        with self._lock:
            try:
                for key, limit, who in keys:
                    seen = self.store.recent(key, now - self.window_s)
                    if len(seen) >= limit:
                        wait = max(1, math.ceil((seen[0] + self.window_s - now) / 60))
                        return (
                            f"登录尝试过于频繁：{who}在 {self.window_s / 60:.0f} 分钟内已尝试 {len(seen)} 次。"
                            f"为保护账号安全，请 {wait} 分钟后再试；如忘记密码，请联系县政府办管理员。"
                        )
                for key, _limit, _who in keys:
                    self.store.add(key, now)
            except (ClientError, BotoCoreError):  # uncounted attempts are unlimited ones: refuse
                return "登录服务暂时不可用，请稍后再试。"
        return None

    def succeeded(self, login: str, address: str) -> None:
        """The right password: that login starts over, and this attempt does not count
        against the address."""
        now = self.clock()
        with self._lock:
            self.store.reset(f"login:{login.lower()}", now)
            self.store.forgive(f"addr:{address}", now)
