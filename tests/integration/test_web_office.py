"""The office tools over HTTP, in front of the real pipeline: who may remind, bulk-act and see a
crop; a bulk claim that partly fails answers for each case; a crop is rendered from the
original and cached in the bucket."""

from __future__ import annotations

import hashlib
import re
import uuid
from urllib.parse import quote

import httpx
import pytest

from tests.browser.harness import http_login, module_web_stack, seed_variant
from workflows import case_queries as cases_api

pytestmark = pytest.mark.integration

YEAR = 2046  # this module's own cases


stack = module_web_stack("weboffice")


@pytest.fixture(scope="module")
async def cases(stack, samples_dir):
    """上塘镇 and 荣塘镇 of 丰城市 for YEAR, awaiting review."""
    seed = seed_variant((samples_dir / "shangtang-2021.txt").read_text("utf-8"), YEAR, uuid.uuid4().hex[:8])
    out = {}
    for body, login in (("上塘镇", "shangtang"), ("荣塘镇", "rongtang")):
        _key, doc_id = stack.pipeline.upload(seed.replace("上塘镇", body).encode(), f"{body}.txt", email=stack.email(login), sender=body)
        doc = await stack.pipeline.result(doc_id)
        out[body] = await stack.wait_case(doc.case_id, "awaiting_review")
    return out


def client(stack) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=stack.url, follow_redirects=False, timeout=30)


def result_rows(html: str) -> dict[str, str]:
    """case id → the text of its row in the bulk answer."""
    rows = re.findall(r'<tr data-case="([^"]+)" class="[^"]*">(.*?)</tr>', html, re.S)
    return {case_id: re.sub(r"<[^>]+>|\s+", " ", body) for case_id, body in rows}


async def test_bulk_claim_answers_for_each_case(stack, cases):
    free, held = cases["上塘镇"].case_id, cases["荣塘镇"].case_id
    client_ = stack.pipeline.client
    # 上塘镇 unassigned; 荣塘镇 with fc-wang.
    if cases["上塘镇"].reviewer:
        await cases_api.release(client_, free, "fc-zhao")
    if (await cases_api.get_case(client_, held)).reviewer != "fc-wang":
        await cases_api.reassign(client_, held, "fc-zhao", "fc-wang")
    async with client(stack) as http:
        token = await http_login(http, "fc-li", stack.passwords["fc-li"])
        resp = await http.post(
            "/inbox/bulk",
            data={"csrf": token, "action": "claim", "case": [free, held, "case-2046-万宁市-北大镇"], "back": "/inbox?year=2046"},
        )
        assert resp.status_code == 200
        rows = result_rows(resp.text)
        assert "成功" in rows[free] and "已认领，审核人：李审核" in rows[free]
        assert "失败" in rows[held] and "案件已由 fc-wang 负责" in rows[held]
        assert "找不到这个案件，或您无权处理它" in rows["case-2046-万宁市-北大镇"]
        assert "失败 2 件" in resp.text
        # Only a head assigns: a reviewer's bulk assign is refused case by case.
        resp = await http.post("/inbox/bulk", data={"csrf": token, "action": "assign", "to": "fc-li", "case": [held]})
        assert "只有县级负责人可以改派案件" in result_rows(resp.text)[held]
    assert (await cases_api.get_case(client_, free)).reviewer == "fc-li"
    assert (await cases_api.get_case(client_, held)).reviewer == "fc-wang"


async def test_who_may_remind_and_bulk_act(stack, cases):
    async with client(stack) as http:
        token = await http_login(http, "shangtang", stack.passwords["shangtang"])
        assert (await http.post("/dashboard/remind", data={"csrf": token, "all": "1", "year": "2016"})).status_code == 403
        assert (await http.post("/inbox/bulk", data={"csrf": token, "action": "claim", "case": cases["上塘镇"].case_id})).status_code == 403
    async with client(stack) as http:
        token = await http_login(http, "admin", stack.passwords["admin"])
        # The admin sees every dashboard but decides and reminds nothing.
        assert (await http.get("/dashboard?year=2016")).status_code == 200
        assert (await http.post("/dashboard/remind", data={"csrf": token, "all": "1", "year": "2016"})).status_code == 403
    async with client(stack) as http:
        await http_login(http, "fc-li", stack.passwords["fc-li"])
        # Without the CSRF token, nothing is reminded.
        assert (await http.post("/dashboard/remind", data={"all": "1", "year": "2016"})).status_code == 403
        page = await http.get("/dashboard?year=2016")
        assert page.status_code == 200 and "一键催报（4 个单位）" in page.text and "已催报" not in page.text


async def test_a_crop_is_rendered_from_the_original_cached_and_guarded(stack, samples_dir):
    pdf = (samples_dir / "hongze_district_2023.pdf").read_bytes()
    # From a sender the roster does not know: the submission waits on 淮安市's intake desk in a
    # case of its own. The official case-2023-淮安市-洪泽区 is the browser tests' (another stack's
    # task queue on the same Temporal server), so this test must not join it.
    stranger = f"crop-{uuid.uuid4().hex[:6]}@elsewhere.test"
    _key, doc_id = stack.pipeline.upload(pdf, "洪泽区2023年报.pdf", email=stranger, sender="洪泽区政府办公室")
    doc = await stack.pipeline.result(doc_id)
    await stack.wait_case(doc.case_id, "unverified")
    url = f"/cases/{quote(doc.case_id, safe='')}/crops/1?page=2&box=76,579,231,612"
    sha = hashlib.sha256(pdf).hexdigest()
    cached = f"results/crops/{sha}/2/76.0_579.0_231.0_612.0.png"
    async with client(stack) as http:
        await http_login(http, "ha-zheng", stack.passwords["ha-zheng"])
        first = await http.get(url)
        assert first.status_code == 200 and first.headers["content-type"] == "image/png" and first.content[:8] == b"\x89PNG\r\n\x1a\n"
        stored = stack.pipeline.s3.get_object(Bucket="intake", Key=cached)["Body"].read()
        assert stored == first.content
        assert (await http.get(url)).content == first.content
        assert (await http.get(url.replace("page=2", "page=99"))).status_code == 404
    async with client(stack) as http:
        await http_login(http, "fc-li", stack.passwords["fc-li"])  # another county
        assert (await http.get(url)).status_code == 403
    async with client(stack) as http:
        assert (await http.get(url)).status_code in (302, 303, 401)  # no session


async def test_a_word_finding_says_table_row_and_column_on_the_case_page(stack):
    import io

    import docx

    from tests.unit.report_fixtures import build_report_docx

    d = docx.Document(io.BytesIO(build_report_docx(org="小港镇", year=YEAR)))
    row_no, col_no = next(
        (r, c) for r, row in enumerate(d.tables[1].rows, 1) for c, cell in enumerate(row.cells, 1) if cell.text.strip().isdigit()
    )
    d.tables[1].rows[row_no - 1].cells[col_no - 1].text = "999"
    out = io.BytesIO()
    d.save(out)
    _key, doc_id = stack.pipeline.upload(out.getvalue(), f"小港镇{YEAR}年报.docx", email=stack.email("xiaogang"), sender="小港镇党政办")
    doc = await stack.pipeline.result(doc_id)
    await stack.wait_case(doc.case_id, "awaiting_review")
    async with client(stack) as http:
        await http_login(http, "fc-zhao", stack.passwords["fc-zhao"])
        page = (await http.get(f"/cases/{quote(doc.case_id, safe='')}")).text
    positions = re.findall(r"<span class=\"pos\" data-position>（Word 原文([^）]+)）</span>", page)
    assert f"第 2 个表格第 {row_no} 行第 10 列" in positions, positions
    assert not re.search(r"第 \d+ 行附近", page)
