"""Module and function sizes (issue 12's habit): a module over 400 lines or a function over 60
(a workflow's `run` over 100) needs a reason in a `# size: …` comment near its top (the first
10 lines of the module, or the lines right after the def). Prints each offender; exit 1 if any.

`check_sizes.py [PACKAGE ...]` checks those packages only (default: every package)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGES = ["annual_report", "intake", "adapters", "workflows", "activities", "workers", "cli"]
MODULE_MAX, FUNCTION_MAX, RUN_MAX = 400, 60, 100


def reasoned(lines: list[str], start: int, count: int = 10) -> bool:
    return any("# size:" in line for line in lines[start : start + count])


def offenders(root: Path, packages: list[str] = PACKAGES) -> list[str]:
    out = []
    for pkg in packages:
        for path in sorted((root / pkg).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            lines = text.splitlines()
            rel = path.relative_to(root)
            if len(lines) > MODULE_MAX and not reasoned(lines, 0):
                out.append(f"{rel}: {len(lines)} lines (max {MODULE_MAX})")
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    size = (node.end_lineno or node.lineno) - node.lineno + 1
                    limit = RUN_MAX if node.name == "run" and pkg == "workflows" else FUNCTION_MAX
                    body_start = node.body[0].lineno - 1 if node.body else node.lineno
                    if size > limit and not reasoned(lines, node.lineno - 1, body_start - node.lineno + 4):
                        out.append(f"{rel}:{node.lineno} {node.name}(): {size} lines (max {limit})")
    return out


if __name__ == "__main__":
    unknown = [p for p in sys.argv[1:] if p not in PACKAGES]
    if unknown:
        sys.exit(f"check_sizes: not a package of ours: {' '.join(unknown)} (known: {' '.join(PACKAGES)})")
    found = offenders(Path(__file__).resolve().parents[1], sys.argv[1:] or PACKAGES)
    for line in found:
        print(line)
    print(f"{len(found)} over the size limits" if found else "sizes ok")
    sys.exit(1 if found else 0)
