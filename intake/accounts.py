"""Passwords: scrypt hashes (salted, constant-time compare) kept per state dir.

`<state_root>/accounts.json` (mode 0600) holds, per login, the hash and, for the local demo
stack only, the generated plaintext so `intake up` can print it in stack.json again:

    {"version": 1, "accounts": {"fc-li": {"hash": "scrypt$16384$8$1$<salt b64>$<key b64>",
                                          "password": "<demo plaintext>"}}}

Passwords are generated once (secrets.token_urlsafe) and never regenerated for an existing
login, so a second `intake up` on the same state dir shows the same passwords.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from intake.roster import Roster, User
from intake.roster_file import load_demo_roster

ACCOUNTS_FILE = "accounts.json"
_N, _R, _P, _DKLEN = 2**14, 8, 1, 32
_MAXMEM = 64 * 1024 * 1024


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=_DKLEN, maxmem=_MAXMEM)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, encoded: str) -> bool:
    """Constant-time check of a password against `hash_password`'s output."""
    try:
        scheme, n, r, p, salt_b64, key_b64 = encoded.split("$")
        if scheme != "scrypt":
            return False
        salt, expected = base64.b64decode(salt_b64), base64.b64decode(key_b64)
        key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(expected), maxmem=_MAXMEM)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(key, expected)


# A hash of nothing, checked when the login is unknown so timing does not reveal logins.
_DUMMY = hash_password("", salt=b"\0" * 16)


def accounts_path(state_root: Path) -> Path:
    return Path(state_root) / ACCOUNTS_FILE


@contextlib.contextmanager
def _locked(state_root: Path) -> Iterator[None]:
    state_root.mkdir(parents=True, exist_ok=True)
    lock = state_root / (ACCOUNTS_FILE + ".lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def load_accounts(state_root: Path) -> dict[str, dict[str, Any]]:
    p = accounts_path(state_root)
    try:
        data = json.loads(p.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    return dict(data.get("accounts", {}))


def _save(state_root: Path, accounts: dict[str, dict[str, Any]]) -> None:
    p = accounts_path(state_root)
    tmp = p.with_name(p.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"version": 1, "accounts": accounts}, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.flush()
        os.fsync(f.fileno())
    os.chmod(tmp, 0o600)
    os.replace(tmp, p)


def ensure_passwords(state_root: Path, logins: Iterable[str]) -> dict[str, str]:
    """The demo plaintext password of each login, generating (and storing) missing ones."""
    state_root = Path(state_root)
    logins = list(logins)
    with _locked(state_root):
        accounts = load_accounts(state_root)
        changed = False
        for login in logins:
            entry = accounts.get(login)
            if entry is None or not entry.get("password") or not entry.get("hash"):
                pw = secrets.token_urlsafe(12)
                accounts[login] = {"hash": hash_password(pw), "password": pw}
                changed = True
        p = accounts_path(state_root)
        if changed or not p.exists() or p.stat().st_mode & 0o777 != 0o600:
            _save(state_root, accounts)
    return {login: accounts[login]["password"] for login in logins}


def set_password(state_root: Path, login: str, password: str, *, keep_plaintext: bool = False) -> None:
    """Set a login's password (production: only the hash is kept)."""
    state_root = Path(state_root)
    with _locked(state_root):
        accounts = load_accounts(state_root)
        entry = {"hash": hash_password(password)}
        if keep_plaintext:
            entry["password"] = password
        accounts[login] = entry
        _save(state_root, accounts)


def authenticate(state_root: Path, roster: Roster, login: str, password: str) -> User | None:
    """The roster user when `password` is theirs; None for a wrong password or unknown login
    (both take the same time)."""
    user = roster.user(login)
    entry = load_accounts(Path(state_root)).get(login) if user is not None else None
    encoded = entry.get("hash") if entry else None
    ok = verify_password(password, encoded or _DUMMY)
    return user if (ok and encoded is not None and user is not None) else None


# ---------------------------------------------------------------------- demo accounts


def demo_users(state_root: Path, roster: Roster | None = None) -> list[dict[str, Any]]:
    """The `users` list of stack.json: every account of the demo roster with its password.

    Passwords are generated once per state dir and kept (hashed, plus the demo plaintext)
    in `<state_root>/accounts.json`, so a second `intake up` shows the same ones.
    """
    roster = roster or load_demo_roster()
    users = roster.users()
    passwords = ensure_passwords(Path(state_root), [u.login for u in users])
    return [
        {
            "login": u.login,
            "password": passwords[u.login],
            "role": u.role,
            "email": u.email,
            "organization": u.organization,
            "county": u.county,
            "name": u.name,
        }
        for u in users
    ]
