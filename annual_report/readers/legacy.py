"""Legacy Word (.doc, .wps): converted to .docx by LibreOffice headless, then read as DOCX.

Every conversion runs in its own temporary directory with its own LibreOffice profile
(`-env:UserInstallation`), so parallel conversions do not share a lock, and under a time
limit; the process group is killed when the limit passes. The Debian packages that provide
`soffice` for this: `libreoffice-writer-nogui` (and `libreoffice-calc-nogui` for .xls).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from annual_report.document import Document
from annual_report.errors import CorruptDocument, DocumentTimeout, UnsupportedFormat

CONVERT_TIMEOUT_S = 25.0  # inside check_bytes' default 30 s limit

_KIND_NAMES = {"doc": "旧版 Word（.doc）", "wps": "WPS 文字（.wps）", "xls": "旧版 Excel（.xls）"}


def soffice_path() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in ("/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice"):
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def convert_with_libreoffice(data: bytes, kind: str, target: str, *, timeout: float = CONVERT_TIMEOUT_S) -> bytes:
    """Convert `data` (a .doc/.wps/.xls file) to `target` ("docx", "xlsx") and return its bytes."""
    name = _KIND_NAMES.get(kind, kind)
    soffice = soffice_path()
    if soffice is None:
        raise UnsupportedFormat(
            f"收到的是{name}文件，本系统暂时无法转换这种格式。请在 Word/WPS 中“另存为” "
            f"{'.xlsx' if target == 'xlsx' else '.docx'} 格式后重新上传。",
            detected_type=kind,
        )
    with tempfile.TemporaryDirectory(prefix="intake-lo-") as tmp:
        work = Path(tmp)
        src = work / f"input.{kind}"
        src.write_bytes(data)
        out_dir = work / "out"
        out_dir.mkdir()
        profile = work / "profile"
        cmd = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(out_dir),
            str(src),
        ]
        env = dict(os.environ, HOME=str(work), SAL_USE_VCLPLUGIN="svp")
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=work, start_new_session=True)
        try:
            proc.communicate(timeout=timeout)
        except BaseException as exc:  # our time limit, or the caller's (check_bytes' timer)
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.communicate()
            if not isinstance(exc, subprocess.TimeoutExpired):
                raise
            raise DocumentTimeout(
                f"{name}文件转换超时（超过 {timeout:.0f} 秒），文件可能损坏或过于复杂。请另存为 "
                f"{'.xlsx' if target == 'xlsx' else '.docx'} 后重新上传。",
                detected_type=kind,
            ) from None
        produced = out_dir / f"input.{target}"
        if proc.returncode != 0 or not produced.exists() or produced.stat().st_size == 0:
            raise CorruptDocument(
                f"{name}文件无法打开或转换失败，文件可能已损坏。请在 Word/WPS 中打开后另存为 "
                f"{'.xlsx' if target == 'xlsx' else '.docx'} 再上传。",
                detected_type=kind,
            )
        return produced.read_bytes()


def read_legacy_word(data: bytes, kind: str) -> Document:
    """Read a .doc or .wps file: LibreOffice converts it to .docx, then `read_docx`."""
    from annual_report.readers.docx import read_docx

    converted = convert_with_libreoffice(data, kind, "docx")
    doc = read_docx(converted)
    doc.detected_type = kind
    doc.notes.append(f"收到的是{_KIND_NAMES.get(kind, kind)}文件，已自动转换为 .docx 后读取；建议今后直接上传 .docx。")
    return doc
