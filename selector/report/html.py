"""HTML renderer: the Jinja2 template ``templates/report.html.j2`` with autoescape, one self-contained file.

plotly.js is inlined once (the basic bundle in ``static/``: scatter and bar traces, 1.2 MB; the full
bundle plotly ships if a chart needs another trace type); the layout template shared by every chart is
written once too, and each chart is a ``<div>`` plus one ``Plotly.newPlot`` call with its own JSON.
No chart shows plotly's toolbar (at print size it would sit on the titles; print CSS hides it too);
``static=True`` (the PDF) also draws the charts as static plots, without hover layers.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import plotly.io as pio
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from selector.report.blocks import Chart, Report, charts_of

BASIC_TRACES = frozenset({"scatter", "bar", "pie"})

CSS = """
:root{--ink:#1f2328;--muted:#57606a;--line:#d0d7de;--soft:#f6f8fa;--accent:#d9480f;--link:#0969da}
body{font-family:Inter,'Segoe UI',Helvetica,Arial,sans-serif;margin:0;color:var(--ink);background:var(--soft);font-size:14px}
main{max-width:720px;margin:0 auto;padding:20px 28px;background:#fff}
h1{font-size:22px;margin:4px 0 2px} .sub{color:var(--muted);font-size:12px;margin-bottom:8px}
h2{font-size:18px;border-bottom:2px solid var(--line);padding-bottom:3px;margin:26px 0 8px}
h3{font-size:15px;margin:18px 0 6px;padding:5px 8px;background:var(--soft);border-left:4px solid var(--accent)}
nav a{margin-right:12px;color:var(--link);text-decoration:none;font-size:13px}
p{line-height:1.45;margin:6px 0} p.lead{font-size:15px;line-height:1.5}
table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:12px}
th,td{border:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top}
th{background:var(--soft)} caption{caption-side:top;text-align:left;font-weight:600;padding:3px 0;font-size:12px}
table.bottom-line{font-size:13px} table.bottom-line td:nth-child(2){font-weight:600}
table.bottom-line th:nth-child(1){width:16%} table.bottom-line th:nth-child(2){width:21%}
table.bottom-line th:nth-child(3){width:21%} table.bottom-line th:nth-child(4),table.bottom-line th:nth-child(5){width:9%}
table.bottom-line tr:last-child td{background:var(--soft)}
table.options tbody td:first-child::before{content:"■ ";font-size:14px;line-height:1}
table.options tbody tr:nth-child(1) td:first-child::before{color:#d9480f}
table.options tbody tr:nth-child(2) td:first-child::before{color:#1f6feb}
table.options tbody tr:nth-child(3) td:first-child::before{color:#2da44e}
table.options tbody tr:nth-child(4) td:first-child::before{color:#8250df}
table.options tbody tr:nth-child(n+5) td:first-child::before{color:transparent}
td{overflow-wrap:anywhere} td.n{white-space:nowrap;overflow-wrap:normal}
.charts{display:flex;flex-wrap:wrap;gap:10px;margin:6px 0}
figure.fig{margin:0;break-inside:avoid;page-break-inside:avoid}
figcaption{color:var(--muted);font-size:11px;max-width:345px;margin-top:2px} figure.wide figcaption{max-width:700px}
li{margin:3px 0;line-height:1.4} ul{padding-left:20px;margin:4px 0 10px}
details{margin:4px 0 8px} summary{cursor:pointer;font-weight:600;color:var(--link);font-size:12px}
@page{size:A4;margin:12mm}
@media print{
 body{background:#fff;font-size:11px} main{padding:0;max-width:none} p.lead{font-size:13px} table{font-size:10.5px} #guidance li{font-size:10px;margin:1px 0;line-height:1.3} #guidance p{margin:4px 0 2px}
 .modebar,.modebar-container{display:none!important}
 nav{display:none} h2,h3,p:has(+ul),caption{break-after:avoid;page-break-after:avoid}
 details{display:none} table.provenance{font-size:9px} tr{break-inside:avoid} table.options,table.bottom-line{break-inside:avoid}
}
"""


@cache
def plotly_js(basic: bool = True) -> str:
    """The basic bundle vendored in ``static/`` (or plotly's full bundle)."""
    if basic:
        return (resources.files("selector.report") / "static" / "plotly-basic.min.js").read_text(encoding="utf-8")
    from plotly.offline import get_plotlyjs

    js: str = get_plotlyjs()
    return js


@cache
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("selector.report", "templates"),
                      autoescape=select_autoescape(["html", "j2"], default=True), undefined=StrictUndefined,
                      trim_blocks=False, lstrip_blocks=False)
    env.filters["id"] = id
    env.tests["short"] = _short
    return env


def _short(value: object) -> bool:
    """A figure such as ``$20,000``, ``400,000`` or ``2.0 s``: kept on one line in a table cell."""
    text = str(value)
    return len(text) <= 12 and text.count(" ") <= 1 and any(c.isdigit() for c in text)


def _script_json(value: Any) -> Markup:
    """JSON safe inside ``<script>``: plotly's encoder writes < > & / as \\u escapes; checked, not trusted."""
    text = pio.json.to_json_plotly(value)
    if "</" in text or "<!--" in text:  # never expected: plotly escapes them; refuse rather than emit
        raise ValueError("chart JSON would close its script element")
    return Markup(text)  # noqa: S704 - escaped for a script context above


def _chart(index: int, chart: Chart) -> dict[str, Any]:
    fig = chart.figure.to_plotly_json()
    layout = dict(fig.get("layout") or {})
    layout.pop("template", None)  # written once for all charts (SELECTOR_TEMPLATE)
    return {"id": f"fig{index}", "json": _script_json({"data": fig.get("data", []), "layout": layout}),
            "width": int(layout.get("width") or 700), "height": int(layout.get("height") or 420),
            "caption": chart.caption, "wide": chart.wide}


def _setup(static: bool) -> str:
    import plotly.graph_objects as go

    template = pio.templates["plotly_white"].to_plotly_json()
    # no toolbar: at print size it would sit on the chart titles; hover and drag-to-zoom stay on screen
    config = {"displaylogo": False, "responsive": False, "displayModeBar": False, "staticPlot": static}
    tmpl = pio.json.to_json_plotly(go.layout.Template(template).layout.to_plotly_json())
    return (f"\nvar SELECTOR_TEMPLATE={{layout:{tmpl}}};var SELECTOR_CONFIG={json.dumps(config)};"
            "function selectorLayout(l){l.template=SELECTOR_TEMPLATE;return l;}")


def render_html(report: Report, static: bool = False) -> str:
    """The page for ``report``; ``static`` for print (no toolbar)."""
    charts = charts_of(report)
    traces = {t.get("type", "scatter") for c in charts for t in c.figure.to_plotly_json().get("data", [])}
    js = plotly_js(basic=traces <= BASIC_TRACES).replace("</script", "<\\/script") + _setup(static)
    by_id = {id(c): _chart(i + 1, c) for i, c in enumerate(charts)}
    page = _environment().get_template("report.html.j2").render(
        report=report, css=Markup(CSS), plotly_js=Markup(js), charts=by_id)  # noqa: S704 - our own code
    return page
