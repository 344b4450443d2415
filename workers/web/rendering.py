"""The Jinja environment of the pages: the helpers every template may call, the navigation
by role, and small formatting helpers shared by the routes."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape

from intake import statuses
from intake.roster import Roster, User
from workers.web import access, present

TEMPLATES = Path(__file__).parent / "templates"
POLL_MS = 2000
HOMES = {"clerk": "/my", "reviewer": "/inbox", "head": "/inbox", "admin": "/inbox"}


def build_templates(roster: Roster) -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    env.globals.update(
        status_zh=statuses.label,
        local_time=present.local_time,
        waited=present.waited,
        role_zh=present.ROLE_ZH,
        status_class=present.STATUS_CLASS,
        quote=q,
        poll_ms=POLL_MS,
        person=lambda login: person(roster, login),
    )
    return env


def home(user: User) -> str:
    return HOMES[user.role]


def nav(user: User | None) -> list[tuple[str, str]]:
    if user is None:
        return []
    if user.role == "clerk":
        return [("/my", "我的报告")]
    items = [("/inbox", "待审核案件")]
    if access.can_see_dashboard(user):
        items.append(("/dashboard", "报送进度"))
    return items


def person(roster: Roster, login: str | None) -> str:
    """李审核（fc-li） for a roster login; anything else as it is."""
    if not login:
        return ""
    u = roster.user(login)
    return f"{u.name}（{login}）" if u and u.name else login


def q(s: Any) -> str:
    """One URL path segment (a case id or an object key)."""
    return quote(str(s), safe="")


def to_int(v: Any) -> int | None:
    try:
        return int(v) if v not in (None, "") else None
    except (TypeError, ValueError):
        return None
