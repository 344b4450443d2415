"""intake.inbound_mail on messages built like real mail clients send them."""

from __future__ import annotations

import base64

import pytest

from intake.inbound_mail import derive_message_id, parse_message
from intake.mail_headers import decode_header_text, decode_words, part_filename, safe_filename
from tests.unit import mail_samples as ms


@pytest.mark.parametrize("build", ms.CLIENTS, ids=lambda f: f.__name__)
def test_client_styles_give_decoded_names_sender_and_exact_bytes(build):
    sample = build()
    parsed = parse_message(sample.raw)
    assert [(a.original_name, a.data) for a in parsed.attachments] == sample.files
    assert [a.filename for a in parsed.attachments] == [n for n, _ in sample.files]
    assert [a.index for a in parsed.attachments] == list(range(1, len(sample.files) + 1))
    assert parsed.sender_email == sample.sender_email
    assert parsed.sender_name == sample.sender_name
    assert parsed.subject == sample.subject
    assert parsed.message_id == sample.message_id
    assert not parsed.message_id_derived


def test_several_reports_zip_kept_and_inline_images_are_not_attachments():
    sample = ms.several_with_inline_images()
    parsed = parse_message(sample.raw)
    assert [(a.filename, a.data) for a in parsed.attachments] == sample.files
    assert parsed.attachments[2].data[:4] == b"PK\x03\x04"  # the ZIP as sent, not opened
    images = sorted(s.filename for s in parsed.skipped if s.reason == "inline-image")
    assert images == ["image002.png", "logo.png", "截图.jpg"]


def test_forwarded_message_yields_the_report_inside():
    sample = ms.forwarded()
    parsed = parse_message(sample.raw)
    assert [(a.original_name, a.data) for a in parsed.attachments] == sample.files
    assert parsed.attachments[0].forwarded
    assert parsed.sender_email == "zwb@county.gov.cn"  # the forwarder is the submitter
    assert parsed.subject == "转发: 六合镇年度报告"


def test_no_attachment_keeps_the_body_for_the_reply():
    parsed = parse_message(ms.no_attachment().raw, "wangxm@shangtang.gov.cn")
    assert parsed.attachments == []
    assert "年报已在网站公布" in parsed.body_excerpt
    assert [s.reason for s in parsed.skipped].count("inline-image") == 1
    assert not parsed.auto_submitted


def test_missing_message_id_is_derived_stably_ignoring_trace_headers():
    sample = ms.without_message_id()
    first = parse_message(sample.raw)
    relayed = parse_message(
        b"Received: from mx2.example.net by gw; Tue, 11 Jan 2022 10:00:00 +0800\r\nReturn-Path: <old@township.gov.cn>\r\n" + sample.raw
    )
    assert first.message_id_derived
    assert first.message_id.startswith("<sha256-") and first.message_id.endswith("@no-message-id.invalid>")
    assert relayed.message_id == first.message_id
    other = ms.without_message_id()
    assert parse_message(other.raw).message_id != first.message_id
    assert derive_message_id(sample.raw) == first.message_id


def _one_part(headers: bytes, body: bytes = b"aGVsbG8=") -> bytes:
    return (
        b"From: a@b.cn\r\nMessage-ID: <1@b>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="XX"\r\n\r\n'
        b"--XX\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
        b"--XX\r\n" + headers + b"Content-Transfer-Encoding: base64\r\n\r\n" + body + b"\r\n--XX--\r\n"
    )


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        # RFC 2231 in a GB charset (old Outlook Express / some webmail)
        (b"Content-Disposition: attachment; filename*=gb2312''%C4%EA%B1%A8.pdf\r\n", "年报.pdf"),
        # RFC 2231 labelled UTF-8 but really GBK bytes
        (b"Content-Disposition: attachment; filename*=utf-8''%C4%EA%B1%A8.pdf\r\n", "年报.pdf"),
        # RFC 2231 quoted and with a language
        (b"Content-Disposition: attachment; filename*=\"UTF-8'zh-cn'%E5%B9%B4%E6%8A%A5.pdf\"\r\n", "年报.pdf"),
        # name only on Content-Type, unquoted encoded-word
        (b"Content-Type: application/pdf; name==?utf-8?B?5bm05oqlLnBkZg==?=\r\n", "年报.pdf"),
        # encoded-word with an RFC 2231 language suffix and missing padding
        (b'Content-Type: application/pdf; name="=?UTF-8*zh?B?5bm05oqlLnBkZg?="\r\n', "年报.pdf"),
        # mixed literal text and an encoded word
        (b'Content-Type: application/pdf; name="2021-=?gbk?B?xOqxqA==?=.pdf"\r\n', "2021-年报.pdf"),
        # filename= wins over name=
        (b'Content-Type: application/pdf; name="a.pdf"\r\nContent-Disposition: attachment; filename="b.pdf"\r\n', "b.pdf"),
        # GB18030 four-byte character (outside GBK) in raw bytes
        (b'Content-Disposition: attachment; filename="' + "𠀀镇.pdf".encode("gb18030") + b'"\r\n', "𠀀镇.pdf"),
        # Windows path in the name
        (b'Content-Disposition: attachment; filename="C:\\\\Users\\\\clerk\\\\' + "年报.pdf".encode("gbk") + b'"\r\n', "年报.pdf"),
    ],
)
def test_file_name_encodings(header, expected):
    parsed = parse_message(_one_part(header))
    assert [a.filename for a in parsed.attachments] == [expected]
    assert parsed.attachments[0].data == b"hello"


def test_gbk_backslash_trail_byte_is_not_an_escape():
    name = "淺水镇年报.pdf"  # 淺 = 0x9C 0x5C
    assert b"\\" in name.encode("gbk")
    parsed = parse_message(_one_part(b'Content-Disposition: attachment; filename="' + name.encode("gbk") + b'"\r\n'))
    assert parsed.attachments[0].filename == name


def test_octet_stream_without_name_and_empty_and_signature_parts():
    raw = (
        b"From: a@b.cn\r\nMessage-ID: <2@b>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; boundary="S"\r\n\r\n'
        b'--S\r\nContent-Type: multipart/mixed; boundary="XX"\r\n\r\n'
        b"--XX\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n"
        b'--XX\r\nContent-Type: application/pdf; name="empty.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n\r\n'
        b"--XX--\r\n"
        b"--S\r\nContent-Type: application/pkcs7-signature; name=smime.p7s\r\nContent-Transfer-Encoding: base64\r\n\r\nMIIB\r\n"
        b"--S--\r\n"
    )
    parsed = parse_message(raw)
    assert [(a.filename, a.data) for a in parsed.attachments] == [("attachment-1.bin", b"hello")]
    assert {(s.filename, s.reason) for s in parsed.skipped} >= {("empty.pdf", "empty"), ("smime.p7s", "signature")}


def test_attached_text_file_is_an_attachment_but_text_body_is_not():
    raw = _one_part(b"Content-Type: text/plain; charset=utf-8\r\nContent-Disposition: attachment\r\n")
    parsed = parse_message(raw)
    assert [(a.filename, a.data) for a in parsed.attachments] == [("attachment-1.txt", b"hello")]


def test_decode_words_joins_a_character_split_across_words():
    raw = "报告".encode()
    a, b = base64.b64encode(raw[:2]).decode(), base64.b64encode(raw[2:]).decode()
    assert decode_words(f"=?utf-8?B?{a}?=\r\n =?UTF-8?B?{b}?=") == "报告"
    assert decode_words(f"=?utf-8?B?{a}?= =?UTF-8?B?{b}?= x") == "报告 x"


def test_decode_words_keeps_text_and_undecodable_words():
    assert decode_words("Re: =?gb2312?B?xOqxqA==?= (2021)") == "Re: 年报 (2021)"
    assert decode_words("=?utf-8?B?***?=") == "=?utf-8?B?***?="
    assert decode_words("=?x-unknown?B?5bm05oql?=") == "年报"  # unknown charset: UTF-8 guess


def test_decode_header_text_raw_bytes():
    assert decode_header_text("年报".encode("gbk")) == "年报"
    assert decode_header_text("年报".encode()) == "年报"
    assert decode_header_text("年报".encode("gb18030").decode("ascii", "surrogateescape")) == "年报"
    assert decode_header_text(None) == ""


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\clerk\\年报.pdf", "年报.pdf"),
        ("a\x00b\r\nc.pdf", "abc.pdf"),
        ("..", "attachment-3.pdf"),
        ("", "attachment-3.pdf"),
        ("长" * 300 + ".docx", "长" * 65 + ".docx"),  # ≤ 200 bytes: MinIO keeps a key segment as a file name
        ("a" * 300 + ".docx", "a" * 175 + ".docx"),
    ],
)
def test_safe_filename(name, expected):
    assert safe_filename(name, 3, "application/pdf") == expected


def test_part_filename_on_a_part_without_name():
    import email
    from email import policy

    msg = email.message_from_bytes(b"Content-Type: text/plain\r\n\r\nx", policy=policy.default)
    assert part_filename(msg) == ""


@pytest.mark.parametrize(
    ("extra", "envelope_from", "auto"),
    [
        (b"", "a@b.cn", False),
        (b"", "", True),  # a bounce (MAIL FROM:<>)
        (b"Auto-Submitted: auto-replied\r\n", "a@b.cn", True),
        (b"Auto-Submitted: no\r\n", "a@b.cn", False),
        (b"Precedence: bulk\r\n", "a@b.cn", True),
    ],
)
def test_auto_submitted(extra, envelope_from, auto):
    assert parse_message(extra + _one_part(b"Content-Type: application/pdf\r\n"), envelope_from).auto_submitted is auto


@pytest.mark.parametrize("cte", ["base64", "quoted-printable"])
def test_forwarded_message_with_a_transfer_encoding_is_still_read(cte):
    import quopri

    inner = ms.foxmail()
    if cte == "base64":
        body = ms.b64body(inner.raw)
    else:
        body = quopri.encodestring(inner.raw.replace(b"\r\n", b"\n")).replace(b"\n", b"\r\n")
    raw = (
        b"From: a@b.cn\r\nMessage-ID: <f@b>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="XX"\r\n\r\n'
        b"--XX\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: " + cte.encode() + b"\r\n\r\n" + body + b"\r\n--XX--\r\n"
    )
    parsed = parse_message(raw)
    assert [(a.original_name, a.data) for a in parsed.attachments] == inner.files
