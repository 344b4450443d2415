"""Shared test configuration. Real servers come from `tests/fixtures/servers.py`."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["tests.fixtures.servers", "tests.fixtures.cluster", "tests.fixtures.pdfium_guard"]

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLES = REPO / "intake" / "samples"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    d = REPO / "test-artifacts"
    d.mkdir(exist_ok=True)
    return d


@pytest.fixture(scope="session", autouse=True)
def _logs_to_stderr():
    """Processes log to stderr (as in production), so a command's stdout stays clean."""
    from adapters.logging import configure_logging

    configure_logging("INFO", "console", process="tests")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """tests/cluster/ needs the cluster profile's server (it restarts it): collected only there."""
    from tests.fixtures.cluster import test_profile

    if collection_path.name == "cluster" and collection_path.parent == REPO / "tests" and test_profile(config) != "cluster":
        return True
    return None
