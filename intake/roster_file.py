"""The roster file: a TOML file the county office edits, loaded and checked once at start.

Loaded and validated once at start (`load_roster`); every problem is reported at once, each
naming the file, the entry and what is wrong, e.g.

    roster.toml: counties[0] 丰城市 → bodies[1] 上塘镇 → clerks[0]: 'x@' is not an e-mail address

The file format (see `intake/demo_roster.toml` for a complete example):

    [deadline]                 # optional; the report for year Y is due in Y+1
    month = 1                  # default 1月31日
    day = 31
    [deadline.overrides]       # optional: year = date
    2021 = 2022-02-15

    default_county = "丰城市"   # optional: where a report goes when neither its text, its
                               # sender nor the roster names a county (default: first county)

    [[counties]]
    name = "丰城市"
    aliases = ["丰城"]          # optional
    email_domains = ["fc.example.gov.cn"]   # optional: senders of these domains belong here
    intake_desk = "fc-desk"    # optional: reviewer login for bodies not in the roster
                               # (default: the first reviewer of the county by login)
    reminder_days = 3          # remind the reviewer after (default 3)
    escalation_days = 7        # escalate to the county head after (default 7)
    clerk_reminder_days = 5    # remind the clerk of a returned case this long before the deadline

    [[counties.bodies]]
    name = "上塘镇"             # short name, as reports write it
    official_name = "上塘镇人民政府"   # optional, default name + 人民政府
    aliases = ["丰城市上塘镇"]   # optional
    clerks = ["clerk@example.cn", {login = "shangtang", name = "张三", email = "x@y.cn"}]

    [[reviewers]]
    login = "fc-li"
    name = "李审核"
    email = "li@fc.example.gov.cn"
    county = "丰城市"
    role = "reviewer"          # reviewer | head (one head per county)

    [[admins]]
    login = "admin"
    name = "系统管理员"
    email = "admin@example.gov.cn"

A clerk given as a bare e-mail address logs in with that address.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from intake.roster import DEMO_ROSTER, LOGIN_RE, Roster, RosterError, normalize_name


def load_roster(path: Path | str) -> Roster:
    """Read and validate a roster file. Raises RosterError naming the file and every problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RosterError(path, [f"cannot read the file ({exc.strerror or exc})"]) from None
    return parse_roster(raw, path)


def load_demo_roster() -> Roster:
    ref = resources.files("intake").joinpath(DEMO_ROSTER)
    return parse_roster(ref.read_bytes(), Path(str(ref)))


def parse_roster(data: bytes | str, path: Path | str = "<roster>") -> Roster:
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RosterError(path, [f"not valid TOML: {exc}"]) from None
    try:
        roster = Roster.model_validate({**raw, "source": str(path)})
    except ValidationError as exc:
        raise RosterError(path, [_describe(e, raw) for e in exc.errors()]) from None
    problems = _cross_check(roster)
    if problems:
        raise RosterError(path, problems)
    return roster


def _describe(err: Any, raw: dict[str, Any]) -> str:
    """`counties[0] 丰城市 → bodies[1] 上塘镇 → clerks[0]: <problem>`"""
    parts: list[str] = []
    node: Any = raw
    loc = list(err["loc"])
    i = 0
    while i < len(loc):
        key = loc[i]
        if isinstance(key, str) and i + 1 < len(loc) and isinstance(loc[i + 1], int) and isinstance(node, dict):
            idx = loc[i + 1]
            seq = node.get(key)
            item = seq[idx] if isinstance(seq, list) and idx < len(seq) else None
            label = f"{key}[{idx}]"
            if isinstance(item, dict):
                tag = item.get("login") or item.get("name") or item.get("email")
                if isinstance(tag, str):
                    label += f" {tag}"
            elif isinstance(item, str):
                label += f" {item}"
            parts.append(label)
            node = item
            i += 2
            continue
        if (isinstance(key, str) and key.startswith("function-")) or key in ("str", "dict[str,any]"):
            i += 1
            continue  # pydantic union/validator branch names: not part of the user's file
        parts.append(str(key))
        node = node.get(key) if isinstance(node, dict) else None
        i += 1
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        msg = "unknown key (misspelt?)"
    elif err["type"] == "missing":
        msg = "required key missing"
    msg = msg.removeprefix("Value error, ")
    where = " → ".join(parts) if parts else "top level"
    return f"{where}: {msg}"


def _cross_check(r: Roster) -> list[str]:
    """Every problem that needs more than one entry to see, all at once."""
    return [*_names(r), *_logins(r), *_counties(r)]


def _names(r: Roster) -> list[str]:
    """County names unique; body names unique within a county; a body in one county only."""
    problems: list[str] = []
    if not r.counties:
        problems.append("no [[counties]]: at least one county is needed")
    county_names: dict[str, str] = {}
    for c in r.counties:
        for n in (c.name, *c.aliases):
            k = normalize_name(n)
            if k in county_names:
                problems.append(f"county {c.name}: name {n!r} is already used by county {county_names[k]}")
            county_names[k] = c.name
    official: dict[str, str] = {}
    for c in r.counties:
        seen: dict[str, str] = {}
        for b in c.bodies:
            for n in b.names:
                k = normalize_name(n)
                if k in seen and seen[k] != b.name:
                    problems.append(f"county {c.name}: name {n!r} of body {b.name} is also a name of body {seen[k]}")
                seen[k] = b.name
            k = normalize_name(b.official_name)
            if k in official and official[k] != c.name:
                problems.append(f"body {b.official_name} is listed in two counties: {official[k]} and {c.name}")
            official.setdefault(k, c.name)
        dup = [b.name for b in c.bodies]
        for n in sorted({x for x in dup if dup.count(x) > 1}):
            problems.append(f"county {c.name}: body {n} is listed twice")
    return problems


def _logins(r: Roster) -> list[str]:
    """Logins unique over clerks, reviewers and admins; a clerk's e-mail names one body."""
    problems: list[str] = []
    logins: dict[str, str] = {}
    clerk_mail: dict[str, str] = {}

    def claim_login(login: str, who: str) -> None:
        if not LOGIN_RE.match(login):
            problems.append(f"{who}: login {login!r} must be 2-64 letters, digits or . _ @ + -")
        if login in logins:
            problems.append(f"duplicate login {login!r}: {logins[login]} and {who}")
        else:
            logins[login] = who

    for c in r.counties:
        for b in c.bodies:
            for clerk in b.clerks:
                claim_login(clerk.login, f"clerk {clerk.email} of {b.name}")
                here = f"{b.name} ({c.name})"
                if clerk.email in clerk_mail and clerk_mail[clerk.email] != here:
                    problems.append(f"clerk e-mail {clerk.email} is listed for two bodies: {clerk_mail[clerk.email]} and {here}")
                clerk_mail[clerk.email] = here
    for rv in r.reviewers:
        claim_login(rv.login, f"reviewer {rv.login}")
        county = r.county(rv.county)
        if county is None:
            problems.append(f"reviewer {rv.login}: unknown county {rv.county!r}")
        elif county.name != rv.county:
            problems.append(f"reviewer {rv.login}: write the county's name {county.name!r}, not an alias")
    for a in r.admins:
        claim_login(a.login, f"admin {a.login}")
    if not r.admins:
        problems.append("no [[admins]]: at least one admin is needed")
    return problems


def _counties(r: Roster) -> list[str]:
    """Each county has a reviewer, at most one head, a desk of its own and sane periods."""
    problems: list[str] = []
    for c in r.counties:
        revs = [x for x in r.reviewers if x.county == c.name and x.role == "reviewer"]
        heads = [x for x in r.reviewers if x.county == c.name and x.role == "head"]
        if not revs:
            problems.append(f"county {c.name} has no reviewer (add a [[reviewers]] entry with county = {c.name!r})")
        if len(heads) > 1:
            problems.append(f"county {c.name} has {len(heads)} heads ({', '.join(h.login for h in heads)}); one at most")
        if c.intake_desk is not None:
            desk = r.reviewer(c.intake_desk)
            if desk is None:
                problems.append(f"county {c.name}: intake_desk {c.intake_desk!r} is not a reviewer login")
            elif desk.county != c.name:
                problems.append(f"county {c.name}: intake_desk {c.intake_desk!r} is a reviewer of {desk.county}, not of {c.name}")
        if c.escalation_days < c.reminder_days:
            problems.append(f"county {c.name}: escalation_days ({c.escalation_days:g}) is shorter than reminder_days ({c.reminder_days:g})")
    if r.default_county is not None and r.county(r.default_county) is None:
        problems.append(f"default_county: unknown county {r.default_county!r}")
    return problems
