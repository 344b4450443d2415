"""Decoding what mail headers and MIME parameters say, whatever the sending client did:
RFC 2047 encoded words (also malformed and split ones), RFC 2231 parameters, GBK/GB18030
labelled as GB2312, raw 8-bit headers, and safe attachment file names."""

from __future__ import annotations

import base64
import binascii
import codecs
import mimetypes
import re
import urllib.parse
from email.message import Message

_MAX_NAME_CHARS = 180
_MAX_NAME_BYTES = 200  # MinIO stores a key segment as a file name: at most 255 bytes


# ---------------------------------------------------------------------------------- charsets


def _codec(charset: str | None) -> str | None:
    if not charset:
        return None
    cs = charset.strip().strip('"').lower()
    if cs in {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "x-euc-cn", "csgb2312", "gb_2312-80", "936"}:
        return "gb18030"  # clients label GBK text as GB2312; GB18030 is the superset
    if cs in {"ks_c_5601-1987", "ks_c_5601"}:
        return "cp949"
    if cs in {"unknown-8bit", "x-unknown", "unknown", "default"}:
        return None
    try:
        return codecs.lookup(cs).name
    except LookupError:
        return None


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Bytes of unknown or doubtful encoding → text: declared charset, UTF-8, GB18030."""
    if data.isascii():
        return data.decode("ascii")
    tried = []
    for cs in (_codec(charset), "utf-8", "gb18030"):
        if cs and cs not in tried:
            tried.append(cs)
            try:
                return data.decode(cs)
            except (UnicodeDecodeError, LookupError):
                continue
    return data.decode("utf-8", "replace")


def _raw_to_bytes(raw: str | bytes) -> bytes:
    """A raw header value as the parser kept it (undecodable bytes as surrogate escapes)."""
    if isinstance(raw, bytes):
        return raw
    return raw.encode("utf-8", "surrogateescape")


def _unfold(text: str) -> str:
    return re.sub(r"\r?\n(?=[ \t])", "", text).replace("\r", "").replace("\n", "")


_EW = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")


def _ew_bytes(encoding: str, payload: str) -> bytes | None:
    try:
        if encoding in "bB":
            payload = payload.rstrip("=")
            return base64.b64decode(payload + "=" * (-len(payload) % 4), validate=True)
        return binascii.a2b_qp(payload.replace("_", " ").encode("ascii", "replace"), header=True)
    except (binascii.Error, ValueError):
        return None


def decode_words(text: str) -> str:
    """Decode RFC 2047 encoded-words wherever they are (also inside quoted parameters, where
    the RFC forbids them and every Chinese client puts them). Adjacent words of one charset
    are joined as bytes before decoding: Outlook and Foxmail split a character across two."""
    out: list[str] = []
    pending = b""
    pending_cs: str | None = None
    pos = 0

    def flush() -> None:
        nonlocal pending, pending_cs
        if pending_cs is not None:
            out.append(decode_bytes(pending, pending_cs))
        pending, pending_cs = b"", None

    for m in _EW.finditer(text):
        between = text[pos : m.start()]
        charset = m.group(1).split("*", 1)[0]  # RFC 2231 language suffix: =?utf-8*zh?...
        data = _ew_bytes(m.group(2), m.group(3))
        if data is None:  # not decodable: keep it literally
            flush()
            out.append(text[pos : m.end()])
            pos = m.end()
            continue
        if between and not (pending_cs is not None and between.isspace()):
            flush()
            out.append(between)
        if pending_cs is not None and (_codec(charset) or charset.lower()) != (_codec(pending_cs) or pending_cs.lower()):
            flush()
        pending += data
        pending_cs = charset
        pos = m.end()
    flush()
    out.append(text[pos:])
    return "".join(out)


def raw_text(raw: str | bytes | None) -> str:
    """Raw header bytes → text, without touching encoded-words."""
    if raw is None:
        return ""
    return _unfold(decode_bytes(_raw_to_bytes(raw)))


def decode_header_text(raw: str | bytes | None) -> str:
    """Any header value as it came off the wire → readable text."""
    return clean_text(decode_words(raw_text(raw)))


def clean_text(text: str) -> str:
    return re.sub(r"[\x00-\x1f\x7f]+", " ", text).strip()


# ---------------------------------------------------------------------------------- params


def _split_params(value: str) -> list[tuple[str, str]]:
    """`type/sub; a=1; b="x;y"` → [("a", "1"), ("b", "x;y")]. Tolerant of raw 8-bit bytes
    (as surrogate escapes): a backslash right after such a byte is the second byte of a GBK
    character, not a quoted-pair escape."""
    params: list[tuple[str, str]] = []
    i, n = value.find(";"), len(value)
    if i < 0:
        return params
    i += 1
    while i < n:
        j = i
        while j < n and value[j] not in "=;":
            j += 1
        name = value[i:j].strip().lower()
        if j >= n or value[j] == ";":
            i = j + 1
            continue
        j += 1  # past "="
        while j < n and value[j] in " \t":
            j += 1
        if j < n and value[j] == '"':
            j += 1
            buf: list[str] = []
            while j < n and value[j] != '"':
                ch = value[j]
                if ch == "\\" and j + 1 < n and value[j + 1] in '"\\' and not (buf and "\udc81" <= buf[-1] <= "\udcfe"):
                    buf.append(value[j + 1])
                    j += 2
                    continue
                buf.append(ch)
                j += 1
            val = "".join(buf)
            j = value.find(";", j)
            j = n if j < 0 else j
        else:
            k = value.find(";", j)
            k = n if k < 0 else k
            val = value[j:k].strip()
            j = k
        if name:
            params.append((name, val))
        i = j + 1
    return params


def _rfc2231(value: str, charset: str | None) -> str:
    return decode_bytes(urllib.parse.unquote_to_bytes(value), charset)


def _param(params: list[tuple[str, str]], wanted: str) -> str | None:
    plain: str | None = None
    extended: str | None = None
    segments: dict[int, tuple[str, bool]] = {}
    seg_re = re.compile(re.escape(wanted) + r"\*(\d+)(\*?)")
    for name, val in params:
        if name == wanted:
            plain = val if plain is None else plain
        elif name == wanted + "*":
            extended = val if extended is None else extended
        elif m := seg_re.fullmatch(name):
            segments.setdefault(int(m.group(1)), (val, bool(m.group(2))))
    if segments:
        charset = None
        chunks: list[bytes] = []
        for pos in sorted(segments):
            val, is_ext = segments[pos]
            if is_ext:
                if pos == 0 and val.count("'") >= 2:
                    charset, _lang, val = val.split("'", 2)
                chunks.append(urllib.parse.unquote_to_bytes(val))
            else:
                chunks.append(_raw_to_bytes(val))
        return clean_text(decode_words(decode_bytes(b"".join(chunks), charset)))
    if extended is not None:
        if extended.count("'") >= 2:
            charset, _lang, rest = extended.split("'", 2)
            return clean_text(_rfc2231(rest, charset))
        return clean_text(_rfc2231(extended, "utf-8"))
    if plain is not None:
        return decode_header_text(plain)
    return None


def raw_header(part: Message, name: str) -> str | None:
    for k, v in part.raw_items():
        if k.lower() == name:
            return v
    return None


def part_filename(part: Message) -> str:
    """The decoded file name of a MIME part ("" when it has none)."""
    for header, pname in (("content-disposition", "filename"), ("content-type", "name")):
        raw = raw_header(part, header)
        if raw is None:
            continue
        name = _param(_split_params(_unfold(raw)), pname)
        if name:
            return name
    return ""


def disposition(part: Message) -> str | None:
    raw = raw_header(part, "content-disposition")
    if raw is None:
        return None
    value = _unfold(raw).split(";", 1)[0].strip().lower()
    return value or None


def safe_filename(name: str, index: int, content_type: str) -> str:
    """A name usable as the last segment of an object key: no directories, no control
    characters, not empty, at most 180 characters and 200 UTF-8 bytes (the extension kept)."""
    base = re.split(r"[\\/]", name)[-1]
    base = re.sub(r"[\x00-\x1f\x7f]+", "", base).strip().lstrip(".").strip()
    if not base:
        ext = mimetypes.guess_extension(content_type) or ".bin"
        return f"attachment-{index}{ext}"
    if len(base) > _MAX_NAME_CHARS or len(base.encode()) > _MAX_NAME_BYTES:
        stem, dot, ext = base.rpartition(".")
        if not (dot and 0 < len(ext) <= 10):
            stem, ext = base, ""
        suffix = f".{ext}" if ext else ""
        stem = stem[: _MAX_NAME_CHARS - len(suffix)]
        while len((stem + suffix).encode()) > _MAX_NAME_BYTES:  # a key segment is a file name on disk
            stem = stem[:-1]
        base = stem + suffix
    return base
