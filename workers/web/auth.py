"""Sessions, sign-in and CSRF.

- The session is Starlette's signed cookie (itsdangerous, keyed by `settings.web.secret`),
  HttpOnly and SameSite=Lax, 8 hours. It holds the login, the CSRF token and flash
  messages; the user's role and body are looked up in the roster on every request, so a
  roster change takes effect at once.
- CSRF: a random token bound to the session, sent back in a hidden `csrf` field (or the
  `X-CSRF-Token` header for the drag-and-drop upload). Every POST is checked before it is
  read any further; a mismatch is 403.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from intake.roster import User

SESSION_COOKIE = "intake_session"
SESSION_MAX_AGE = 8 * 3600
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"


class NotSignedIn(Exception):
    pass


class CsrfFailed(Exception):
    pass


def csrf_token(request: Request) -> str:
    tok = request.session.get("csrf")
    if not tok:
        tok = secrets.token_urlsafe(24)
        request.session["csrf"] = tok
    return tok


async def check_csrf(request: Request) -> None:
    """Refuse a POST whose token is missing or not this session's."""
    expected = request.session.get("csrf")
    sent = request.headers.get(CSRF_HEADER)
    if not sent:
        form = await request.form(max_files=1, max_fields=20)
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(expected.encode(), sent.encode()):
        raise CsrfFailed()


def sign_in(request: Request, user: User) -> None:
    """A fresh session for the user (no fixation: the old contents are dropped)."""
    request.session.clear()
    request.session["login"] = user.login
    request.session["csrf"] = secrets.token_urlsafe(24)


def sign_out(request: Request) -> None:
    request.session.clear()


def current_user(request: Request) -> User | None:
    login = request.session.get("login")
    if not login:
        return None
    return request.app.state.roster.user(login)


def require_user(request: Request) -> User:
    user = current_user(request)
    if user is None:
        raise NotSignedIn()
    return user


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def not_signed_in_response(request: Request) -> Response:
    if wants_json(request) or request.method != "GET":
        return JSONResponse({"error": "请先登录"}, status_code=401)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def safe_next(value: str | None) -> str:
    """Only a local path: never an open redirect."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


def flash(request: Request, kind: str, text: str) -> None:
    request.session["flash"] = [*request.session.get("flash", []), {"kind": kind, "text": text}]


def pop_flash(request: Request) -> list[dict]:
    return request.session.pop("flash", []) if "flash" in request.session else []
