"""rules/__init__.py and rules/registry.py: the registry, run_rules ordering, message helpers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annual_report.model import Finding
from annual_report.rules import RULES, run_rules
from annual_report.rules.registry import EXTRA_RULES, rule
from tests.unit.report_factory import make_previous, make_report, reworded, set_cell

SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec" / "check-output.md"


def spec_rules() -> dict[str, str]:
    """rule id -> severity, from the tables of the contract."""
    out = {}
    for m in re.finditer(r"^\| ([a-z0-9_]+\.[a-z0-9_.]+) \| (error|warning|info) \|", SPEC.read_text(encoding="utf-8"), re.M):
        out[m.group(1)] = m.group(2)
    return out


def test_every_contract_rule_is_registered_with_its_severity():
    registered = {r.id: r.severity for r in RULES}
    contract = spec_rules()
    assert len(contract) == 22
    # the contract's rules, plus the product's own (documented in registry.EXTRA_RULES)
    assert registered == {**contract, "table.ambiguous": "warning"}
    assert set(registered) - set(contract) == set(EXTRA_RULES)


def test_registry_entries_are_listable():
    for r in RULES:
        assert r.summary and r.module in {"structure", "metadata", "cells", "arithmetic", "table1", "narrative", "prose", "crossyear"}
        assert callable(r.func)
    assert {r.id for r in RULES if r.needs_previous} == {"crossyear.carry_over", "crossyear.in_force", "text.repeated"}


def test_registering_an_id_twice_is_refused():
    with pytest.raises(ValueError):
        rule("cell.missing", "error", "dup")(lambda report, previous=None: [])


def test_findings_are_ordered_by_place_then_row_then_column():
    report = make_report()
    previous = make_previous(report)
    report.metadata.organization = None  # metadata first
    report.sections["other"].text = "无"  # section 六 last
    set_cell(report, "appeals", "reconsideration", 4, 3)  # table 3
    set_cell(report, "applications", "carried_forward", 6, None)  # table 2, row 四
    set_cell(report, "applications", "granted", 6, None)  # table 2, row （一）
    set_cell(report, "applications", "new_received", 0, None)  # table 2, row 一, column 自然人
    set_cell(report, "active_disclosure", "licensing", "decisions", -1)  # table 1
    report.tables.labels = [reworded("applications", "new_received", "一、本年新收申请", "一、本年新收政府信息公开申请数量", line=5)]
    found = run_rules(report, previous)
    assert [(f.rule, f.row, f.column) for f in found] == [
        ("metadata.missing", None, None),
        ("value.invalid", "licensing", "本年处理决定数量"),
        ("label.nonstandard", "new_received", None),  # a whole-row finding comes before the row's cells
        ("cell.missing", "new_received", "自然人"),
        ("cell.missing", "granted", "总计"),
        ("cell.missing", "carried_forward", "总计"),
        ("appeals.total", "reconsideration", "总计"),
        ("section6.fee_statement", None, None),
    ]
    assert all(type(f) is Finding for f in found)


def test_run_rules_is_deterministic():
    report = make_report("2019")
    set_cell(report, "applications", "total", 2, 4)
    set_cell(report, "applications", "total", 3, 4)
    first = [f.model_dump() for f in run_rules(report)]
    assert first == [f.model_dump() for f in run_rules(report)]
    assert [f["column"] for f in first if f["rule"] == "applications.balance"] == ["科研机构", "社会公益组织"]


def test_every_finding_names_a_place_a_clerk_can_find():
    report = make_report()
    for key in ("overview", "problems"):
        report.sections[key].present = False
    set_cell(report, "applications", "withheld_state_secret", 5, 2)
    for f in run_rules(report):
        assert f.where and f.message.endswith(("。", "）。"))
        if f.table:
            assert f.where.startswith(report.sections[f.table].heading)
