"""Whether an e-mail's sender is who its From header says: evidence, not the header's word.

A report e-mailed to the gateway joins a body's official case only when its sender is proven:
- the envelope sender (MAIL FROM) and the From header name the same domain (aligned), and
- the mail carries evidence for that domain: an `Authentication-Results` header written by a
  relay we trust (its authserv-id is configured) saying dmarc, dkim or spf passed for an
  aligned domain, or a DKIM signature of an aligned domain that the gateway verified itself.

Anything unproven is an unverified submission: it goes to the county's intake desk, never
becomes the latest version of an official case. A trusted relay must remove
Authentication-Results headers carrying its own authserv-id that arrive from outside
(RFC 8601 §5), otherwise anyone could write one.

`alignment` mode (the local demo stack only) accepts aligned addresses without evidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from email.headerregistry import Address
from typing import Literal

import authres

Mode = Literal["required", "alignment"]


@dataclass(frozen=True)
class SenderEvidence:
    verified: bool
    reason: str  # Chinese, shown to the reviewer on the intake desk


def domain_of(address: str | None) -> str | None:
    """The lower-cased domain of a plain address, or None when it is not one."""
    if not address or any(c in address for c in '\r\n<>"(),;: '):
        return None
    try:
        parsed = Address(addr_spec=address)
    except (ValueError, IndexError):
        return None
    return parsed.domain.lower() if parsed.username and "." in parsed.domain else None


def aligned(domain: str | None, from_domain: str) -> bool:
    """Relaxed alignment: the same domain, or one a subdomain of the other."""
    if not domain:
        return False
    d = domain.lower().rstrip(".")
    return d == from_domain or d.endswith("." + from_domain) or from_domain.endswith("." + d)


def judge(
    *,
    from_address: str | None,
    envelope_from: str | None,
    auth_results: Iterable[str] = (),
    trusted_authserv_ids: Iterable[str] = (),
    dkim_domains: Iterable[str] = (),
    mode: Mode = "required",
) -> SenderEvidence:
    from_domain = domain_of(from_address)
    if from_domain is None:
        return SenderEvidence(False, "发件人地址无效或缺失")
    envelope_domain = domain_of(envelope_from)
    if envelope_domain is None:
        return SenderEvidence(False, "信封发件人（MAIL FROM）为空或无效")
    if not aligned(envelope_domain, from_domain):
        return SenderEvidence(False, f"信封发件人域名 {envelope_domain} 与发件人 {from_domain} 不一致")
    for domain in dkim_domains:
        if aligned(domain, from_domain):
            return SenderEvidence(True, f"DKIM 签名验证通过（{domain}）")
    trusted = {t.lower() for t in trusted_authserv_ids}
    for header in auth_results:
        method = _passing_method(header, trusted, from_domain, envelope_domain)
        if method:
            return SenderEvidence(True, f"上游邮件服务器验证通过（{method}）")
    if mode == "alignment":
        return SenderEvidence(True, "本地演示环境：信封发件人与发件人一致，未要求签名")
    return SenderEvidence(False, "邮件没有可信的发件人验证（DKIM/SPF/DMARC）")


def _passing_method(header: str, trusted: set[str], from_domain: str, envelope_domain: str) -> str | None:
    """The first passing, aligned method of one Authentication-Results header from a trusted
    relay, or None."""
    text = header if header.lower().startswith("authentication-results:") else f"Authentication-Results: {header}"
    try:
        parsed = authres.AuthenticationResultsHeader.parse(text)
    except Exception:  # a malformed header is no evidence
        return None
    if (parsed.authserv_id or "").lower() not in trusted:
        return None
    for result in parsed.results:
        if result.result != "pass":
            continue
        props = {f"{p.type}.{p.name}": (p.value or "") for p in result.properties}
        if result.method == "dmarc" and aligned(props.get("header.from"), from_domain):
            return "dmarc=pass"
        if result.method == "dkim" and aligned(props.get("header.d") or domain_of(props.get("header.i")), from_domain):
            return "dkim=pass"
        if result.method == "spf":
            mailfrom = props.get("smtp.mailfrom", "")
            spf_domain = domain_of(mailfrom) if "@" in mailfrom else mailfrom.lower()
            if aligned(spf_domain, from_domain) and aligned(spf_domain, envelope_domain):
                return "spf=pass"
    return None
