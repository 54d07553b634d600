"""The trade-off report: one content model, three renderers (HTML, Markdown, PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from selector.report.content import SECTION_KEYS, build_report
from selector.report.html import render_html
from selector.report.markdown import render_markdown
from selector.safeio import atomic_write

if TYPE_CHECKING:
    from selector.result import Recommendation


def render(rec: Recommendation, fmt: str) -> str:
    """Render as ``html`` or ``md`` text."""
    report = build_report(rec)
    return render_html(report) if fmt == "html" else render_markdown(report)


def write_report(rec: Recommendation, path: Path) -> None:
    """Write the report; the format comes from the suffix (.html, .md, .pdf)."""
    path = Path(path)
    suffix = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".md":
        atomic_write(path, render(rec, "md"))  # temp file + os.replace: never a half-written report
    elif suffix == ".html":
        atomic_write(path, render(rec, "html"))
    elif suffix == ".pdf":
        from selector.report.pdf import html_to_pdf

        html_to_pdf(render_html(build_report(rec), static=True), path)  # no plotly toolbar on paper
    else:
        raise ValueError(f"unsupported report suffix {suffix}")


__all__ = ["SECTION_KEYS", "build_report", "render", "write_report"]
