"""`intake check FILE [FILE...|DIR] [--json] [--previous FILE] [--jobs N]`: check files locally.

One file with --json prints exactly one JSON object (spec/check-output.md). Several files or
a directory print one JSON object per line with --json, and always show a progress bar and a
summary table on stderr; `--jobs N` checks them in N processes (results in input order).
Exit 0 whenever results were produced, whatever they say.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from annual_report.model import SEVERITY_ZH as _SEVERITY_ZH
from annual_report.model import CheckResult, Report

if TYPE_CHECKING:  # imported where used: `intake check` starts without rich or the OCR reader
    from rich.console import Console

    from annual_report.readers.ocr.options import Progress
    from annual_report.readers.ocr.page import PageResult

_KIND_ZH = {"annual_report": "年度报告", "not_report": "不是年度报告", "unreadable": "无法读取"}


def _expand(paths: tuple[str, ...]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")))
        elif p.is_file():
            files.append(p)
        else:
            raise click.BadParameter(f"文件不存在：{raw}", param_hint="FILE")
    return files


@click.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the JSON contract (one object per file).")
@click.option("--previous", type=click.Path(exists=True, dir_okay=False), help="Last year's report of the same body.")
@click.option("--time-limit", type=float, default=30.0, show_default=True, help="Seconds allowed per file.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, help="Files checked in parallel processes.")
def check(files: tuple[str, ...], as_json: bool, previous: str | None, time_limit: float, jobs: int) -> None:
    """Check report files locally (no server needed)."""
    from annual_report.check import check_path

    def check_all(path: str | Path, shown: str | None = None) -> list[CheckResult]:
        """One result per file, or per member of a ZIP; `shown` is the name printed."""
        from annual_report.check import check_file_or_archive
        from annual_report.readers.ocr import ocr_options

        with ocr_options(progress=_ocr_progress(shown or str(path))):
            return check_file_or_archive(Path(path).read_bytes(), shown or str(path), previous=prev, time_limit_s=time_limit)

    paths = _expand(files)
    if not paths:
        raise click.UsageError("没有找到要检查的文件")
    prev = check_path(previous, time_limit_s=time_limit) if previous else None
    single = len(paths) == 1 and not Path(files[0]).is_dir()
    if single:
        found = check_all(paths[0], files[0])  # the path as given
        if as_json and (len(found) > 1 or any("!" in r.file for r in found)):
            # One FILE, one JSON object: a ZIP (or a ZIP named .docx) says what its members are.
            click.echo(json.dumps(_archive_object(found, files[0], Path(paths[0]).read_bytes()), ensure_ascii=False))
            return
        for result in found:
            if as_json:
                click.echo(json.dumps(result.contract(), ensure_ascii=False))
            else:
                _print_one(result)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    err = Console(stderr=True)
    results: list[CheckResult] = []
    with Progress(TextColumn("检查中"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err, transient=True) as progress:
        task = progress.add_task("check", total=len(paths))
        for found in _check_many(paths, prev, time_limit, jobs):
            for result in found:
                results.append(result)
                if as_json:
                    sys.stdout.write(json.dumps(result.contract(), ensure_ascii=False) + "\n")
                    sys.stdout.flush()
            progress.advance(task)
    _print_summary(results, err if as_json else Console())


def _archive_object(results: list[CheckResult], file: str, data: bytes) -> dict[str, Any]:
    """The one JSON object of an archive: the report it holds (when exactly one member is a
    report, its contract, under the archive's name), and every member with how it was judged."""
    import hashlib

    members = [r.contract() for r in results]
    reports = [m for m in members if m["classification"]["kind"] == "annual_report"]
    if len(reports) == 1:
        out = dict(reports[0])
        out["classification"] = dict(
            out["classification"],
            reasons=[
                f"压缩包中有 {len(members)} 个文件，其中“{reports[0]['file'].split('!', 1)[-1]}”是年度报告",
                *out["classification"]["reasons"],
            ],
        )
    else:
        kinds = {m["classification"]["kind"] for m in members}
        what = f"其中 {len(reports)} 份年度报告，请每份单独上传" if reports else "其中没有年度报告"
        out = {
            "classification": {
                "kind": "unreadable" if kinds == {"unreadable"} else "not_report",
                "format": "unknown",
                "template": None,
                "confidence": 0.9,
                "reasons": [f"收到的是压缩包，内有 {len(members)} 个文件，{what}"],
                "detected_type": "zip",
            },
            "report": None,
            "findings": [],
        }
    out["file"] = file
    out["sha256"] = hashlib.sha256(data).hexdigest()
    out["members"] = [
        {
            "file": m["file"].split("!", 1)[-1],
            "kind": m["classification"]["kind"],
            "format": m["classification"]["format"],
            "reasons": m["classification"]["reasons"],
            "findings": len(m["findings"]),
        }
        for m in members
    ]
    return {"file": out.pop("file"), "sha256": out.pop("sha256"), **out}


def _check_one(path: Path, previous: CheckResult | Report | None, time_limit: float) -> list[CheckResult]:
    """One file (or each member of a ZIP): a top-level function, so a process pool can run it."""
    from annual_report.check import check_file_or_archive
    from annual_report.readers.ocr import ocr_options

    with ocr_options(progress=_ocr_progress(str(path))):
        return check_file_or_archive(path.read_bytes(), str(path), previous=previous, time_limit_s=time_limit)


def _check_many(paths: list[Path], previous: CheckResult | None, time_limit: float, jobs: int) -> Iterator[list[CheckResult]]:
    """Results per file in input order; in `jobs` processes when asked. Each process imports the
    readers once and keeps them, so a file costs what it costs in one process."""
    if jobs <= 1 or len(paths) < 2:
        for p in paths:
            yield _check_one(p, previous, time_limit)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("forkserver")) as pool:
        yield from pool.map(partial(_check_one, previous=previous, time_limit=time_limit), paths, chunksize=1)


def _ocr_progress(name: str) -> Progress:
    """One line per OCR'd page on stderr (a scan takes seconds per page)."""

    def report(page: int, index: int, total: int, result: PageResult) -> None:
        state = "无法识别" if result.failure else f"{result.chars} 字，置信度 {result.mean_confidence:.3f}"
        click.echo(f"OCR {name}：第 {page} 页（{index}/{total}）{result.seconds:.1f} 秒，{state}", err=True)

    return report


def _print_one(result: CheckResult) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    c = result.classification
    console.print(f"[bold]{result.file}[/bold]  {_KIND_ZH[c.kind]}（{c.format}，置信度 {c.confidence:.2f}）")
    for reason in c.reasons:
        console.print(f"  · {reason}")
    if result.report is not None:
        m = result.report.metadata
        console.print(
            f"  单位：{m.organization or '未识别'}"
            + (f"（{m.parent}）" if m.parent else "")
            + f"  年度：{m.year or '未识别'}  表格格式：{c.template or '未识别'}"
            + (f"  文号：{m.document_number}" if m.document_number else "")
        )
    if not result.findings:
        if c.kind == "annual_report":
            console.print("[green]未发现问题。[/green]")
        return
    table = Table(title=f"发现 {len(result.findings)} 个问题", show_lines=True)
    table.add_column("级别", no_wrap=True)
    table.add_column("位置")
    table.add_column("说明")
    table.add_column("规则", no_wrap=True, style="dim")
    for f in result.findings:
        style = {"error": "red", "warning": "yellow", "info": "cyan"}[f.severity]
        table.add_row(f"[{style}]{_SEVERITY_ZH[f.severity]}[/{style}]", f.where, f.message, f.rule)
    console.print(table)


def _print_summary(results: list[CheckResult], console: Console) -> None:
    from rich.table import Table

    table = Table(title=f"共检查 {len(results)} 个文件")
    for col in ("文件", "类型", "单位", "年度", "错误", "警告", "提示"):
        table.add_column(col)
    for r in results:
        counts = {s: sum(1 for f in r.findings if f.severity == s) for s in ("error", "warning", "info")}
        m = r.report.metadata if r.report else None
        table.add_row(
            r.file,
            _KIND_ZH[r.classification.kind],
            (m.organization or "") if m else "",
            str(m.year or "") if m else "",
            str(counts["error"]),
            str(counts["warning"]),
            str(counts["info"]),
        )
    console.print(table)
