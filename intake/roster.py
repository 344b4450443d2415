"""The roster: who reports, who reviews, and by when: bodies by county, their clerks, the
county's reviewers and head, deadlines. The TOML file the county office edits, and how it is
loaded and checked, are in `intake/roster_file.py`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

DEMO_ROSTER = "demo_roster.toml"

_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
LOGIN_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{1,63}$")
_SUFFIXES = ("人民政府办公室", "人民政府", "政府")


class RosterError(ValueError):
    """The roster file is unusable. `problems` lists every problem, each a full sentence."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = str(path)
        self.problems = problems
        lines = "\n".join(f"  - {self.path}: {p}" for p in problems)
        super().__init__(f"roster {self.path} is invalid ({len(problems)} problem(s)):\n{lines}")


def _email(v: str) -> str:
    v = v.strip()
    if not _EMAIL.match(v):
        raise ValueError(f"{v!r} is not an e-mail address")
    return v.lower()


Email = Annotated[str, AfterValidator(_email)]


def normalize_name(name: str) -> str:
    """Names compare without spaces (ASCII or full-width) and in NFKC form."""
    return "".join(unicodedata.normalize("NFKC", name).split())


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, populate_by_name=True)


class Clerk(_Strict):
    email: Email
    login: str = ""  # default: the e-mail address
    name: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, v: Any) -> Any:
        return {"email": v} if isinstance(v, str) else v

    @model_validator(mode="after")
    def _default_login(self) -> Clerk:
        if not self.login:
            object.__setattr__(self, "login", self.email)
        return self


class Body(_Strict):
    """A reporting body (township government, district, city): one report per year."""

    name: str = Field(min_length=1)  # short name: 上塘镇
    official_name: str = ""  # 上塘镇人民政府 (default name + 人民政府)
    aliases: tuple[str, ...] = ()
    clerks: tuple[Clerk, ...] = ()
    county: str = ""  # filled from the enclosing [[counties]] entry

    @model_validator(mode="after")
    def _default_official(self) -> Body:
        if not self.official_name:
            object.__setattr__(self, "official_name", self.name + "人民政府")
        return self

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.official_name, *self.aliases)

    @property
    def clerk_emails(self) -> tuple[str, ...]:
        return tuple(c.email for c in self.clerks)


class County(_Strict):
    """A reviewing office (a county, county-level city or district; in the demo also a
    prefecture or province for the reports of bodies one level up)."""

    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    email_domains: tuple[str, ...] = ()
    intake_desk: str | None = None
    reminder_days: float = Field(default=3, gt=0)
    escalation_days: float = Field(default=7, gt=0)
    clerk_reminder_days: float = Field(default=5, gt=0)
    bodies: tuple[Body, ...] = ()

    @field_validator("email_domains")
    @classmethod
    def _domains(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for d in v:
            d = d.strip().lower().lstrip("@")
            if not re.match(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$", d):
                raise ValueError(f"{d!r} is not a mail domain")
            out.append(d)
        return tuple(out)

    @model_validator(mode="after")
    def _stamp_bodies(self) -> County:
        object.__setattr__(self, "bodies", tuple(b.model_copy(update={"county": self.name}) for b in self.bodies))
        return self

    @property
    def reminder_period(self) -> timedelta:
        return timedelta(days=self.reminder_days)

    @property
    def escalation_period(self) -> timedelta:
        return timedelta(days=self.escalation_days)

    @property
    def clerk_reminder_before(self) -> timedelta:
        return timedelta(days=self.clerk_reminder_days)


class Reviewer(_Strict):
    login: str
    name: str
    email: Email
    county: str
    role: Literal["reviewer", "head"] = "reviewer"


class Admin(_Strict):
    login: str
    name: str
    email: Email


class Deadline(_Strict):
    month: int = Field(default=1, ge=1, le=12)
    day: int = Field(default=31, ge=1, le=31)
    overrides: dict[int, date] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _valid_day(self) -> Deadline:
        try:
            date(2001, self.month, self.day)  # a non-leap year: 2月29日 is refused
        except ValueError:
            raise ValueError(f"{self.month}月{self.day}日 is not a date in every year") from None
        return self


Role = Literal["clerk", "reviewer", "head", "admin"]


class User(_Strict):
    """An account: one login, one role."""

    login: str
    name: str | None = None
    role: Role
    email: str
    county: str | None = None  # clerks, reviewers, heads
    organization: str | None = None  # clerks: body short name; reviewers/heads: county; admin: None


class Roster(_Strict):
    # `[deadline]` in the file; `deadline(year)` is the lookup
    deadline_rule: Deadline = Field(default_factory=Deadline, alias="deadline")
    default_county: str | None = None
    counties: tuple[County, ...] = ()
    reviewers: tuple[Reviewer, ...] = ()
    admins: tuple[Admin, ...] = ()
    source: str = ""  # the file it was loaded from, for messages

    # ------------------------------------------------------------------ lookups

    def county(self, name: str | None) -> County | None:
        """A county by name or alias (spaces ignored)."""
        if not name:
            return None
        key = normalize_name(name)
        for c in self.counties:
            if key in (normalize_name(n) for n in (c.name, *c.aliases)):
                return c
        return None

    @property
    def bodies(self) -> tuple[Body, ...]:
        return tuple(b for c in self.counties for b in c.bodies)

    def find_body(self, organization: str | None, parent: str | None = None, sender_email: str | None = None) -> Body | None:
        """The body a report comes from.

        `organization` is matched against short names, official names and aliases; a prefix
        naming a county (万宁市北大镇, 淮安市洪泽区人民政府) and a 人民政府 suffix are tolerated.
        When the name fits bodies in several counties, `parent` (the county the report names)
        and then the sender's county decide. Without a usable name, the sender's address
        identifies the body when it is a clerk's address.
        """
        by_sender = self.body_for_email(sender_email)
        if organization:
            matches, implied_parent = self._match_name(organization)
            parent = parent or implied_parent
            if len(matches) > 1 and parent:
                pc = self.county(parent)
                matches = [b for b in matches if pc is not None and b.county == pc.name] or matches
            if len(matches) > 1 and by_sender is not None:
                matches = [b for b in matches if b is by_sender or b.county == by_sender.county] or matches
            if len(matches) > 1:
                sc = self.county_for_email(sender_email)
                matches = [b for b in matches if sc is not None and b.county == sc.name] or matches
            if len(matches) == 1:
                return matches[0]
            if matches:
                return None  # ambiguous: the intake desk decides
        return by_sender

    def _match_name(self, organization: str) -> tuple[list[Body], str | None]:
        """Bodies whose name is exactly `organization`, else those matching a variant (no
        人民政府 suffix, no county prefix); and the county a prefix named, if any."""
        key = normalize_name(organization)
        implied = next((cn for cn in self._county_names() if key.startswith(cn) and len(key) > len(cn)), None)
        exact = [b for b in self.bodies if key in (normalize_name(n) for n in b.names)]
        if exact:
            return exact, implied
        candidates = _name_variants(organization, self._county_names())
        loose = [b for b in self.bodies if candidates & {v for n in b.names for v in _name_variants(n, ())}]
        return loose, implied

    def _county_names(self) -> list[str]:
        names = [normalize_name(n) for c in self.counties for n in (c.name, *c.aliases)]
        return sorted(set(names), key=len, reverse=True)

    def body_for_email(self, email: str | None) -> Body | None:
        if not email:
            return None
        e = email.strip().lower()
        for b in self.bodies:
            if e in b.clerk_emails:
                return b
        return None

    def county_for_email(self, email: str | None) -> County | None:
        """The county a sender belongs to: a clerk's body's county, a reviewer's county,
        or a county listing the sender's mail domain."""
        if not email:
            return None
        e = email.strip().lower()
        body = self.body_for_email(e)
        if body is not None:
            return self.county(body.county)
        for r in self.reviewers:
            if r.email == e:
                return self.county(r.county)
        domain = e.rpartition("@")[2]
        for c in self.counties:
            if domain in c.email_domains:
                return c
        return None

    def county_for(self, parent: str | None = None, sender_email: str | None = None, body: Body | None = None) -> County:
        """Where a case goes: the body's county, else the county the report names, else
        the sender's county, else the default county. Never None."""
        if body is not None:
            c = self.county(body.county)
            if c is not None:
                return c
        return self.county(parent) or self.county_for_email(sender_email) or self.fallback_county()

    def fallback_county(self) -> County:
        """The county that takes what no roster entry places: the default county, else the first."""
        return self.county(self.default_county) or self.counties[0]

    def reviewers_of(self, county: str, role: Literal["reviewer", "head"] | None = "reviewer") -> list[Reviewer]:
        """Reviewers of a county, sorted by login. role=None: reviewers and the head."""
        c = self.county(county)
        if c is None:
            return []
        return sorted(
            (r for r in self.reviewers if r.county == c.name and (role is None or r.role == role)),
            key=lambda r: r.login,
        )

    def head_of(self, county: str) -> Reviewer | None:
        heads = self.reviewers_of(county, role="head")
        return heads[0] if heads else None

    def intake_desk(self, county: str) -> Reviewer:
        c = self.county(county)
        if c is None:
            raise KeyError(f"unknown county {county!r}")
        if c.intake_desk:
            r = self.reviewer(c.intake_desk)
            assert r is not None  # checked at load
            return r
        return self.reviewers_of(c.name)[0]

    def pick_reviewer(self, county: str, open_cases_by_login: dict[str, int]) -> Reviewer:
        """The least-loaded reviewer (role reviewer) of the county; ties go to the smallest
        login. Logins missing from the dict have no open cases."""
        candidates = self.reviewers_of(county)
        if not candidates:
            raise KeyError(f"county {county!r} has no reviewer")
        return min(candidates, key=lambda r: (open_cases_by_login.get(r.login, 0), r.login))

    def may_decide(self, login: str, county: str) -> bool:
        """Reviewers and the head of the case's county may decide; nobody else (not admins,
        not reviewers of another county)."""
        c = self.county(county)
        r = self.reviewer(login)
        return c is not None and r is not None and r.county == c.name

    def reviewer(self, login: str) -> Reviewer | None:
        for r in self.reviewers:
            if r.login == login:
                return r
        return None

    def user(self, login: str) -> User | None:
        for u in self.users():
            if u.login == login:
                return u
        return None

    def users(self) -> list[User]:
        """Every account the roster defines: clerks, reviewers and heads, admins."""
        out: list[User] = []
        for c in self.counties:
            for b in c.bodies:
                for k in b.clerks:
                    out.append(User(login=k.login, name=k.name, role="clerk", email=k.email, county=c.name, organization=b.name))
        for r in self.reviewers:
            out.append(User(login=r.login, name=r.name, role=r.role, email=r.email, county=r.county, organization=r.county))
        for a in self.admins:
            out.append(User(login=a.login, name=a.name, role="admin", email=a.email))
        return out

    def deadline(self, year: int) -> date:
        """When the report for `year` is due: the override, else month/day of year + 1."""
        rule = self.deadline_rule
        if year in rule.overrides:
            return rule.overrides[year]
        return date(year + 1, rule.month, rule.day)


def _name_variants(name: str, county_names: Iterable[str]) -> set[str]:
    """A name, without a 人民政府 suffix, and without a leading county name."""
    n = normalize_name(name)
    out = {n}
    for s in _SUFFIXES:
        if n.endswith(s) and len(n) > len(s):
            out.add(n[: -len(s)])
    for v in list(out):
        for cn in county_names:
            if v.startswith(cn) and len(v) > len(cn):
                out.add(v[len(cn) :])
                break
    for v in list(out):
        for s in _SUFFIXES:
            if v.endswith(s) and len(v) > len(s):
                out.add(v[: -len(s)])
    return out
