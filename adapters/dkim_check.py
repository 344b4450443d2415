"""DKIM signatures of a received message, verified with dkimpy (DNS for the public keys).

Returns the signing domains whose signature verified; a signature that cannot be verified (no
key, DNS down, tampered body) is simply no evidence. At most a few signatures are tried, so a
message stuffed with signatures cannot make the gateway do unbounded DNS work.
"""

from __future__ import annotations

from collections.abc import Callable

import dkim

from adapters.logging import get_logger

log = get_logger("adapters.dkim_check")
MAX_SIGNATURES = 4

DnsFunc = Callable[..., bytes | None]


def verified_domains(raw: bytes, dnsfunc: DnsFunc | None = None, timeout: int = 5) -> list[str]:
    try:
        checker = dkim.DKIM(raw, timeout=timeout)
    except Exception:  # unparsable headers: no evidence
        return []
    count = sum(1 for name, _ in checker.headers if name.lower() == b"dkim-signature")
    domains: list[str] = []
    for idx in range(min(count, MAX_SIGNATURES)):
        try:
            kwargs = {"dnsfunc": dnsfunc} if dnsfunc else {}
            ok = checker.verify(idx=idx, **kwargs)
        except Exception as exc:  # DNS errors, malformed signatures
            log.info("dkim signature not verified", index=idx, error=f"{type(exc).__name__}: {exc}")
            ok = False
        if ok and checker.domain:
            domains.append(checker.domain.decode("ascii", "replace").lower())
    return domains
