"""Typed errors for documents that cannot be read.

A bad document is not a transient fault: the workflow marks these non-retryable by type
name, and `check` turns them into `classification.kind == "unreadable"` with the reason.
"""

from __future__ import annotations


class UnreadableDocument(Exception):
    """The file cannot be read as a report. `reason` is Chinese, for the clerk."""

    code = "unreadable"

    def __init__(self, reason: str, *, code: str | None = None, detected_type: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        if code:
            self.code = code
        self.detected_type = detected_type


class EncryptedDocument(UnreadableDocument):
    code = "encrypted"


class ScannedDocument(UnreadableDocument):
    code = "scanned"


class GarbledTextLayer(UnreadableDocument):
    code = "garbled"


class CorruptDocument(UnreadableDocument):
    code = "corrupt"


class UnsupportedFormat(UnreadableDocument):
    code = "unsupported"


class DocumentTooLarge(UnreadableDocument):
    code = "too_large"


class DocumentTimeout(UnreadableDocument):
    code = "timeout"
