"""Is this a mail address we can write to? One answer for every place a submitter's address
comes from (object metadata, a mail's sender), so a value that would make every notice fail
(no domain, CR/LF, a display name, garbage) is treated as no address at all.

Pure: the standard library's RFC 5322 parser (`email.headerregistry.Address`) decides.
"""

from __future__ import annotations

from email.errors import HeaderParseError
from email.headerregistry import Address

MAX_ADDRESS_LENGTH = 254  # RFC 5321's path limit


def valid_address(value: str | None) -> str | None:
    """The address itself when it is one we can send to, else None."""
    if not value:
        return None
    value = value.strip()
    if not value or len(value) > MAX_ADDRESS_LENGTH or any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        return None
    try:
        parsed = Address(addr_spec=value)
    except (HeaderParseError, ValueError, IndexError, TypeError):  # InvalidHeaderDefect is a ValueError
        return None
    domain = parsed.domain
    if not parsed.username or not domain:
        return None
    # A bare host name ("localhost", "nodomain") cannot be reached from a mail server;
    # a domain literal ("[10.0.0.1]") can.
    if "." not in domain.strip(".") and not domain.startswith("["):
        return None
    return parsed.addr_spec
