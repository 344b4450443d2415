"""The whole review cycle in a browser, as people do it, on the real pipeline:

clerk signs in and uploads a seed → watches it reach 待审核 → the assigned reviewer sees the
blank cell highlighted with its finding beside it and returns the report with a comment →
the clerk reads the comment and drops a corrected file → the reviewer sees the diff and
approves → the county head's dashboard shows the body as 已通过.

A screenshot of every page goes to test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
import time
import uuid

import pytest
from playwright.async_api import Page, expect

from tests.browser.harness import fill_blank_cell, seed_variant

pytestmark = [pytest.mark.integration, pytest.mark.browser]

YEAR = 2041  # a year no other test of the session uses: this test's own case
CLERK = "shangtang"  # 上塘镇's clerk
HEAD = "fc-zhao"  # 丰城市's head
WAIT = 45_000  # ms: the pipeline checks a text report in a few seconds


async def sign_in(page: Page, stack, login: str) -> None:
    await page.goto(stack.url + "/login")
    await page.get_by_label("用户名").fill(login)
    await page.get_by_label("密码").fill(stack.passwords[login])
    await page.get_by_role("button", name="登录").click()
    await expect(page.get_by_role("button", name="退出登录")).to_be_visible()


async def sign_out(page: Page) -> None:
    await page.get_by_role("button", name="退出登录").click()
    await expect(page.get_by_role("heading", name="登录")).to_be_visible()


async def shot(page: Page, screenshots, name: str) -> None:
    await page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)


async def test_clerk_reviewer_head_cycle(stack, browser, screenshots, samples_dir, tmp_path):
    t0 = time.monotonic()
    tag = uuid.uuid4().hex[:8]
    seed = seed_variant((samples_dir / "shangtang-2021.txt").read_text("utf-8"), YEAR, tag)
    first = tmp_path / f"上塘镇{YEAR}年度报告.txt"
    first.write_text(seed, encoding="utf-8")
    corrected_name = f"上塘镇{YEAR}年度报告-修改.txt"
    corrected = fill_blank_cell(seed)
    case_id = f"case-{YEAR}-丰城市-上塘镇"
    comment = f"“没有现成信息需要另行制作”一行“社会公益组织”为空，请填 0 后重新上传。{tag}"

    ctx = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", accept_downloads=True)
    page = await ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    # -- the clerk signs in and uploads with the file picker ---------------------------
    await page.goto(stack.url + "/")
    await expect(page.get_by_role("heading", name="登录")).to_be_visible()
    await shot(page, screenshots, "01-login")
    await sign_in(page, stack, CLERK)
    await expect(page.get_by_role("heading", name=re.compile("上塘镇"))).to_be_visible()
    await shot(page, screenshots, "02-clerk-home")
    await page.get_by_label("选择文件").set_input_files(str(first))
    await expect(page.get_by_text(f"已选择：{first.name}")).to_be_visible()
    await page.get_by_role("button", name="上传报告").click()
    await expect(page).to_have_url(re.compile(r"/uploads/"))
    await expect(page.get_by_role("heading", name=re.compile("已上传"))).to_be_visible()
    await shot(page, screenshots, "03-clerk-upload-received")

    # The upload page follows the document and moves on to its case by itself.
    await page.wait_for_url(re.compile(r"/cases/case-"), timeout=WAIT)
    await expect(page.locator("[data-status]")).to_have_text("待审核", timeout=WAIT)
    await expect(page.get_by_role("heading", name=re.compile("检查结果：1 个错误"))).to_be_visible()
    await expect(page.locator("ol.findings")).to_contain_text("社会公益组织")
    # A clerk gets no decision forms.
    await expect(page.get_by_role("button", name="通过")).to_have_count(0)
    await shot(page, screenshots, "04-clerk-case-awaiting-review")
    view = await stack.wait_case(case_id, "awaiting_review")
    reviewer = view.reviewer
    assert reviewer in {r.login for r in stack.roster.reviewers_of("丰城市")}
    await sign_out(page)

    # -- the assigned reviewer: inbox, the highlighted cell, return with a comment --------
    await sign_in(page, stack, reviewer)
    row = page.locator("table.list tbody tr", has_text="上塘镇").filter(has_text=str(YEAR))
    await expect(row).to_have_count(1)
    await expect(row).to_contain_text("待审核")
    await shot(page, screenshots, "05-reviewer-inbox")
    await row.get_by_role("link", name=re.compile("打开")).click()
    await expect(page.get_by_role("heading", name=re.compile(f"上塘镇 · {YEAR}"))).to_be_visible()
    table = page.locator('table.report[data-table="applications"]')
    blank_row = table.locator("tr", has_text="没有现成信息需要另行制作")
    cell = blank_row.locator('td.hl[data-col="社会公益组织"]')
    await expect(cell).to_have_count(1)
    await expect(cell).to_contain_text("（空）")
    assert "sev-error" in (await cell.get_attribute("class"))
    # Exactly one highlighted cell in that row, and the finding beside the table names it.
    await expect(blank_row.locator("td.hl")).to_have_count(1)
    n = (await cell.get_attribute("data-finding")).split(",")[0]
    side = page.locator(f"#f{n}-side")
    await expect(side).to_contain_text("社会公益组织")
    await expect(side).to_contain_text("为空")
    await cell.scroll_into_view_if_needed()
    await shot(page, screenshots, "06-reviewer-case-highlighted-cell")
    await page.get_by_label("退回意见（必填，写明要改什么）").fill(comment)
    await page.get_by_role("button", name="退回修改").click()
    await expect(page.get_by_role("status").filter(has_text="已退回修改")).to_be_visible()
    await expect(page.locator("[data-status]")).to_have_text("已退回修改")
    await sign_out(page)

    # -- the clerk reads the comment and drops a corrected file --------------------------
    await sign_in(page, stack, CLERK)
    await page.locator("table.list tr", has_text=str(YEAR)).get_by_role("link").click()
    await expect(page.locator("[data-comment]")).to_have_text(comment)
    await expect(page.get_by_role("heading", name="上传修改后的报告")).to_be_visible()
    await shot(page, screenshots, "07-clerk-returned-with-comment")
    data_transfer = await page.evaluate_handle(
        """([name, text]) => { const dt = new DataTransfer();
             dt.items.add(new File([text], name, {type: "text/plain"})); return dt; }""",
        [corrected_name, corrected],
    )
    await page.dispatch_event("[data-drop]", "drop", {"dataTransfer": data_transfer})
    await expect(page.get_by_text(f"已选择：{corrected_name}")).to_be_visible()
    await page.get_by_role("button", name="上传修改后的报告").click()
    await page.wait_for_url(re.compile(r"/uploads/"), timeout=WAIT)
    await page.wait_for_url(re.compile(r"/cases/case-"), timeout=WAIT)
    await expect(page.locator("[data-status]")).to_have_text("待审核", timeout=WAIT)
    await expect(page.get_by_text("提交次数：2")).to_be_visible()
    await shot(page, screenshots, "08-clerk-resubmitted")
    view = await stack.wait_case(case_id, "awaiting_review", submissions=2)
    assert view.submissions[1].original_name == corrected_name
    assert view.submissions[1].errors == 0
    await sign_out(page)

    # -- the reviewer sees what changed and approves ------------------------------------
    await sign_in(page, stack, reviewer)
    await page.goto(f"{stack.url}/cases/{case_id}")
    diff = page.locator(".diff")
    await expect(diff).to_contain_text("没有现成信息需要另行制作 × 社会公益组织")
    await expect(diff.locator("ins")).to_have_text("0")
    await expect(diff).to_contain_text("已改正的问题（1）")
    await expect(page.locator('table.report[data-table="applications"] td.hl.sev-error')).to_have_count(0)
    await page.get_by_role("button", name="通过", exact=True).click()
    await expect(page.locator("[data-status]")).to_have_text("已通过")
    await shot(page, screenshots, "09-reviewer-approved")
    await sign_out(page)

    # -- the county head's dashboard --------------------------------------------------------
    await sign_in(page, stack, HEAD)
    await page.get_by_role("link", name="报送进度").click()
    await expect(page.get_by_role("heading", name=re.compile("丰城市"))).to_be_visible()
    await page.goto(f"{stack.url}/dashboard?year={YEAR}")
    await expect(page.get_by_label("年度", exact=True)).to_have_value(str(YEAR))
    body = page.locator('tr[data-body="上塘镇"]')
    await expect(body).to_contain_text("已通过")
    await expect(body).to_contain_text("丰城市")
    await shot(page, screenshots, "10-head-dashboard")
    csv = await page.request.get(f"{stack.url}/dashboard.csv?year={YEAR}")
    assert csv.ok and "上塘镇" in await csv.text()

    await ctx.close()
    assert errors == [], errors
    assert time.monotonic() - t0 < 90
