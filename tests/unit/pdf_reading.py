"""What a transformed PDF must keep: the kind, the report and the findings `check_bytes` gives
(shared by the tests of turned pages and watermarks)."""

from __future__ import annotations

from annual_report.check import check_bytes
from annual_report.readers.pdfremove import saved

__all__ = ["reading", "saved"]


def reading(data: bytes) -> tuple[str, dict, list[str]]:
    result = check_bytes(data, "report.pdf").contract()
    return result["classification"]["kind"], result["report"], sorted(f["rule"] + str(f.get("location")) for f in result["findings"])
