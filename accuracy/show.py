"""Regenerate one case and show it: the rendered file (text families), the truth, and what
differed from `check_bytes`.

    .venv/bin/python -m accuracy.show FAMILY SEED [--write DIR] [--text]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from accuracy.cli import run_one
from accuracy.generate import make_case
from accuracy.render import render


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("family")
    ap.add_argument("seed", type=int)
    ap.add_argument("--write", type=Path, help="write the rendered file into this directory")
    ap.add_argument("--text", action="store_true", help="print the rendered text (text families)")
    args = ap.parse_args(argv)
    case = make_case(args.seed, args.family)
    data, ext = render(case)
    if args.write:
        args.write.mkdir(parents=True, exist_ok=True)
        path = args.write / f"{case.name}.{ext}"
        path.write_bytes(data)
        print(f"wrote {path}")
    if args.text and ext in ("txt", "md"):
        from annual_report.readers.text import decode_text

        print(decode_text(data)[0])
    score, _, _, detail = run_one(args.seed, args.family)
    print(json.dumps(detail["truth"], ensure_ascii=False, indent=1))
    print(f"errors: {score['errors']}")
    for d in score["diffs"]:
        print("  " + d)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
