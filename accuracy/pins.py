"""Print KNOWN_GOOD for tests/unit/test_accuracy_sample.py: what each sample case gets right
with the code as it is now. Run it after a reader fix (or a generator change), compare with the
test's dict, and raise the pins; a property that a case loses is a regression to look at.

    .venv/bin/python -m accuracy.pins
"""

from __future__ import annotations

from accuracy.cli import run_one


def properties(score: dict) -> set[str]:
    if score["passed"]:
        return {"exact"}
    good = set()
    if score["kind_expected"] == score["kind_found"]:
        good.add("kind")
    if score["cells_total"] and score["cells_ok"] == score["cells_total"]:
        good.add("cells")
    if score["meta_total"] and score["meta_ok"] == score["meta_total"]:
        good.add("meta")
    return good


def main() -> int:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.unit.test_accuracy_sample import CASES

    for family, seed in CASES:
        score, _, _, _ = run_one(seed, family)
        good = properties(score)
        false = sorted({d.split()[1] for d in score["diffs"] if d.startswith("FALSE")})
        pin = "{" + ", ".join(f'"{g}"' for g in sorted(good)) + "}" if good else "set()"
        print(f'    "{score["name"]}": {pin},  # false: {", ".join(false) or "-"}')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
