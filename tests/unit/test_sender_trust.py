"""A mail's sender is trusted on evidence only: aligned envelope and From, plus a trusted relay's
Authentication-Results or a DKIM signature the gateway verified itself."""

from __future__ import annotations

import base64

import dkim
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from adapters.dkim_check import verified_domains
from intake.sender_trust import judge

CLERK = "clerk@fc.example.gov.cn"
RELAY = "mx.county.example.gov.cn"


def ar(body: str, authserv: str = RELAY) -> str:
    return f"{authserv}; {body}"


@pytest.mark.parametrize(
    ("results", "verified"),
    [
        ([ar("dmarc=pass header.from=fc.example.gov.cn")], True),
        ([ar("dkim=pass header.d=fc.example.gov.cn header.s=s1")], True),
        ([ar("dkim=pass header.d=mail.fc.example.gov.cn")], True),  # relaxed alignment
        ([ar("spf=pass smtp.mailfrom=clerk@fc.example.gov.cn")], True),
        ([ar("dkim=pass header.d=evil.test")], False),  # a signature of another domain
        ([ar("dmarc=fail header.from=fc.example.gov.cn")], False),
        ([ar("dmarc=pass header.from=fc.example.gov.cn", authserv="mx.evil.test")], False),  # untrusted relay
        (["this is not an authentication-results header"], False),
        ([], False),
    ],
)
def test_evidence_from_a_trusted_relay(results: list[str], verified: bool) -> None:
    found = judge(from_address=CLERK, envelope_from=CLERK, auth_results=results, trusted_authserv_ids=[RELAY])
    assert found.verified is verified, found.reason


def test_a_forged_from_is_never_verified_even_with_a_passing_relay() -> None:
    # The 鲁河镇 case of the issue: envelope attacker@evil.test, From the clerk's address.
    found = judge(
        from_address="luhe@fc.example.gov.cn",
        envelope_from="attacker@evil.test",
        auth_results=[ar("spf=pass smtp.mailfrom=attacker@evil.test")],
        trusted_authserv_ids=[RELAY],
        mode="alignment",
    )
    assert not found.verified and "不一致" in found.reason


@pytest.mark.parametrize(
    ("from_address", "envelope"),
    [(None, "nodomain"), ("nodomain", "nodomain"), (CLERK, ""), ("clerk@fc.example.gov.cn\r\nBcc: x@y.z", CLERK)],
)
def test_missing_or_malformed_addresses_are_unverified_in_any_mode(from_address: str | None, envelope: str) -> None:
    assert not judge(from_address=from_address, envelope_from=envelope, mode="alignment").verified


def test_alignment_mode_accepts_aligned_addresses_without_evidence() -> None:
    assert judge(from_address=CLERK, envelope_from=CLERK, mode="alignment").verified
    assert not judge(from_address=CLERK, envelope_from=CLERK, mode="required").verified


def _signed(message: bytes, domain: bytes = b"fc.example.gov.cn") -> tuple[bytes, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    signature = dkim.sign(message, b"s1", domain, private, include_headers=[b"from", b"to", b"subject"])
    return signature + message, b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)


MESSAGE = b"From: clerk@fc.example.gov.cn\r\nTo: nianbao@example.gov.cn\r\nSubject: report\r\nMessage-ID: <1@x>\r\n\r\nbody\r\n"


def test_dkim_signature_verified_with_the_published_key() -> None:
    signed, txt = _signed(MESSAGE)

    def dns(name: bytes, timeout: int = 5) -> bytes | None:
        return txt if name == b"s1._domainkey.fc.example.gov.cn." else None

    assert verified_domains(signed, dns) == ["fc.example.gov.cn"]
    assert verified_domains(signed.replace(b"body", b"b0dy"), dns) == []  # tampered
    assert verified_domains(signed, lambda name, timeout=5: None) == []  # no key published
    assert verified_domains(MESSAGE, dns) == []  # not signed
    domains = verified_domains(signed, dns)
    assert judge(from_address=CLERK, envelope_from=CLERK, dkim_domains=domains).verified
