"""Sign-in and sessions (issue 16 item 9): a rate limit per login and per address with a
Chinese message, a session revoked on logout (its copied cookie no longer signs anyone in, on
any replica), `Secure` cookies when the site is HTTPS, and two web replicas with their own
state dirs sharing nothing but the secret, the accounts and the intake bucket: a session
made by one works on the other, and a logout on one is honoured by the other. The real web
app over HTTP (Starlette's test client) and the real MinIO; no Temporal needed."""

from __future__ import annotations

import re
import shutil
import uuid

import pytest
from starlette.testclient import TestClient

from adapters.settings import Settings, WebSettings
from intake.accounts import ensure_passwords
from intake.roster_file import load_demo_roster
from workers.web.app import create_app
from workers.web.auth import secure_cookies
from workers.web.sessions import REVOKED_PREFIX, BucketAttempts, SessionRegistry, SignInLimiter

pytestmark = pytest.mark.integration

LOGIN = "shangtang"


def replica(state_dir, minio, secret: str | None = None, **web):
    """One web process: its own state dir, the shared intake bucket. Its own secret unless
    given: sign-in counts are shared by the replicas of one secret."""
    secret = secret or uuid.uuid4().hex * 2
    settings = Settings(state_dir=state_dir, s3=minio.settings, web=WebSettings(secret=secret, **web))
    return create_app(settings, roster=load_demo_roster(), s3=minio.client)


@pytest.fixture
def web(tmp_path, minio_server):
    password = ensure_passwords(tmp_path, [LOGIN])[LOGIN]
    return replica(tmp_path, minio_server), password


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


def test_sessions_expire_and_revocation_is_shared(minio_server):
    now = [1000.0]
    one, other = (SessionRegistry(minio_server.client, "intake", max_age_s=60, clock=lambda: now[0]) for _ in range(2))
    sid, issued = one.create()
    assert one.valid(sid, issued) and other.valid(sid, issued)
    assert not one.valid(sid, "1000") and not one.valid(None, issued)  # a cookie without its issue time
    one.revoke(sid, issued)
    assert not other.valid(sid, issued)  # the other registry reads the same list
    keys = [o["Key"] for o in minio_server.client.list_objects_v2(Bucket="intake", Prefix=REVOKED_PREFIX)["Contents"]]
    assert not any(sid in k for k in keys)  # the list names hashes, never a usable id
    fresh, at = other.create()
    now[0] += 61
    assert not other.valid(fresh, at)  # expired, whatever the cookie says


def test_two_replicas_share_sessions_and_logouts(tmp_path, minio_server):
    """Behind a load balancer without sticky sessions: each request may go to either."""
    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    a_dir.mkdir()
    password = ensure_passwords(a_dir, [LOGIN])[LOGIN]
    shutil.copytree(a_dir, b_dir)  # the accounts are deployed to every replica, like the roster
    secret = uuid.uuid4().hex * 2
    a, b = replica(a_dir, minio_server, secret), replica(b_dir, minio_server, secret)
    with TestClient(a, base_url="http://testserver") as on_a, TestClient(b, base_url="http://testserver") as on_b:
        assert _form(on_a, LOGIN, password).status_code == 303
        on_b.cookies.update(dict(on_a.cookies))  # the browser's next request lands on b
        assert on_b.get("/login", follow_redirects=False).status_code == 303  # signed in on b too
        stolen = dict(on_b.cookies)
        assert on_b.post("/logout", data={"csrf": _csrf_from_session(on_b)}, follow_redirects=False).status_code == 303
    with TestClient(a, base_url="http://testserver", cookies=stolen) as replay_a:
        assert replay_a.get("/login", follow_redirects=False).status_code == 200  # a honours b's logout
        assert replay_a.get("/api/cases/x").status_code == 401
    assert not (a_dir / "web-sessions").exists() and not (b_dir / "web-sessions").exists()  # nothing per replica


def test_two_replicas_share_one_sign_in_count(tmp_path, minio_server):
    """Guesses spread over the replicas count together: after five, the login is refused on
    either (even with the right password, for now); another deployment counts apart."""
    password = ensure_passwords(tmp_path, [LOGIN])[LOGIN]
    secret = uuid.uuid4().hex * 2
    a, b = replica(tmp_path, minio_server, secret), replica(tmp_path, minio_server, secret)
    with TestClient(a, base_url="http://testserver") as on_a, TestClient(b, base_url="http://testserver") as on_b:
        codes = [_form(on_a if i % 2 else on_b, LOGIN, f"wrong-{i}").status_code for i in range(5)]
        assert codes == [401] * 5
        for replica_client in (on_a, on_b):
            refused = _form(replica_client, LOGIN, password)
            assert refused.status_code == 429 and "登录尝试过于频繁" in refused.text
    with TestClient(replica(tmp_path, minio_server), base_url="http://testserver") as elsewhere:
        assert _form(elsewhere, LOGIN, password).status_code == 303  # another deployment (secret) counts apart


def test_secure_cookie_setting_and_https_base_url(tmp_path, minio_server):
    assert not secure_cookies(Settings(web=WebSettings(base_url="http://127.0.0.1:8000")))
    assert secure_cookies(Settings(web=WebSettings(base_url="https://nianbao.example.gov.cn")))
    assert secure_cookies(Settings(web=WebSettings(secure_cookies=True)))
    assert not secure_cookies(Settings(web=WebSettings(base_url="https://x.cn", secure_cookies=False)))
    app = replica(tmp_path, minio_server, secure_cookies=True)
    with TestClient(app, base_url="https://testserver") as http:
        resp = http.get("/login")
        assert "secure" in resp.headers["set-cookie"].lower()


def test_only_the_session_bookkeeping_expires_in_the_intake_bucket(minio_server):
    """The bucket's one lifecycle rule (set by the provisioning every stack runs) expires
    `web-sessions/` and nothing else: submissions, results and notices are kept."""
    lifecycle = minio_server.admin().get_bucket_lifecycle("intake")
    assert lifecycle is not None
    (rule,) = lifecycle.rules
    assert rule.status == "Enabled" and rule.rule_filter.prefix == "web-sessions/"
    assert rule.expiration.days >= 1 and rule.noncurrent_version_expiration.noncurrent_days >= 1
    assert REVOKED_PREFIX.startswith(rule.rule_filter.prefix) and BucketAttempts.PREFIX.startswith(rule.rule_filter.prefix)
