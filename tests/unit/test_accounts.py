"""Accounts: scrypt hashes, stable demo passwords per state dir, authenticate."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest

from intake.accounts import accounts_path, authenticate, demo_users, hash_password, set_password, verify_password
from intake.roster_file import load_demo_roster


@pytest.fixture(scope="module")
def demo_state(tmp_path_factory) -> Path:
    """A state dir whose demo accounts are made once: each of the roster's 30 accounts costs a
    scrypt hash, so the tests that only read them share one set (a test that changes accounts
    works on a copy: `own_demo_state`)."""
    root = tmp_path_factory.mktemp("demo-state")
    demo_users(root)
    return root


@pytest.fixture
def own_demo_state(demo_state, tmp_path) -> Path:
    return Path(shutil.copytree(demo_state, tmp_path / "state"))


def test_hash_is_salted_and_verifies():
    a, b = hash_password("秘密 pass"), hash_password("秘密 pass")
    assert a != b  # salted
    assert a.startswith("scrypt$")
    assert verify_password("秘密 pass", a) and verify_password("秘密 pass", b)
    assert not verify_password("秘密 pas", a)
    assert not verify_password("x", "garbage")
    assert not verify_password("x", "bcrypt$1$2$3$4$5")


def test_demo_users_shape_and_roles(demo_state):
    users = demo_users(demo_state)
    roster = load_demo_roster()
    assert {u["role"] for u in users} == {"clerk", "reviewer", "head", "admin"}
    logins = [u["login"] for u in users]
    assert len(logins) == len(set(logins))
    for u in users:
        assert set(u) >= {"login", "password", "role", "email", "organization", "county"}
        assert len(u["password"]) >= 12
        if u["role"] == "clerk":
            body = roster.find_body(u["organization"])
            assert body is not None and u["county"] == body.county
        elif u["role"] in ("reviewer", "head"):
            assert u["organization"] == u["county"] and roster.county(u["county"]) is not None
        else:
            assert u["organization"] is None
    clerk_orgs = {u["organization"] for u in users if u["role"] == "clerk"}
    assert clerk_orgs >= {"宁木特镇", "上塘镇", "鲁河镇", "北大镇", "西大营子镇", "洪泽区", "淮安市"}
    assert len({u["county"] for u in users if u["role"] == "reviewer"}) >= 2
    json.dumps(users, ensure_ascii=False)  # goes into stack.json as is


def test_demo_passwords_are_stable_per_state_dir_and_differ_between_dirs(demo_state, tmp_path):
    first = demo_users(demo_state)
    again = demo_users(demo_state)
    other = demo_users(tmp_path / "b")
    assert first == again
    assert [u["password"] for u in first] != [u["password"] for u in other]
    f = accounts_path(demo_state)
    assert stat.S_IMODE(f.stat().st_mode) == 0o600
    data = json.loads(f.read_text("utf-8"))
    for u in first:
        entry = data["accounts"][u["login"]]
        assert entry["hash"] != u["password"] and verify_password(u["password"], entry["hash"])


def test_authenticate_accepts_the_password_and_rejects_others(demo_state, tmp_path):
    users = demo_users(demo_state)
    roster = load_demo_roster()
    reviewer = next(u for u in users if u["role"] == "reviewer")
    clerk = next(u for u in users if u["role"] == "clerk")
    got = authenticate(demo_state, roster, reviewer["login"], reviewer["password"])
    assert got is not None and got.login == reviewer["login"] and got.role == "reviewer"
    assert authenticate(demo_state, roster, reviewer["login"], reviewer["password"] + "x") is None
    assert authenticate(demo_state, roster, reviewer["login"], clerk["password"]) is None
    assert authenticate(demo_state, roster, "nobody", reviewer["password"]) is None
    assert authenticate(demo_state, roster, reviewer["login"], "") is None
    # a state dir without accounts authenticates nobody
    assert authenticate(tmp_path / "empty", roster, reviewer["login"], reviewer["password"]) is None


def test_set_password_keeps_only_the_hash(own_demo_state):
    roster = load_demo_roster()
    set_password(own_demo_state, "admin", "新密码-123")
    entry = json.loads(accounts_path(own_demo_state).read_text("utf-8"))["accounts"]["admin"]
    assert "password" not in entry
    assert authenticate(own_demo_state, roster, "admin", "新密码-123").role == "admin"
    # the demo listing then makes a fresh plaintext (it has none to show)
    users = {u["login"]: u for u in demo_users(own_demo_state)}
    assert authenticate(own_demo_state, roster, "admin", users["admin"]["password"]) is not None
