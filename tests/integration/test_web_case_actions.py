"""The case actions over HTTP (issue 15): a reviewer who has not claimed a case cannot decide
it; claim, release and the head's reassign from the case page; the assignee shown on it."""

from __future__ import annotations

import uuid
from urllib.parse import quote

import httpx
import pytest

from tests.browser.harness import http_login, module_web_stack, seed_variant
from workflows import case_queries as cases_api

pytestmark = pytest.mark.integration

YEAR = 2071  # this module's own case
HEAD = "fc-zhao"


stack = module_web_stack("webact")


async def test_only_the_assignee_or_head_decides_and_claims_work_from_the_page(stack, samples_dir):
    text = seed_variant((samples_dir / "shangtang-2021.txt").read_text("utf-8"), YEAR, uuid.uuid4().hex)
    _key, doc_id = stack.pipeline.upload(text.encode(), "上塘镇.txt", email=stack.email("shangtang"))
    case_id = (await stack.pipeline.result(doc_id)).case_id
    view = await stack.wait_case(case_id, "awaiting_review")
    assignee = view.reviewer
    other = next(r.login for r in stack.roster.reviewers_of("丰城市") if r.login != assignee)
    page, act, decide = (
        f"/cases/{quote(case_id, safe='')}",
        f"/cases/{quote(case_id, safe='')}/act",
        f"/cases/{quote(case_id, safe='')}/decision",
    )
    async with httpx.AsyncClient(base_url=stack.url, follow_redirects=False, timeout=30) as http:
        token = await http_login(http, other, stack.passwords[other])
        # Not claimed by this reviewer: the decision is refused and shown, the case untouched.
        resp = await http.post(decide, data={"action": "return", "comment": "请补填", "csrf": token})
        assert resp.status_code == 303
        shown = (await http.get(page)).text
        assert "操作未成功" in shown and assignee in shown
        assert (await cases_api.get_case(stack.pipeline.client, case_id)).status == "awaiting_review"
        # Claiming a colleague's case is refused too; the page offers no claim button then.
        assert 'value="claim"' not in shown
        await http.post(act, data={"action": "claim", "csrf": token})
        assert (await cases_api.get_case(stack.pipeline.client, case_id)).reviewer == assignee
    async with httpx.AsyncClient(base_url=stack.url, follow_redirects=False, timeout=30) as http:
        token = await http_login(http, assignee, stack.passwords[assignee])
        assert (await http.post(act, data={"action": "release", "csrf": token})).status_code == 303
        assert (await cases_api.get_case(stack.pipeline.client, case_id)).reviewer is None
    async with httpx.AsyncClient(base_url=stack.url, follow_redirects=False, timeout=30) as http:
        token = await http_login(http, other, stack.passwords[other])
        assert 'value="claim"' in (await http.get(page)).text
        await http.post(act, data={"action": "claim", "csrf": token})
        assert (await cases_api.get_case(stack.pipeline.client, case_id)).reviewer == other
    async with httpx.AsyncClient(base_url=stack.url, follow_redirects=False, timeout=30) as http:
        token = await http_login(http, HEAD, stack.passwords[HEAD])
        await http.post(act, data={"action": "reassign", "to": assignee, "csrf": token})
        assert (await cases_api.get_case(stack.pipeline.client, case_id)).reviewer == assignee
        assert stack.roster.user(assignee).name in (await http.get(page)).text
