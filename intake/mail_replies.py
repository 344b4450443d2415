"""Replies to our mails: which case a reply answers, and what its sender wrote (without the
quoted history). Pure.

A case's mail carries `Reply-To: <intake local>+<token>@<domain>` and a Message-ID
`<hash.<token>@report-intake>` (intake/notices/compose.py), so a reply names its case by
the address it was sent to, or by its In-Reply-To / References, whichever survived the
client. The token only points at the case: whether the sender may write there is decided
on evidence (intake/sender_trust.py) and the roster, never by the token.

The text: the text/plain part when there is one (else the HTML, blockquotes dropped),
cut at the first line where a client starts the quoted history — Chinese clients (QQ Mail,
Foxmail, NetEase, Outlook zh-CN, Apple Mail, Gmail) and English ones — and without `>`
lines and the signature ("-- ").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import unescape
from html.parser import HTMLParser

from intake.notices import MESSAGE_ID_DOMAIN, TOKEN_RE

MAX_CHARS = 4000

_OUR_ID = re.compile(r"<[0-9a-f]{32}\.([a-z2-7]{16})@" + re.escape(MESSAGE_ID_DOMAIN) + r">")
_HISTORY_STARTS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^-{2,}\s*(原始邮件|原邮件|回复的原邮件|转发邮件|Original( Message)?|Forwarded message)\s*-{2,}",
        r"^_{10,}\s*$",  # Outlook's rule above the quoted header
        r"^(在|于).{0,120}(写道|wrote)\s*[：:]?\s*$",  # Gmail / NetEase / Apple zh: 在 2024年…，张三 <a@b> 写道：
        r"^.{0,120}(写道|wrote)\s*[：:]\s*$",  # 2024年1月2日 10:00，张三 <a@b> 写道：
        r"^On .{0,200}wrote:\s*$",
        r"^(发件人|From)\s*[：:]\s*\S",  # Outlook / Foxmail header block
    )
]


def reply_token(rcpt_tos: Iterable[str], in_reply_to: str, references: str, intake_addresses: Iterable[str]) -> str | None:
    """The case token a reply names: the plus part of an intake address it was sent to,
    else one of our Message-IDs it answers (In-Reply-To first, then References, newest last)."""
    locals_by_domain = {_split(a) for a in intake_addresses}
    for rcpt in rcpt_tos:
        local, domain = _split(rcpt)
        base, plus, tag = local.partition("+")
        if plus and (base, domain) in locals_by_domain and TOKEN_RE.match(tag):
            return tag
    for header in (in_reply_to, " ".join(reversed(references.split()))):
        m = _OUR_ID.search(header or "")
        if m:
            return m.group(1)
    return None


_ANY_OF_OURS = re.compile(r"<[0-9a-f]{32}(\.[a-z2-7]{16})?@" + re.escape(MESSAGE_ID_DOMAIN) + r">")


def answers_our_mail(in_reply_to: str, references: str) -> bool:
    """Whether the mail answers one of ours, a case's or not (our Message-IDs)."""
    return bool(_ANY_OF_OURS.search(f"{in_reply_to or ''} {references or ''}"))


def _split(address: str) -> tuple[str, str]:
    local, _, domain = address.strip().strip("<>").lower().rpartition("@")
    return local, domain


def reply_text(body_text: str, body_html: str = "") -> str:
    """What the sender wrote, without the quoted history, signature and `>` lines."""
    text = body_text if body_text.strip() else html_to_text(body_html)
    kept: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\xa0", " ").replace("\u3000", " ").split("\n"):
        line = raw.rstrip()
        stripped = line.strip()
        if any(p.match(stripped) for p in _HISTORY_STARTS) or stripped in ("--", "-- "):
            break
        if stripped.startswith(">"):
            continue
        kept.append(line)
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return out[:MAX_CHARS]


_BLOCK = frozenset({"p", "div", "br", "li", "tr", "table", "h1", "h2", "h3", "h4", "blockquote", "hr"})
_SKIP = frozenset({"style", "script", "head", "title", "blockquote"})


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skipping:
            self.skipping -= 1
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def html_to_text(html: str) -> str:
    """Readable text of an HTML body: block elements become lines; quoted blocks, styles and
    scripts are left out."""
    if not html.strip():
        return ""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = [unescape(line).replace("\xa0", " ").strip() for line in "".join(parser.parts).split("\n")]
    return "\n".join(line for line in lines if line)  # block boundaries are lines; blank ones go
