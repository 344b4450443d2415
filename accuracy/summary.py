"""Aggregate case scores: per family kind/cell/metadata accuracy, per rule precision and
recall (overall and per family), the worst cases."""

from __future__ import annotations

from collections import defaultdict

# Not a finding about the document: the reader saying it could not place some numbers. It is
# expected only where no reader can place them (web digits of 行政规范性文件 that split several
# ways); everywhere else every generated table is readable, and each one is a reader miss.
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
        self.variants: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        # rule -> {"false": [case names], "missed": [case names]}: where to look first
        self.examples: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"false": [], "missed": []})

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
        v = self.variants[(s["family"], s.get("variant", ""))]
        v["files"] += 1
        v["kind_ok"] += s["kind_expected"] == s["kind_found"]
        v["cells"] += s["cells_total"]
        v["cells_ok"] += s["cells_ok"]
        v["passed"] += s["passed"]
        v["false"] += sum(c[1] for c in s["rules"].values())
        self.cases.append({k: s[k] for k in ("name", "family", "errors", "diffs", "notes", "passed")})
        for d in s["diffs"]:
            kind, _, rest = d.partition(" ")
            if kind in ("FALSE", "MISSED"):
                rule = rest.split("@")[0].split()[0]
                seen = self.examples[rule][kind.lower()]
                if len(seen) < 5 and s["name"] not in seen:
                    seen.append(s["name"])

    def family_rows(self) -> dict[str, dict]:
        rows = {}
        total: dict[str, int] = defaultdict(int)
        for fam, f in sorted(self.families.items()):
            for k, v in f.items():
                total[k] += v
            rows[fam] = self._family(f) | self._weakest(fam)
        rows["all"] = self._family(total) | self._weakest("all")
        return rows

    def _weakest(self, fam: str) -> dict:
        """The rule with the lowest precision and the one with the lowest recall in a family, and
        whether the family meets issue 13's bar (kind, cells ≥ 0.995; every rule ≥ 0.98 / ≥ 0.95)."""
        prec = [(c[0] / (c[0] + c[1]), r) for r, fams in self.rules.items() if (c := fams.get(fam)) and c[0] + c[1]]
        rec = [(c[0] / (c[0] + c[2]), r) for r, fams in self.rules.items() if (c := fams.get(fam)) and c[0] + c[2]]
        lo_p, lo_r = min(prec, default=(None, None)), min(rec, default=(None, None))
        return {
            "min_precision": lo_p[0] and round(lo_p[0], 4),
            "min_precision_rule": lo_p[1],
            "min_recall": lo_r[0] and round(lo_r[0], 4),
            "min_recall_rule": lo_r[1],
        }

    @staticmethod
    def meets_bar(r: dict) -> bool:
        ok = [
            (r["kind"] or 0) >= 0.995,
            r["cells"] is None or r["cells"] >= 0.995,
            r["min_precision"] is None or r["min_precision"] >= 0.98,
            r["min_recall"] is None or r["min_recall"] >= 0.95,
        ]
        return all(ok)

    @staticmethod
    def _family(f) -> dict:
        return {
            "files": f["files"],
            "kind": _ratio(f["kind_ok"], f["files"]),
            "cells": _ratio(f["cells_ok"], f["cells"]),
            "metadata": _ratio(f["meta_ok"], f["meta"]),
            "clean_files": _ratio(f["passed"], f["files"]),
        }

    def rule_rows(self) -> dict[str, dict]:
        out = {}
        for rule, fams in sorted(self.rules.items()):
            out[rule] = {
                fam: {"tp": c[0], "fp": c[1], "fn": c[2], "precision": _ratio(c[0], c[0] + c[1]), "recall": _ratio(c[0], c[0] + c[2])}
                for fam, c in sorted(fams.items())
            }
        return out

    def worst(self, k: int) -> list[dict]:
        if k <= 0:
            return []
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

    def variant_rows(self) -> list[dict]:
        return [
            {
                "family": fam,
                "variant": var,
                "files": v["files"],
                "kind": _ratio(v["kind_ok"], v["files"]),
                "cells": _ratio(v["cells_ok"], v["cells"]),
                "clean_files": _ratio(v["passed"], v["files"]),
                "false_findings_per_file": round(v["false"] / v["files"], 2),
            }
            for (fam, var), v in sorted(self.variants.items())
        ]

    def to_json(self) -> dict:
        return {
            "families": self.family_rows(),
            "rules": self.rule_rows(),
            "variants": self.variant_rows(),
            "examples": dict(sorted(self.examples.items())),
            "worst": self.worst(30),
        }

    def render(self, k: int, seconds: float) -> str:
        lines = [
            f"\n{sum(f['files'] for f in self.families.values())} files in {seconds:.0f} s",
            "",
            f"{'family':<16}{'files':>6}  {'kind':>7} {'cells':>7} {'meta':>7} {'clean':>7}   "
            f"{'lowest precision':<34}{'lowest recall':<34}bar",
        ]
        for fam, r in self.family_rows().items():
            lo_p = f"{_fmt(r['min_precision'])} {r['min_precision_rule'] or ''}"
            lo_r = f"{_fmt(r['min_recall'])} {r['min_recall_rule'] or ''}"
            lines.append(
                f"{fam:<16}{r['files']:>6}  {_fmt(r['kind']):>7} {_fmt(r['cells']):>7} "
                f"{_fmt(r['metadata']):>7} {_fmt(r['clean_files']):>7}   {lo_p:<34}{lo_r:<34}"
                f"{'MET' if self.meets_bar(r) else 'no'}"
            )
        lines += ["", f"{'rule':<28}{'tp':>6}{'fp':>6}{'fn':>6}  {'prec':>7} {'recall':>7}   worst families (prec/recall)"]
        for rule, fams in self.rule_rows().items():
            a = fams["all"]
            weak = sorted(
                ((f, v) for f, v in fams.items() if f != "all"), key=lambda fv: min(fv[1]["precision"] or 1, fv[1]["recall"] or 1)
            )[:3]
            weak_s = ", ".join(
                f"{f} {_fmt(v['precision'])}/{_fmt(v['recall'])}" for f, v in weak if min(v["precision"] or 1, v["recall"] or 1) < 1
            )
            tag = " (reader)" if rule in READER_RULES else ""
            lines.append(
                f"{rule + tag:<28}{a['tp']:>6}{a['fp']:>6}{a['fn']:>6}  {_fmt(a['precision']):>7} {_fmt(a['recall']):>7}   {weak_s}"
            )
        lines += ["", "first cases per rule (false / missed):"]
        for rule, ex in sorted(self.examples.items()):
            lines.append(f"  {rule:<26} false: {', '.join(ex['false']) or '-'}; missed: {', '.join(ex['missed']) or '-'}")
        lines += ["", f"{'family':<16}{'variant':<34}{'files':>6}  {'kind':>7} {'cells':>7} {'clean':>7} {'false/file':>10}"]
        for r in self.variant_rows():
            lines.append(
                f"{r['family']:<16}{r['variant'][:33]:<34}{r['files']:>6}  {_fmt(r['kind']):>7} {_fmt(r['cells']):>7} "
                f"{_fmt(r['clean_files']):>7} {r['false_findings_per_file']:>10}"
            )
        lines += ["", "worst cases (regenerate: .venv/bin/python -m accuracy.show FAMILY SEED --text):"]
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
    out += ["", "| rule | tp / fp / fn | precision | recall | " + " | ".join(fams) + " |", "|---|---|---|---|" + "---|" * len(fams)]
    for rule, v in data["rules"].items():
        a = v["all"]
        per = ["" if f not in v else f"{f2(v[f]['precision'])}/{f2(v[f]['recall'])}" for f in fams]
        out.append(f"| {rule} | {a['tp']} / {a['fp']} / {a['fn']} | {f2(a['precision'])} | {f2(a['recall'])} | " + " | ".join(per) + " |")
    return "\n".join(out)


if __name__ == "__main__":
    import json
    import sys
    from pathlib import Path

    print(markdown(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))))
