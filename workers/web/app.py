"""The web app: `create_app` builds the context every route shares (`WebContext`) and
mounts the route modules of `workers.web.routes`, one per concern:

    auth       /healthz, /login, /logout, /
    clerk      /my, /upload
    uploads    /uploads/{key}, /api/uploads/{key}
    inbox      /inbox, /cases
    cases      /cases/{id}, /api/cases/{id}, /cases/{id}/decision
    files      /cases/{id}/files/{seq}
    bulk       /inbox/bulk (assign / claim / remind several cases)
    crops      /cases/{id}/crops/{seq} (the scan behind an OCR'd cell)
    dashboard  /dashboard, /dashboard.csv
    reminders  /dashboard/remind (催报)

Every handler signs the user in from the session, checks the role and the case's
body/county on the server (workers.web.access), and only then reads or acts.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles
from temporalio.client import Client

from adapters import s3 as storage
from adapters.audit_store import AuditStore
from adapters.settings import Settings
from intake.roster import Roster
from workers.web import auth
from workers.web.context import WebContext
from workers.web.limits import BodyLimit
from workers.web.rendering import build_templates
from workers.web.routes import auth as auth_routes
from workers.web.routes import bulk, case_actions, cases, clerk, crops, dashboard, files, inbox, reminders, thread, uploads
from workers.web.security import SecurityHeaders

STATIC = Path(__file__).parent / "static"
ROUTE_MODULES = (auth_routes, clerk, uploads, inbox, bulk, cases, case_actions, thread, files, crops, dashboard, reminders)


def build_context(settings: Settings, client: Client | None = None, roster: Roster | None = None, s3: Any = None) -> WebContext:
    if roster is None:
        from adapters.settings import load_roster_for

        roster = load_roster_for(settings)
    if s3 is None:
        s3 = storage.s3_client(settings.s3)
    return WebContext(
        settings=settings,
        roster=roster,
        s3=s3,
        audit=AuditStore(s3, settings.s3.audit_bucket),
        templates=build_templates(roster),
        static_version=str(int(time.time())),  # a new start busts the browsers' cached JS/CSS
        client_=client,
    )


def create_app(settings: Settings, client: Client | None = None, roster: Roster | None = None, s3: Any = None) -> Starlette:
    ctx = build_context(settings, client, roster, s3)
    routes: list[BaseRoute] = [route for module in ROUTE_MODULES for route in module.routes(ctx)]
    routes.append(Mount("/static", StaticFiles(directory=STATIC), name="static"))
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(BodyLimit, upload_limit=settings.max_file_bytes),
            Middleware(SecurityHeaders),
            Middleware(
                SessionMiddleware,
                secret_key=settings.web.secret,
                session_cookie=auth.SESSION_COOKIE,
                max_age=auth.SESSION_MAX_AGE,
                same_site="lax",
                https_only=auth.secure_cookies(settings),
            ),
        ],
    )
    app.state.roster = ctx.roster
    app.state.settings = settings
    app.state.web = ctx
    return app
