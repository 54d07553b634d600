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

@cache
def css() -> str:
    """``templates/report.css``: the page's styles, screen and print (A4)."""
    return (resources.files("selector.report") / "templates" / "report.css").read_text(encoding="utf-8")


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
    return Markup(text)  # escaped for a script context above


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
        report=report, css=Markup(css()), plotly_js=Markup(js), charts=by_id)  # our own files, not user text
    return page
