"""The web app on a free port in front of the real pipeline (MinIO, Temporal, Mailpit, an
in-process worker and the event receiver), with the demo roster's accounts in a tmp state dir.
Shared by the browser tests and the HTTP authorization tests."""

from __future__ import annotations

import asyncio
import re
import secrets
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from adapters.settings import Settings, WebSettings
from cli.stack.net import free_port
from intake.accounts import ensure_passwords
from intake.roster import Roster
from intake.roster_file import load_demo_roster
from tests.integration.case_probes import seed_variant as seed_variant  # the browser and web tests import it from here
from tests.integration.case_probes import wait_case
from tests.integration.pipeline_harness import Pipeline, running_pipeline
from workers.web import create_app
from workflows.contracts import CaseView

TEMPORAL_UI = "http://127.0.0.1:8233"


@dataclass
class WebStack:
    pipeline: Pipeline
    settings: Settings
    roster: Roster
    passwords: dict[str, str]
    url: str

    def email(self, login: str) -> str:
        user = self.roster.user(login)
        assert user is not None, login
        return user.email

    async def wait_case(self, case_id: str, status: str, submissions: int = 1, timeout: float = 40) -> CaseView:
        return await wait_case(self.pipeline, case_id, status, submissions=submissions, timeout=timeout)


@asynccontextmanager
async def web_stack(minio, temporal_env, mailpit, state_dir: Path, prefix: str = "web"):
    async with running_pipeline(minio, temporal_env, mailpit, prefix=prefix) as pipeline:
        port = free_port()
        settings = pipeline.settings.model_copy(
            update={
                "state_dir": state_dir,
                "web": WebSettings(host="127.0.0.1", port=port, secret=secrets.token_urlsafe(32)),
                "temporal": pipeline.settings.temporal.model_copy(update={"ui": TEMPORAL_UI}),
            }
        )
        roster = load_demo_roster()
        passwords = ensure_passwords(state_dir, [u.login for u in roster.users()])
        app = create_app(settings, client=pipeline.client, roster=roster, s3=pipeline.s3)
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
        task = asyncio.create_task(server.serve())
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.05)
        try:
            yield WebStack(pipeline, settings, roster, passwords, f"http://127.0.0.1:{port}")
        finally:
            server.should_exit = True
            await task


def module_web_stack(prefix: str):
    """A module-scoped `stack` fixture: one web stack (the pipeline and the web app) shared by
    the module's tests, its state under a temporary folder, its buckets' objects under `prefix`.
    Use as `stack = module_web_stack("webauth")` in the test module."""

    @pytest.fixture(scope="module")
    async def stack(minio_server, temporal_env, mailpit_server, tmp_path_factory):
        async with web_stack(minio_server, temporal_env, mailpit_server, tmp_path_factory.mktemp(prefix), prefix=prefix) as s:
            yield s

    return stack


def fill_blank_cell(text: str) -> str:
    """Seed 001's blank cell (（四）2 × 社会公益组织) filled with 0: a tab-separated line
    between two zero cells."""
    lines = text.split("\n")
    i = next(i for i, line in enumerate(lines) if i > 200 and line == "\t" and lines[i - 1] == "\t0" and lines[i + 1] == "\t0")
    lines[i] = "\t0"
    return "\n".join(lines)


_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    m = _CSRF.search(html)
    assert m, "no CSRF field on the page"
    return m.group(1)


async def http_login(http: httpx.AsyncClient, login: str, password: str) -> str:
    """Sign in like a browser: GET the form (session + token), POST it. Returns the token."""
    page = await http.get("/login")
    token = csrf_of(page.text)
    resp = await http.post("/login", data={"login": login, "password": password, "csrf": token, "next": "/"})
    assert resp.status_code == 303, (resp.status_code, resp.text[:300])
    home = await http.get(resp.headers["location"])
    assert home.status_code == 200
    return csrf_of(home.text)
