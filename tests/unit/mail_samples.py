"""Raw e-mails built the way real mail clients write them, byte by byte (not through the
`email` package's generator, which would normalise exactly what we need to test).

Each builder returns a `Sample`: the raw bytes plus what the gateway must extract. Message-IDs
are unique per call so integration tests never collide in the shared MinIO.
"""

from __future__ import annotations

import base64
import random
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from tests.fixtures.archives import zip_of

CRLF = b"\r\n"
SAMPLES = Path(__file__).resolve().parents[2] / "intake" / "samples"


@dataclass
class Sample:
    client: str
    raw: bytes
    sender_email: str
    sender_name: str
    subject: str
    message_id: str | None
    files: list[tuple[str, bytes]] = field(default_factory=list)  # (decoded name, exact bytes)


def blob(seed: int, size: int = 3000, head: bytes = b"%PDF-1.7\n") -> bytes:
    """Binary content with every byte value, so any transfer-decoding error shows."""
    return head + random.Random(seed).randbytes(size)


def report_txt() -> bytes:
    return (SAMPLES / "shangtang-2021.txt").read_bytes()


def new_mid(domain: str) -> str:
    return f"<{uuid.uuid4().hex.upper()}@{domain}>"


def ew_b(text: str, charset: str) -> str:
    codec = "gbk" if charset.lower() in ("gb2312", "gbk") else charset
    return f"=?{charset}?B?{base64.b64encode(text.encode(codec)).decode()}?="


def ew_q(text: str, charset: str = "utf-8") -> str:
    enc = "".join(chr(b) if (chr(b).isalnum() and b < 128) or chr(b) in ".-" else f"={b:02X}" for b in text.encode(charset))
    return f"=?{charset}?Q?{enc}?="


def ew_b_split(text: str, charset: str, cut: int) -> str:
    """Two B encoded-words, the byte string cut at `cut`, possibly inside a character (what
    Outlook and QQ Mail do with long names)."""
    raw = text.encode("gb18030" if charset.lower().startswith("gb") else charset)
    a, b = raw[:cut], raw[cut:]
    return f"=?{charset}?B?{base64.b64encode(a).decode()}?=\r\n =?{charset}?B?{base64.b64encode(b).decode()}?="


def b64body(data: bytes) -> bytes:
    return base64.encodebytes(data).replace(b"\n", CRLF)


def headers(*items: tuple[str, str | bytes]) -> bytes:
    out = b""
    for name, value in items:
        out += name.encode() + b": " + (value if isinstance(value, bytes) else value.encode()) + CRLF
    return out


def leaf(hdrs: bytes, body: bytes) -> bytes:
    return hdrs + CRLF + body


def base64_attachment(content_type: str, disposition: str, data: bytes) -> bytes:
    """A part with these Content-Type and Content-Disposition values, its body in base64."""
    return leaf(
        headers(("Content-Type", content_type), ("Content-Disposition", disposition), ("Content-Transfer-Encoding", "base64")),
        b64body(data),
    )


def multipart(subtype: str, parts: list[bytes], extra: bytes = b"") -> tuple[bytes, bytes]:
    """(Content-Type header, body) of a multipart."""
    boundary = "----=_Part_" + uuid.uuid4().hex
    body = b"This is a multi-part message in MIME format." + CRLF
    for p in parts:
        body += CRLF + b"--" + boundary.encode() + CRLF + p
    body += CRLF + b"--" + boundary.encode() + b"--" + CRLF
    return extra + headers(("Content-Type", f'multipart/{subtype};\r\n\tboundary="{boundary}"')), body


def text_alternative(text: str, charset: str = "utf-8", html_extra: str = "") -> bytes:
    codec = "gb18030" if charset.lower().startswith("gb") else charset
    plain = leaf(
        headers(("Content-Type", f'text/plain; charset="{charset}"'), ("Content-Transfer-Encoding", "base64")),
        b64body(text.encode(codec)),
    )
    html = leaf(
        headers(("Content-Type", f'text/html; charset="{charset}"'), ("Content-Transfer-Encoding", "base64")),
        b64body(f"<html><body><p>{text}</p>{html_extra}</body></html>".encode(codec)),
    )
    h, body = multipart("alternative", [plain, html])
    return h + CRLF + body


def message(top: list[tuple[str, str | bytes]], ctype_and_body: tuple[bytes, bytes]) -> bytes:
    h, body = ctype_and_body
    return headers(*top, ("MIME-Version", "1.0")) + h + CRLF + body


def plain_top(sender: str, subject: str, mid: str | None) -> list[tuple[str, str | bytes]]:
    """From, To (our intake address) and Subject, and the Message-ID unless None: the top of a
    mail whose client's own headers do not matter to the test."""
    return [("From", sender), ("To", "nianbao@example.gov.cn"), ("Subject", subject)] + ([("Message-ID", mid)] if mid else [])


# ------------------------------------------------------------------------------- clients


def outlook() -> Sample:
    """Outlook for Windows/Mac: RFC 2047 in name=, RFC 2231 in filename*=utf-8''."""
    name, data = "上塘镇2021年政府信息公开工作年度报告.pdf", blob(1)
    mid = new_mid("SG2PR01MB1234.apcprd01.prod.exchangelabs.com")
    att = leaf(
        headers(
            ("Content-Type", f'application/pdf;\r\n\tname="{ew_b(name, "utf-8")}"'),
            ("Content-Description", ew_b(name, "utf-8")),
            (
                "Content-Disposition",
                f"attachment;\r\n\tfilename*=utf-8''{urllib.parse.quote(name)};\r\n\tsize={len(data)};"
                '\r\n\tcreation-date="Tue, 11 Jan 2022 02:11:09 GMT"',
            ),
            ("Content-Transfer-Encoding", "base64"),
        ),
        b64body(data),
    )
    raw = message(
        [
            ("From", f"{ew_b('王晓明', 'utf-8')} <wangxm@shangtang.gov.cn>"),
            ("To", '"nianbao@example.gov.cn" <nianbao@example.gov.cn>'),
            ("Subject", ew_b("上塘镇2021年度报告（请审核）", "utf-8")),
            ("Thread-Topic", ew_b("上塘镇2021年度报告（请审核）", "utf-8")),
            ("Date", "Tue, 11 Jan 2022 02:11:11 +0000"),
            ("Message-ID", mid),
            ("Accept-Language", "zh-CN, en-US"),
            ("Content-Language", "zh-CN"),
            ("X-MS-Has-Attach", "yes"),
            ("X-Mailer", "Microsoft Outlook 16.0"),
        ],
        multipart("mixed", [text_alternative("您好，附件是我镇2021年度报告，请查收。"), att]),
    )
    return Sample("outlook", raw, "wangxm@shangtang.gov.cn", "王晓明", "上塘镇2021年度报告（请审核）", mid, [(name, data)])


def thunderbird() -> Sample:
    """Thunderbird: long names as RFC 2231 continuations filename*0*= / filename*1*=."""
    name = "北大镇人民政府关于2020年度政府信息公开工作年度报告的正式文本（终稿）.docx"
    data = blob(2, head=b"PK\x03\x04")
    quoted = urllib.parse.quote(name)
    cut = len(quoted) // 2
    while quoted[cut - 1] == "%" or quoted[cut - 2] == "%":
        cut += 1
    mid = new_mid("beida.gov.cn")
    att = leaf(
        headers(
            (
                "Content-Type",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document;\r\n"
                f"\tname*0*=utf-8''{quoted[:cut]};\r\n\tname*1*={quoted[cut:]}",
            ),
            ("Content-Disposition", f"attachment;\r\n filename*0*=utf-8''{quoted[:cut]};\r\n filename*1*={quoted[cut:]}"),
            ("Content-Transfer-Encoding", "base64"),
        ),
        b64body(data),
    )
    raw = message(
        [
            ("Message-ID", mid),
            ("Date", "Mon, 10 Jan 2022 09:00:00 +0800"),
            ("User-Agent", "Mozilla/5.0 Thunderbird/91.4.1"),
            ("From", f"{ew_b('北大镇办公室', 'utf-8')} <office@beida.gov.cn>"),
            ("To", "nianbao@example.gov.cn"),
            ("Subject", ew_b("北大镇 2020 年报", "utf-8")),
        ],
        multipart(
            "mixed",
            [
                leaf(
                    headers(("Content-Type", "text/plain; charset=UTF-8; format=flowed"), ("Content-Transfer-Encoding", "8bit")),
                    "见附件。\r\n".encode(),
                ),
                att,
            ],
        ),
    )
    return Sample("thunderbird", raw, "office@beida.gov.cn", "北大镇办公室", "北大镇 2020 年报", mid, [(name, data)])


def foxmail() -> Sample:
    """Foxmail: =?GB2312?B?...?= in quoted name= and filename=, the text really GBK (堃 is not
    in GB2312)."""
    name, data = "六合镇2021年报-李堃.doc", blob(3, head=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    mid = new_mid("luhe.gov.cn")  # Foxmail: <2022011109351234567891@luhe.gov.cn>
    att = leaf(
        headers(
            ("Content-Type", f'application/msword;\r\n\tname="{ew_b(name, "GB2312")}"'),
            ("Content-Transfer-Encoding", "base64"),
            ("Content-Disposition", f'attachment;\r\n\tfilename="{ew_b(name, "GB2312")}"'),
        ),
        b64body(data),
    )
    raw = message(
        [
            ("Date", "Tue, 11 Jan 2022 09:35:12 +0800"),
            ("From", f'"{ew_b("李堃", "GB2312")}" <likun@luhe.gov.cn>'),
            ("To", '"nianbao" <nianbao@example.gov.cn>'),
            ("Subject", ew_b("六合镇年度报告", "GB2312")),
            ("X-Priority", "3"),
            ("X-GUID", str(uuid.uuid4()).upper()),
            ("X-Has-Attach", "yes"),
            ("X-Mailer", "Foxmail 7.2.25.228[cn]"),
            ("Message-ID", mid),
        ],
        multipart("mixed", [text_alternative("附件为年报，请查收。", "GB2312"), att]),
    )
    return Sample("foxmail", raw, "likun@luhe.gov.cn", "李堃", "六合镇年度报告", mid, [(name, data)])


def qqmail() -> Sample:
    """QQ Mail: application/octet-stream, =?gb18030?B?...?= names split across two encoded
    words in the middle of a character."""
    name, data = "宁木特镇2021年政府信息公开年报（盖章版）.pdf", blob(4)
    encoded = name.encode("gb18030")
    cut = len(encoded) // 2
    while encoded[:cut].decode("gb18030", "ignore").encode("gb18030") == encoded[:cut]:
        cut += 1  # move the cut inside a two-byte character
    mid = new_mid("qq.com").replace("<", "<tencent_")
    split = ew_b_split(name, "gb18030", cut)
    att = base64_attachment(
        f'application/octet-stream;\r\n\tcharset="gb18030";\r\n\tname="{split}"', f'attachment; filename="{split}"', data
    )
    raw = message(
        [
            ("X-QQ-FEAT", "3q2aKP4N7yZ0z"),
            ("X-QQ-SSF", "00000000000000F0"),
            ("X-QQ-XMAILINFO", "OZ5M8EwcPwMrRgRMH9MeVA3fS"),
            ("X-QQ-mid", "webmail716t1641868511t6152713"),
            ("From", f'"{ew_b("宁木特镇政府", "gb18030")}" <1234567890@qq.com>'),
            ("To", '"nianbao" <nianbao@example.gov.cn>'),
            ("Subject", ew_b("2021年报", "gb18030")),
            ("Date", "Tue, 11 Jan 2022 10:35:11 +0800"),
            ("X-Priority", "3"),
            ("Message-ID", mid),
            ("X-QQ-MIME", "TCMime 1.0 by Tencent"),
            ("X-Mailer", "QQMail 2.x"),
            ("X-QQ-Mailer", "QQMail 2.x"),
        ],
        multipart("mixed", [text_alternative("年报见附件", "gb18030"), att]),
    )
    return Sample("qqmail", raw, "1234567890@qq.com", "宁木特镇政府", "2021年报", mid, [(name, data)])


def wps_raw_gbk() -> Sample:
    """Raw GBK bytes in Subject, From and filename (WPS / old Foxmail / some gateways). 淺 is
    GBK 0x9C 0x5C: its second byte is a backslash inside the quoted file name."""
    name, data = "淺水镇2022年报.wps", blob(5, head=b"\xd0\xcf\x11\xe0")
    mid = new_mid("qianshui.gov.cn")
    att = base64_attachment(
        b'application/octet-stream; name="' + name.encode("gbk") + b'"', b'attachment; filename="' + name.encode("gbk") + b'"', data
    )
    raw = message(
        [
            ("From", b'"' + "淺水镇".encode("gbk") + b'" <qs@qianshui.gov.cn>'),
            ("To", "nianbao@example.gov.cn"),
            ("Subject", "淺水镇 2022年报".encode("gbk")),
            ("Message-ID", mid),
            ("Date", "Wed, 11 Jan 2023 08:00:00 +0800"),
            ("X-Mailer", "WPS Mail 1.0"),
        ],
        multipart(
            "mixed",
            [
                leaf(
                    headers(("Content-Type", "text/plain; charset=GBK"), ("Content-Transfer-Encoding", "8bit")),
                    "附件。".encode("gbk") + CRLF,
                ),
                att,
            ],
        ),
    )
    return Sample("wps-raw-gbk", raw, "qs@qianshui.gov.cn", "淺水镇", "淺水镇 2022年报", mid, [(name, data)])


def raw_utf8() -> Sample:
    """Raw UTF-8 bytes in headers (SMTPUTF8 webmail, Apple Mail with some relays)."""
    # An 8bit text part travels with CRLF line ends (SMTP normalises them): send it so.
    name, data = "西大营子镇2022年报.txt", report_txt().replace(b"\r\n", b"\n").replace(b"\n", CRLF)
    mid = new_mid("icloud.com")
    att = leaf(
        headers(
            ("Content-Type", b"text/plain; charset=utf-8; name=" + name.encode()),
            ("Content-Disposition", b"inline; filename=" + name.encode()),  # Apple Mail: inline + name
            ("Content-Transfer-Encoding", "8bit"),
        ),
        data,
    )
    raw = message(
        [
            ("From", "赵丽 <zhaoli@icloud.com>".encode()),
            ("To", "nianbao@example.gov.cn"),
            ("Subject", "西大营子镇年报".encode()),
            ("Message-ID", mid),
            ("Date", "Wed, 11 Jan 2023 08:00:00 +0800"),
        ],
        multipart(
            "mixed",
            [
                leaf(
                    headers(("Content-Type", "text/plain; charset=utf-8"), ("Content-Transfer-Encoding", "8bit")), "见附件".encode() + CRLF
                ),
                att,
            ],
        ),
    )
    return Sample("raw-utf8", raw, "zhaoli@icloud.com", "赵丽", "西大营子镇年报", mid, [(name, data)])


def q_encoded() -> Sample:
    """RFC 2047 Q encoding in the name (some webmail and mobile clients)."""
    name, data = "年报 2021.xlsx", blob(6, head=b"PK\x03\x04")
    mid = new_mid("mail.example.net")
    att = base64_attachment(
        f'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; name="{ew_q(name)}"',
        f'attachment; filename="{ew_q(name)}"',
        data,
    )
    raw = message(
        [
            ("From", f"{ew_q('陈静')} <chenjing@mail.example.net>"),
            ("To", "nianbao@example.gov.cn"),
            ("Subject", ew_q("年报")),
            ("Message-ID", mid),
        ],
        multipart("mixed", [leaf(headers(("Content-Type", "text/plain; charset=us-ascii")), b"see attachment" + CRLF), att]),
    )
    return Sample("q-encoded", raw, "chenjing@mail.example.net", "陈静", "年报", mid, [(name, data)])


CLIENTS = [outlook, thunderbird, foxmail, qqmail, wps_raw_gbk, raw_utf8, q_encoded]


# ------------------------------------------------------------------------------- shapes


PNG = b"\x89PNG\r\n\x1a\n" + random.Random(9).randbytes(200)


def several_with_inline_images() -> Sample:
    """Two reports and a ZIP, plus three images that are not attachments: a cid-referenced
    logo in multipart/related, an image with Content-Disposition: inline, and an Outlook
    signature image sent as "attachment" but referenced from the HTML by cid."""
    files = [
        ("沙河镇2021年报.pdf", blob(10)),
        ("沙河镇2021年报（修订）.docx", blob(11, head=b"PK\x03\x04")),
        ("附件材料.zip", zip_of({"报告.txt": report_txt(), "说明.txt": "说明".encode()})),
    ]
    mid = new_mid("shahe.gov.cn")
    html = leaf(
        headers(("Content-Type", 'text/html; charset="utf-8"'), ("Content-Transfer-Encoding", "base64")),
        b64body('<p>年报</p><img src="cid:logo001@shahe"><img src="cid:image002.png@01D8">'.encode()),
    )
    logo = leaf(
        headers(("Content-Type", 'image/png; name="logo.png"'), ("Content-ID", "<logo001@shahe>"), ("Content-Transfer-Encoding", "base64")),
        b64body(PNG),
    )
    h, body = multipart("related", [html, logo])
    related = h + CRLF + body
    inline_img = leaf(
        headers(
            ("Content-Type", "image/jpeg"), ("Content-Disposition", 'inline; filename="截图.jpg"'), ("Content-Transfer-Encoding", "base64")
        ),
        b64body(b"\xff\xd8\xff" + PNG),
    )
    signature = leaf(
        headers(
            ("Content-Type", 'image/png; name="image002.png"'),
            ("Content-Description", "image002.png"),
            ("Content-Disposition", 'attachment; filename="image002.png"'),
            ("Content-ID", "<image002.png@01D8>"),
            ("Content-Transfer-Encoding", "base64"),
        ),
        b64body(PNG),
    )
    atts = [
        base64_attachment(
            f'application/octet-stream; name="{ew_b(n, "utf-8")}"', f"attachment; filename*=utf-8''{urllib.parse.quote(n)}", d
        )
        for n, d in files
    ]
    raw = message(
        plain_top("shahe@shahe.gov.cn", "reports", mid),
        multipart("mixed", [related, atts[0], inline_img, atts[1], signature, atts[2]]),
    )
    return Sample("several", raw, "shahe@shahe.gov.cn", "", "reports", mid, files)


def forwarded() -> Sample:
    """A clerk forwards the township's original message as an attachment (message/rfc822)."""
    inner = foxmail()
    mid = new_mid("county.gov.cn")
    fwd = leaf(
        headers(
            ("Content-Type", f'message/rfc822; name="{ew_b("六合镇年度报告.eml", "utf-8")}"'),
            ("Content-Disposition", "attachment"),
        ),
        inner.raw,
    )
    raw = message(
        plain_top(f"{ew_b('县政务办', 'utf-8')} <zwb@county.gov.cn>", ew_b("转发: 六合镇年度报告", "utf-8"), mid),
        multipart(
            "mixed",
            [
                leaf(headers(("Content-Type", "text/plain; charset=utf-8"), ("Content-Transfer-Encoding", "8bit")), "转发".encode() + CRLF),
                fwd,
            ],
        ),
    )
    return Sample("forwarded", raw, "zwb@county.gov.cn", "县政务办", "转发: 六合镇年度报告", mid, inner.files)


def no_attachment() -> Sample:
    mid = new_mid("shangtang.gov.cn")
    raw = message(
        plain_top(f"{ew_b('王晓明', 'utf-8')} <wangxm@shangtang.gov.cn>", ew_b("年报已在网站公布", "utf-8"), mid),
        multipart(
            "mixed",
            [
                text_alternative("年报已在网站公布，请查看。", html_extra='<img src="cid:sig">'),
                leaf(
                    headers(("Content-Type", "image/gif"), ("Content-ID", "<sig>"), ("Content-Transfer-Encoding", "base64")),
                    b64body(b"GIF89a" + PNG),
                ),
            ],
        ),
    )
    return Sample("no-attachment", raw, "wangxm@shangtang.gov.cn", "王晓明", "年报已在网站公布", mid, [])


def without_message_id() -> Sample:
    name, data = "年报.pdf", blob(12)
    raw = message(
        plain_top("old@township.gov.cn", "report " + uuid.uuid4().hex, None),
        multipart(
            "mixed",
            [
                leaf(
                    headers(("Content-Type", f'application/pdf; name="{ew_b(name, "utf-8")}"'), ("Content-Transfer-Encoding", "base64")),
                    b64body(data),
                )
            ],
        ),
    )
    return Sample("no-message-id", raw, "old@township.gov.cn", "", raw.split(b"Subject: ")[1].split(CRLF)[0].decode(), None, [(name, data)])


def with_attachments(n: int, size: int = 100) -> Sample:
    mid = new_mid("many.gov.cn")
    files = [(f"file{i}.pdf", blob(100 + i, size)) for i in range(1, n + 1)]
    parts = [base64_attachment(f'application/pdf; name="{f}"', f'attachment; filename="{f}"', d) for f, d in files]
    raw = message(
        plain_top("many@many.gov.cn", "many", mid),
        multipart("mixed", parts),
    )
    return Sample("many", raw, "many@many.gov.cn", "", "many", mid, files)
