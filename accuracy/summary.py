"""Aggregate case scores: per family kind/cell/metadata accuracy, per rule precision and
recall (overall and per family), the worst cases."""

from __future__ import annotations

from collections import defaultdict

# Not a finding about the document: the reader saying it could not place some numbers. Every
# generated table is readable, so each one is a reader miss; it is listed, never "deserved".
READER_RULES = ("table.ambiguous",)


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _fmt(x: float | None) -> str:
    return "  -   " if x is None else f"{x:.4f}"


class Summary:
    def __init__(self) -> None:
        self.families: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.rules: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
        self.cases: list[dict] = []

    def add(self, s: dict) -> None:
        f = self.families[s["family"]]
        f["files"] += 1
        f["kind_ok"] += s["kind_expected"] == s["kind_found"]
        f["cells"] += s["cells_total"]
        f["cells_ok"] += s["cells_ok"]
        f["meta"] += s["meta_total"]
        f["meta_ok"] += s["meta_ok"]
        f["passed"] += s["passed"]
        for rule, counts in s["rules"].items():
            for fam in (s["family"], "all"):
                acc = self.rules[rule][fam]
                for i in range(3):
                    acc[i] += counts[i]
        self.cases.append({k: s[k] for k in ("name", "family", "errors", "diffs", "notes", "passed")})

    def family_rows(self) -> dict[str, dict]:
        rows = {}
        total: dict[str, int] = defaultdict(int)
        for fam, f in sorted(self.families.items()):
            for k, v in f.items():
                total[k] += v
            rows[fam] = self._family(f)
        rows["all"] = self._family(total)
        return rows

    @staticmethod
    def _family(f) -> dict:
        return {"files": f["files"], "kind": _ratio(f["kind_ok"], f["files"]), "cells": _ratio(f["cells_ok"], f["cells"]),
                "metadata": _ratio(f["meta_ok"], f["meta"]), "clean_files": _ratio(f["passed"], f["files"])}

    def rule_rows(self) -> dict[str, dict]:
        out = {}
        for rule, fams in sorted(self.rules.items()):
            out[rule] = {fam: {"tp": c[0], "fp": c[1], "fn": c[2], "precision": _ratio(c[0], c[0] + c[1]),
                               "recall": _ratio(c[0], c[0] + c[2])} for fam, c in sorted(fams.items())}
        return out

    def worst(self, k: int) -> list[dict]:
        bad = sorted((c for c in self.cases if not c["passed"]), key=lambda c: -c["errors"])
        per_family: dict[str, int] = defaultdict(int)
        out = []
        for c in bad:  # the worst, but no family crowds out the others
            if per_family[c["family"]] < max(2, k // max(1, len(self.families))):
                per_family[c["family"]] += 1
                out.append(c)
            if len(out) >= k:
                break
        return out

    def to_json(self) -> dict:
        return {"families": self.family_rows(), "rules": self.rule_rows(), "worst": self.worst(30)}

    def render(self, k: int, seconds: float) -> str:
        lines = [f"\n{sum(f['files'] for f in self.families.values())} files in {seconds:.0f} s", "",
                 f"{'family':<16}{'files':>6}  {'kind':>7} {'cells':>7} {'meta':>7} {'clean':>7}"]
        for fam, r in self.family_rows().items():
            lines.append(f"{fam:<16}{r['files']:>6}  {_fmt(r['kind']):>7} {_fmt(r['cells']):>7} "
                         f"{_fmt(r['metadata']):>7} {_fmt(r['clean_files']):>7}")
        lines += ["", f"{'rule':<28}{'tp':>6}{'fp':>6}{'fn':>6}  {'prec':>7} {'recall':>7}   worst families (prec/recall)"]
        for rule, fams in self.rule_rows().items():
            a = fams["all"]
            weak = sorted(((f, v) for f, v in fams.items() if f != "all"),
                          key=lambda fv: min(fv[1]["precision"] or 1, fv[1]["recall"] or 1))[:3]
            weak_s = ", ".join(f"{f} {_fmt(v['precision'])}/{_fmt(v['recall'])}" for f, v in weak
                               if min(v["precision"] or 1, v["recall"] or 1) < 1)
            tag = " (reader)" if rule in READER_RULES else ""
            lines.append(f"{rule + tag:<28}{a['tp']:>6}{a['fp']:>6}{a['fn']:>6}  {_fmt(a['precision']):>7} "
                         f"{_fmt(a['recall']):>7}   {weak_s}")
        lines += ["", "worst cases (regenerate: accuracy.generate.make_case(seed, family)):"]
        for c in self.worst(k):
            lines.append(f"- {c['name']} ({c['errors']} errors; {'; '.join(c['notes'][:4])})")
            lines += [f"    {d}" for d in c["diffs"][:5]]
        return "\n".join(lines)


def markdown(data: dict) -> str:
    """The README tables of a summary.json: per family, then per rule (precision/recall by family)."""
    def f3(x):
        return "–" if x is None else f"{x:.3f}"

    def f2(x):
        return "–" if x is None else f"{x:.2f}"

    out = ["| family | files | kind | cells | metadata | files fully right |", "|---|---|---|---|---|---|"]
    for fam, r in data["families"].items():
        out.append(f"| {fam} | {r['files']} | {f3(r['kind'])} | {f3(r['cells'])} | {f3(r['metadata'])} | {f3(r['clean_files'])} |")
    fams = [f for f in data["families"] if f not in ("all", "lookalike")]
    out += ["", "| rule | tp / fp / fn | precision | recall | " + " | ".join(fams) + " |",
            "|---|---|---|---|" + "---|" * len(fams)]
    for rule, v in data["rules"].items():
        a = v["all"]
        per = ["" if f not in v else f"{f2(v[f]['precision'])}/{f2(v[f]['recall'])}" for f in fams]
        out.append(f"| {rule} | {a['tp']} / {a['fp']} / {a['fn']} | {f2(a['precision'])} | {f2(a['recall'])} | "
                   + " | ".join(per) + " |")
    return "\n".join(out)


if __name__ == "__main__":
    import json
    import sys

    print(markdown(json.load(open(sys.argv[1], encoding="utf-8"))))
