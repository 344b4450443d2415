"""Browser tests: Playwright drives Debian's chromium (installed by scripts/setup.sh; no
browser download) against the web app in front of the real pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.harness import module_web_stack

CHROMIUM = Path("/usr/bin/chromium")


stack = module_web_stack("browser")


@pytest.fixture(scope="module")
async def browser():
    from playwright.async_api import async_playwright

    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: run `make test` (scripts/setup.sh installs Debian's chromium)")
    async with async_playwright() as pw:
        b = await pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield b
        await b.close()


@pytest.fixture(scope="module")
def screenshots(artifacts_dir) -> Path:
    d = artifacts_dir / "screenshots"
    d.mkdir(parents=True, exist_ok=True)
    return d
