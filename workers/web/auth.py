"""Sessions, sign-in and CSRF.

- The session is Starlette's signed cookie (itsdangerous, keyed by `settings.web.secret`),
  HttpOnly and SameSite=Lax, 8 hours. It holds the login, the CSRF token and flash
  messages; the user's role and body are looked up in the roster on every request, so a
  roster change takes effect at once.
- The cookie also carries a session id and its issue time; signing out revokes the id in a
  list every web replica reads (workers/web/sessions.py), so replicas need no sticky
  sessions. Sign-in attempts are rate-limited per login and per address.
  Cookies are `Secure` when the site is served over HTTPS (`INTAKE_WEB__SECURE_COOKIES`, or
  a `https://` base URL).
- CSRF: a random token bound to the session, sent back in a hidden `csrf` field (or the
  `X-CSRF-Token` header for the drag-and-drop upload). Every POST is checked before it is
  read any further; a mismatch is 403.
"""

from __future__ import annotations

import hmac
import secrets
import time
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from adapters.logging import get_logger
from intake.roster import User
from workers.web.sessions import BucketAttempts, SessionRegistry, SessionStoreUnavailable, SignInLimiter

log = get_logger("workers.web.auth")

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
    """A fresh session for the user (no fixation: the old contents are dropped, its id revoked)."""
    sessions = _sessions(request)
    sessions.revoke(request.session.get("sid"), request.session.get("issued"))
    request.session.clear()
    request.session["login"] = user.login
    request.session["sid"], request.session["issued"] = sessions.create()
    request.session["csrf"] = secrets.token_urlsafe(24)
    request.state.user = user
    _limiter(request).succeeded(user.login, client_address(request))


def sign_out(request: Request) -> None:
    _sessions(request).revoke(request.session.get("sid"), request.session.get("issued"))
    request.session.clear()
    request.state.user = None


def current_user(request: Request) -> User | None:
    """The signed-in user, checked once per request (the revocation list is a store lookup)."""
    if not hasattr(request.state, "user"):
        request.state.user = _signed_in(request)
    user: User | None = request.state.user
    return user


def _signed_in(request: Request) -> User | None:
    login = request.session.get("login")
    if not login:
        return None
    try:
        ok = _sessions(request).valid(request.session.get("sid"), request.session.get("issued"))
    except SessionStoreUnavailable as exc:  # not cleared: an outage of the store signs nobody out for good
        log.warning("session store unavailable: request treated as signed out", error=str(exc))
        return None
    if not ok:
        request.session.clear()  # signed out elsewhere, expired, or a cookie from before
        return None
    return request.app.state.roster.user(login)


def throttle_sign_in(request: Request, login: str) -> str | None:
    """None when this sign-in attempt may go ahead; else why not (Chinese, for the form)."""
    return _limiter(request).attempt(login, client_address(request))


def secure_cookies(settings) -> bool:
    """`Secure` session cookies: the setting when given, else whether the site is HTTPS."""
    web = settings.web
    if web.secure_cookies is not None:
        return bool(web.secure_cookies)
    return bool(web.base_url and web.base_url.lower().startswith("https://"))


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _sessions(request: Request) -> SessionRegistry:
    state = request.app.state
    if getattr(state, "sessions", None) is None:
        state.sessions = SessionRegistry(state.web.s3, state.settings.s3.intake_bucket, SESSION_MAX_AGE)
    return state.sessions


def _limiter(request: Request) -> SignInLimiter:
    state = request.app.state
    if getattr(state, "sign_in_limiter", None) is None:
        state.sign_in_limiter = SignInLimiter(
            store=BucketAttempts(state.web.s3, state.settings.s3.intake_bucket, state.settings.web.secret), clock=time.time
        )
    return state.sign_in_limiter


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
