"""The case's comment thread in a browser (issue 15's "comment thread" journey): the reviewer
writes on the case page, the clerk reads it on the same page and answers, the reviewer sees
the answer; each side is mailed. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import uuid
from urllib.parse import quote

import pytest
from playwright.async_api import expect

from tests.browser.test_web_flow import shot, sign_in, sign_out
from tests.integration.case_probes import seed_variant, wait_mails

pytestmark = [pytest.mark.integration, pytest.mark.browser]

YEAR = 2087  # this module's own case
WAIT = 45_000


async def test_reviewer_and_clerk_talk_on_the_case_page(stack, browser, screenshots, samples_dir, mailpit_server):
    text = seed_variant((samples_dir / "shangtang-2021.txt").read_text("utf-8"), YEAR, uuid.uuid4().hex)
    _key, doc_id = stack.pipeline.upload(text.encode(), f"上塘镇{YEAR}.txt", email=stack.email("shangtang"), sender="上塘镇党政办")
    case_id = (await stack.pipeline.result(doc_id)).case_id
    reviewer = (await stack.wait_case(case_id, "awaiting_review")).reviewer
    page = await browser.new_page(viewport={"width": 1366, "height": 768})
    url = f"{stack.url}/cases/{quote(case_id, safe='')}"

    await sign_in(page, stack, reviewer)
    await page.goto(url)
    await page.get_by_label("给报送单位留言（对方会收到邮件）").fill("请核对表三“行政复议”一栏的合计。")
    await page.get_by_role("button", name="发送留言").click()
    thread = page.locator("#thread")
    await expect(thread.get_by_text("请核对表三“行政复议”一栏的合计。")).to_be_visible(timeout=WAIT)
    await expect(page.get_by_text("留言已发送")).to_be_visible()
    await shot(page, screenshots, "51-thread-reviewer-wrote")
    await sign_out(page)

    await sign_in(page, stack, "shangtang")
    await page.goto(url)
    await expect(thread.get_by_text("请核对表三“行政复议”一栏的合计。")).to_be_visible(timeout=WAIT)
    await page.get_by_label("给审核人员留言（对方会收到邮件）").fill("已核对，合计无误。")
    await page.get_by_role("button", name="发送留言").click()
    await expect(thread.locator(".thread-entry")).to_have_count(2, timeout=WAIT)
    await shot(page, screenshots, "52-thread-clerk-answered")
    await sign_out(page)

    await sign_in(page, stack, reviewer)
    await page.goto(url)
    entries = thread.locator(".thread-entry")
    await expect(entries.nth(1)).to_contain_text("已核对，合计无误。", timeout=WAIT)  # newest last
    await expect(entries.nth(1)).to_contain_text("上塘镇党政办（报送单位）")
    assert await wait_mails(mailpit_server, to=stack.email("shangtang"), contains="请核对表三“行政复议”一栏的合计。")
    assert await wait_mails(mailpit_server, to=stack.email(reviewer), contains="已核对，合计无误。")
    await page.close()
