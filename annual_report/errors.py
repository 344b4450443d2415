"""Typed errors for documents that cannot be read.

A bad document is not a transient fault: the workflow marks these non-retryable by type
name, and `check` turns them into `classification.kind == "unreadable"` with the reason.
"""

from __future__ import annotations


class UnreadableDocument(Exception):
    """The file cannot be read as a report. `reason` is Chinese, for the clerk; `code` names the
    kind of fault for the contract (`classification.reason_code`), one per subclass below."""

    code = "unreadable"

    def __init_subclass__(cls, *, code: str | None = None, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if code:  # `class X(UnreadableDocument, code="x")`; a subclass may also set `code = "x"`
            cls.code = code

    def __init__(self, reason: str, *, code: str | None = None, detected_type: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        if code:
            self.code = code
        self.detected_type = detected_type


class EncryptedDocument(UnreadableDocument, code="encrypted"):
    """A password keeps the file (or a file in the archive) closed."""


class ScannedDocument(UnreadableDocument, code="scanned"):
    """Pages with (almost) no text: a scan or image the text layer lacks, or OCR could not read."""


class GarbledTextLayer(UnreadableDocument, code="garbled"):
    """The PDF's text layer does not decode to readable characters (a broken font map)."""


class CorruptDocument(UnreadableDocument, code="corrupt"):
    """The file's structure is broken or incomplete: it cannot be opened at all."""


class UnsupportedFormat(UnreadableDocument, code="unsupported"):
    """A format no reader handles (RTF, OFD, an unknown binary, a legacy file no converter opens)."""


class DocumentTooLarge(UnreadableDocument, code="too_large"):
    """Larger than a report can be (pages, rows, archive members): refused before reading all."""


class DocumentTimeout(UnreadableDocument, code="timeout"):
    """Reading took longer than its budget (a converter or the OCR of a page hung)."""
