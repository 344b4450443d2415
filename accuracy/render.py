"""A case's document in its family's layout, as the bytes a county would receive."""

from __future__ import annotations

import os
import random

from accuracy.model import Case

EXTENSIONS = {
    "web": "txt",
    "layout": "txt",
    "cells": "txt",
    "markdown": "md",
    "tsv": "txt",
    "stream": "txt",
    "drawn": "txt",
    "pdf_ruled": "pdf",
    "pdf_borderless": "pdf",
    "pdf_partial": "pdf",
    "pdf_word": "pdf",
    "docx": "docx",
    "html": "html",
    "pdf_print": "pdf",
}


TAB_STOP_SHARE = 0.15  # docx files whose tables are typed with tab stops, not Word tables


def render(case: Case) -> tuple[bytes, str]:
    """(bytes, file extension). Layout choices come from the case's seed, so a case renders the
    same bytes every time."""
    rng = random.Random(case.seed * 7919 + 17)
    family = case.render.get("as", case.family)
    if family in ("web", "layout", "cells", "markdown", "tsv", "stream", "drawn"):
        text = render_text(case, family, rng)
        encoding = rng.choices(("utf-8", "utf-8-sig", "gb18030"), (85, 5, 10))[0]
        return text.encode(encoding), EXTENSIONS[family]
    if family == "pdf_word":
        from accuracy import word_styles
        from accuracy.render_word_pdf import render_word_pdf

        # its own random draw: the document's other choices stay what they were before the set-ups
        word = word_styles.pick(random.Random(f"{case.seed}:pdf_word:setup"))
        if case.render.get("word", os.environ.get("ACCURACY_WORD_SETUP")) == "template":  # as the first generator
            word = word_styles.TEMPLATE
        return render_word_pdf(case.doc, rng, case.render.setdefault("style", {}), word), "pdf"
    if family == "pdf_print":
        from accuracy.render_print import render_print

        return render_print(
            case.doc, rng, case.render.setdefault("style", {}), f"{case.truth.parent or ''}人民政府", case.truth.year
        ), "pdf"
    if family.startswith("pdf"):
        from accuracy.render_pdf import render_pdf

        return render_pdf(case.doc, rng, family, case.render.setdefault("style", {})), "pdf"
    if family == "docx":
        from accuracy.render_docx import render_docx

        style = case.render.setdefault("style", {})
        style["tab_stops"] = random.Random(f"{case.seed}:docx:tab_stops").random() < TAB_STOP_SHARE  # other draws unchanged
        return render_docx(case.doc, rng, style, tab_stops=style["tab_stops"]), "docx"
    if family == "html":
        from accuracy.render_html import render_html

        site = f"{case.truth.parent or ''}人民政府"
        style = case.render.setdefault("style", {})
        return render_html(case.doc, rng, style, site, case.truth.year, pictured=case.render.get("pictured", False))
    raise ValueError(f"unknown family {family}")


def render_text(case: Case, family: str, rng: random.Random) -> str:
    style = case.render.setdefault("style", {})
    if family == "web":
        from accuracy.render_web import render_web

        t = case.truth
        site = f"{t.parent or ''}人民政府"
        source = rng.choice((site, t.organization or site, "本网"))
        return render_web(case.doc, rng, t.year, site, source, style, case.render.get("web_sep"))
    if family == "stream":
        from accuracy.render_stream import render_stream

        return render_stream(case.doc, rng, style, case.truth.year, f"{case.truth.parent or ''}人民政府")
    if family == "drawn":
        from accuracy.render_drawn import render_drawn

        return render_drawn(case.doc, rng, style)
    if family == "layout":
        from accuracy.render_layout import render_layout

        return render_layout(case.doc, rng, style)
    from accuracy.render_text import render_cells, render_markdown, render_tsv

    renderer = {"cells": render_cells, "markdown": render_markdown, "tsv": render_tsv}[family]
    return renderer(case.doc, rng, style)
