"""The roster: validation errors name file, entry and problem; lookups; routing; demo coverage."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from intake.roster import RosterError
from intake.roster_file import load_demo_roster, load_roster, parse_roster

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

GOOD = """
[[counties]]
name = "丰城市"
aliases = ["丰城"]
email_domains = ["fc.example.gov.cn"]
intake_desk = "fc-b"

[[counties.bodies]]
name = "上塘镇"
aliases = ["上塘"]
clerks = ["st@fc.example.gov.cn"]

[[counties.bodies]]
name = "城关镇"
clerks = [{ login = "cg-fc", email = "cg@fc.example.gov.cn" }]

[[counties]]
name = "万宁市"

[[counties.bodies]]
name = "城关镇"
official_name = "万宁市城关镇人民政府"
clerks = [{ login = "cg-wn", email = "cg@wn.example.gov.cn" }]

[[reviewers]]
login = "fc-b"
name = "B"
email = "b@fc.example.gov.cn"
county = "丰城市"

[[reviewers]]
login = "fc-a"
name = "A"
email = "a@fc.example.gov.cn"
county = "丰城市"

[[reviewers]]
login = "fc-head"
name = "H"
email = "h@fc.example.gov.cn"
county = "丰城市"
role = "head"

[[reviewers]]
login = "wn-a"
name = "W"
email = "w@wn.example.gov.cn"
county = "万宁市"

[[admins]]
login = "admin"
name = "管理员"
email = "admin@example.gov.cn"
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "roster.toml"
    p.write_text(text, encoding="utf-8")
    return p


def problems(tmp_path: Path, text: str) -> list[str]:
    p = write(tmp_path, text)
    with pytest.raises(RosterError) as ei:
        load_roster(p)
    assert str(p) in str(ei.value)  # the message names the file
    assert ei.value.path == str(p)
    return ei.value.problems


def test_good_roster_loads(tmp_path):
    r = load_roster(write(tmp_path, GOOD))
    assert [c.name for c in r.counties] == ["丰城市", "万宁市"]
    c = r.county("丰城")
    assert c is not None and c.name == "丰城市"
    assert (c.reminder_days, c.escalation_days, c.clerk_reminder_days) == (3, 7, 5)
    assert c.reminder_period.days == 3
    st = r.find_body("上塘镇")
    assert st is not None and st.official_name == "上塘镇人民政府" and st.county == "丰城市"
    assert st.clerks[0].login == "st@fc.example.gov.cn"  # bare address: the login is the address


@pytest.mark.parametrize(
    "edit, expected",
    [
        # unknown county referenced by a reviewer
        (lambda t: t.replace('county = "万宁市"', 'county = "万年县"'), ["reviewer wn-a: unknown county '万年县'"]),
        # duplicate login between a clerk and a reviewer
        (lambda t: t.replace('login = "cg-wn"', 'login = "fc-a"'), ["duplicate login 'fc-a'"]),
        # bad e-mail, located by county, body and clerk
        (
            lambda t: t.replace('"st@fc.example.gov.cn"', '"st-at-fc"'),
            ["counties[0] 丰城市 → bodies[0] 上塘镇 → clerks[0]", "'st-at-fc' is not an e-mail address"],
        ),
        # the same township in two counties
        (
            lambda t: t.replace('official_name = "万宁市城关镇人民政府"', 'official_name = "城关镇人民政府"'),
            ["body 城关镇人民政府 is listed in two counties: 丰城市 and 万宁市"],
        ),
        # county without a reviewer
        (
            lambda t: t.replace(
                'login = "wn-a"\nname = "W"\nemail = "w@wn.example.gov.cn"\ncounty = "万宁市"',
                'login = "wn-a"\nname = "W"\nemail = "w@wn.example.gov.cn"\ncounty = "万宁市"\nrole = "head"',
            ),
            ["county 万宁市 has no reviewer"],
        ),
        # intake desk not a reviewer of the county
        (
            lambda t: t.replace('intake_desk = "fc-b"', 'intake_desk = "wn-a"'),
            ["county 丰城市: intake_desk 'wn-a' is a reviewer of 万宁市, not of 丰城市"],
        ),
        # misspelt key
        (lambda t: t.replace("email_domains", "email_domain"), ["counties[0] 丰城市 → email_domain: unknown key"]),
        # bad role
        (lambda t: t.replace('role = "head"', 'role = "boss"'), ["reviewers[2] fc-head → role"]),
        # two names of different bodies collide inside a county
        (
            lambda t: t.replace('aliases = ["上塘"]', 'aliases = ["城关镇"]'),
            ["county 丰城市: name '城关镇' of body 城关镇 is also a name of body 上塘镇"],
        ),
        # a clerk address listed for two bodies
        (
            lambda t: t.replace("cg@wn.example.gov.cn", "cg@fc.example.gov.cn"),
            ["clerk e-mail cg@fc.example.gov.cn is listed for two bodies"],
        ),
        # negative period
        (
            lambda t: t.replace('intake_desk = "fc-b"', 'intake_desk = "fc-b"\nreminder_days = -1'),
            ["counties[0] 丰城市 → reminder_days: Input should be greater than 0"],
        ),
        # no admin
        (lambda t: t.split("[[admins]]")[0], ["no [[admins]]"]),
        # 2月30日
        (lambda t: "[deadline]\nmonth = 2\nday = 30\n" + t, ["deadline: 2月30日 is not a date"]),
    ],
)
def test_validation_errors_name_the_entry_and_the_problem(tmp_path, edit, expected):
    text = edit(GOOD)
    assert text != GOOD
    found = problems(tmp_path, text)
    joined = "\n".join(found)
    for part in expected:
        assert part in joined, joined


def test_every_problem_is_reported_at_once(tmp_path):
    text = GOOD.replace('county = "万宁市"', 'county = "万年县"').replace('"st@fc.example.gov.cn"', '"bad"')
    found = problems(tmp_path, text)
    # pydantic problems come first; the cross checks run once the shape is right
    assert any("is not an e-mail address" in p for p in found)
    fixed = text.replace('"bad"', '"st@fc.example.gov.cn"')
    found = problems(tmp_path, fixed)
    assert any("unknown county '万年县'" in p for p in found)
    assert any("county 万宁市 has no reviewer" in p for p in found)


def test_bad_toml_and_missing_file(tmp_path):
    found = problems(tmp_path, "[[counties]\nname = 1")
    assert found[0].startswith("not valid TOML")
    with pytest.raises(RosterError, match="cannot read the file"):
        load_roster(tmp_path / "nope.toml")


def test_lookups_by_name_official_name_alias_and_email(tmp_path):
    r = load_roster(write(tmp_path, GOOD))
    assert r.find_body("上塘").name == "上塘镇"  # alias
    assert r.find_body("上塘镇人民政府").name == "上塘镇"  # official name
    assert r.find_body(" 上 塘 镇 ").name == "上塘镇"  # spaces ignored
    assert r.find_body("丰城市上塘镇").name == "上塘镇"  # county prefix
    assert r.find_body("下塘镇") is None
    # sender fallback, case-insensitive
    assert r.find_body(None, sender_email="ST@fc.example.gov.cn").name == "上塘镇"
    assert r.find_body("看不懂", sender_email="st@fc.example.gov.cn").name == "上塘镇"
    # 城关镇 exists in both counties: parent, then the sender decide; alone it is ambiguous
    assert r.find_body("城关镇") is None
    assert r.find_body("城关镇", parent="万宁市").county == "万宁市"
    assert r.find_body("城关镇", parent="丰城").county == "丰城市"
    assert r.find_body("城关镇", sender_email="cg@wn.example.gov.cn").county == "万宁市"
    assert r.find_body("城关镇", sender_email="x@fc.example.gov.cn").county == "丰城市"  # domain
    assert r.find_body("万宁市城关镇人民政府").county == "万宁市"


def test_counties_reviewers_heads_and_users(tmp_path):
    r = load_roster(write(tmp_path, GOOD))
    assert [x.login for x in r.reviewers_of("丰城市")] == ["fc-a", "fc-b"]
    assert [x.login for x in r.reviewers_of("丰城市", role=None)] == ["fc-a", "fc-b", "fc-head"]
    assert r.head_of("丰城市").login == "fc-head"
    assert r.head_of("万宁市") is None
    assert r.intake_desk("丰城市").login == "fc-b"  # configured
    assert r.intake_desk("万宁市").login == "wn-a"  # default: first reviewer
    assert r.county_for_email("someone@fc.example.gov.cn").name == "丰城市"
    assert r.county_for_email("cg@wn.example.gov.cn").name == "万宁市"
    assert r.county_for_email("x@gmail.com") is None
    assert r.county_for(parent="万宁市").name == "万宁市"
    assert r.county_for(sender_email="x@gmail.com").name == "丰城市"  # no default_county: the first
    u = r.user("cg-wn")
    assert (u.role, u.organization, u.county) == ("clerk", "城关镇", "万宁市")
    assert r.user("fc-head").role == "head"
    assert r.user("admin").role == "admin" and r.user("admin").organization is None
    assert r.user("nobody") is None


def test_may_decide_only_in_own_county(tmp_path):
    r = load_roster(write(tmp_path, GOOD))
    assert r.may_decide("fc-a", "丰城市")
    assert r.may_decide("fc-head", "丰城市")
    assert r.may_decide("fc-a", "丰城")  # alias of the same county
    assert not r.may_decide("wn-a", "丰城市")
    assert not r.may_decide("admin", "丰城市")
    assert not r.may_decide("cg-fc", "丰城市")  # a clerk
    assert not r.may_decide("fc-a", "不存在县")


def test_pick_reviewer_least_loaded_with_login_tie_break(tmp_path):
    r = load_roster(write(tmp_path, GOOD))
    assert r.pick_reviewer("丰城市", {}).login == "fc-a"
    assert r.pick_reviewer("丰城市", {"fc-a": 1, "fc-b": 1}).login == "fc-a"
    assert r.pick_reviewer("丰城市", {"fc-a": 2, "fc-b": 1}).login == "fc-b"
    assert r.pick_reviewer("丰城市", {"fc-a": 1}).login == "fc-b"  # missing = 0 open cases
    assert r.pick_reviewer("丰城市", {"fc-a": 5, "fc-b": 5, "fc-head": 0}).login == "fc-a"  # heads are not picked
    with pytest.raises(KeyError):
        r.pick_reviewer("不存在县", {})


def test_deadline_default_and_override(tmp_path):
    r = load_roster(write(tmp_path, GOOD))
    assert r.deadline(2021) == date(2022, 1, 31)
    r2 = load_roster(write(tmp_path, "[deadline]\nmonth = 2\nday = 15\n[deadline.overrides]\n2023 = 2024-03-01\n" + GOOD))
    assert r2.deadline(2021) == date(2022, 2, 15)
    assert r2.deadline(2023) == date(2024, 3, 1)


# ------------------------------------------------------------------ the demo roster


def seed_organizations() -> list[str]:
    """The reporting body each seed report names in its first lines."""
    out = []
    for p in sorted(SEEDS.glob("*.txt")):
        head = p.read_text("utf-8")[:4000]
        for name in ("宁木特镇", "上塘镇", "鲁河镇", "北大镇", "西大营子镇"):
            if name in head:
                out.append(name)
                break
        else:
            raise AssertionError(f"no known body in {p.name}")
    return out


def test_demo_roster_covers_every_sample_body_in_several_counties():
    r = load_demo_roster()
    orgs = seed_organizations()
    assert sorted(orgs) == sorted(["宁木特镇", "上塘镇", "鲁河镇", "北大镇", "西大营子镇"])
    expected = {
        "上塘镇": "丰城市",
        "北大镇": "万宁市",
        "西大营子镇": "龙城区",
        "洪泽区": "淮安市",
        "淮安市": "江苏省",
    }
    counties = set()
    for org in orgs + ["洪泽区", "淮安市"]:
        body = r.find_body(org)
        assert body is not None, org
        assert body.clerks, f"{org} has no clerk account"
        if org in expected:
            assert body.county == expected[org], org
        counties.add(body.county)
        county = r.county(body.county)
        assert r.reviewers_of(county.name), county.name
        assert r.head_of(county.name) is not None, county.name
    assert len(counties) >= 2
    # as the reports write themselves, with their parent
    assert r.find_body("万宁市北大镇").name == "北大镇"
    assert r.find_body("淮安市洪泽区人民政府").name == "洪泽区"
    assert r.find_body("洪泽区", parent="淮安市").name == "洪泽区"
    assert r.find_body("淮安市人民政府", parent="江苏省").name == "淮安市"
    roles = {u.role for u in r.users()}
    assert roles == {"clerk", "reviewer", "head", "admin"}


def test_demo_roster_file_is_plain_toml_with_comments_for_undecided_counties():
    from importlib import resources

    text = resources.files("intake").joinpath("demo_roster.toml").read_text("utf-8")
    tomllib.loads(text)
    assert "宁木特镇" in text and "鲁河镇" in text and "names no county" in text
    assert parse_roster(text).find_body("鲁河镇") is not None
