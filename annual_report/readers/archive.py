"""ZIP archives holding several files: yield each member for the orchestrator to check.

`iter_archive_members(data)` yields `(name, bytes)` for the regular files of a ZIP, in
archive order, skipping folders, macOS resource forks (`__MACOSX/`, `._x`), `.DS_Store`,
`Thumbs.db` and hidden files. Names stored without the UTF-8 flag are decoded as GBK (what
Chinese Windows writes) when that works, else as the raw CP437 ZIP names.

Limits, checked before anything is decompressed and again while reading (the sizes in the
ZIP directory can lie): member count, each member's size, the total uncompressed size, and
the compression ratio (a "zip bomb"). Breaking one raises `DocumentTooLarge`; a damaged
archive raises `CorruptDocument`; a password-protected member raises `EncryptedDocument`.
Archives nest one level only: a member that is itself a ZIP is yielded as it is, for its
own answer ("unreadable", `NestedArchive`), never expanded, so a small zip of zips cannot
become hundreds of submissions and mails.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator

from annual_report.errors import CorruptDocument, DocumentTooLarge, EncryptedDocument, UnreadableDocument

MAX_MEMBERS = 50
MAX_MEMBER_BYTES = 60 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100.0  # uncompressed / compressed, per member (DOCX/XML compress ~5–20×)
_RATIO_FLOOR = 1024 * 1024  # small members may compress better than the ratio; ignore below 1 MB
_SKIP_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}


class NestedArchive(UnreadableDocument):
    code = "nested_archive"


def nested_archive(name: str) -> NestedArchive:
    """The answer for a ZIP found inside a ZIP: not expanded; the clerk is told what to do."""
    return NestedArchive(
        f"压缩包中的“{name}”本身也是压缩包，系统只解压一层，不再逐层解压。"
        "请把年度报告（Word、PDF 等）直接放入一个压缩包，或直接上传报告文件。",
        detected_type="zip",
    )


def iter_archive_members(
    data: bytes,
    *,
    max_members: int = MAX_MEMBERS,
    max_member_bytes: int = MAX_MEMBER_BYTES,
    max_total_bytes: int = MAX_TOTAL_BYTES,
    max_ratio: float = MAX_RATIO,
) -> Iterator[tuple[str, bytes]]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise CorruptDocument("压缩包已损坏或不完整，无法解压。请重新打包后上传。", detected_type="zip") from exc
    members = [i for i in infos if not i.is_dir() and not _skipped(_name(i))]
    if not members:
        raise CorruptDocument("压缩包里没有文件。请把年度报告（Word 或 PDF）直接上传。", detected_type="zip")
    if len(members) > max_members:
        raise DocumentTooLarge(
            f"压缩包里有 {len(members)} 个文件，超过上限 {max_members} 个。请分批上传，或只打包年度报告。", detected_type="zip"
        )
    declared = sum(i.file_size for i in members)
    if declared > max_total_bytes:
        raise DocumentTooLarge(
            f"压缩包解压后共 {declared / 1048576:.0f} MB，超过上限 {max_total_bytes / 1048576:.0f} MB。请分批上传。",
            detected_type="zip",
        )
    total = 0
    with zf:
        for info in members:
            name = _name(info)
            if info.flag_bits & 0x1:
                raise EncryptedDocument(f"压缩包中的“{name}”设置了密码，无法解压。请不加密码重新打包后上传。", detected_type="zip")
            if info.file_size > max_member_bytes:
                raise DocumentTooLarge(
                    f"压缩包中的“{name}”解压后 {info.file_size / 1048576:.0f} MB，超过单个文件上限 {max_member_bytes / 1048576:.0f} MB。",
                    detected_type="zip",
                )
            _check_ratio(name, info.file_size, info.compress_size, max_ratio)
            limit = min(max_member_bytes, max_total_bytes - total)
            chunks: list[bytes] = []
            size = 0
            try:
                with zf.open(info) as fh:
                    while True:
                        chunk = fh.read(1 << 20)
                        if not chunk:
                            break
                        size += len(chunk)
                        if size > limit or size > info.file_size:
                            raise DocumentTooLarge(
                                f"压缩包中的“{name}”实际解压大小超出声明或上限，疑似异常压缩包，已停止解压。", detected_type="zip"
                            )
                        _check_ratio(name, size, info.compress_size, max_ratio)
                        chunks.append(chunk)
            except RuntimeError as exc:  # encrypted without the flag we checked
                raise EncryptedDocument(f"压缩包中的“{name}”设置了密码，无法解压。", detected_type="zip") from exc
            except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
                raise CorruptDocument(f"压缩包中的“{name}”已损坏，无法解压。请重新打包后上传。", detected_type="zip") from exc
            total += size
            yield name, b"".join(chunks)


def _check_ratio(name: str, size: int, compressed: int, max_ratio: float) -> None:
    if size > _RATIO_FLOOR and size > max_ratio * max(compressed, 1):
        raise DocumentTooLarge(
            f"压缩包中的“{name}”压缩比异常（超过 {max_ratio:.0f} 倍），疑似“压缩炸弹”，已拒绝解压。", detected_type="zip"
        )


def _name(info: zipfile.ZipInfo) -> str:
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name.replace("\\", "/")


def _skipped(name: str) -> bool:
    base = posixpath.basename(name)
    return (
        name.startswith("__MACOSX/")
        or "/__MACOSX/" in name
        or base.startswith(("._", "~$"))
        or base.lower() in _SKIP_NAMES
        or base.startswith(".")
    )
