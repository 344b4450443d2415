"""The intake desk in a browser (issue 15's first journey): a report from a sender the roster
does not know waits as an unverified submission; the county's reviewer sees why on its page,
matches it to the body, and it joins that body's official case with the audit trail naming
the reviewer. A colleague of another county cannot act on it."""

from __future__ import annotations

import uuid
from urllib.parse import quote

import pytest
from playwright.async_api import expect

from adapters.audit_store import AuditStore
from tests.browser.harness import seed_variant
from tests.browser.test_office_journeys import new_page, shot

pytestmark = [pytest.mark.integration, pytest.mark.browser]

YEAR = 2047  # this module's own cases (each module its own year: modules share one Temporal server)


async def test_unknown_sender_waits_on_the_desk_and_is_matched_in_the_browser(stack, browser, samples_dir):
    text = seed_variant((samples_dir / "shangtang-2021.txt").read_text("utf-8"), YEAR, uuid.uuid4().hex[:8])
    stranger = f"stranger-{uuid.uuid4().hex[:6]}@elsewhere.test"
    _key, doc_id = stack.pipeline.upload(text.encode(), f"上塘镇{YEAR}年报.txt", email=stranger)
    desk = (await stack.pipeline.result(doc_id)).case_id
    official = f"case-{YEAR}-丰城市-上塘镇"
    assert desk != official  # never the official case by itself
    waiting = await stack.wait_case(desk, "unverified")
    reviewer = waiting.reviewer
    assert reviewer

    outsider = await new_page(browser, stack, "ha-zheng")  # a reviewer of another county
    response = await outsider.goto(f"{stack.url}/cases/{quote(desk, safe='')}")
    assert response is not None and response.status == 403
    await outsider.context.close()

    page = await new_page(browser, stack, reviewer)
    await page.goto(f"{stack.url}/cases/{quote(desk, safe='')}")
    await expect(page.locator(".flash.warn")).to_contain_text("未确认来源的提交")
    await expect(page.locator("#a-body")).to_have_value("上塘镇")  # what the report says it is
    await shot(page, "21-desk-unverified")
    await page.locator("#a-year").fill(str(YEAR))
    await page.get_by_role("button", name="归入").click()
    await expect(page.locator(".flash.ok")).to_contain_text("已归入报送单位的案件")
    await shot(page, "22-desk-matched")

    joined = await stack.wait_case(official, "awaiting_review")
    assert joined.submissions[0].document_id == doc_id and joined.submissions[0].matched_by == reviewer
    matched = [r for r in AuditStore(stack.pipeline.s3, "audit").read_chain(desk) if r.stage == "matched"]
    assert [r.actor for r in matched] == [f"reviewer:{reviewer}"] and matched[0].detail["case"] == official
    await page.goto(f"{stack.url}/cases/{quote(official, safe='')}")
    await expect(page.locator("[data-status]")).to_have_text("待审核")
    await page.context.close()
