"""Markdown renderer: tables and text; the charts live in the HTML report."""

from __future__ import annotations

import re

from selector.report.content import Bullets, Chart, Para, Report, Table

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")


def md_escape(text: object) -> str:
    """Escape Markdown and inline HTML so user text renders as text.

    >>> md_escape("<script>alert(1)</script> [x](http://e)")
    '\\\\<script\\\\>alert\\\\(1\\\\)\\\\</script\\\\> \\\\[x\\\\]\\\\(http://e\\\\)'
    """
    return _SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def render_markdown(report: Report) -> str:
    out = [f"# {md_escape(report.title)}", "", f"_{md_escape(report.subtitle)}_", ""]
    for section in report.sections:
        out += [f"## {section.title}", ""]
        for block in section.blocks:
            if isinstance(block, Para):
                out += [md_escape(block.text), ""]
            elif isinstance(block, Bullets):
                out += [f"- {md_escape(i)}" for i in block.items] + [""]
            elif isinstance(block, Table):
                if block.caption:
                    out += [f"**{md_escape(block.caption)}**", ""]
                out.append("| " + " | ".join(md_escape(c) for c in block.columns) + " |")
                out.append("|" + "---|" * len(block.columns))
                out += ["| " + " | ".join(md_escape(v) for v in row) + " |" for row in block.rows]
                out.append("")
            elif isinstance(block, Chart):
                out += [f"_Chart: {md_escape(block.caption)} (interactive in the HTML report)._", ""]
    return "\n".join(out)
