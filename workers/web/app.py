"""The web app's routes. Every handler signs the user in from the session, checks the role
and the case's body/county on the server (workers.web.access), and only then reads or acts.

Routes
    GET  /healthz                          liveness for `intake up`
    GET  /login, POST /login, POST /logout
    GET  /                                 → the user's home by role
    GET  /my                               clerk: upload + own body's cases + recent uploads
    POST /upload                           clerk: store a file (put_submission, channel web)
    GET  /uploads/{key}                    a fresh upload: received → checking → its case
    GET  /api/uploads/{key}                the same as JSON (polled)
    GET  /inbox                            reviewer/head/admin: cases, filters status/year/scope
    GET  /cases/{case_id}                  the case page
    GET  /api/cases/{case_id}              its status as JSON (polled)
    GET  /cases/{case_id}/files/{seq}      the submitted original (PDF inline with ?inline=1)
    POST /cases/{case_id}/decision         approve / return / reject (the `decide` Update)
    GET  /dashboard, /dashboard.csv        head/admin: every body of the county vs the deadline
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.service import RPCError

from workflows import case_queries as cases_api

from adapters import s3 as storage
from intake.accounts import authenticate
from adapters.audit_store import AuditStore
from intake.bucket_events import document_workflow_id
from intake.body_statuses import body_statuses
from adapters.logging import get_logger
from intake.roster import Roster, User
from adapters.settings import Settings
from adapters.intake_bucket import INBOX_PREFIX, put_submission
from workers.web.limits import BodyLimit
from workers.web import access, auth, present
from workflows.contracts import Decision

log = get_logger("workers.web")
HERE = Path(__file__).parent
POLL_MS = 2000
DECISION_ZH = {"approve": "通过", "return": "退回修改", "reject": "不予受理"}


class _State:
    def __init__(self, settings: Settings, client: Client | None, roster: Roster, s3) -> None:
        self.settings = settings
        self._client = client
        self.roster = roster
        self.s3 = s3
        self._lock = asyncio.Lock()

    async def client(self) -> Client:
        if self._client is None:
            async with self._lock:
                if self._client is None:
                    from adapters.temporal import connect

                    self._client = await connect(self.settings.temporal)
        return self._client


def create_app(settings: Settings, client: Client | None = None, roster: Roster | None = None, s3=None) -> Starlette:
    if roster is None:
        from adapters.settings import load_roster_for

        roster = load_roster_for(settings)
    if s3 is None:
        s3 = storage.s3_client(settings.s3)
    st = _State(settings, client, roster, s3)
    bucket = settings.s3.intake_bucket
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    env.globals.update(status_zh=present.status_zh, local_time=present.local_time, waited=present.waited,
                       role_zh=present.ROLE_ZH, status_class=present.STATUS_CLASS, quote=_q, poll_ms=POLL_MS)
    env.globals["person"] = lambda login: _person(roster, login)
    static_version = str(int(time.time()))

    def render(request: Request, template: str, status_code: int = 200, **ctx) -> HTMLResponse:
        user = auth.current_user(request)
        base = {
            "request": request,
            "user": user,
            "csrf": auth.csrf_token(request),
            "flashes": auth.pop_flash(request),
            "static_version": static_version,
            "nav": _nav(user),
            "path": request.url.path,
        }
        html = env.get_template(template).render(**base, **ctx)
        return HTMLResponse(html, status_code=status_code)

    def error_page(request: Request, code: int, message: str) -> Response:
        if auth.wants_json(request):
            return JSONResponse({"error": message}, status_code=code)
        return render(request, "error.html", status_code=code, code=code, message=message)

    # -- wrappers: every handler is signed-in (unless public), CSRF-checked on POST -----

    def page(handler, public: bool = False):
        async def endpoint(request: Request) -> Response:
            try:
                user = None if public else auth.require_user(request)
                if request.method == "POST":
                    await auth.check_csrf(request)
                return await (handler(request) if public else handler(request, user))
            except auth.NotSignedIn:
                return auth.not_signed_in_response(request)
            except auth.CsrfFailed:
                return error_page(request, 403, "表单已失效（缺少或不匹配的安全令牌）。请刷新页面后重试。")
            except access.Forbidden as exc:
                return error_page(request, 403, exc.message)
            except cases_api.CaseNotFound:
                return error_page(request, 404, "找不到这个案件。")

        return endpoint

    async def load_case(user: User, case_id: str) -> dict:
        client = await st.client()
        case = await cases_api.get_case(client, case_id)
        access.require_case(user, roster, case)
        return case

    # ------------------------------------------------------------------ public

    async def healthz(request: Request) -> Response:
        return JSONResponse({"ok": True})

    async def login_form(request: Request) -> Response:
        if auth.current_user(request):
            return RedirectResponse(auth.safe_next(request.query_params.get("next")), status_code=303)
        return render(request, "login.html", next=auth.safe_next(request.query_params.get("next")), error=None, login="")

    async def login_post(request: Request) -> Response:
        form = await request.form()
        login = str(form.get("login") or "").strip()
        password = str(form.get("password") or "")
        nxt = auth.safe_next(str(form.get("next") or ""))
        user = await asyncio.to_thread(authenticate, settings.state_dir, roster, login, password) if login else None
        if user is None:
            log.info("sign-in refused", login=login)
            return render(request, "login.html", status_code=401, next=nxt, login=login, error="用户名或密码不正确。")
        auth.sign_in(request, user)
        log.info("signed in", login=user.login, role=user.role)
        return RedirectResponse(nxt if nxt != "/" else _home(user), status_code=303)

    async def logout(request: Request, user: User) -> Response:
        auth.sign_out(request)
        return RedirectResponse("/login", status_code=303)

    # ------------------------------------------------------------------ home / clerk

    async def home(request: Request, user: User) -> Response:
        return RedirectResponse(_home(user), status_code=303)

    async def my_page(request: Request, user: User) -> Response:
        if user.role != "clerk":
            return RedirectResponse(_home(user), status_code=303)
        client = await st.client()
        rows = await cases_api.list_cases(client, county=user.county)
        mine = [r for r in rows if access.can_see_case(user, roster, r) and r["kind"] == "case"]
        mine.sort(key=lambda r: (r.get("year") or 0, r.get("started") or ""), reverse=True)
        uploads = await _recent_uploads(request, user)
        return render(request, "my.html", cases=mine, uploads=uploads, max_mb=settings.max_file_bytes // (1024 * 1024))

    async def _recent_uploads(request: Request, user: User) -> list[dict]:
        out = []
        for key in request.session.get("uploads", [])[-5:][::-1]:
            out.append({"key": key, "name": key.rsplit("/", 1)[-1], **(await upload_state(key))})
        return out

    async def upload(request: Request, user: User) -> Response:
        if user.role != "clerk":
            raise access.Forbidden("只有报送单位的账号可以上传报告。")
        form = await request.form(max_files=1, max_fields=20)
        case_id = str(form.get("case_id") or "").strip()
        extra = {}
        if case_id:
            case = await load_case(user, case_id)
            if not access.can_resubmit(user, case):
                raise access.Forbidden("这个案件当前不是“已退回修改”状态，不能上传修改后的报告。")
            extra[storage.META_CASE_HINT] = case_id
        f = form.get("file")
        if f is None or isinstance(f, str) or not f.filename:
            return _upload_error(request, "请选择要上传的报告文件。")
        data = await f.read()
        if not data:
            return _upload_error(request, "文件是空的，请重新选择。")
        if len(data) > settings.max_file_bytes:
            return _upload_error(request, f"文件太大（超过 {settings.max_file_bytes // (1024 * 1024)} MB）。")
        key = await asyncio.to_thread(
            put_submission, st.s3, bucket, data, f.filename, email=user.email, name=user.name, channel="web", extra=extra
        )
        log.info("web upload", login=user.login, key=key, size=len(data), case=case_id or None)
        request.session["uploads"] = [*[k for k in request.session.get("uploads", []) if k != key], key][-10:]
        target = f"/uploads/{_q(key)}"
        if auth.wants_json(request):
            return JSONResponse({"key": key, "url": target})
        return RedirectResponse(target, status_code=303)

    def _upload_error(request: Request, message: str) -> Response:
        if auth.wants_json(request):
            return JSONResponse({"error": message}, status_code=400)
        auth.flash(request, "error", message)
        return RedirectResponse("/my", status_code=303)

    async def upload_owner_check(user: User, key: str) -> dict:
        """The object's metadata, when the user may follow it: its submitter, or an admin."""
        if not key.startswith(INBOX_PREFIX):
            raise access.Forbidden()
        try:
            head = await asyncio.to_thread(st.s3.head_object, Bucket=bucket, Key=key)
        except Exception:  # noqa: BLE001 — missing object, or no access: same answer
            raise access.Forbidden("找不到这个上传的文件，或您无权查看。") from None
        meta = storage.decode_metadata(head.get("Metadata") or {})
        submitter = (meta.get(storage.META_SUBMITTER_EMAIL) or "").lower()
        if user.role != "admin" and submitter != user.email.lower():
            raise access.Forbidden("这个文件不是您提交的。")
        return {"etag": head["ETag"].strip('"'), "meta": meta}

    async def upload_state(key: str, etag: str | None = None) -> dict:
        """received (no workflow yet) → checking → done (with its case or record)."""
        client = await st.client()
        if etag is None:
            try:
                etag = (await asyncio.to_thread(st.s3.head_object, Bucket=bucket, Key=key))["ETag"].strip('"')
            except Exception:  # noqa: BLE001
                return {"state": "missing", "label": "找不到文件"}
        from workflows.contracts import DocumentResult

        wf_id = document_workflow_id(bucket, key, etag)
        handle = client.get_workflow_handle(wf_id, result_type=DocumentResult)
        try:
            desc = await handle.describe()
        except RPCError:
            return {"state": "received", "label": "已收到，等待检查", "document": wf_id}
        if desc.status == WorkflowExecutionStatus.RUNNING:
            return {"state": "checking", "label": "检查中", "document": wf_id}
        if desc.status != WorkflowExecutionStatus.COMPLETED:
            return {"state": "failed", "label": "处理中断，请联系管理员", "document": wf_id}
        result: DocumentResult = await handle.result()
        target = result.case_id or wf_id
        return {
            "state": "done",
            "status": result.status,
            "label": present.status_zh(result.status) if result.status != "checked" else "检查完成",
            "document": wf_id,
            "case_id": target,
            "url": f"/cases/{_q(target)}",
        }

    async def upload_page(request: Request, user: User) -> Response:
        key = request.path_params["key"]
        info = await upload_owner_check(user, key)
        state = await upload_state(key, info["etag"])
        return render(request, "upload.html", key=key, name=info["meta"].get(storage.META_ORIGINAL_NAME) or key.rsplit("/", 1)[-1],
                      state=state, received_at=info["meta"].get(storage.META_RECEIVED_AT))

    async def upload_api(request: Request, user: User) -> Response:
        key = request.path_params["key"]
        info = await upload_owner_check(user, key)
        return JSONResponse(await upload_state(key, info["etag"]))

    # ------------------------------------------------------------------ reviewer inbox

    async def inbox(request: Request, user: User) -> Response:
        if not access.can_see_inbox(user):
            raise access.Forbidden("只有审核人、县级负责人和管理员可以查看待审核案件。")
        q = request.query_params
        status = q.get("status", "awaiting_review")
        year = _int(q.get("year"))
        default_scope = "mine" if user.role == "reviewer" else "all"
        scope = q.get("scope", default_scope)
        county = None if user.role == "admin" else user.county
        if user.role == "admin" and q.get("county"):
            county = q.get("county")
        client = await st.client()
        rows = await cases_api.list_cases(client, status or None, year, county)
        rows = [r for r in rows if access.can_see_case(user, roster, r)]
        if scope == "mine" and user.role in ("reviewer", "head"):
            rows = [r for r in rows if r.get("reviewer") == user.login]
        # Waiting time counts from when the case last became awaiting review.
        views = await asyncio.gather(*[_awaiting_since(client, r) for r in rows[:300]])
        for r, since in zip(rows, views, strict=False):
            r["since"] = since or r.get("started")
        rows.sort(key=lambda r: r.get("since") or "")
        years = sorted({r["year"] for r in rows if r.get("year")} | {date.today().year - 1}, reverse=True)
        return render(request, "inbox.html", rows=rows, status=status, year=year, scope=scope, years=years,
                      statuses=[s for s in present.STATUS_ZH if s not in ("not_submitted", "late", "checked")],
                      counties=[c.name for c in roster.counties], county=county)

    async def _awaiting_since(client: Client, row: dict) -> str | None:
        if row.get("kind") != "case" or not row.get("running"):
            return None
        try:
            # Bounded: a case whose worker is down must not hold the inbox up.
            view = await client.get_workflow_handle(row["case_id"]).query("view", rpc_timeout=timedelta(seconds=2))
        except Exception:  # noqa: BLE001
            return None
        return (view or {}).get("awaiting_since") if isinstance(view, dict) else getattr(view, "awaiting_since", None)

    # ------------------------------------------------------------------ the case

    async def case_page(request: Request, user: User) -> Response:
        case_id = request.path_params["case_id"]
        case = await load_case(user, case_id)
        subs = case.get("submissions") or []
        latest = subs[-1] if subs else {}
        report = await _report(latest.get("report_key"))
        findings = latest.get("findings") or []
        tables, numbered = present.build_tables(report, findings, case.get("year"))
        template = ((report or {}).get("tables") or {}).get("template")
        audit = await _audit(case_id)
        is_record = case.get("case") is not None or case.get("status") in cases_api.RECORD_STATUSES
        ui = settings.temporal.ui
        ctx = dict(
            case=case,
            is_record=is_record,
            latest=latest,
            subs=subs,
            report=report,
            tables=tables,
            findings=numbered,
            unplaced=[f for f in numbered if not f.get("table")],
            sections=present.sections(report),
            steps=present.steps(case.get("status") or "checking", bool(findings)),
            audit=audit,
            can_decide=access.can_decide(user, roster, case) and case.get("status") == "awaiting_review",
            can_resubmit=access.can_resubmit(user, case),
            temporal_link=(f"{ui.rstrip('/')}/namespaces/{settings.temporal.namespace}/workflows/{_q(case_id)}"
                           if ui and access.can_see_operator_links(user) else None),
            change_label=lambda ch: present.change_label(ch, template),
            diff_value=present.diff_value,
            version=_version(case),
            final=case.get("status") in ("approved", "rejected", "unreadable", "not_report"),
            action_zh=present.ACTION_ZH,
            audit_zh=present.AUDIT_STAGE_ZH,
            severity_zh=present.SEVERITY_ZH,
            max_mb=settings.max_file_bytes // (1024 * 1024),
        )
        return render(request, "case.html", **ctx)

    async def case_api(request: Request, user: User) -> Response:
        case = await load_case(user, request.path_params["case_id"])
        return JSONResponse({
            "case_id": case["case_id"],
            "status": case.get("status"),
            "status_zh": present.status_zh(case.get("status")),
            "submissions": len(case.get("submissions") or []),
            "version": _version(case),
        })

    async def case_file(request: Request, user: User) -> Response:
        case = await load_case(user, request.path_params["case_id"])
        seq = _int(request.path_params["seq"])
        subs = case.get("submissions") or []
        sub = next((s for s in subs if s.get("seq") == seq), None) if seq else None
        if sub is None and seq == 1 and len(subs) == 1:
            sub = subs[0]  # a document record has one submission without seq
        if sub is None or not sub.get("object_key"):
            return error_page(request, 404, "找不到这份提交的文件。")
        obj = await asyncio.to_thread(st.s3.get_object, Bucket=bucket, Key=sub["object_key"])
        data = await asyncio.to_thread(obj["Body"].read)
        name = sub.get("original_name") or sub["object_key"].rsplit("/", 1)[-1]
        is_pdf = data[:5] == b"%PDF-"
        inline = is_pdf and request.query_params.get("inline") == "1"
        ctype = "application/pdf" if is_pdf else (obj.get("ContentType") or "application/octet-stream")
        if ctype.startswith("text/html") or "xml" in ctype or "javascript" in ctype:
            ctype = "application/octet-stream"  # never render an uploaded page in our origin
        disp = "inline" if inline else "attachment"
        ascii_name = name.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
        headers = {"Content-Disposition": f"{disp}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"}
        return Response(data, media_type=ctype, headers=headers)

    async def decision(request: Request, user: User) -> Response:
        case_id = request.path_params["case_id"]
        case = await load_case(user, case_id)
        if not access.can_decide(user, roster, case):
            raise access.Forbidden("只有本县的审核人或县级负责人可以审核这个案件。")
        form = await request.form()
        action = str(form.get("action") or "")
        comment = str(form.get("comment") or "").strip() or None
        # The version the reviewer looked at: refused if the clerk sent a newer one meanwhile.
        seen = str(form.get("seq") or "")
        seq = int(seen) if seen.isdigit() else None
        back = RedirectResponse(f"/cases/{_q(case_id)}", status_code=303)
        if action not in DECISION_ZH:
            auth.flash(request, "error", "请选择通过、退回修改或不予受理。")
            return back
        if action == "return" and not comment:
            auth.flash(request, "error", "退回修改必须填写意见，告诉报送单位要改什么。")
            return back
        if action == "reject" and not comment:
            auth.flash(request, "error", "不予受理必须填写理由。")
            return back
        try:
            await cases_api.decide(await st.client(), case_id, Decision(action=action, login=user.login, comment=comment, seq=seq))
        except cases_api.DecisionRefused as exc:
            auth.flash(request, "error", f"操作未成功：{exc}")
            return back
        log.info("decision", case_id=case_id, login=user.login, action=action)
        auth.flash(request, "ok", f"已{DECISION_ZH[action]}。报送单位会收到邮件通知。")
        return back

    async def _report(key: str | None) -> dict | None:
        if not key:
            return None
        try:
            obj = await asyncio.to_thread(st.s3.get_object, Bucket=bucket, Key=key)
            return json.loads(await asyncio.to_thread(obj["Body"].read))
        except Exception as exc:  # noqa: BLE001 — the page still shows everything else
            log.warning("report not readable", key=key, error=str(exc))
            return None

    async def _audit(case_id: str) -> list[dict]:
        try:
            store = AuditStore(st.s3, settings.s3.audit_bucket)
            return [r.fields() for r in await asyncio.to_thread(store.read_chain, case_id)]
        except Exception as exc:  # noqa: BLE001
            log.warning("audit trail not readable", case_id=case_id, error=str(exc))
            return []

    # ------------------------------------------------------------------ county dashboard

    async def _dashboard_rows(request: Request, user: User) -> tuple[list[dict], int, str | None]:
        if not access.can_see_dashboard(user):
            raise access.Forbidden("只有县级负责人和管理员可以查看报送进度。")
        year = _int(request.query_params.get("year")) or date.today().year - 1
        county = user.county if user.role != "admin" else (request.query_params.get("county") or None)
        if county is not None and roster.county(county) is None:
            raise access.Forbidden("没有这个县。")
        cases = await cases_api.list_cases(await st.client(), None, year, county)
        rows = body_statuses(roster, cases, year, date.today(), county)
        return rows, year, county

    async def dashboard(request: Request, user: User) -> Response:
        rows, year, county = await _dashboard_rows(request, user)
        counts = {s: 0 for s in present.DASHBOARD_ORDER}
        for r in rows:
            counts[r["status"]] = counts.get(r["status"], 0) + 1
        deadline = roster.deadline(year).isoformat()
        return render(request, "dashboard.html", rows=rows, year=year, county=county, counts=counts, deadline=deadline,
                      counties=[c.name for c in roster.counties], years=sorted({*range(date.today().year, date.today().year - 6, -1), year}, reverse=True))

    async def dashboard_csv(request: Request, user: User) -> Response:
        rows, year, county = await _dashboard_rows(request, user)
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["县", "单位", "年度", "状态", "状态代码", "截止日期", "审核人", "错误", "警告", "案件编号"])
        for r in rows:
            w.writerow([r["county"], r["organization"], r["year"], present.status_zh(r["status"]), r["status"], r["deadline"],
                        r.get("reviewer") or "", _blank(r.get("errors")), _blank(r.get("warnings")), r.get("case_id") or ""])
        name = f"报送进度-{county or '全部'}-{year}.csv"
        return Response("\ufeff" + buf.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f"attachment; filename=\"report-status-{year}.csv\"; filename*=UTF-8''{quote(name)}"})

    routes = [
        Route("/healthz", healthz),
        Route("/login", login_form, methods=["GET"]),
        Route("/login", page(login_post, public=True), methods=["POST"]),
        Route("/logout", page(logout), methods=["POST"]),
        Route("/", page(home)),
        Route("/my", page(my_page)),
        Route("/upload", page(upload), methods=["POST"]),
        Route("/uploads/{key:path}", page(upload_page)),
        Route("/api/uploads/{key:path}", page(upload_api)),
        Route("/inbox", page(inbox)),
        Route("/cases", page(inbox)),
        Route("/cases/{case_id}", page(case_page)),
        Route("/api/cases/{case_id}", page(case_api)),
        Route("/cases/{case_id}/files/{seq}", page(case_file)),
        Route("/cases/{case_id}/decision", page(decision), methods=["POST"]),
        Route("/dashboard", page(dashboard)),
        Route("/dashboard.csv", page(dashboard_csv)),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(BodyLimit, upload_limit=settings.max_file_bytes),
            Middleware(_SecurityHeaders),
            Middleware(SessionMiddleware, secret_key=settings.web.secret, session_cookie=auth.SESSION_COOKIE,
                       max_age=auth.SESSION_MAX_AGE, same_site="lax", https_only=False),
        ],
    )
    app.state.roster = roster
    app.state.settings = settings
    return app


class _SecurityHeaders:
    """No framing by other sites, no sniffing, scripts and styles only from us."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def wrapped(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"SAMEORIGIN"),
                    (b"referrer-policy", b"same-origin"),
                    (b"content-security-policy",
                     b"default-src 'self'; img-src 'self' data:; object-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        return await self.app(scope, receive, wrapped)


def _home(user: User) -> str:
    return {"clerk": "/my", "reviewer": "/inbox", "head": "/inbox", "admin": "/inbox"}[user.role]


def _nav(user: User | None) -> list[tuple[str, str]]:
    if user is None:
        return []
    if user.role == "clerk":
        return [("/my", "我的报告")]
    items = [("/inbox", "待审核案件")]
    if access.can_see_dashboard(user):
        items.append(("/dashboard", "报送进度"))
    return items


def _person(roster: Roster, login: str | None) -> str:
    """李审核（fc-li） for a roster login; anything else as it is."""
    if not login:
        return ""
    u = roster.user(login)
    return f"{u.name}（{login}）" if u and u.name else login


def _version(case: dict) -> str:
    return f"{case.get('status')}:{len(case.get('history') or [])}:{len(case.get('submissions') or [])}"


def _q(s: str) -> str:
    return quote(str(s), safe="")


def _int(v) -> int | None:
    try:
        return int(v) if v not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _blank(v) -> str:
    return "" if v is None else str(v)
