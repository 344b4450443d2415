"""Sign-in and sessions (issue 16 item 9): a rate limit per login and per address with a
Chinese message, a session revoked server-side on logout (its copied cookie no longer signs
anyone in), `Secure` cookies when the site is HTTPS. The real web app over HTTP (Starlette's
test client); sign-in and sign-out touch no other server."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from adapters.settings import Settings, WebSettings
from intake.accounts import ensure_passwords
from intake.roster_file import load_demo_roster
from workers.web.app import create_app
from workers.web.auth import secure_cookies
from workers.web.sessions import SessionRegistry, SignInLimiter

LOGIN = "shangtang"


@pytest.fixture
def web(tmp_path):
    roster = load_demo_roster()
    password = ensure_passwords(tmp_path, [LOGIN])[LOGIN]
    settings = Settings(state_dir=tmp_path, web=WebSettings(secret="s" * 40))
    app = create_app(settings, roster=roster, s3=object())
    return app, password


def _form(http: TestClient, login: str, password: str):
    token = re.search(r'name="csrf" value="([^"]+)"', http.get("/login").text).group(1)
    return http.post("/login", data={"login": login, "password": password, "csrf": token, "next": "/"}, follow_redirects=False)


def test_a_logged_out_cookie_signs_nobody_in(web):
    app, password = web
    with TestClient(app, base_url="http://testserver") as http:
        assert _form(http, LOGIN, password).status_code == 303
        stolen = dict(http.cookies)
        assert http.get("/login", follow_redirects=False).status_code == 303  # signed in
        assert http.post("/logout", data={"csrf": _csrf_from_session(http)}, follow_redirects=False).status_code == 303
    with TestClient(app, base_url="http://testserver", cookies=stolen) as replay:
        # The cookie's signature is still valid, but the server revoked its session.
        assert replay.get("/login", follow_redirects=False).status_code == 200
        assert replay.get("/api/cases/x").status_code == 401


def _csrf_from_session(http: TestClient) -> str:
    """The signed-in session's CSRF token, read from the session cookie (base64 JSON + a
    signature): every page that shows it would also need Temporal."""
    import base64
    import json

    raw = http.cookies["intake_session"].split(".")[0]
    data = json.loads(base64.b64decode(raw + "=" * (-len(raw) % 4)))
    return data["csrf"]


def test_guessing_a_password_is_rate_limited_with_a_chinese_message(web):
    app, password = web
    with TestClient(app, base_url="http://testserver") as http:
        codes = [_form(http, LOGIN, f"wrong-{i}").status_code for i in range(5)]
        assert codes == [401] * 5
        refused = _form(http, LOGIN, password)  # even the right password, for now
        assert refused.status_code == 429
        assert "登录尝试过于频繁" in refused.text and "分钟后再试" in refused.text
        # Another login from the same address still may try (until the address limit).
        assert _form(http, "beida", "wrong").status_code == 401


def test_the_address_limit_stops_spraying_many_logins():
    limiter = SignInLimiter(per_login=5, per_address=10)
    results = [limiter.attempt(f"user{i}", "10.0.0.9") for i in range(12)]
    assert results[:10] == [None] * 10
    assert results[10] and "网络地址" in results[10]
    assert limiter.attempt("user0", "10.0.0.10") is None  # another address is not affected


def test_success_clears_the_login_count():
    limiter = SignInLimiter(per_login=3)
    for _ in range(2):
        assert limiter.attempt("a", "1.1.1.1") is None
    limiter.succeeded("a", "1.1.1.1")
    assert all(limiter.attempt("a", "1.1.1.1") is None for _ in range(3))


def test_sessions_expire_and_are_bound_to_their_login(tmp_path):
    now = [1000.0]
    reg = SessionRegistry(tmp_path, max_age_s=60, clock=lambda: now[0])
    sid = reg.create("a")
    assert reg.valid(sid, "a") and not reg.valid(sid, "b") and not reg.valid("forged", "a")
    now[0] += 61
    assert not reg.valid(sid, "a")
    assert not list(tmp_path.iterdir())  # the expired session was removed


def test_secure_cookie_setting_and_https_base_url(tmp_path):
    assert not secure_cookies(Settings(web=WebSettings(base_url="http://127.0.0.1:8000")))
    assert secure_cookies(Settings(web=WebSettings(base_url="https://nianbao.example.gov.cn")))
    assert secure_cookies(Settings(web=WebSettings(secure_cookies=True)))
    assert not secure_cookies(Settings(web=WebSettings(base_url="https://x.cn", secure_cookies=False)))
    app = create_app(
        Settings(state_dir=tmp_path, web=WebSettings(secret="s" * 40, secure_cookies=True)), roster=load_demo_roster(), s3=object()
    )
    with TestClient(app, base_url="https://testserver") as http:
        resp = http.get("/login")
        assert "secure" in resp.headers["set-cookie"].lower()
