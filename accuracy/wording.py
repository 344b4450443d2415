"""Real-world wording the generator draws from: bodies, headings, prose, fee statements.

Taken from the seed reports (shared/seeds), the real PDFs (shared/real-reports) and the
phenomena listed in issue 13. Every sentence here must be true of the report it lands in: the
generator only uses prose that agrees with the tables it prints (narrative.conflict is a fault
injected on purpose, never an accident of the wording).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

COUNTIES = (
    ("丰城市", "江西省"),
    ("安福县", "江西省"),
    ("宁县", "甘肃省"),
    ("滦平县", "河北省"),
    ("万宁市", "海南省"),
    ("洪泽区", "江苏省"),
    ("阿巴嘎旗", "内蒙古自治区"),
    ("临泉县", "安徽省"),
    ("嘉鱼县", "湖北省"),
    ("武陟县", "河南省"),
    ("兴化市", "江苏省"),
    ("平阳县", "浙江省"),
    ("绥宁县", "湖南省"),
    ("开阳县", "贵州省"),
    ("南召县", "河南省"),
)
PLACES = (
    "上塘",
    "西柳",
    "鲁河",
    "北大",
    "宁木特",
    "西大营子",
    "石门",
    "清溪",
    "白沙",
    "龙潭",
    "黄土岭",
    "三河",
    "杨柳",
    "马坊",
    "新店",
    "东坝",
    "桃源",
    "高桥",
    "双龙",
    "岔河",
    "青山",
    "凤凰",
    "城关",
    "柳林",
    "南湖",
    "金沙",
    "古城",
)
DEPARTMENTS = (
    "发展和改革局",
    "教育局",
    "自然资源局",
    "卫生健康委员会",
    "交通运输局",
    "农业农村局",
    "民政局",
    "市场监督管理局",
    "住房和城乡建设局",
    "人力资源和社会保障局",
)
ZONES = ("经济开发区", "高新技术产业开发区", "工业园区", "经济技术开发区", "旅游度假区", "古镇")


@dataclass(frozen=True)
class Body:
    short: str  # what `report.organization` should be (no 人民政府/办公室)
    full: str  # the name as the title prints it
    parent: str  # county-level parent
    kind: str  # 镇 | 乡 | 街道 | department | zone
    me: str  # how the text names itself: 我镇 / 我乡 / 我街道 / 我局 / 我委


def pick_body(rng: random.Random) -> Body:
    county, _province = rng.choice(COUNTIES)
    roll = rng.random()
    if roll < 0.7:
        kind = rng.choice(("镇", "镇", "镇", "乡", "街道"))
        short = rng.choice(PLACES) + kind
        suffix = "办事处" if kind == "街道" else rng.choice(("人民政府", "人民政府", "政府"))
        full = short + suffix
        return Body(short, full, county, kind, f"我{kind}")
    if roll < 0.88:
        dept = rng.choice(DEPARTMENTS)
        short = county + dept
        me = "我委" if dept.endswith("委员会") else "我局"
        return Body(short, short, county, "department", me)
    zone = county.rstrip("县市区旗") + rng.choice(ZONES)
    full = zone + rng.choice(("管委会", "管理委员会"))
    return Body(full, full, county, "zone", "我区")


# ---------------------------------------------------------------- section headings

SECTION_NAMES = {
    "overview": ("总体情况", "总体情况", "总体情况", "工作基本情况", "工作总体推进情况", "概述", "总体情况"),
    "active_disclosure": ("主动公开政府信息情况", "主动公开政府信息情况", "主动公开政府信息的情况"),
    "applications": ("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请的情况"),
    # the typo 行政法复议 is real (issue 13) but rare
    "appeals": ("政府信息公开行政复议、行政诉讼情况",) * 8 + ("政府信息公开行政法复议、行政诉讼情况",),
    "problems": ("存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况", "存在的主要问题及改进情况"),
    "other": ("其他需要报告的事项", "其他需要报告的事项", "其他需要报告的事项"),
}
CN_NUM = "一二三四五六七八九十"


def heading(key_index: int, name: str, style: str) -> str:
    n = CN_NUM[key_index]
    if style == "paren":
        return f"（{n}）{name}"
    if style == "part":
        return f"第{n}部分 {name}"
    if style == "dot":
        return f"{n}.{name}"
    if style == "bold":
        return f"**{n}、{name}**"
    return f"{n}、{name}"


# ---------------------------------------------------------------- prose

OVERVIEW_OPENERS = (
    "{year}年，{full}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，"
    "不断提高政府工作透明度，全面推进政务公开工作。",
    "{year}年度，{full}围绕全面推进基层政务公开标准化规范化工作，扎实做好信息发布、政策解读和回应关切。",
    "{year}年，在{county}委、{county}政府的正确领导下，{me}紧紧围绕中心工作，严格落实政府信息公开各项要求。",
)
OVERVIEW_ACTIVE = (
    "（一）主动公开。全年通过政府信息公开平台主动公开政府信息{n}条，涉及财政预决算、乡村振兴、民生保障等领域。",
    "一是主动公开。一年来{me}主动公开各类政府信息{n}条，其中工作动态{m}条。",
    "{me}在政府网站发布各类信息{n}条，通过公开栏、微信群等线下渠道同步公开惠民惠农资金发放情况。",
)
OVERVIEW_STAFF = (
    "（三）平台建设。在便民服务中心设置政务公开专区，方便群众查阅政府信息。",
    "{me}明确1名分管领导和2名工作人员负责政务公开工作，完善了保密审查和信息发布制度。",
    "将政务公开工作纳入年度目标考核，由党政办统一审核后发布，确保公开内容准确无误。",
)
APPS_NONE = (
    "本年度未收到政府信息公开申请。",
    "{year}年，{me}未收到政府信息公开申请。",
    "全年无依申请公开政府信息情况。",
)
APPS_SOME = (
    "本年度共收到政府信息公开申请{n}件，均在法定期限内答复。",
    "全年共受理政府信息公开申请{n}件，已全部按时办结。",
    "{year}年{me}收到政府信息公开申请{n}件。",
)
APPEALS_NONE = (
    "本年度未发生政府信息公开行政复议、行政诉讼案件。",
    "全年未发生因政府信息公开引起的行政复议、行政诉讼。",
)
APPEALS_RECON = (  # “未发生…被纠错” is no claim that there was no reconsideration (issue 13 item 7)
    "本年度发生政府信息公开行政复议{n}件。",
    "本年度发生政府信息公开行政复议{n}件，未发生因依申请公开被行政复议纠错的情况。",
)
PROBLEMS = (
    "（一）存在问题\n一是公开内容还不够全面，部分领域信息更新不及时；二是工作人员多为兼职，业务能力有待提高。\n"
    "（二）改进措施\n一是加强学习培训，提高工作人员业务水平；二是健全信息审核机制，确保信息公开及时准确。",
    "存在问题：政策解读形式较为单一，图解、视频解读较少；村级公开栏内容更新滞后。\n"
    "改进措施：丰富政策解读形式，增加图文解读比例；建立村级公开栏月度检查制度，督促及时更新。",
    "一是信息公开的主动性有待加强，二是公开栏目的分类还不够细致。下一步，{me}将加强培训，完善制度，进一步提升政务公开工作质量。",
)
# 六: the 信息处理费 statement in the wordings reports use (issue 13 item 7).
FEE_STATEMENTS = (
    "本年度未收取信息处理费。",
    "本年度未发生收费情况。",
    "依据《政府信息公开信息处理费管理办法》，本年度未向申请人收取信息处理费。",
    "本机关本年度收取信息处理费0元。",
    "本年度没有收取政府信息公开信息处理费。",
    "{year}年度{me}未产生信息处理费。",
    "本年度无信息处理费收费情况。",
    "本年度{me}政府信息公开工作未收取任何费用。",
    "全年未出现政府信息公开的收费及减免情况。",
)
OTHER_PLAIN = (
    "本年度召开政务公开专题会议2次，组织业务培训1次。",
    "全年政府信息公开工作机构1个，工作人员2人。",
    "无其他需要报告的事项。",
)
ACTIVE_INTRO = ("", "", "本年度主动公开政府信息情况如下：", "具体情况见下表：")
APPLICATIONS_INTRO = ("", "", "本年度收到和处理政府信息公开申请情况如下：")
APPEALS_INTRO = ("", "", "本年度政府信息公开行政复议、行政诉讼情况如下：")
