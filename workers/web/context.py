"""What every route needs, built once by `create_app`: settings, roster, S3, the Temporal
client (connected on first use), the audit store and the templates; plus the wrapper that
signs each request in, checks CSRF on POST and turns refusals into error pages."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from temporalio.client import Client

from adapters.audit_store import AuditStore
from adapters.settings import Settings
from intake.roster import Roster, User
from workers.web import access, auth
from workers.web.rendering import nav, q
from workflows import case_queries as cases_api

Handler = Callable[["WebContext", Request, User], Awaitable[Response]]
PublicHandler = Callable[["WebContext", Request], Awaitable[Response]]
Endpoint = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class ReviewerForm:
    """A form a reviewer posted on a case page: the case, the fields, the chosen action."""

    case_id: str
    form: FormData
    action: str
    back: RedirectResponse


@dataclass
class WebContext:
    settings: Settings
    roster: Roster
    s3: Any  # a boto3 S3 client
    audit: AuditStore
    templates: Environment
    static_version: str
    client_: Client | None = None
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def bucket(self) -> str:
        return self.settings.s3.intake_bucket

    @property
    def max_mb(self) -> int:
        return self.settings.max_file_bytes // (1024 * 1024)

    async def client(self) -> Client:
        """The Temporal client; connected on first use, so the app starts without Temporal."""
        if self.client_ is None:
            async with self._lock:
                if self.client_ is None:
                    from adapters.temporal import connect

                    self.client_ = await connect(self.settings.temporal)
        return self.client_

    def render(self, request: Request, template: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
        user = auth.current_user(request)
        base = {
            "request": request,
            "user": user,
            "csrf": auth.csrf_token(request),
            "flashes": auth.pop_flash(request),
            "static_version": self.static_version,
            "nav": nav(user),
            "path": request.url.path,
        }
        html = self.templates.get_template(template).render(**base, **ctx)
        return HTMLResponse(html, status_code=status_code)

    def error_page(self, request: Request, code: int, message: str) -> Response:
        if auth.wants_json(request):
            return JSONResponse({"error": message}, status_code=code)
        return self.render(request, "error.html", status_code=code, code=code, message=message)

    async def load_case(self, user: User, case_id: str) -> cases_api.CaseDetail:
        """The case, when the user may see it (Forbidden otherwise)."""
        case = await cases_api.get_case(await self.client(), case_id)
        access.require_case(user, self.roster, case)
        return case

    async def reviewer_form(self, request: Request, user: User, refusal: str) -> ReviewerForm:
        """The case's id and the posted form, when the user may decide on the case (Forbidden
        with `refusal` otherwise), and the redirect back to the case page."""
        case_id = request.path_params["case_id"]
        case = await self.load_case(user, case_id)
        if not access.can_decide(user, self.roster, case):
            raise access.Forbidden(refusal)
        form = await request.form()
        back = RedirectResponse(f"/cases/{q(case_id)}", status_code=303)
        return ReviewerForm(case_id, form, str(form.get("action") or ""), back)

    def page(self, handler: Handler) -> Endpoint:
        """A signed-in endpoint: CSRF-checked on POST; refusals become 401/403/404 pages."""

        async def call(request: Request) -> Response:
            user = auth.require_user(request)  # before the form is read: no session, no parsing
            if request.method == "POST":
                await auth.check_csrf(request)
            return await handler(self, request, user)

        return self._guarded(call)

    def public(self, handler: PublicHandler) -> Endpoint:
        """An endpoint without a session (the sign-in form post): still CSRF-checked."""

        async def call(request: Request) -> Response:
            if request.method == "POST":
                await auth.check_csrf(request)
            return await handler(self, request)

        return self._guarded(call)

    def _guarded(self, call: Endpoint) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            try:
                return await call(request)
            except auth.NotSignedIn:
                return auth.not_signed_in_response(request)
            except auth.CsrfFailed:
                return self.error_page(request, 403, "表单已失效（缺少或不匹配的安全令牌）。请刷新页面后重试。")
            except access.Forbidden as exc:
                return self.error_page(request, 403, exc.message)
            except cases_api.CaseNotFound:
                return self.error_page(request, 404, "找不到这个案件。")

        return endpoint
