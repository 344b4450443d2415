"""Check one file: the stages of `stages.py` (read → extract → classify → validate) composed.
The `intake check` command runs this; the workflow runs the same stages as activities.

Bad input never raises: what cannot be read is `kind == "unreadable"` with the reason.
A per-file time limit guards the pipeline (on the main thread, where a timer can interrupt
it); the readers and the extraction are linear anyway, so the limit is a backstop.
"""

from __future__ import annotations

import hashlib
import logging
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from annual_report import stages
from annual_report.alarm import alarm, can_alarm
from annual_report.classify import classify
from annual_report.errors import DocumentTimeout, UnreadableDocument
from annual_report.model import CheckResult, Classification, Finding, Report
from annual_report.sniff import Sniffed, sniff

log = logging.getLogger(__name__)


def check_path(path: str | Path, previous: CheckResult | Report | None = None, time_limit_s: float = 30) -> CheckResult:
    p = Path(path)
    return check_bytes(p.read_bytes(), str(path), previous=previous, time_limit_s=time_limit_s)


def check_bytes(
    data: bytes,
    file: str,
    previous: CheckResult | Report | None = None,
    time_limit_s: float = 30,
) -> CheckResult:
    """read → extract → classify → validate (see `stages`), under one time limit."""
    started = time.perf_counter()
    sniffed = stages.sniff_safely(data)
    report: Report | None = None
    findings: list[Finding] = []
    try:
        deadline = started + time_limit_s if time_limit_s and time_limit_s > 0 else None
        with time_limit(time_limit_s):
            document = stages.read(data, sniffed)
            if deadline is not None:  # OCR has its own limits (readers/ocr/clock.py)
                deadline += document.ocr_seconds
            _check_deadline(deadline, time_limit_s)
            report = stages.extract(document)
            _check_deadline(deadline, time_limit_s)
            classification = stages.classify(document, report)
            if classification.kind == "annual_report":
                findings = stages.validate(report, classification, _previous_report(previous))
    except UnreadableDocument as exc:
        report = None
        classification = stages.unreadable(sniffed, exc)
    except Exception as exc:  # a bug in a reader or the extraction: answer, and say so
        log.exception("check failed for %s", file)
        report = None
        classification = internal_error(sniffed, exc)
    return CheckResult(
        file=file,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        classification=classification,
        report=report if classification.kind == "annual_report" else None,
        findings=findings,
        elapsed_ms=round((time.perf_counter() - started) * 1000, 3),
    )


def internal_error(sniffed: Sniffed, exc: Exception) -> Classification:
    return Classification(
        kind="unreadable",
        format=sniffed.format if sniffed.format in ("pdf", "docx", "text") else "unknown",
        confidence=0.5,
        reasons=[f"读取时出错（{type(exc).__name__}），请联系管理员"],
        detected_type=sniffed.detected_type,
        reason_code="internal_error",
    )


def _previous_report(previous: CheckResult | Report | None) -> Report | None:
    if isinstance(previous, CheckResult):
        return previous.report
    return previous


def _timeout(seconds: float) -> DocumentTimeout:
    return DocumentTimeout(f"文件处理超过 {seconds:g} 秒，已停止。请检查文件是否异常（例如极大或损坏）。")


def _check_deadline(deadline: float | None, seconds: float) -> None:
    """Between stages: where no timer could interrupt (worker threads), stop here."""
    if deadline is not None and time.perf_counter() > deadline:
        raise _timeout(seconds)


class _Expired(BaseException):
    """The time limit, raised where the code stands: no reader's `except Exception` (a page
    read as text when its layout fails) can keep it and go on with a poorer reading."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise DocumentTimeout after `seconds`, where a POSIX interval timer can do that."""
    usable = seconds and seconds > 0 and can_alarm() and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    if not usable:
        yield
        return
    try:
        with alarm(seconds, _Expired):
            yield
    except _Expired:
        raise _timeout(seconds) from None


def check_file_or_archive(
    data: bytes, file: str, previous: CheckResult | Report | None = None, time_limit_s: float = 30
) -> list[CheckResult]:
    """A ZIP of several files: each member is checked (named `archive.zip!member`); an archive
    that cannot be opened is one unreadable result. Any other file: one result."""
    from annual_report.readers.archive import iter_archive_members, nested_archive

    if sniff(data).detected_type != "zip":
        return [check_bytes(data, file, previous=previous, time_limit_s=time_limit_s)]
    results: list[CheckResult] = []
    try:
        for name, member in iter_archive_members(data):
            if sniff(member).detected_type == "zip":  # one level only: answered, not expanded
                results.append(_unreadable(member, f"{file}!{name}", nested_archive(name)))
                continue
            results.append(check_bytes(member, f"{file}!{name}", previous=previous, time_limit_s=time_limit_s))
    except UnreadableDocument as exc:
        results.append(_unreadable(data, file, exc))
    return results


def _unreadable(data: bytes, file: str, exc: UnreadableDocument) -> CheckResult:
    return CheckResult(
        file=file,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        classification=classify(Sniffed("unknown", "zip"), error=exc),
    )
