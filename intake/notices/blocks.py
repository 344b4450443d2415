"""The blocks a notice is made of (paragraph, facts, list, findings, quote, link), rendered
once as plain text and once as HTML, so both parts say the same thing and every value is
escaped in one place; and the small formatters of dates and places the texts share."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from annual_report.model import SEVERITY_ZH, Finding

SEVERITY_LABEL = SEVERITY_ZH
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_SEVERITY_COLOR = {"error": "#b00020", "warning": "#8a5a00", "info": "#555555"}
BEIJING = timezone(timedelta(hours=8), "北京时间")  # no DST: a fixed offset is exact


@dataclass(frozen=True)
class P:
    text: str
    strong: bool = False


@dataclass(frozen=True)
class Facts:
    rows: list[tuple[str, str]]


@dataclass(frozen=True)
class Items:
    items: list[str]
    ordered: bool = False


@dataclass(frozen=True)
class FindingList:
    findings: list[Finding]


@dataclass(frozen=True)
class Quote:
    text: str
    label: str


@dataclass(frozen=True)
class Link:
    label: str
    url: str


Block = P | Facts | Items | FindingList | Quote | Link


def where(f: Finding) -> str:
    src = f.source.describe() if f.source is not None else ""
    if f.source is not None and f.source.ocr and src:
        src += "，扫描识别"
    if src and src not in f.where:
        return f"{f.where}（{src}）" if f.where else src
    return f.where or src or "全文"


def when(d: datetime) -> str:
    """Times are shown in Beijing time; a naive datetime is taken as UTC."""
    if d.tzinfo is None:
        d = d.replace(tzinfo=UTC)
    return d.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") + "（北京时间）"


def day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def plain(blocks: list[Block]) -> str:
    return "\n\n".join(_plain_block(b) for b in blocks) + "\n"


def _plain_block(b: Block) -> str:
    if isinstance(b, P):
        return b.text
    if isinstance(b, Facts):
        return "\n".join(f"{k}：{v}" for k, v in b.rows)
    if isinstance(b, Items):
        return "\n".join(f"{i}. {t}" if b.ordered else f"- {t}" for i, t in enumerate(b.items, 1))
    if isinstance(b, FindingList):
        lines = []
        for i, f in enumerate(b.findings, 1):
            lines.append(f"{i}. 【{SEVERITY_LABEL[f.severity]}】{where(f)}")
            lines.append(f"   {f.message}")
        return "\n".join(lines)
    if isinstance(b, Quote):
        return f"{b.label}：\n" + "\n".join("> " + line for line in b.text.splitlines() or [""])
    return f"{b.label}：{b.url}"


def _e(s: str) -> str:
    return html.escape(s, quote=True)


def _html_block(b: Block) -> str:
    if isinstance(b, P):
        text = _e(b.text).replace("\n", "<br>")
        return f"<p><strong>{text}</strong></p>" if b.strong else f"<p>{text}</p>"
    if isinstance(b, Facts):
        rows = "".join(
            f'<tr><th style="text-align:left;padding:2px 12px 2px 0;color:#555">{_e(k)}</th><td>{_e(v)}</td></tr>' for k, v in b.rows
        )
        return f"<table>{rows}</table>"
    if isinstance(b, Items):
        tag = "ol" if b.ordered else "ul"
        return f"<{tag}>" + "".join(f"<li>{_e(t)}</li>" for t in b.items) + f"</{tag}>"
    if isinstance(b, FindingList):
        items = "".join(
            f'<li><span style="color:{_SEVERITY_COLOR[f.severity]};font-weight:bold">'
            f"【{_e(SEVERITY_LABEL[f.severity])}】</span>{_e(where(f))}<br>{_e(f.message)}</li>"
            for f in b.findings
        )
        return f"<ol>{items}</ol>"
    if isinstance(b, Quote):
        text = _e(b.text).replace("\n", "<br>")
        return (
            f'<p>{_e(b.label)}：</p><blockquote style="border-left:3px solid #ccc;margin:0 0 1em 0;padding-left:10px">{text}</blockquote>'
        )
    return f'<p>{_e(b.label)}：<a href="{_e(b.url)}">{_e(b.url)}</a></p>'


def html_page(title: str, blocks: list[Block]) -> str:
    body = "\n".join(_html_block(b) for b in blocks)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{_e(title)}</title></head>\n"
        '<body style="font-family:sans-serif;font-size:14px;line-height:1.6">\n'
        f"{body}\n</body></html>\n"
    )
