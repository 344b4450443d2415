"""Issue 14's "done when": a degraded scan of a real report, uploaded through the web app by
the body's clerk, ends awaiting review with the same table cells and findings as its text PDF,
and the reviewer's case page serves the crop of the scan behind each OCR'd cell: every real
report PDF (洪泽区 2023 and 2024, 淮安市 2024; the seeds are text files).

Every page is scanned (what a township scans): 150 dpi, skew, blur, noise, JPEG and one red
seal over part of a table: over table 1 (洪泽区 2023), over the values of table 3 (洪泽区
2024), over the stacked header of table 2 (淮安市 2024). The scans are uploaded at once; the
OCR worker reads one scan at a time per process (≈ 1 GB at its peak, bench/README.md), so
they queue on the OCR task queue with production OCR options (page and document limits,
200 dpi rendering).

A real report's case id is fixed by its body and year (case-2024-淮安市-洪泽区, …) and other
modules upload the same reports on the same Temporal server: this module's stack runs in a
Temporal namespace of its own. `garbled_font_sample.pdf` is not here: it is no report (its
glyphs themselves are mojibake, the page shows garbage, and it is `unreadable` as a text PDF).
"""

from __future__ import annotations

import asyncio
import html
import io
import json
import re
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import httpx
import pytest
from temporalio.api.enums.v1 import EventType

from adapters.audit_store import AuditStore
from adapters.object_identity import identify
from annual_report.check import check_bytes
from annual_report.model import Report
from intake.cases import accepted_key
from tests.browser.harness import http_login, web_stack
from tests.integration.case_probes import wait_mails
from tests.integration.pipeline_harness import own_namespace
from tests.unit.scan_fixtures import Degrade, degrade, render_pages, scan_pdf

pytestmark = pytest.mark.integration

REAL = Path(__file__).resolve().parents[3] / "shared" / "real-reports"
TABLES = ("active_disclosure", "applications", "appeals")


@dataclass(frozen=True)
class Scan:
    clerk: str
    reviewer: str  # of the body's county
    degradation: Degrade
    sealed: int  # which of the pages holding table rows gets the seal (0 first, -1 last)


REPORTS = {
    "hongze_district_2023": Scan("hongze", "ha-wu", Degrade(dpi=150, skew=1.2, blur=0.8, noise=8.0, jpeg=55, seed=11), 0),
    "hongze_district_2024": Scan("hongze", "ha-wu", Degrade(dpi=150, skew=-0.8, blur=0.7, noise=7.0, jpeg=60, seed=12, seal_rule=-2), -1),
    # Its large bold two-line title: the title strokes were once taken for rules (tests/unit/test_ocr_titles.py).
    "huaian_city_2024": Scan("huaian", "js-feng", Degrade(dpi=150, skew=-1.8, blur=0.6, noise=6.0, jpeg=65, seed=13, seal_rule=9), 1),
}


def township_scan(text_pdf: bytes, scan: Scan) -> tuple[bytes, int]:
    """(every page as a degraded image-only PDF, number of pages); the seal stamped once, as
    a township does, on one page holding a table."""
    from annual_report.readers.pdf import read_pdf

    d = scan.degradation
    sealed = sorted({b.source.page for b in read_pdf(text_pdf).blocks if b.kind == "row"})[scan.sealed]
    images = render_pages(text_pdf, d.dpi)
    pages = [degrade(img, replace(d, seal=n == sealed, seed=d.seed * 100 + n)) for n, img in enumerate(images, 1)]
    return scan_pdf(pages, d.dpi), len(pages)


def finding_keys(check: dict) -> set[tuple]:
    """A finding as the township must answer it; the quoted sentence without its spacing (OCR'd text)."""
    return {
        (f["rule"], f["severity"], f.get("table"), f.get("row"), f.get("column"), re.sub(r"\s+", "", f.get("where") or ""))
        for f in check["findings"]
    }


def cell_crop_urls(page_html: str) -> list[str]:
    """The crops the case page offers under the table's cells (on demand)."""
    pattern = r'<details class="cell-crop"><summary[^>]*>.*?</summary><img src="(/cases/[^"]+/crops/[^"]+)"'
    return [html.unescape(src) for src in re.findall(pattern, page_html)]


def finding_crop_urls(page_html: str) -> list[str]:
    """The crops shown beside findings at OCR'd places."""
    return [
        html.unescape(src) for src in re.findall(r'<figure class="ocr-crop" data-crop><img src="(/cases/[^"]+/crops/[^"]+)"', page_html)
    ]


def ocr_boxes(report: dict) -> set[tuple[int, str]]:
    """(page, box as the crop URL writes it) of every cell and label the OCR read."""
    out: set[tuple[int, str]] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            if node.get("page") and node.get("box"):
                out.add((node["page"], ",".join(f"{float(v):.1f}" for v in node["box"])))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(report.get("provenance"))
    return out


@pytest.fixture(scope="module")
async def stack(minio_server, temporal_env, mailpit_server, tmp_path_factory):
    namespace = await own_namespace(temporal_env, f"ocr-scans-{uuid.uuid4().hex[:6]}")
    async with web_stack(minio_server, namespace, mailpit_server, tmp_path_factory.mktemp("ocr-scans"), prefix="ocrweb") as s:
        yield s


async def upload_as_clerk(stack, login: str, data: bytes, name: str) -> str:
    """The clerk signs in and uploads the file as the web form does; the document workflow id."""
    async with httpx.AsyncClient(base_url=stack.url, timeout=120) as http:
        token = await http_login(http, login, stack.passwords[login])
        resp = await http.post("/upload", files={"file": (name, data)}, headers={"X-CSRF-Token": token, "Accept": "application/json"})
    assert resp.status_code == 200, resp.text[:300]
    return identify(stack.pipeline.s3, "intake", resp.json()["key"]).workflow_id


def truth_of(stack, text_pdf: bytes, name: str, year: int, county: str, organization: str) -> dict:
    """The text PDF's check, with the baseline the pipeline's validate uses (last year's accepted
    report of the body, when another module left one in the shared bucket)."""
    s3 = stack.pipeline.s3
    try:
        previous = Report.model_validate_json(
            s3.get_object(Bucket="intake", Key=accepted_key(county, organization, year - 1))["Body"].read()
        )
    except s3.exceptions.NoSuchKey:
        previous = None
    return check_bytes(text_pdf, name, previous=previous, time_limit_s=300).contract()


async def scan_through_the_web(stack, name: str) -> dict:
    clerk = REPORTS[name].clerk
    text_pdf = (REAL / f"{name}.pdf").read_bytes()
    scan, pages = await asyncio.to_thread(township_scan, text_pdf, REPORTS[name])
    file_name = f"{name}-{uuid.uuid4().hex[:8]}（扫描件）.pdf"  # its mails are found by it (Mailpit is shared)
    wf_id = await upload_as_clerk(stack, clerk, scan, file_name)
    doc = await stack.pipeline.result(wf_id, timeout=2400)
    assert doc.status == "checked", (name, doc.status, doc.reason)
    view = await stack.wait_case(doc.case_id, "awaiting_review", timeout=120)
    stored = json.loads(stack.pipeline.s3.get_object(Bucket="intake", Key=doc.check_key)["Body"].read())
    truth = await asyncio.to_thread(truth_of, stack, text_pdf, f"{name}.pdf", view.year, view.county, view.organization)
    return {"doc": doc, "view": view, "stored": stored, "truth": truth, "pages": pages, "wf_id": wf_id, "file_name": file_name}


@pytest.fixture(scope="module")
async def scans(stack):
    """All three scans uploaded at once, each followed to its case."""
    names = sorted(REPORTS)
    results = await asyncio.gather(*(scan_through_the_web(stack, n) for n in names))
    return dict(zip(names, results, strict=True))


@pytest.mark.timeout(3000)  # 16 pages of OCR one after another on two shared cores
@pytest.mark.parametrize("name", sorted(REPORTS))
async def test_a_scan_uploaded_on_the_web_ends_awaiting_review_like_its_text_pdf(scans, name):
    got = scans[name]
    doc, view, stored, truth = got["doc"], got["view"], got["stored"], got["truth"]
    assert stored["classification"]["read_by"] == "ocr"
    assert doc.classification.ocr_pages == list(range(1, got["pages"] + 1))  # every page was OCR'd
    assert view.status == "awaiting_review" and view.known_body and not view.unverified
    assert (view.year, view.organization) == (truth["report"]["year"], truth["report"]["organization"])
    for table in TABLES:
        assert stored["report"][table] == truth["report"][table], (name, table)
    assert finding_keys(stored) == finding_keys(truth), name


@pytest.mark.parametrize("name", sorted(REPORTS))
async def test_the_reviewer_sees_the_crop_of_the_scan_behind_an_ocr_cell(stack, scans, name):
    from PIL import Image

    reviewer = REPORTS[name].reviewer
    view, stored = scans[name]["view"], scans[name]["stored"]
    async with httpx.AsyncClient(base_url=stack.url, timeout=120) as http:
        await http_login(http, reviewer, stack.passwords[reviewer])
        page = await http.get(f"/cases/{view.case_id}")
        assert page.status_code == 200
        urls = cell_crop_urls(page.text)
        # Every cell's crop is the box of a cell the OCR read, on its page of the scan.
        boxes = ocr_boxes(stored["report"])
        offered = {(int(q["page"][0]), q["box"][0]) for q in (parse_qs(urlsplit(u).query) for u in urls)}
        assert len(offered) >= 50 and offered <= boxes, (name, len(offered), sorted(offered - boxes)[:3])
        beside = finding_crop_urls(page.text)
        ocr_findings = [f for f in view.submissions[-1].findings if f.source and f.source.ocr and f.source.page and f.source.box]
        assert bool(beside) == bool(ocr_findings), (name, len(beside), [f.rule for f in ocr_findings])
        everything = urls + beside
        assert all(unquote(urlsplit(u).path).startswith(f"/cases/{view.case_id}/crops/1") for u in everything)
        crop = await http.get(urls[0])
    assert crop.status_code == 200 and crop.headers["content-type"] == "image/png"
    width, height = Image.open(io.BytesIO(crop.content)).size
    assert width > 20 and height > 10


@pytest.mark.parametrize("name", sorted(REPORTS))
async def test_the_scan_was_read_on_the_ocr_queue_and_the_clerk_is_told(stack, scans, mailpit_server, name):
    """The text path handed the scan to the OCR task queue; the audit chain names the OCR stage;
    the findings mail tells the clerk the numbers were read from the scan."""
    got, pipeline = scans[name], stack.pipeline
    queues = {}
    async for event in pipeline.client.get_workflow_handle(got["wf_id"]).fetch_history_events():
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            attrs = event.activity_task_scheduled_event_attributes
            queues[attrs.activity_type.name] = attrs.task_queue.name
    settings = pipeline.settings.temporal
    assert queues["ocr_document"] == settings.ocr_task_queue
    assert queues["read_document"] == queues["extract_report"] == settings.task_queue
    stages = [r.stage for r in AuditStore(pipeline.s3, "audit").read_chain(got["wf_id"])]
    assert stages == ["read", "ocr", "extract", "classify", "validate"]
    clerk = stack.email(REPORTS[name].clerk)
    told = await wait_mails(mailpit_server, to=clerk, contains=got["file_name"].split("（")[0])
    assert any("扫描图像中识别（OCR）" in m["Text"] for m in told), [m["Subject"] for m in told]
