"""HTML renderer: one self-contained file (plotly.js inlined, no CDN), all text escaped."""

from __future__ import annotations

import html
from functools import cache

import plotly.io as pio
from plotly.offline import get_plotlyjs

from selector.report.content import Bullets, Chart, Para, Report, Table

CSS = """
body{font-family:Inter,'Segoe UI',Helvetica,Arial,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
main{max-width:1100px;margin:0 auto;padding:24px 32px;background:#fff}
h1{font-size:26px;margin:8px 0 4px}
h2{font-size:20px;border-bottom:2px solid #d0d7de;padding-bottom:4px;margin-top:36px}
.sub{color:#57606a;margin-bottom:16px} nav a{margin-right:14px;color:#0969da;text-decoration:none}
table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:13px}
th,td{border:1px solid #d0d7de;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa} caption{caption-side:top;text-align:left;font-weight:600;padding:4px 0}
.fig{margin:8px 0 20px;page-break-inside:avoid} .cap{color:#57606a;font-size:13px}
li{margin:4px 0} p{line-height:1.5} details{margin:8px 0 16px} summary{cursor:pointer;font-weight:600;color:#0969da}
@media print{body{background:#fff} main{padding:0} h2{page-break-after:avoid}}
"""


@cache
def _plotly_js() -> str:
    js: str = get_plotlyjs()
    return js


def _e(x: object) -> str:
    return html.escape(str(x), quote=True)


def render_html(report: Report) -> str:
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{_e(report.title)}</title><style>{CSS}</style>",
        f"<script>{_plotly_js()}</script></head><body><main>",
        f"<h1>{_e(report.title)}</h1><div class='sub'>{_e(report.subtitle)}</div><nav>",
        "".join(f"<a href='#{s.key}'>{_e(s.title)}</a>" for s in report.sections),
        "</nav>",
    ]
    fig_no = 0
    for section in report.sections:
        parts.append(f"<section id='{_e(section.key)}'><h2>{_e(section.title)}</h2>")
        for block in section.blocks:
            if isinstance(block, Para):
                parts.append(f"<p>{_e(block.text)}</p>")
            elif isinstance(block, Bullets):
                parts.append("<ul>" + "".join(f"<li>{_e(i)}</li>" for i in block.items) + "</ul>")
            elif isinstance(block, Table):
                cap = f"<caption>{_e(block.caption)}</caption>" if block.caption else ""
                head = "".join(f"<th>{_e(c)}</th>" for c in block.columns)
                rows = "".join("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>" for row in block.rows)
                table = f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
                if block.collapsed:
                    table = f"<details><summary>{_e(block.caption)}</summary>{table}</details>"
                parts.append(table)
            elif isinstance(block, Chart):
                fig_no += 1
                div = pio.to_html(block.figure, full_html=False, include_plotlyjs=False, div_id=f"fig{fig_no}",
                                  config={"displaylogo": False, "responsive": True})
                parts.append(f"<div class='fig'>{div}<div class='cap'>{_e(block.caption)}</div></div>")
        parts.append("</section>")
    parts.append("</main></body></html>")
    return "".join(parts)
