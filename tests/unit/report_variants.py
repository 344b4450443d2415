"""Random, internally consistent reports rendered as real documents write them.

Each family is one phenomenon of issue 13 (web-page text, wrapped layout text, heading
variants …). `random_tables(rng, template)` draws consistent tables; `render_*` turn them
into the bytes of a whole report. Tests read them back and compare with the data: a clean
report must give its cells back and no finding but what the reader could not place
(`table.ambiguous`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from accuracy.render_text import pad, wrap  # the accuracy harness's display-width helpers (CJK = 2)
from annual_report import catalog

HEADINGS_2021 = {k: catalog.SECTION_TITLES[k] for k in catalog.SECTION_KEYS}
ORGS = [("上塘镇", "丰城市"), ("西柳镇", "海城市"), ("北大镇", "万宁市"), ("城关街道", "宁县"), ("石门乡", "慈利县")]
FURNITURE_BEFORE = [
    "当前位置：首页 > 政务公开 > 政府信息公开年报",
    "来源：{parent}人民政府 时间：{year1}-01-20 字体：大 中 小 浏览次数：1024",
    "【字体：大 中 小】 【打印】 【关闭】",
    "分享到： 微信 微博 QQ空间",
    "索引号：11360981MB1234567X/2022-00012 发布机构：{org}人民政府 生成日期：{year1}-01-20",
]
FURNITURE_AFTER = [
    "打印本页 关闭窗口",
    "附件下载：",
    "扫一扫在手机打开当前页",
    "上一篇：关于做好春节期间安全生产工作的通知 下一篇：{org}{year}年财政预算公开",
    "主办单位：{parent}人民政府办公室 网站标识码：3609810001 赣ICP备05001234号",
]
SPAM = ["某某体育_官网@:", "开云体育(中国)官方网站-", "华体会app·", "bob综合体育官方app下载-"]


@dataclass
class ReportData:
    template: str
    year: int
    org: str
    parent: str
    t1: dict[str, dict[str, int]]
    t2: dict[str, list[int]]
    t3: dict[str, list[int]]
    headings: dict[str, str] = field(default_factory=lambda: dict(HEADINGS_2021))

    @property
    def title(self) -> str:
        return f"{self.org}人民政府{self.year}年政府信息公开工作年度报告"


def random_tables(rng: random.Random, template: str = "2021", top: int = 30):
    t1: dict[str, dict[str, int]] = {}
    for row in catalog.TABLE1[template]:
        t1[row.key] = {vk: (rng.randint(-3, 3) if vk == "change" else rng.randint(0, top)) for vk, _ in row.values}
    t1["regulations"] = dict.fromkeys(t1["regulations"], 0)  # a township makes no 规章
    results = catalog.RESULT_ROWS[template]
    six: dict[str, list[int]] = {}
    for k in results:
        six[k] = [rng.choice([0, 0, 0, rng.randint(0, top)]) for _ in range(6)]
    total = [sum(six[k][c] for k in results) for c in range(6)]
    fwd = [rng.choice([0, 0, rng.randint(0, 5)]) for _ in range(6)]
    over = [rng.randint(0, total[c] + fwd[c]) if rng.random() < 0.3 else 0 for c in range(6)]
    new = [total[c] + fwd[c] - over[c] for c in range(6)]
    rows = {**six, "total": total, "carried_forward": fwd, "carried_over": over, "new_received": new}
    t2 = {r.key: rows[r.key] + [sum(rows[r.key])] for r in catalog.table2_rows(template)}
    t3 = {}
    for key, _ in catalog.APPEAL_ROWS:
        four = [rng.choice([0, 0, rng.randint(0, 4)]) for _ in range(4)]
        t3[key] = four + [sum(four)]
    return t1, t2, t3


def random_report(rng: random.Random, template: str | None = None) -> ReportData:
    template = template or rng.choice(["2019", "2021"])
    year = rng.choice([2019, 2020]) if template == "2019" else rng.randint(2021, 2025)
    org, parent = rng.choice(ORGS)
    t1, t2, t3 = random_tables(rng, template)
    return ReportData(template, year, org, parent, t1, t2, t3)


def prose(data: ReportData) -> dict[str, str]:
    apps = data.t2["new_received"][6]
    rec = data.t3["reconsideration"][4]
    lit = data.t3["litigation_direct"][4] + data.t3["litigation_after_reconsideration"][4]
    return {
        "overview": (
            f"{data.year}年，{data.org}认真贯彻落实《中华人民共和国政府信息公开条例》，在{data.parent}委、{data.parent}政府的正确领导下，"
            f"不断提高政府工作透明度。本年度共收到政府信息公开申请{apps}件，均在法定期限内答复。"
        ),
        "active_disclosure": "通过政府网站主动公开政府信息，涉及财政预决算、乡村振兴、民生保障等领域。",
        "applications": "依申请公开工作按照法定程序办理。",
        "appeals": (
            f"本年度发生政府信息公开行政复议{rec}件，行政诉讼{lit}件。"
            if rec or lit
            else "本年度未发生政府信息公开行政复议、行政诉讼案件。"
        ),
        "problems": "一是公开内容还不够全面，部分领域信息更新不及时；二是工作人员多为兼职，业务能力有待提高。下一步将加强学习培训。",
        "other": "本年度未收取信息处理费。" if data.template == "2021" else "无其他需要报告的事项。",
    }


def table_rows(data: ReportData) -> dict[str, list[list[str]]]:
    """Each table as rows of cells (labels then values), the header rows first."""
    t1_header = ["信息内容"] + [label for _, label in catalog.TABLE1[data.template][0].values]
    t1 = [t1_header]
    for row in catalog.TABLE1[data.template]:
        if data.template == "2021" and row.key == "licensing":
            t1.append(["信息内容", "本年处理决定数量"])
        if data.template == "2021" and row.key == "fees":
            t1.append(["信息内容", "本年收费金额（单位：万元）"])
        t1.append([row.label] + [str(v) for v in data.t1[row.key].values()])
    t2 = [["申请人情况"], ["自然人", "法人或其他组织", "其他", "总计"], ["商业企业", "科研机构", "社会公益组织", "法律服务机构"]]
    for row in catalog.table2_rows(data.template):
        labels = [row.label]
        if row.group and row.group.startswith("（") and row.key != "other":
            labels = [row.group, row.label]
        elif row.key == "granted":
            labels = ["三、本年度办理结果", row.label]
        t2.append(labels + [str(v) for v in data.t2[row.key]])
    t3 = [
        ["行政复议", "行政诉讼"],
        ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"],
        ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
        [str(v) for key, _ in catalog.APPEAL_ROWS for v in data.t3[key]],
    ]
    return {"active_disclosure": t1, "applications": t2, "appeals": t3}


def _dedupe_t2_groups(rows: list[list[str]]) -> list[list[str]]:
    """A group label (（三）不予公开) is printed once, in the first row of its group."""
    out, last = [], None
    for r in rows:
        if len(r) > 2 and r[0].startswith(("（三）", "（四）", "（五）", "（六）")):
            if r[0] == last:
                r = r[1:]
            else:
                last = r[0]
        out.append(r)
    return out


def web_text(data: ReportData, rng: random.Random, *, spam: bool = False, lines: int = 1) -> str:
    """The report as copied from a government web page: furniture, everything on one (or a
    few) lines, cells glued without separators."""
    fill = dict(org=data.org, parent=data.parent, year=data.year, year1=data.year + 1)
    before = [f.format(**fill) for f in rng.sample(FURNITURE_BEFORE, rng.randint(1, len(FURNITURE_BEFORE)))]
    after = [f.format(**fill) for f in rng.sample(FURNITURE_AFTER, rng.randint(1, len(FURNITURE_AFTER)))]
    title = (rng.choice(SPAM) if spam else "") + data.title
    texts = prose(data)
    tables = table_rows(data)
    parts: list[str] = [title]
    for key in catalog.SECTION_KEYS:
        parts.append(data.headings[key])
        parts.append(texts[key])
        if key in tables:
            rows = tables[key] if key != "applications" else _dedupe_t2_groups(tables[key])
            parts.append("".join("".join(r) for r in rows))
    parts.append(f"{data.org}人民政府")
    parts.append(f"{data.year + 1}年1月20日")
    sep = rng.choice(["", " ", "\u3000"])
    body = sep.join(parts)
    if lines > 1:
        # cut at random places between parts
        cuts = sorted(rng.sample(range(1, len(parts)), min(lines - 1, len(parts) - 1)))
        chunks, prev = [], 0
        for c in cuts + [len(parts)]:
            chunks.append(sep.join(parts[prev:c]))
            prev = c
        body = "\n".join(chunks)
    return "\n".join([*before, body, *after]) + "\n"


def layout_text(data: ReportData, *, label_cols: int, at: str = "last", group_cols: int = 6, labels: dict[str, str] | None = None) -> str:
    """`pdftotext -layout`-like text of table 2: group labels (（三）不予公开) in a column of
    their own cut into pieces, row labels wrapped at `label_cols` display columns, the numbers
    on the first or last line of a wrapped label. Tables 1 and 3 are printed unwrapped."""
    lines = [data.title, data.headings["overview"], prose(data)["overview"], data.headings["active_disclosure"]]
    width = group_cols + 2 + label_cols + 2
    for r in table_rows(data)["active_disclosure"]:
        lines.append(pad(r[0], width) + "".join("  " + pad(c, 8, right=True) for c in r[1:]))
    lines += [data.headings["applications"], "申请人情况", "自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他  总计"]
    rows = catalog.table2_rows(data.template)
    groups: dict[str, list[int]] = {}
    body: list[tuple[list[str], list[str], str | None]] = []  # label lines, values, group
    for r in rows:
        group = r.group if r.group and r.group.startswith("（") and r.key != "other" else None
        label = (labels or {}).get(r.key, r.label)
        label_lines = wrap(label, label_cols if group else label_cols + group_cols + 2)
        body.append((label_lines, [str(v) for v in data.t2[r.key]], group))
    out: list[tuple[str | None, str, list[str] | None]] = []  # group piece column (None: no group), label column, values
    for label_lines, values, group in body:
        anchor = 0 if at == "first" else len(label_lines) - 1
        for n, text in enumerate(label_lines):
            out.append(("" if group else None, text, values if n == anchor else None))
            if group:
                groups.setdefault(group, []).append(len(out) - 1)
    for group, idx in groups.items():
        pieces = wrap(group, max(2, group_cols - 2))
        start = idx[0] + max(0, (len(idx) - len(pieces)) // 2)
        for k, piece in enumerate(pieces):
            if start + k < len(out):
                g, lab, vals = out[start + k]
                out[start + k] = (piece, lab, vals)
    for g, lab, vals in out:
        if g is None:
            text = pad(lab, width)
        else:
            text = pad(g, group_cols + 2) + pad(lab, label_cols + 2)
        lines.append((text + "".join(pad(v, 8, right=True) for v in vals)) if vals else text.rstrip())
    lines += [
        data.headings["appeals"],
        "行政复议  行政诉讼",
        "  ".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3),
        "  ".join(str(v) for key, _ in catalog.APPEAL_ROWS for v in data.t3[key]),
    ]
    texts = prose(data)
    lines += [data.headings["problems"], texts["problems"], data.headings["other"], texts["other"]]
    return "\n".join(lines) + "\n"
