"""Server-side sessions and the sign-in rate limit.

Sessions: the signed cookie (Starlette's SessionMiddleware) carries a random session id; the
server keeps the ids it issued (one small file each under `<state dir>/web-sessions/`, named
by the id's SHA-256 so a directory listing reveals no usable id). Signing out deletes it, so
a copied cookie is worthless after logout even though its signature is still valid; a
session older than its maximum age is refused and removed. Several web processes on one
machine share the directory; replicas on different machines need it on a shared volume.

Sign-in: attempts are counted per login and per client address in a sliding window; over
the limit the form answers 429 with a Chinese message saying when to try again. A successful
sign-in clears that login's count. In memory, per web process: a restart forgives.
"""

from __future__ import annotations

import collections
import hashlib
import math
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


class SessionRegistry:
    def __init__(self, root: Path, max_age_s: float, clock: Callable[[], float] = time.time) -> None:
        self.root = Path(root)
        self.max_age_s = max_age_s
        self.clock = clock

    def create(self, login: str) -> str:
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        sid = secrets.token_urlsafe(24)
        path = self._path(sid)
        path.write_text(f"{login}\n{self.clock():.0f}\n", encoding="utf-8")
        path.chmod(0o600)
        return sid

    def valid(self, sid: str | None, login: str) -> bool:
        if not sid:
            return False
        try:
            stored_login, created = self._path(sid).read_text(encoding="utf-8").split("\n")[:2]
        except (OSError, ValueError):
            return False
        if self.clock() - float(created) > self.max_age_s:
            self.revoke(sid)
            return False
        return stored_login == login

    def revoke(self, sid: str | None) -> None:
        if sid:
            self._path(sid).unlink(missing_ok=True)

    def _path(self, sid: str) -> Path:
        return self.root / hashlib.sha256(sid.encode()).hexdigest()


@dataclass
class SignInLimiter:
    per_login: int = 5  # attempts per login within the window
    per_address: int = 30  # attempts per client address within the window
    window_s: float = 300.0
    clock: Callable[[], float] = time.monotonic
    _attempts: dict[str, collections.deque] = field(default_factory=lambda: collections.defaultdict(collections.deque))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def attempt(self, login: str, address: str) -> str | None:
        """Count this attempt, or refuse it: the Chinese message when over the limit."""
        now = self.clock()
        keys = ((f"login:{login.lower()}", self.per_login, "该账号"), (f"addr:{address}", self.per_address, "您所在的网络地址"))
        with self._lock:
            for key, limit, who in keys:
                seen = self._recent(key, now)
                if len(seen) >= limit:
                    wait = max(1, math.ceil((seen[0] + self.window_s - now) / 60))
                    return (
                        f"登录尝试过于频繁：{who}在 {self.window_s / 60:.0f} 分钟内已尝试 {len(seen)} 次。"
                        f"为保护账号安全，请 {wait} 分钟后再试；如忘记密码，请联系县政府办管理员。"
                    )
            for key, _limit, _who in keys:
                self._attempts[key].append(now)
        return None

    def retry_after_s(self, login: str, address: str) -> int:
        now = self.clock()
        with self._lock:
            oldest = [q[0] for q in (self._recent(f"login:{login.lower()}", now), self._recent(f"addr:{address}", now)) if q]
        return max(1, math.ceil(min(oldest) + self.window_s - now)) if oldest else 1

    def succeeded(self, login: str, address: str) -> None:
        """The right password: that login starts over, and this attempt does not count
        against the address."""
        with self._lock:
            self._attempts.pop(f"login:{login.lower()}", None)
            seen = self._attempts.get(f"addr:{address}")
            if seen:
                seen.pop()

    def _recent(self, key: str, now: float) -> collections.deque:
        seen = self._attempts[key]
        while seen and now - seen[0] > self.window_s:
            seen.popleft()
        return seen
