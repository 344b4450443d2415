"""One lock for every call into pdfium in a process.

pdfium is not thread-safe, not even across separate documents (pypdfium2's documentation says
so): two threads inside it at once can trip one of its internal checks, which kills the whole
process with a breakpoint trap (SIGTRAP, seen when the web app rendered a crop while a worker
thread in the same process rendered a scan for OCR). Whoever opens, reads, renders or closes a
pypdfium2 object holds this lock; work on the results (numpy, Pillow) happens outside it.
"""

from __future__ import annotations

import threading

PDFIUM = threading.RLock()
