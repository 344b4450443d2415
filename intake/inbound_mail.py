"""Turning one received e-mail (raw bytes) into the files a township meant to send.

Pure: no network, no storage, and no attachment is ever opened beyond MIME decoding (a ZIP
is returned as the ZIP it is; the checker opens it).

Real mail is messier than the RFCs. What is handled, and why:
- File names in every encoding mail clients use: RFC 2231 `filename*=utf-8''%E5...` and its
  continuations `filename*0*=` (Outlook, Thunderbird, Apple Mail); RFC 2047 encoded-words
  inside quoted `filename=` / `name=` (Foxmail `=?GB2312?B?...?=`, QQ Mail
  `=?gb18030?B?...?=`, Q-encoded variants), split across several words even in the middle of
  a character; raw GBK / GB18030 / UTF-8 bytes in headers (WPS, old Foxmail, webmail
  gateways). Headers are read from the raw bytes the parser keeps, and decoded with
  fallbacks: declared charset (GB2312 and GBK read as their superset GB18030), UTF-8,
  GB18030.
- Inline images (signatures, logos, pasted screenshots: `Content-Disposition: inline`, or a
  `Content-ID` referenced as `cid:` from the HTML) are not attachments.
- Forwarded messages (`message/rfc822`): the attachments inside are the attachments.
- `application/octet-stream` parts with or without a name, `.txt` reports attached inline,
  several reports in one message.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import email
import email.utils
import hashlib
import mimetypes
import re
import urllib.parse
from dataclasses import dataclass, field
from email import policy
from email.message import Message

__all__ = [
    "Attachment",
    "ParsedMail",
    "Skipped",
    "decode_header_text",
    "decode_words",
    "part_filename",
    "parse_message",
    "safe_filename",
]

# Parts that are never a report: signatures and delivery reports.
_NEVER_ATTACHMENT = {
    "application/pkcs7-signature",
    "application/x-pkcs7-signature",
    "application/pgp-signature",
    "application/pgp-keys",
    "message/delivery-status",
    "message/disposition-notification",
    "text/rfc822-headers",
}
# Trace headers a relay adds; left out when a message without Message-ID gets a derived one,
# so the same message arriving through another hop or a retry gets the same id.
_TRACE_HEADERS = {
    "received",
    "return-path",
    "delivered-to",
    "x-original-to",
    "x-received",
    "authentication-results",
    "received-spf",
    "arc-seal",
    "arc-message-signature",
    "arc-authentication-results",
}
_BODY_EXCERPT_CHARS = 2000
_MAX_NAME_CHARS = 180
_MAX_NAME_BYTES = 200  # MinIO stores a key segment as a file name: at most 255 bytes


@dataclass(frozen=True)
class Attachment:
    index: int  # 1-based position among the message's usable attachments
    filename: str  # safe for an object key: no path, no control characters, never empty
    original_name: str  # the decoded name as sent ("" when the part had none)
    content_type: str
    data: bytes
    forwarded: bool = False  # found inside a forwarded message/rfc822


@dataclass(frozen=True)
class Skipped:
    content_type: str
    filename: str
    reason: str  # inline-image | signature | empty | body


@dataclass
class ParsedMail:
    message_id: str  # "<...>" as sent, or derived from the content when missing
    message_id_derived: bool
    sender_email: str
    sender_name: str
    subject: str
    date: str
    attachments: list[Attachment] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    body_excerpt: str = ""
    auto_submitted: bool = False  # a bounce, auto-reply or list mail: never answer it


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


def _decode_bytes(data: bytes, charset: str | None = None) -> str:
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
            out.append(_decode_bytes(pending, pending_cs))
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


def _raw_text(raw: str | bytes | None) -> str:
    """Raw header bytes → text, without touching encoded-words."""
    if raw is None:
        return ""
    return _unfold(_decode_bytes(_raw_to_bytes(raw)))


def decode_header_text(raw: str | bytes | None) -> str:
    """Any header value as it came off the wire → readable text."""
    return _clean(decode_words(_raw_text(raw)))


def _clean(text: str) -> str:
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
            buf = []
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
    return _decode_bytes(urllib.parse.unquote_to_bytes(value), charset)


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
        return _clean(decode_words(_decode_bytes(b"".join(chunks), charset)))
    if extended is not None:
        if extended.count("'") >= 2:
            charset, _lang, rest = extended.split("'", 2)
            return _clean(_rfc2231(rest, charset))
        return _clean(_rfc2231(extended, "utf-8"))
    if plain is not None:
        return decode_header_text(plain)
    return None


def _raw_header(part: Message, name: str) -> str | None:
    for k, v in part.raw_items():
        if k.lower() == name:
            return v
    return None


def part_filename(part: Message) -> str:
    """The decoded file name of a MIME part ("" when it has none)."""
    for header, pname in (("content-disposition", "filename"), ("content-type", "name")):
        raw = _raw_header(part, header)
        if raw is None:
            continue
        name = _param(_split_params(_unfold(raw)), pname)
        if name:
            return name
    return ""


def _disposition(part: Message) -> str | None:
    raw = _raw_header(part, "content-disposition")
    if raw is None:
        return None
    value = _unfold(raw).split(";", 1)[0].strip().lower()
    return value or None


def safe_filename(name: str, index: int, content_type: str) -> str:
    """A name usable as the last segment of an object key: no directories, no control
    characters, not empty, at most 180 characters (the extension kept)."""
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


# ---------------------------------------------------------------------------------- message


@dataclass
class _Candidate:
    name: str
    content_type: str
    data: bytes
    cid: str
    forwarded: bool


@dataclass
class _Walk:
    candidates: list[_Candidate] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    html_cids: set[str] = field(default_factory=set)
    body: list[str] = field(default_factory=list)


def _content_id(part: Message) -> str:
    raw = _raw_header(part, "content-id")
    return _raw_text(raw).strip().strip("<>").strip().lower() if raw else ""


def _text_of(part: Message) -> str:
    data = part.get_payload(decode=True) or b""
    return _decode_bytes(data, part.get_param("charset") if isinstance(part.get_param("charset"), str) else None)


def _walk(part: Message, w: _Walk, forwarded: bool, depth: int = 0) -> None:
    if depth > 20:  # a pathological nesting: stop rather than recurse forever
        return
    ctype = part.get_content_type()
    if ctype == "message/rfc822" or (part.is_multipart() and ctype.startswith("message/")):
        cte = _raw_text(_raw_header(part, "content-transfer-encoding")).strip().lower()
        if cte in ("base64", "quoted-printable"):
            # Against RFC 2046 but seen (Exchange): the parser read the encoded text as a
            # message; take the part's body back, decode it, parse that.
            body = re.split(rb"\r?\n\r?\n", part.as_bytes(policy=policy.compat32), maxsplit=1)[-1]
            data = binascii.a2b_base64(body) if cte == "base64" else binascii.a2b_qp(body)
            _walk(email.message_from_bytes(data, policy=policy.default), w, True, depth + 1)
            return
        inner = part.get_payload()
        if isinstance(inner, list):
            for sub in inner:
                _walk(sub, w, True, depth + 1)
        else:
            data = part.get_payload(decode=True) or b""
            if data:
                _walk(email.message_from_bytes(data, policy=policy.default), w, True, depth + 1)
        return
    if part.is_multipart():
        for sub in part.get_payload():
            _walk(sub, w, forwarded, depth + 1)
        return
    name = part_filename(part)
    disp = _disposition(part)
    if ctype in _NEVER_ATTACHMENT or (ctype.startswith("message/") and not name):
        w.skipped.append(Skipped(ctype, name, "signature" if "signature" in ctype else "body"))
        return
    if ctype.startswith("text/") and not name and disp != "attachment":
        text = _text_of(part)
        if ctype == "text/html":
            w.html_cids.update(c.lower() for c in re.findall(r"cid:([^\"'\s>)]+)", text, re.I))
        elif ctype == "text/plain" and not forwarded:
            w.body.append(text)
        w.skipped.append(Skipped(ctype, "", "body"))
        return
    cid = _content_id(part)
    if ctype.startswith("image/") and disp != "attachment" and (disp == "inline" or cid):
        w.skipped.append(Skipped(ctype, name, "inline-image"))
        return
    w.candidates.append(_Candidate(name, ctype, part.get_payload(decode=True) or b"", cid, forwarded))


def _header_fields(block: bytes) -> list[tuple[str, bytes]]:
    fields: list[tuple[str, bytes]] = []
    for line in re.split(rb"\r?\n", block):
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1] = (fields[-1][0], fields[-1][1] + b"\n" + line)
        elif b":" in line:
            fields.append((line.split(b":", 1)[0].strip().decode("ascii", "replace").lower(), line))
    return fields


def derive_message_id(raw: bytes) -> str:
    """A stable id for a message that has no Message-ID: a hash of its bytes without the
    trace headers relays add, so a retried or re-routed delivery gets the same id."""
    m = re.search(rb"\r?\n\r?\n", raw)
    head, body = (raw[: m.start()], raw[m.end() :]) if m else (raw, b"")
    h = hashlib.sha256()
    for name, line in _header_fields(head):
        if name not in _TRACE_HEADERS:
            h.update(line.replace(b"\r", b"") + b"\n")
    h.update(b"\n")
    h.update(body.replace(b"\r\n", b"\n"))
    return f"<sha256-{h.hexdigest()[:40]}@no-message-id.invalid>"


def _message_id(msg: Message) -> str:
    raw = _raw_header(msg, "message-id")
    if not raw:
        return ""
    text = _raw_text(raw).strip()
    m = re.search(r"<[^<>\s]+>", text)
    return m.group(0) if m else (f"<{text}>" if text and " " not in text else "")


def _sender(msg: Message, envelope_from: str) -> tuple[str, str]:
    for header in ("from", "sender", "reply-to"):
        raw = _raw_header(msg, header)
        if not raw:
            continue
        for name, addr in email.utils.getaddresses([_raw_text(raw)]):
            if addr and "@" in addr:
                return addr.strip().lower(), _clean(decode_words(name)).strip('"').strip()
    return (envelope_from or "").strip().lower(), ""


def _is_auto(msg: Message, envelope_from: str, sender: str) -> bool:
    auto = _raw_text(_raw_header(msg, "auto-submitted")).strip().lower()
    prec = _raw_text(_raw_header(msg, "precedence")).strip().lower()
    local = sender.split("@", 1)[0]
    return (
        (bool(auto) and auto != "no")
        or prec in {"bulk", "junk", "list", "auto_reply"}
        or not envelope_from
        or local in {"mailer-daemon", "postmaster", "noreply", "no-reply"}
        or _raw_header(msg, "list-id") is not None
    )


def parse_message(raw: bytes, envelope_from: str = "-") -> ParsedMail:
    """Parse one message as received. `envelope_from` is MAIL FROM ("" for a bounce)."""
    msg = email.message_from_bytes(raw, policy=policy.default)
    walk = _Walk()
    _walk(msg, walk, forwarded=False)

    attachments: list[Attachment] = []
    skipped = list(walk.skipped)
    for cand in walk.candidates:
        if cand.content_type.startswith("image/") and cand.cid and cand.cid in walk.html_cids:
            skipped.append(Skipped(cand.content_type, cand.name, "inline-image"))
            continue
        if not cand.data:
            skipped.append(Skipped(cand.content_type, cand.name, "empty"))
            continue
        index = len(attachments) + 1
        attachments.append(
            Attachment(
                index=index,
                filename=safe_filename(cand.name, index, cand.content_type),
                original_name=cand.name,
                content_type=cand.content_type,
                data=cand.data,
                forwarded=cand.forwarded,
            )
        )

    message_id = _message_id(msg)
    derived = not message_id
    if derived:
        message_id = derive_message_id(raw)
    sender_email, sender_name = _sender(msg, envelope_from)
    return ParsedMail(
        message_id=message_id,
        message_id_derived=derived,
        sender_email=sender_email,
        sender_name=sender_name,
        subject=decode_header_text(_raw_header(msg, "subject")),
        date=_raw_text(_raw_header(msg, "date")).strip(),
        attachments=attachments,
        skipped=skipped,
        body_excerpt="\n".join(walk.body).strip()[:_BODY_EXCERPT_CHARS],
        auto_submitted=_is_auto(msg, envelope_from, sender_email),
    )
