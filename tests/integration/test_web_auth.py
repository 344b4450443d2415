"""Authorization of the web app over HTTP (httpx against the app served by uvicorn, in front of
the real pipeline): no session, another body's clerk, another county's reviewer, a form post
without the CSRF token: each refused on every endpoint, and the case left untouched."""

from __future__ import annotations

import uuid
from urllib.parse import quote

import httpx
import pytest

from tests.browser.harness import csrf_of, http_login, module_web_stack, seed_variant
from workflows import case_queries as cases_api

pytestmark = pytest.mark.integration

YEAR = 2042  # a year no other test of the session uses: this module's own case
CLERK = "shangtang"  # 上塘镇 (丰城市)
OTHER_CLERK = "beida"  # 北大镇 (万宁市)
OTHER_REVIEWER = "wn-chen"  # 万宁市
HEAD = "fc-zhao"  # 丰城市's head


stack = module_web_stack("webauth")


@pytest.fixture(scope="module")
async def case(stack, samples_dir):
    """上塘镇's case for YEAR, awaiting review."""
    text = seed_variant((samples_dir / "shangtang-2021.txt").read_text("utf-8"), YEAR, uuid.uuid4().hex)
    _key, doc_id = stack.pipeline.upload(text.encode(), f"上塘镇{YEAR}年报.txt", email=stack.email(CLERK), sender="上塘镇党政办")
    doc = await stack.pipeline.result(doc_id)
    assert doc.case_id == f"case-{YEAR}-丰城市-上塘镇"
    view = await stack.wait_case(doc.case_id, "awaiting_review")
    return view


def client(stack) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=stack.url, follow_redirects=False, timeout=30)


def urls(case_id: str) -> dict[str, str]:
    q = quote(case_id, safe="")
    return {
        "page": f"/cases/{q}",
        "api": f"/api/cases/{q}",
        "file": f"/cases/{q}/files/1",
        "decision": f"/cases/{q}/decision",
    }


async def status_of(stack, case_id: str) -> str:
    return (await cases_api.get_case(stack.pipeline.client, case_id)).status


async def test_requests_without_a_session_are_refused(stack, case):
    u = urls(case.case_id)
    async with client(stack) as http:
        for path in ("/", "/my", "/inbox", "/dashboard", "/dashboard.csv", u["page"], u["file"]):
            resp = await http.get(path)
            assert resp.status_code == 303, path
            assert resp.headers["location"].startswith("/login?next="), path
        resp = await http.get(u["api"])
        assert resp.status_code == 401
        assert "登录" in resp.json()["error"]
        # A POST without a session is refused before anything is read or sent to Temporal.
        resp = await http.post(u["decision"], data={"action": "approve", "csrf": "x"})
        assert resp.status_code == 401
        resp = await http.post("/upload", files={"file": ("a.txt", b"x")}, data={"csrf": "x"})
        assert resp.status_code == 401
        # A forged cookie is no session either.
        http.cookies.set("intake_session", "eyJsb2dpbiI6ICJhZG1pbiJ9.forged.sig")
        resp = await http.get(u["page"])
        assert resp.status_code == 303
        # And the healthz probe needs none.
        assert (await http.get("/healthz")).json() == {"ok": True}
    assert await status_of(stack, case.case_id) == "awaiting_review"


async def test_wrong_password_is_refused_and_the_cookie_is_httponly_samesite(stack):
    async with client(stack) as http:
        page = await http.get("/login")
        cookie = page.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie
        token = csrf_of(page.text)
        resp = await http.post("/login", data={"login": CLERK, "password": "wrong", "csrf": token})
        assert resp.status_code == 401
        assert "用户名或密码不正确" in resp.text
        assert (await http.get("/my")).status_code == 303
        # Unknown login: the same answer.
        resp = await http.post("/login", data={"login": "nobody", "password": "x", "csrf": token})
        assert resp.status_code == 401


async def test_clerk_of_another_body_is_refused(stack, case):
    u = urls(case.case_id)
    async with client(stack) as http:
        # Positive control: 上塘镇's own clerk sees the case, its file and its status.
        await http_login(http, CLERK, stack.passwords[CLERK])
        own = await http.get(u["page"])
        assert own.status_code == 200 and "上塘镇" in own.text and "社会公益组织" in own.text
        assert (await http.get(u["file"])).status_code == 200
        assert (await http.get(u["api"])).json()["status"] == "awaiting_review"
        assert quote(case.case_id, safe="") in (await http.get("/my")).text
    async with client(stack) as http:
        token = await http_login(http, OTHER_CLERK, stack.passwords[OTHER_CLERK])
        for path in (u["page"], u["api"], u["file"]):
            resp = await http.get(path)
            assert resp.status_code == 403, path
            assert "上塘镇" not in resp.text, path
        assert quote(case.case_id, safe="") not in (await http.get("/my")).text
        # Not the inbox, not the dashboard, not a decision, not an upload onto that case.
        assert (await http.get("/inbox")).status_code == 403
        assert (await http.get("/dashboard")).status_code == 403
        resp = await http.post(u["decision"], data={"action": "approve", "csrf": token})
        assert resp.status_code == 403
        resp = await http.post("/upload", data={"csrf": token, "case_id": case.case_id}, files={"file": ("x.txt", b"report")})
        assert resp.status_code == 403
        # Nor the upload-status page of a file someone else sent.
        assert (await http.get(f"/uploads/{quote(case.submissions[0].object_key, safe='')}")).status_code == 403
    assert await status_of(stack, case.case_id) == "awaiting_review"


async def test_reviewer_of_another_county_is_refused(stack, case):
    u = urls(case.case_id)
    async with client(stack) as http:
        await http_login(http, case.reviewer, stack.passwords[case.reviewer])
        resp = await http.get(u["page"])
        assert resp.status_code == 200 and "退回修改" in resp.text  # the decision forms are there
        inbox = await http.get("/inbox")
        assert quote(case.case_id, safe="") in inbox.text
    async with client(stack) as http:
        token = await http_login(http, OTHER_REVIEWER, stack.passwords[OTHER_REVIEWER])
        for path in (u["page"], u["api"], u["file"]):
            assert (await http.get(path)).status_code == 403, path
        inbox = await http.get("/inbox?status=&scope=all")
        assert inbox.status_code == 200
        assert quote(case.case_id, safe="") not in inbox.text
        resp = await http.post(u["decision"], data={"action": "return", "comment": "不该由我审", "csrf": token})
        assert resp.status_code == 403
        # A reviewer of another county sees only their own county's dashboard (催报 is done
        # there), never 丰城市's, whatever the query string says.
        dash = await http.get(f"/dashboard?year={YEAR}&county={quote('丰城市')}")
        assert dash.status_code == 200 and "上塘镇" not in dash.text and "北大镇" in dash.text
        resp = await http.post("/dashboard/remind", data={"year": str(YEAR), "body": "上塘镇", "csrf": token}, follow_redirects=False)
        assert resp.status_code == 303
        assert "上塘镇" not in (await http.get(resp.headers["location"])).text
    async with client(stack) as http:
        await http_login(http, "wn-lin", stack.passwords["wn-lin"])  # 万宁市's head
        dash = await http.get(f"/dashboard?year={YEAR}&county={quote('丰城市')}")
        assert dash.status_code == 200
        assert "上塘镇" not in dash.text and "北大镇" in dash.text
    assert await status_of(stack, case.case_id) == "awaiting_review"


async def test_form_posts_without_the_csrf_token_are_refused(stack, case):
    u = urls(case.case_id)
    async with client(stack) as http:
        token = await http_login(http, case.reviewer, stack.passwords[case.reviewer])
        for data in ({"action": "return", "comment": "缺令牌"}, {"action": "return", "comment": "错令牌", "csrf": token + "x"}):
            resp = await http.post(u["decision"], data=data)
            assert resp.status_code == 403
            assert "安全令牌" in resp.text
        # Logout without the token is refused too; the session stays.
        assert (await http.post("/logout")).status_code == 403
        assert (await http.get(u["page"])).status_code == 200
    async with client(stack) as http:
        token = await http_login(http, CLERK, stack.passwords[CLERK])
        resp = await http.post("/upload", files={"file": ("x.txt", b"report")})
        assert resp.status_code == 403
        # The header form of the token (drag-and-drop upload) must match as well.
        resp = await http.post("/upload", files={"file": ("x.txt", b"report")}, headers={"X-CSRF-Token": "nope"})
        assert resp.status_code == 403
        # A clerk may not decide even with a valid token.
        assert (await http.post(u["decision"], data={"action": "approve", "csrf": token})).status_code == 403
    async with client(stack) as http:
        # The sign-in form itself carries a token.
        await http.get("/login")
        resp = await http.post("/login", data={"login": CLERK, "password": stack.passwords[CLERK]})
        assert resp.status_code == 403
    assert await status_of(stack, case.case_id) == "awaiting_review"


async def test_admin_sees_but_does_not_decide_and_a_refused_decision_is_shown(stack, case):
    u = urls(case.case_id)
    async with client(stack) as http:
        token = await http_login(http, "admin", stack.passwords["admin"])
        page = await http.get(u["page"])
        assert page.status_code == 200
        assert "/namespaces/default/workflows/" + quote(case.case_id, safe="") in page.text  # the Temporal UI link
        assert (await http.post(u["decision"], data={"action": "approve", "csrf": token})).status_code == 403
    async with client(stack) as http:
        token = await http_login(http, HEAD, stack.passwords[HEAD])
        # A return without a comment: refused with a message, nothing sent.
        resp = await http.post(u["decision"], data={"action": "return", "comment": " ", "csrf": token})
        assert resp.status_code == 303
        page = await http.get(u["page"])
        assert "退回修改必须填写意见" in page.text
        assert await status_of(stack, case.case_id) == "awaiting_review"
        # The head returns it; a second decision is refused by the workflow and shown clearly.
        resp = await http.post(u["decision"], data={"action": "return", "comment": "请补填空白单元格", "csrf": token})
        assert resp.status_code == 303
        assert await status_of(stack, case.case_id) == "returned"
        resp = await http.post(u["decision"], data={"action": "approve", "csrf": token})
        assert resp.status_code == 303
        page = await http.get(u["page"])
        assert "操作未成功" in page.text and "不在待审核状态" in page.text
        assert await status_of(stack, case.case_id) == "returned"
        # The dashboard CSV of the head's county lists the body with its status.
        csv = await http.get(f"/dashboard.csv?year={YEAR}")
        assert csv.status_code == 200 and "text/csv" in csv.headers["content-type"]
        line = next(row for row in csv.text.splitlines() if "上塘镇" in row)
        assert "已退回修改" in line and case.case_id in line


async def test_unreadable_upload_is_followed_by_its_sender_only(stack):
    """A web upload that is not readable: the sender follows it to its record page; another
    body's clerk can see neither the upload's progress nor the record."""
    import asyncio
    import time

    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20 + uuid.uuid4().bytes
    async with client(stack) as http:
        token = await http_login(http, CLERK, stack.passwords[CLERK])
        resp = await http.post("/upload", data={"csrf": token}, files={"file": ("扫描件.png", png, "image/png")})
        assert resp.status_code == 303
        progress = resp.headers["location"]
        assert progress.startswith("/uploads/inbox%2F")
        page = await http.get(progress)
        assert page.status_code == 200 and "扫描件.png" in page.text
        api = "/api" + progress
        deadline = time.monotonic() + 40
        while True:
            state = (await http.get(api)).json()
            if state["state"] == "done" or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.3)
        assert state["state"] == "done" and state["status"] == "unreadable", state
        record = await http.get(state["url"])
        assert record.status_code == 200
        assert "无法读取" in record.text
        assert (await http.get(state["url"] + "/files/1")).content == png
    async with client(stack) as http:
        await http_login(http, OTHER_CLERK, stack.passwords[OTHER_CLERK])
        assert (await http.get(api)).status_code == 403
        assert (await http.get(progress)).status_code == 403
        assert (await http.get(state["url"])).status_code == 403
        assert (await http.get(state["url"] + "/files/1")).status_code == 403


async def test_oversized_anonymous_post_is_refused_before_parsing(stack):
    """An anonymous POST cannot make the server spool a huge multipart body to disk."""
    async with client(stack) as http:
        big = b"x" * (200 * 1024)
        resp = await http.post("/login", content=big, headers={"content-type": "application/x-www-form-urlencoded"})
        assert resp.status_code == 413

        async def chunks():
            for _ in range(50):
                yield b"y" * 4096  # no Content-Length: counted while streaming

        resp = await http.post("/login", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"})
        assert resp.status_code == 413
        # A normal login form still works.
        assert (await http.get("/login")).status_code == 200
