"""Sign-in and out, the liveness probe, and the home redirect by role.

GET  /healthz                  liveness for `intake up`
GET  /login, POST /login, POST /logout
GET  /                         → the user's home by role
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from adapters.logging import get_logger
from intake.accounts import authenticate
from intake.roster import User
from workers.web import auth
from workers.web.context import WebContext
from workers.web.rendering import home as home_of

log = get_logger("workers.web")


async def healthz(request: Request) -> Response:
    return JSONResponse({"ok": True})


async def login_form(ctx: WebContext, request: Request) -> Response:
    nxt = auth.safe_next(request.query_params.get("next"))
    if auth.current_user(request):
        return RedirectResponse(nxt, status_code=303)
    return ctx.render(request, "login.html", next=nxt, error=None, login="")


async def login_post(ctx: WebContext, request: Request) -> Response:
    form = await request.form()
    login = str(form.get("login") or "").strip()
    password = str(form.get("password") or "")
    nxt = auth.safe_next(str(form.get("next") or ""))
    if login and (too_many := auth.throttle_sign_in(request, login)):
        return ctx.render(request, "login.html", status_code=429, next=nxt, login=login, error=too_many)
    user = await asyncio.to_thread(authenticate, ctx.settings.state_dir, ctx.roster, login, password) if login else None
    if user is None:
        log.info("sign-in refused", login=login)
        return ctx.render(request, "login.html", status_code=401, next=nxt, login=login, error="用户名或密码不正确。")
    auth.sign_in(request, user)
    log.info("signed in", login=user.login, role=user.role)
    return RedirectResponse(nxt if nxt != "/" else home_of(user), status_code=303)


async def logout(ctx: WebContext, request: Request, user: User) -> Response:
    auth.sign_out(request)
    return RedirectResponse("/login", status_code=303)


async def home(ctx: WebContext, request: Request, user: User) -> Response:
    return RedirectResponse(home_of(user), status_code=303)


def routes(ctx: WebContext) -> list[Route]:
    async def login_page(request: Request) -> Response:
        return await login_form(ctx, request)

    return [
        Route("/healthz", healthz),
        Route("/login", login_page, methods=["GET"]),
        Route("/login", ctx.public(login_post), methods=["POST"]),
        Route("/logout", ctx.page(logout), methods=["POST"]),
        Route("/", ctx.page(home)),
    ]
