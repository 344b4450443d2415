"""A report copied from a government web page: the whole report, tables included, on one line
or a handful of lines with no separator between cells, inside the site's furniture
(breadcrumbs, 来源/时间/字体, share buttons, 打印本页 关闭窗口, 附件下载), sometimes with spam a
hacked site injected into the title."""

from __future__ import annotations

import random

from accuracy.model import Band, Doc, Header, Para, Table

SPAM = ("某某体育_官网@:", "开云体育(中国)官方网站-", "九游会·J9-", "bet365体育在线投注@")


def table_text(table: Table, sep: str) -> str:
    from accuracy.render_text import new_labels

    parts: list[str] = []
    seen: list[str] = []
    for item in table.items:
        if isinstance(item, Band):
            parts.append(item.text)
        elif isinstance(item, Header):
            parts += [c for c in item.cells if c]
        else:
            labels, seen = new_labels(item, seen)
            parts += labels + item.values
    return sep.join(parts)


def render_web(
    doc: Doc, rng: random.Random, year: int | None, site: str, source: str, style: dict | None = None, sep: str | None = None
) -> str:
    if sep is None:
        sep = rng.choices(("", " "), (75, 25))[0]
    title = doc.title or "政府信息公开工作年度报告"
    spam = rng.random() < 0.25
    if spam:
        title = rng.choice(SPAM) + title
    if style is not None:
        style.update(separator=repr(sep), spam=spam)
    head = [
        f"当前位置：首页 > 政务公开 > {rng.choice(('政府信息公开年报', '法定主动公开内容', '年度报告'))} > {year or ''}年",
        title,
        f"来源：{source}　时间：{(year or 2022) + 1}-0{rng.randint(1, 3)}-{rng.randint(10, 28)}　"
        f"浏览次数：{rng.randint(10, 900)}　字体：大 中 小",
    ]
    body: list[str] = []
    for b in doc.blocks:
        body.append(b.text if isinstance(b, Para) else table_text(b, sep))
    if doc.title and body and body[0] == doc.title and rng.random() < 0.7:
        body = body[1:]  # the page shows the title once, above
    cuts = sorted(rng.sample(range(1, len(body)), k=min(len(body) - 1, rng.choice((0, 0, 1, 3)))))
    lines, start = [], 0
    for c in [*cuts, len(body)]:
        lines.append(sep.join(body[start:c]))
        start = c
    tail = [
        rng.choice(("微信 微博 QQ空间", "分享到：微信 微博 QQ空间", "【打印本页】【关闭窗口】")),
        rng.choice(("打印本页 关闭窗口", "附件下载：", "相关附件：无")),
        f"主办单位：{site}　技术支持：某某网络科技有限公司",
    ]
    if rng.random() < 0.5:
        head = [" ".join(head)]
    return "\n".join(head + lines + tail) + "\n"
