"""Module and function sizes (issue 12's habit): a module over 400 lines or a function over 60
(a workflow's `run` over 100) needs a reason in a `# size: …` comment near its top (the first
10 lines of the module, or the lines right after the def). Prints each offender; exit 1 if any.

`check_sizes.py [PATH ...]` checks those only: a package, or a folder or module inside one
(e.g. `annual_report/rules`); default: every package."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGES = ["annual_report", "intake", "adapters", "workflows", "activities", "workers", "cli"]
MODULE_MAX, FUNCTION_MAX, RUN_MAX = 400, 60, 100


def reasoned(lines: list[str], start: int, count: int = 10) -> bool:
    return any("# size:" in line for line in lines[start : start + count])


def modules(root: Path, where: str) -> list[Path]:
    target = root / where
    return [target] if target.is_file() else sorted(target.rglob("*.py"))


def offenders(root: Path, paths: list[str] = PACKAGES) -> list[str]:
    out = []
    for where in paths:
        pkg = Path(where).parts[0]
        for path in modules(root, where):
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
    root = Path(__file__).resolve().parents[1]
    unknown = [p for p in sys.argv[1:] if Path(p).parts[0] not in PACKAGES or not (root / p).exists()]
    if unknown:
        sys.exit(f"check_sizes: not in a package of ours: {' '.join(unknown)} (packages: {' '.join(PACKAGES)})")
    found = offenders(root, sys.argv[1:] or PACKAGES)
    for line in found:
        print(line)
    print(f"{len(found)} over the size limits" if found else "sizes ok")
    sys.exit(1 if found else 0)
