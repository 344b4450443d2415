"""Is `make test` slower since issue 12's reshaping? Its fast parts, this tree against the tree
before the reshaping, measured in the same run and alternating.

`.venv/bin/python bench/bench_make_test.py [--base REV] [--rounds 3] [--base-dir /tmp/intake-bench-base]`

The baseline is REV (default: ad2d81f, the last commit before "Shape (issue 12, step 1)"),
checked out with `git worktree add --detach` into `--base-dir` with a venv of its own made
from its own pyproject.toml and constraints.txt (created on first use, reused after). Each
round runs every stage once in each tree, the order of the two trees swapped every round, and
takes wall and CPU seconds (this process's finished children: on a shared, loaded machine CPU
moves far less than wall). Stages:

  - lint warm / lint cold: `scripts/lint.sh` (ruff, ruff format, import-linter, mypy, sizes)
    with mypy's cache as a developer has it, and with an empty one (MYPY_CACHE_DIR, a fresh
    checkout as CI has it). The baseline had no lint stage: 0 s there.
  - import: `python -c "import annual_report.check"`, the check every test and worker imports.
  - unit subset: pytest on the tests both trees have under the same node id, in unit-test
    files both trees have (domain tests: the check's readers, extract, rules, mail, roster,
    audit chain). A test's body may have changed since (issue 13 widened some); the number of
    tests run is printed and the ratio is also given per test.
  - gate, sequential: lint cold, then the unit subset, as `make test` runs them.
  - gate, mypy beside: `lint.sh --fast`, then mypy (cold) in the background while the unit
    subset runs: the alternative tried (no faster on the shared 2-core machine; bench/README.md).
  The baseline runs only the unit subset for the three unit and gate rows.

The integration and browser tests (most of `make test`'s wall time, real servers) are not
here: they wait on servers and timers, and the reshaping changed what they test.
"""

from __future__ import annotations

import argparse
import os
import resource
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE_REV = "ad2d81f"  # parent of 1150178 "Shape (issue 12, step 1)"
# Domain unit tests present in both trees (same file names); fast, no servers, no OCR.
SUBSET = [
    "test_accounts.py",
    "test_audit_chain.py",
    "test_classify.py",
    "test_cjk.py",
    "test_events.py",
    "test_extract_column_headers.py",
    "test_extract_sections_metadata.py",
    "test_extract_tables.py",
    "test_mail_compose.py",
    "test_mailparse.py",
    "test_roster.py",
    "test_rules_ambiguous.py",
    "test_rules_arithmetic.py",
    "test_rules_cells.py",
    "test_rules_crossyear.py",
    "test_rules_metadata.py",
    "test_rules_narrative.py",
    "test_rules_registry.py",
    "test_rules_structure.py",
    "test_rules_table1.py",
    "test_seeds.py",
    "test_text_reader.py",
]


def _cpu() -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def run(tree: Path, argv: list[str]) -> tuple[float, float, str]:
    """(wall, cpu, output) of one command in `tree` with that tree's venv."""
    env = {**os.environ, "PATH": f"{tree / '.venv' / 'bin'}:{os.environ['PATH']}"}
    env.pop("VIRTUAL_ENV", None)
    c0, t0 = _cpu(), time.perf_counter()
    proc = subprocess.run(argv, cwd=tree, env=env, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - t0, _cpu() - c0
    if proc.returncode != 0:
        raise SystemExit(f"{argv} failed in {tree} ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return wall, cpu, proc.stdout


def _pytest(tree: Path) -> list[str]:
    return [str(tree / ".venv" / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"]


def common_tests(trees: list[Path]) -> list[str]:
    """The node ids of the subset's tests that both trees have (same file, same test name and
    parameters): the same checks asked of both, as far as names tell."""
    ids = []
    for tree in trees:
        out = run(tree, [*_pytest(tree), "--collect-only", *(f"tests/unit/{name}" for name in SUBSET)])[2]
        ids.append({line for line in out.splitlines() if "::" in line})
    return sorted(set.intersection(*ids))


def stages(tree: Path, is_base: bool, tests: list[str]) -> dict[str, list[str] | None]:
    """The commands of each stage in `tree`; None: the stage is not run there (the baseline had
    no lint stage, and its gate is its unit subset alone)."""
    unit = [*_pytest(tree), *tests]
    quoted = shlex.join(unit)
    # mypy with an empty cache, as on a fresh checkout; the cache is removed afterwards
    cold = 'c=$(mktemp -d); MYPY_CACHE_DIR="$c" bash scripts/lint.sh'
    beside = (
        'bash scripts/lint.sh --fast && { c=$(mktemp -d); MYPY_CACHE_DIR="$c" bash scripts/lint.sh --types & m=$!; '
        f"{quoted}; p=$?; wait $m && [ $p -eq 0 ]; }}"
    )
    current = {
        "lint warm": ["bash", "scripts/lint.sh"],
        "lint cold": ["bash", "-c", f'{cold}; r=$?; rm -rf "$c"; exit $r'],
        "import": [str(tree / ".venv" / "bin" / "python"), "-c", "import annual_report.check"],
        "unit subset": unit,
        "gate, sequential": ["bash", "-c", f'{cold} && {quoted}; r=$?; rm -rf "$c"; exit $r'],
        "gate, mypy beside": ["bash", "-c", f'{beside}; r=$?; rm -rf "$c"; exit $r'],
    }
    if not is_base:
        return dict(current)
    return {k: (v if k in ("import", "unit subset") else None) for k, v in current.items()}


def ensure_base(rev: str, where: Path) -> Path:
    if not (where / ".git").exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(where), rev], cwd=ROOT, check=True)
    shared = where.parent / "shared"  # the tests find ../shared (seeds, real reports) beside the checkout
    if not shared.exists():
        shared.symlink_to(ROOT.parent / "shared")
    if not (where / ".venv" / "bin" / "pytest").exists():
        subprocess.run([sys.executable, "-m", "venv", str(where / ".venv")], check=True)
        pip = [str(where / ".venv" / "bin" / "pip"), "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, "-c", "constraints.txt", "-e", ".[dev]"], cwd=where, check=True)
    return where


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", default=BASE_REV)
    ap.add_argument("--base-dir", type=Path, default=Path("/tmp/intake-bench-base"))
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    base = ensure_base(args.base, args.base_dir)
    trees = {"current": (ROOT, False), "baseline": (base, True)}
    tests = common_tests([ROOT, base])
    print(f"{len(tests)} tests of the subset have the same node id in both trees", flush=True)
    walls: dict[tuple[str, str], list[float]] = {}
    cpus: dict[tuple[str, str], list[float]] = {}
    counts: dict[str, int] = {}
    for r in range(args.rounds):
        order = list(trees) if r % 2 == 0 else list(reversed(trees))
        for stage in stages(ROOT, False, tests):
            for name in order:
                tree, is_base = trees[name]
                argv = stages(tree, is_base, tests)[stage]
                wall, cpu, out = run(tree, argv) if argv else (0.0, 0.0, "")
                walls.setdefault((name, stage), []).append(wall)
                cpus.setdefault((name, stage), []).append(cpu)
                if stage == "unit subset":
                    counts[name] = _count(out)  # (the gate rows run the same tests)
                print(f"round {r + 1} {stage:<18} {name:<9} wall {wall:6.2f} s  cpu {cpu:6.2f} s", flush=True)
    report(walls, cpus, counts, stages(ROOT, False, tests))


def _count(output: str) -> int:
    tail = [line for line in output.splitlines() if " passed" in line]
    return int(tail[-1].split(" passed")[0].split()[-1]) if tail else 0


def report(walls, cpus, counts, names) -> None:
    med = {k: statistics.median(v) for k, v in walls.items()}
    cmed = {k: statistics.median(v) for k, v in cpus.items()}
    print("\nmedians (wall s / cpu s), current ÷ baseline:")
    for stage in names:
        against = "unit subset" if stage.startswith("gate") else stage  # the baseline's gate: its tests
        cur, base = (med["current", stage], cmed["current", stage]), (med["baseline", against], cmed["baseline", against])
        ratio = f"{cur[0] / base[0]:.2f}× wall, {cur[1] / base[1]:.2f}× cpu" if base[0] else "(none in the baseline)"
        print(f"  {stage:<18} current {cur[0]:6.2f} / {cur[1]:6.2f}   baseline {base[0]:6.2f} / {base[1]:6.2f}   {ratio}")
    n_cur, n_base = counts.get("current", 0), counts.get("baseline", 0)
    if n_cur and n_base:
        per_cur, per_base = cmed["current", "unit subset"] / n_cur, cmed["baseline", "unit subset"] / n_base
        print(
            f"  unit subset: {n_cur} tests now, {n_base} before; cpu per test {per_cur * 1000:.0f} ms vs {per_base * 1000:.0f} ms: {per_cur / per_base:.2f}×"
        )


if __name__ == "__main__":
    main()
