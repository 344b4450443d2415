"""Web pages as a government site publishes them (family `html`): the report inside the
site's page (breadcrumb, 来源/时间/字体 line, share and print links), headings as h1–h4,
bold or plain paragraphs, paragraphs indented with `&nbsp;` or full-width spaces, the three
tables with real `rowspan` / `colspan` (or a group label only in its first row, or repeated),
labels wrapped with `<br>` or `<p>` inside a cell, sometimes the whole article in a layout
table, and charsets UTF-8 or GB2312 (declared in a `<meta>`); a few as `.mht` web archives."""

from __future__ import annotations

import base64
import html
import random

from accuracy import grid as gridmod
from accuracy.model import Doc, Para, Table

_FURNITURE_TOP = (
    "当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报",
    "您当前的位置：首页 » 信息公开 » 法定主动公开内容 » 政府信息公开年报",
    "首页 &gt; 政府信息公开 &gt; 年度报告",
)
_FURNITURE_BOTTOM = ("打印本页 关闭窗口", "【打印】 【关闭】", "分享到：微信 微博 QQ空间", "附件下载：")


def render_html(
    doc: Doc, rng: random.Random, style: dict, site: str, year: int, pictured: bool = False, archive_ok: bool = True
) -> tuple[bytes, str]:
    """(bytes, extension). `pictured`: every table is a picture (`accuracy/pictured.py`);
    `archive_ok` False: never an .mht archive (the draw is made all the same)."""
    merge = rng.choices(("merge", "first", "repeat"), (70, 15, 15))[0]
    headings = rng.choice(("h", "strong", "plain"))
    indent = rng.choice(("", "&nbsp;&nbsp;&nbsp;&nbsp;", "\u3000\u3000"))
    layout = rng.random() < 0.3
    charset = rng.choices(("utf-8", "gb2312"), (75, 25))[0]
    archive = rng.random() < 0.1 and archive_ok
    wrap_p = rng.choice((0.0, 0.2, 0.5))
    word = rng.random() < 0.3  # exported by Word / WPS: every cell a MsoNormal paragraph of spans
    style.update(merge=merge, headings=headings, layout=layout, charset=charset, archive=archive, wrap=wrap_p, word=word)
    body: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Para):
            body.append(_para(b, headings, indent))
        elif pictured:
            body.append(_picture(len(body), rng))
        else:
            body.append(_table(b, rng, merge, wrap_p, word))
    article = "\n".join(body)
    if word:
        article = "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->\n" + article
    if layout:
        article = f'<table width="100%" border="0"><tr><td class="content">\n{article}\n</td></tr></table>'
    title = html.escape(doc.title or "")
    page = (
        f'<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"<title>{title}_{html.escape(site)}</title><style>td{{border:1px solid #000}}</style>"
        "<script>var _hmt = _hmt || [];</script></head>\n<body>\n"
        f'<div class="nav">{rng.choice(_FURNITURE_TOP)}</div>\n'
        f'<div class="info">来源：{html.escape(site)} 时间：{year + 1}-01-{rng.randint(10, 28)} 字体：【大 中 小】</div>\n'
        f'<div class="article">\n{article}\n</div>\n'
        f'<div class="tools">{rng.choice(_FURNITURE_BOTTOM)}</div>\n</body></html>\n'
    )
    data = page.encode("gb18030" if charset == "gb2312" else "utf-8")
    if archive:
        return _mht(data, charset), "mht"
    return data, rng.choice(("html", "htm"))


def _picture(n: int, rng: random.Random) -> str:
    """A table pasted as a screenshot, as a CMS or Word's “save as web page” writes it."""
    src = rng.choice((f"/uploadfiles/2023/01/2023011{n}0915{n:03d}.png", f"report_files/image{n:03d}.jpg", f"W0202301{n:02d}38{n}.jpg"))
    size = rng.choice(("", ' width="600"', ' width="554" height="780"', ' style="width:100%"'))
    img = f'<img src="{src}"{size} border="0">'
    return rng.choice((f"<p>{img}</p>", f'<p style="text-align:center">{img}</p>', f"<div>{img}</div>", img))


def _para(p: Para, headings: str, indent: str) -> str:
    text = html.escape(p.text.strip("*"))
    if p.role == "title":
        return f'<h1 style="text-align:center">{text}</h1>'
    if p.role == "heading":
        return {"h": f"<h3>{text}</h3>", "strong": f"<p><strong>{text}</strong></p>", "plain": f"<p>{indent}{text}</p>"}[headings]
    return f"<p>{indent}{text}</p>"


def _cell_text(text: str, rng: random.Random, wrap_p: float, kind: str) -> str:
    """A label sometimes wrapped by hand inside its cell: a `<br>` or two paragraphs."""
    if kind != "label" or len(text) < 6 or rng.random() >= wrap_p:
        return html.escape(text)
    cut = rng.randrange(2, len(text) - 1)
    a, b = html.escape(text[:cut]), html.escape(text[cut:])
    return f"{a}<br>{b}" if rng.random() < 0.5 else f"<p>{a}</p><p>{b}</p>"


def _word_cell(text: str) -> str:
    """A cell as Word's "save as web page" writes it."""
    return f"<p class=MsoNormal align=center><span style='font-size:10.5pt;font-family:宋体'>{text}<span lang=EN-US><o:p></o:p></span></span></p>"


def _table(table: Table, rng: random.Random, merge: str, wrap_p: float, word: bool) -> str:
    g = gridmod.build(table)
    starts = {(s.row, s.col): s for s in g.spans}
    covered: set[tuple[int, int]] = set()
    rows: list[str] = []
    for r in range(g.rows):
        cells: list[str] = []
        for c in range(g.cols):
            if (r, c) in covered:
                continue
            s = starts.get((r, c))
            if s is None:
                cells.append("<td></td>")
                continue
            rowspan = s.rowspan if (merge == "merge" or s.kind != "label") else 1
            text = _cell_text(s.text, rng, wrap_p, s.kind)
            text = _word_cell(text) if word and text else text
            attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{s.colspan}"' if s.colspan > 1 else "")
            cells.append(f"<td{attrs}>{text}</td>")
            for dr in range(rowspan):
                for dc in range(s.colspan):
                    covered.add((r + dr, c + dc))
            if rowspan == 1 and s.rowspan > 1:  # not merged: the label's other rows
                again = text if merge == "repeat" else ""
                for dr in range(1, s.rowspan):
                    starts.setdefault((r + dr, c), gridmod.Span(r + dr, c, 1, s.colspan, "", "filler"))
                    if again:
                        starts[(r + dr, c)] = gridmod.Span(r + dr, c, 1, s.colspan, s.text, "repeat")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    border = rng.choice(('border="1"', 'border="1" cellspacing="0"', 'class="MsoNormalTable"'))
    return f"<table {border}>\n" + "\n".join(rows) + "\n</table>"


def _mht(page: bytes, charset: str) -> bytes:
    """A single-file web archive (what a browser's "save as .mht" writes)."""
    encoded = base64.encodebytes(page).decode("ascii")
    return (
        "From: <Saved by Blink>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----MultipartBoundary--abc"\r\n\r\n'
        "------MultipartBoundary--abc\r\n"
        f"Content-Type: text/html; charset={charset}\r\nContent-Transfer-Encoding: base64\r\n"
        "Content-Location: http://www.example.gov.cn/art/report.html\r\n\r\n"
        f"{encoded}\r\n------MultipartBoundary--abc--\r\n"
    ).encode("ascii")
