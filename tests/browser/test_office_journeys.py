"""The county office's journeys in a browser at 1366×768, on the real pipeline (issue 15 and
14), each asserting what the person sees:

- bulk assign in the inbox: tick cases, assign them to a reviewer; each case's own result
  (a case already with that reviewer is refused by its validator, the others are assigned),
  each with its own audit record;
- claim / release: the assignee releases, a colleague claims, the former assignee can no
  longer decide;
- approving a report with errors: the reason is required and a confirmation is asked;
  dismissing the confirmation changes nothing;
- bulk 催报 from the inbox: only the returned case is reminded, the other is refused;
- 催报 from the dashboard: one body, then all late bodies (the one already reminded today is
  not mailed twice); the dashboard shows how often and when each was reminded;
- the crop of the scan behind an OCR'd cell, beside its finding and on demand in the table.

Screenshots go to test-artifacts/screenshots/; `INTAKE_UPDATE_SCREENSHOTS=1` writes them to
docs/screenshots/ instead (committed, shown by the README).
"""

from __future__ import annotations

import asyncio
import os
import re
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.async_api import Page, expect

from adapters.audit_store import AuditStore
from tests.browser.harness import seed_variant
from tests.browser.test_web_flow import sign_in
from workflows import case_queries as cases_api
from workflows.contracts import CaseView, Decision

pytestmark = [pytest.mark.integration, pytest.mark.browser]

YEAR = 2045  # this module's own cases
LATE_YEAR = 2015  # a past year without cases: every 丰城市 body is late
HEAD = "fc-zhao"
WAIT = 45_000
REPO = Path(__file__).resolve().parents[2]
# Every run saves its screenshots with the other tests' (test-artifacts/screenshots/); with
# INTAKE_UPDATE_SCREENSHOTS=1 they replace the committed ones the README shows.
DOCS = REPO / ("docs/screenshots" if os.environ.get("INTAKE_UPDATE_SCREENSHOTS") else "test-artifacts/screenshots")
VIEWPORT = {"width": 1366, "height": 768}


async def shot(page: Page, name: str) -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(DOCS / f"{name}.png"))


async def new_page(browser, stack, login: str) -> Page:
    ctx = await browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    page = await ctx.new_page()
    await sign_in(page, stack, login)
    return page


@pytest.fixture(scope="module")
async def cases(stack, samples_dir):
    """上塘镇, 荣塘镇 and 小港镇 of 丰城市 for YEAR, awaiting review (each with the blank cell)."""
    seed = seed_variant((samples_dir / "shangtang-2021.txt").read_text("utf-8"), YEAR, uuid.uuid4().hex[:8])
    out = {}
    for body, login in (("上塘镇", "shangtang"), ("荣塘镇", "rongtang"), ("小港镇", "xiaogang")):
        text = seed.replace("上塘镇", body)
        _key, doc_id = stack.pipeline.upload(text.encode(), f"{body}{YEAR}年报.txt", email=stack.email(login), sender=f"{body}党政办")
        doc = await stack.pipeline.result(doc_id)
        out[body] = await stack.wait_case(doc.case_id, "awaiting_review")
    return out


async def eventually(read, ok, tries: int = 100):
    """Poll `read()` (a coroutine) until `ok(value)`; fail with the last value."""
    value = None
    for _ in range(tries):
        value = await read()
        if ok(value):
            return value
        await asyncio.sleep(0.1)
    raise AssertionError(f"never true; last value {value!r}")


def audit_stages(stack, case_id: str) -> list[tuple[str, str]]:
    return [(r.stage, r.actor) for r in AuditStore(stack.pipeline.s3, "audit").read_chain(case_id)]


async def test_bulk_assign_answers_for_each_case(stack, browser, cases):
    before = {body: (await stack.wait_case(v.case_id, "awaiting_review")).reviewer for body, v in cases.items()}
    page = await new_page(browser, stack, HEAD)
    await page.goto(f"{stack.url}/inbox?year={YEAR}&scope=all")
    rows = page.locator("table[data-inbox] tbody tr")
    await expect(rows).to_have_count(3)
    assign = page.get_by_role("button", name="分派所选")
    await expect(assign).to_be_disabled()
    await page.get_by_label("全选").check()
    await expect(page.locator("[data-bulk-count]")).to_have_text("已选 3 件")
    await page.get_by_label("分派给").select_option("fc-wang")
    await shot(page, "31-inbox-bulk-assign")
    await assign.click()

    results = page.locator("table[data-bulk-results] tbody tr")
    await expect(results).to_have_count(3)
    failed = [b for b, r in before.items() if r == "fc-wang"]
    await expect(page.locator("[data-bulk-summary]")).to_contain_text(f"成功 {3 - len(failed)} 件")
    for body, view in cases.items():
        row = page.locator(f'tr[data-case="{view.case_id}"]')
        if body in failed:
            await expect(row).to_contain_text("失败")
            await expect(row).to_contain_text("案件已由 fc-wang 负责")
        else:
            await expect(row).to_contain_text("成功")
            await expect(row).to_contain_text("已分派，审核人：王审核")
            # Each case has its own audit record of the assignment, by the head.
            assert ("assignment", f"reviewer:{HEAD}") in audit_stages(stack, view.case_id)
    await shot(page, "32-inbox-bulk-assign-results")
    for view in cases.values():
        assert (await stack.wait_case(view.case_id, "awaiting_review")).reviewer == "fc-wang"
    await page.get_by_role("link", name="返回案件列表").click()
    await expect(page).to_have_url(re.compile(r"/inbox\?year=2045&scope=all$"))
    await page.context.close()


async def test_claim_and_release(stack, browser, cases):
    case_id = cases["荣塘镇"].case_id
    url = f"{stack.url}/cases/{quote(case_id, safe='')}"
    holder = (await stack.wait_case(case_id, "awaiting_review")).reviewer
    other = "fc-li" if holder == "fc-wang" else "fc-wang"

    page = await new_page(browser, stack, holder)
    await page.goto(url)
    await expect(page.locator("[data-assignee]")).to_contain_text(holder)
    await page.get_by_role("button", name="释放").click()
    await expect(page.locator(".flash.ok")).to_have_text("已释放。")
    await expect(page.locator("[data-assignee]")).to_have_text("尚未分派")
    await shot(page, "33-case-released")

    colleague = await new_page(browser, stack, other)
    await colleague.goto(url)
    await colleague.get_by_role("button", name="认领").click()
    await expect(colleague.locator(".flash.ok")).to_have_text("已认领。")
    await expect(colleague.locator("[data-assignee]")).to_contain_text(other)
    await shot(colleague, "34-case-claimed")

    # The former assignee may no longer decide: the validator refuses, the page says why.
    await page.goto(url)
    await page.locator("#c-return").fill("请补填空白单元格")
    await page.get_by_role("button", name="退回修改").click()
    await expect(page.locator(".flash.error")).to_contain_text(f"案件由 {other} 负责")
    await expect(page.locator("[data-status]")).to_have_text("待审核")
    assert (await stack.wait_case(case_id, "awaiting_review")).reviewer == other
    await page.context.close()
    await colleague.context.close()


async def test_approving_with_errors_needs_a_reason_and_a_confirmation(stack, browser, cases):
    case_id = cases["上塘镇"].case_id
    view = await stack.wait_case(case_id, "awaiting_review")
    assert view.submissions[-1].errors >= 1
    page = await new_page(browser, stack, HEAD)
    await page.goto(f"{stack.url}/cases/{quote(case_id, safe='')}")
    approve = page.get_by_role("button", name="通过", exact=True)
    reason = page.get_by_label(re.compile("通过的理由"))
    await expect(reason).to_have_attribute("required", "")

    # No reason: the form is not sent (the browser's own check), the case still waits.
    await approve.click()
    assert await reason.evaluate("e => !e.validity.valid")
    await expect(page.locator("[data-status]")).to_have_text("待审核")

    # With a reason, a confirmation is asked; cancelling it changes nothing.
    text = "空白单元格经电话核实为 0，原件无误，同意通过"
    await reason.fill(text)
    asked: list[str] = []

    async def dismiss(dialog):
        asked.append(dialog.message)
        await dialog.dismiss()

    page.once("dialog", dismiss)
    await approve.click()
    await eventually(lambda: asyncio.sleep(0, len(asked)), lambda n: n == 1)
    assert f"仍有 {view.submissions[-1].errors} 个错误" in asked[0]
    await expect(page.locator("[data-status]")).to_have_text("待审核")
    await shot(page, "35-approve-with-errors-reason")

    async def accept(dialog):
        asked.append(dialog.message)
        await dialog.accept()

    page.once("dialog", accept)
    await approve.click()
    await expect(page.locator("[data-status]")).to_have_text("已通过", timeout=WAIT)
    await shot(page, "36-approved-with-errors")
    decided = await stack.wait_case(case_id, "approved")
    assert decided.decision is not None and decided.decision.comment == text
    await page.context.close()


async def test_bulk_remind_reminds_only_returned_cases(stack, browser, cases, mailpit_server):
    returned, waiting = cases["小港镇"].case_id, cases["荣塘镇"].case_id
    await cases_api.decide(stack.pipeline.client, returned, Decision(action="return", login=HEAD, comment="请补填空白单元格"))
    await stack.wait_case(returned, "returned")
    page = await new_page(browser, stack, HEAD)
    await page.goto(f"{stack.url}/inbox?year={YEAR}&scope=all&status=")
    for case_id in (returned, waiting):
        await page.locator(f'input[data-bulk-pick][value="{case_id}"]').check()
    await page.get_by_role("button", name="催报所选").click()
    await expect(page.locator(f'tr[data-case="{returned}"]')).to_contain_text("已催报")
    await expect(page.locator(f'tr[data-case="{waiting}"]')).to_contain_text("只有“已退回修改”且尚未更正的案件可以催报")
    await expect(page.locator("[data-bulk-summary]")).to_contain_text("失败 1 件")
    await shot(page, "37-inbox-bulk-remind")
    subject = f"催报：请尽快提交修改后的小港镇{YEAR}年"
    for _ in range(100):
        if any(subject in m.get("Subject", "") for m in mailpit_server.messages()):
            break
        await asyncio.sleep(0.2)
    assert [m["To"][0]["Address"] for m in mailpit_server.messages() if subject in m.get("Subject", "")] == ["xiaogang@fc.example.gov.cn"]
    # The case's own history has it too (signalled by the reminder): the Temporal UI shows it.
    for _ in range(50):
        view = await stack.pipeline.client.get_workflow_handle(returned).query("view", result_type=CaseView)
        if any(h.action == "body reminded" for h in view.history):
            break
        await asyncio.sleep(0.2)
    (noted,) = [h for h in view.history if h.action == "body reminded"]
    assert noted.actor == HEAD and "xiaogang@fc.example.gov.cn" in noted.detail
    # The returned case's page lists its reminders (from their audit records).
    await page.goto(f"{stack.url}/cases/{quote(returned, safe='')}")
    listed = page.locator("[data-case-reminders]")
    await expect(listed.locator("h2")).to_have_text("催报记录（1 次）")
    await expect(listed).to_contain_text("赵主任（fc-zhao）")
    await expect(listed).to_contain_text("xiaogang@fc.example.gov.cn")
    await page.context.close()


async def _reload_until(page: Page, locator, text: str, tries: int = 40) -> None:
    """The dashboard reads the reminders from Temporal's visibility store, which follows
    within moments: reload until it shows."""
    for _ in range(tries):
        if text in (await locator.inner_text()):
            return
        await asyncio.sleep(0.25)
        await page.reload()
    await expect(locator).to_contain_text(text)


async def test_remind_one_then_all_from_the_dashboard(stack, browser, mailpit_server):
    page = await new_page(browser, stack, HEAD)
    await page.goto(f"{stack.url}/dashboard?year={LATE_YEAR}")
    row = page.locator('tr[data-body="秀市镇"]')
    await expect(row).to_contain_text("逾期未报送")
    await row.get_by_role("button", name="催报").click()
    await expect(page.locator(".flash.ok")).to_have_text("已向 1 个单位发出催报邮件：秀市镇。")
    await _reload_until(page, row.locator("[data-reminders]"), "已催报 1 次")
    await expect(row.locator("[data-remind-last]")).to_contain_text("赵主任（fc-zhao）")
    await shot(page, "38-dashboard-remind-one")

    # All late bodies at once, after a confirmation; 秀市镇 was already reminded today.
    late = await page.locator("tbody tr", has_text="逾期未报送").count()
    asked: list[str] = []

    async def accept(dialog):
        asked.append(dialog.message)
        await dialog.accept()

    page.once("dialog", accept)
    await page.locator("[data-remind-all]").click()
    await expect(page.locator(".flash.ok")).to_contain_text(f"已向 {late - 1} 个单位发出催报邮件")
    await expect(page.locator(".flash.warn")).to_have_text("今天已催报过，未重复发送：秀市镇。")
    assert asked and f"将向 {late} 个" in asked[0]
    await shot(page, "39-dashboard-remind-all")
    await _reload_until(page, page.locator('tr[data-body="上塘镇"] [data-reminders]'), "已催报 1 次")
    await expect(row.locator("[data-remind-count]")).to_have_text("已催报 1 次")

    subject = f"催报：请尽快报送秀市镇{LATE_YEAR}年"
    assert len([m for m in mailpit_server.messages() if subject in m.get("Subject", "")]) == 1
    await page.context.close()


def mixed_scan(pdf: bytes) -> bytes:
    """The real report with its page 4 replaced by a degraded 150-dpi scan of it, on which the
    table-3 cell 行政复议 × 结果维持 was left blank: one page for OCR, one finding on it."""
    import io

    import pypdfium2 as pdfium

    from annual_report.readers.pdfium_lock import PDFIUM
    from tests.unit.scan_fixtures import Degrade, degrade, render_pages, scan_pdf

    dpi = 150
    [img] = render_pages(pdf, dpi, [4])
    k = dpi / 72
    x0, y0, x1, y1 = 77, 438, 109, 464  # the cell's box in the text layer (points, top left)
    img[int(y0 * k) + 3 : int(y1 * k) - 3, int(x0 * k) + 3 : int(x1 * k) - 3] = 255
    scanned = scan_pdf([degrade(img, Degrade(dpi=dpi, skew=0.4, jpeg=80))], dpi)
    with PDFIUM:  # the stack's worker may be inside pdfium in another thread
        scan = pdfium.PdfDocument(scanned)
        doc = pdfium.PdfDocument(pdf)
        doc.del_page(3)
        doc.import_pages(scan, [0], index=3)
        out = io.BytesIO()
        doc.save(out)
        doc.close()
        scan.close()
    return out.getvalue()


@pytest.mark.timeout(900)  # one page of OCR: about a minute on two shared cores
async def test_the_crop_of_the_scan_is_shown_beside_an_ocr_finding(stack, browser, samples_dir):
    scan = mixed_scan((samples_dir / "hongze_district_2024.pdf").read_bytes())
    _key, doc_id = stack.pipeline.upload(scan, "洪泽区2024年报（扫描）.pdf", email=stack.email("hongze"), sender="洪泽区政府办公室")
    doc = await stack.pipeline.result(doc_id, timeout=800)
    assert doc.classification.ocr_pages == [4], doc.classification
    await stack.wait_case(doc.case_id, "awaiting_review", timeout=120)
    url = f"{stack.url}/cases/{quote(doc.case_id, safe='')}"

    page = await new_page(browser, stack, "ha-zheng")
    await page.goto(url)
    finding = page.locator("ol.findings li").filter(has_text="“行政复议”行“结果维持”列为空")
    crop = finding.locator("figure[data-crop] img")
    await expect(crop).to_be_visible()
    await expect(finding.locator("figure[data-crop] figcaption")).to_contain_text("扫描原图（第 4 页")
    await eventually(lambda: crop.evaluate("i => i.complete && i.naturalWidth"), lambda w: w > 40)
    await finding.scroll_into_view_if_needed()
    await shot(page, "40-case-ocr-crop-beside-finding")

    # On demand, any OCR'd cell of the table: its crop opens under the number.
    cell = page.locator("table.report td details.cell-crop").first
    await cell.locator("summary").click()
    await eventually(lambda: cell.locator("img").evaluate("i => i.complete && i.naturalWidth"), lambda w: w > 20)
    await cell.scroll_into_view_if_needed()
    await shot(page, "41-case-ocr-crop-of-a-cell")

    # Behind the case page's checks: another county's reviewer gets 403, and so does a bad box.
    src = await crop.get_attribute("src")
    assert (await page.request.get(stack.url + src)).headers["content-type"] == "image/png"
    other = await new_page(browser, stack, "fc-li")
    assert (await other.request.get(stack.url + src)).status == 403
    assert (await page.request.get(stack.url + src.split("?")[0] + "?page=4&box=1,2,1,2")).status == 400
    await page.context.close()
    await other.context.close()
