"""The reviewer's tools in a browser, on the real pipeline:

- inbox search: body, year, status and rule filters live in the query string (a bookmark is
  a saved filter) and narrow the list to what they say;
- `j` opens the next case; ticking findings writes the return comment; the return mail is
  then opened in the mail sink's web UI (Mailpit, built with its UI by scripts/setup.sh);
- a PDF report: the preview sits beside the findings, and a finding's page link opens the
  preview at that page (`#page=N`);
- the head's dashboard: submission time, days late and the contact of every body, the
  townships that sent nothing listed as late.

Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from urllib.parse import quote

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.browser.harness import fill_blank_cell, seed_variant
from tests.browser.test_web_flow import shot, sign_in

pytestmark = [pytest.mark.integration, pytest.mark.browser]

YEAR = 2043  # this module's own cases
HEAD = "fc-zhao"  # 丰城市's head: sees and decides every case of the county
WAIT = 45_000


def _as_body(text: str, body: str) -> str:
    return text.replace("上塘镇", body)


@pytest.fixture(scope="module")
async def county_cases(stack, samples_dir):
    """Three 丰城市 cases for YEAR: 上塘镇 and 荣塘镇 with the blank cell (cell.missing),
    小港镇 with it filled (no finding of that rule)."""
    tag = uuid.uuid4().hex[:8]
    seed = seed_variant((samples_dir / "shangtang-2021.txt").read_text("utf-8"), YEAR, tag)
    sent = {
        "上塘镇": ("shangtang", seed),
        "荣塘镇": ("rongtang", _as_body(seed, "荣塘镇")),
        "小港镇": ("xiaogang", fill_blank_cell(_as_body(seed, "小港镇"))),
    }
    views = {}
    for body, (login, text) in sent.items():
        _key, doc_id = stack.pipeline.upload(text.encode(), f"{body}{YEAR}年报.txt", email=stack.email(login), sender=f"{body}党政办")
        doc = await stack.pipeline.result(doc_id)
        assert doc.case_id == f"case-{YEAR}-丰城市-{body}", doc
        views[body] = await stack.wait_case(doc.case_id, "awaiting_review")
    return views


def inbox_rows(page: Page):
    return page.locator("table[data-inbox] tbody tr")


async def test_inbox_search_prefilled_return_and_the_mail_in_the_sink_ui(stack, browser, screenshots, county_cases, mailpit_server):
    ctx = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = await ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    await sign_in(page, stack, HEAD)

    # Body search through the form: the filter lands in the URL (bookmarkable).
    await page.goto(f"{stack.url}/inbox?year={YEAR}&scope=all")
    await expect(inbox_rows(page)).to_have_count(3)
    await page.get_by_label("单位").fill("荣塘")
    await page.get_by_role("button", name="筛选").click()
    await expect(page).to_have_url(re.compile(r"body=%E8%8D%A3%E5%A1%98"))
    await expect(inbox_rows(page)).to_have_count(1)
    await expect(inbox_rows(page)).to_contain_text("荣塘镇")
    await shot(page, screenshots, "21-inbox-search-body")
    bookmark = page.url

    # The rule filter: only the cases whose latest submission has a cell.missing finding.
    await page.goto(f"{stack.url}/inbox?year={YEAR}&scope=all&rule=cell.missing")
    await expect(page.get_by_label("问题类型")).to_have_value("cell.missing")
    await expect(inbox_rows(page)).to_have_count(2)
    await expect(page.locator("table[data-inbox]")).not_to_contain_text("小港镇")
    await shot(page, screenshots, "22-inbox-search-rule")
    # Status filter: nothing of this year is returned yet.
    await page.goto(f"{stack.url}/inbox?year={YEAR}&scope=all&status=returned")
    await expect(inbox_rows(page).filter(has_text="没有符合条件的案件")).to_have_count(1)

    # The bookmark opens the same filtered list; `j` opens its (only) case.
    await page.goto(bookmark)
    await expect(inbox_rows(page)).to_have_count(1)
    await page.keyboard.press("j")
    await expect(page).to_have_url(re.compile("/cases/" + re.escape(quote(f"case-{YEAR}-丰城市-荣塘镇", safe=""))))
    await expect(page.get_by_text("快捷键")).to_be_visible()

    # A text file's finding shows the lines around its own (not just "第 N 行").
    finding = page.locator("ol.findings li").filter(has_text="社会公益组织")
    context = finding.locator("details.context")
    await expect(context.locator("summary")).to_contain_text(re.compile(r"原文第 \d+ 行附近"))
    await context.locator("summary").click()
    await expect(context.locator(".here")).to_have_count(1)
    await expect(context.locator("pre > span")).to_have_count(5)
    line = int(re.search(r"第 (\d+) 行", await context.locator("summary").inner_text()).group(1))
    await expect(context.locator(".here .ln")).to_have_text(str(line))

    # Ticking the finding writes the return comment; `r` jumps to it.
    await finding.locator("input.pick").check()
    comment = page.locator("[data-return-comment]")
    await expect(comment).to_have_value(re.compile(r"请修改以下问题后重新上传：\n1\. .*社会公益组织"))
    await page.keyboard.press("Escape")
    await page.locator("h1").click()
    await page.keyboard.press("r")
    await expect(comment).to_be_focused()
    prefilled = await comment.input_value()
    await shot(page, screenshots, "23-case-prefilled-return-comment")
    await page.get_by_role("button", name="退回修改").click()
    await expect(page.locator("[data-status]")).to_have_text("已退回修改")
    view = await stack.wait_case(f"case-{YEAR}-丰城市-荣塘镇", "returned")
    assert view.decision is not None and view.decision.comment == prefilled.strip()

    # The return mail, opened in Mailpit's web UI.
    subject = f"【年报受理】退回修改（案件编号 case-{YEAR}-丰城市-荣塘镇）"
    ui = mailpit_server.api
    assert httpx.get(f"{ui}/dist/app.js").status_code == 200, "Mailpit was built without its web UI"
    mail = await ctx.new_page()
    await mail.goto(ui + "/")
    link = mail.get_by_text(subject).first
    await expect(link).to_be_visible(timeout=WAIT)
    await link.click()
    await expect(mail.get_by_text(subject).first).to_be_visible()
    body_frame = mail.frame_locator("iframe").first
    await expect(body_frame.get_by_text(re.compile("社会公益组织")).first).to_be_visible(timeout=WAIT)
    await shot(mail, screenshots, "24-mailpit-return-mail")

    await ctx.close()
    assert errors == [], errors


async def test_pdf_preview_beside_findings_opens_the_finding_page(stack, browser, screenshots, samples_dir):
    pdf = (samples_dir / "hongze_district_2023.pdf").read_bytes()
    _key, doc_id = stack.pipeline.upload(pdf, "洪泽区2023年报.pdf", email=stack.email("hongze"), sender="洪泽区政府办公室")
    doc = await stack.pipeline.result(doc_id)
    case_id = doc.case_id
    await stack.wait_case(case_id, "awaiting_review")

    ctx = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", accept_downloads=True)
    page = await ctx.new_page()
    await sign_in(page, stack, "ha-zheng")
    await page.goto(f"{stack.url}/cases/{quote(case_id, safe='')}")
    preview = page.locator("aside.preview iframe[name=preview]")
    await expect(preview).to_be_visible()
    # Side by side: the preview's left edge is right of the findings list.
    findings_box = await page.locator("ol.findings").bounding_box()
    preview_box = await preview.bounding_box()
    assert preview_box["x"] >= findings_box["x"] + findings_box["width"] - 1, (findings_box, preview_box)
    link = page.locator("ol.findings a.page-link[data-page='3']").first
    await expect(link).to_contain_text("第 3 页")
    await link.click()
    frame = page.frame(name="preview")
    assert frame is not None
    for _ in range(100):  # the frame navigates to the page's URL
        if frame.url.endswith("inline=1&page=3#page=3"):
            break
        await asyncio.sleep(0.1)
    assert frame.url.endswith("inline=1&page=3#page=3"), frame.url
    await shot(page, screenshots, "25-case-pdf-preview-page-3")
    await ctx.close()


async def test_dashboard_shows_submission_days_late_and_contact(stack, browser, screenshots, county_cases):
    ctx = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = await ctx.new_page()
    await sign_in(page, stack, HEAD)
    await page.goto(f"{stack.url}/dashboard?year={YEAR}")
    sent = page.locator('tr[data-body="上塘镇"]')
    await expect(sent.locator("[data-submitted]")).not_to_have_text("未报送")
    await expect(sent).to_contain_text("shangtang@fc.example.gov.cn")
    # 秀市镇 sent nothing for YEAR (its deadline is in the future: not yet late).
    unsent = page.locator('tr[data-body="秀市镇"]')
    await expect(unsent.locator("[data-submitted]")).to_have_text("未报送")
    await expect(unsent).to_contain_text("未报送")
    await expect(unsent).to_contain_text("xiushi@fc.example.gov.cn")
    await shot(page, screenshots, "26-head-dashboard-contacts")
    # A past year: every body without a case is late, with its days late counted.
    await page.goto(f"{stack.url}/dashboard?year=2020")
    late = page.locator('tr[data-body="秀市镇"]')
    await expect(late).to_contain_text("逾期未报送")
    days = int((await late.locator("[data-days-late]").inner_text()).strip())
    assert days > 365 * 4
    csv = await page.request.get(f"{stack.url}/dashboard.csv?year=2020")
    line = next(r for r in (await csv.text()).splitlines() if "秀市镇" in r)
    assert line.endswith(f",{days},xiushi@fc.example.gov.cn")
    await ctx.close()
