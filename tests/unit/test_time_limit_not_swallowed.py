"""The document's time limit (`check.time_limit`) stops a read even where a reader catches
every error: pdfplumber's page reading falls back to text on `except Exception`, and the
timer's error, an Exception until now, was kept there (the timer fires again every 50 ms, and
each time a page took it for a failed layout): a slow machine got a poorer reading, with a
note, where it should get the time-out."""

from __future__ import annotations

import time

import pytest

from annual_report.check import time_limit
from annual_report.errors import DocumentTimeout


def _reader_that_catches_everything(seconds: float, kept: list[BaseException]) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        try:
            sum(range(1000))
        except Exception as exc:  # what a page reader does when a layout fails
            kept.append(exc)


# pytest-timeout's own SIGALRM timer would leave no timer to `time_limit` (it then does nothing);
# these tests end by themselves within a second.
@pytest.mark.timeout(0)
def test_a_reader_catching_every_error_does_not_keep_the_time_limit() -> None:
    kept: list[BaseException] = []
    started = time.perf_counter()
    with pytest.raises(DocumentTimeout), time_limit(0.1):
        _reader_that_catches_everything(1.0, kept)
    assert not kept
    assert time.perf_counter() - started < 0.9


@pytest.mark.timeout(0)
def test_a_read_within_its_time_is_left_alone() -> None:
    kept: list[BaseException] = []
    with time_limit(5):
        _reader_that_catches_everything(0.05, kept)
    assert not kept
