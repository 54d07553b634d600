"""The report's charts, sized for a printed page (two side by side on A4), every axis with its unit.

Common rules: the title at the top left with its own margin, the legend below the plot (never over the
title), display names rather than provider ids, the choice drawn in one colour (:data:`CHOICE`) on every
chart, monthly and one-off money never on one axis. Each function takes a
:class:`~selector.result.WorkloadResult` and returns a new ``go.Figure``; an empty figure says why.
Only scatter and bar traces: the report embeds plotly.js's basic bundle (selector/report/static).
"""

from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING, Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from selector.labels import strategy_label, strategy_name
from selector.scoring import CRITERIA
from selector.scoring.pareto import non_dominated

if TYPE_CHECKING:
    from collections.abc import Mapping

    from selector.result import Scored, WorkloadResult

CHOICE = "#d9480f"
OTHERS = ("#1f6feb", "#2da44e", "#8250df", "#bf8700")
GREY = "#9aa5b1"
HALF_WIDTH, FULL_WIDTH = 345, 700  # CSS px: half and whole of an A4 page's text width (12 mm margins)
FONT = dict(family="Inter, Segoe UI, Helvetica, Arial, sans-serif", size=11)


def _layout(title: str, width: int = HALF_WIDTH, height: int = 255, bottom: int = 78) -> dict[str, Any]:
    return dict(template="plotly_white", width=width, height=height, font=FONT,
                title=dict(text=html.escape(title), x=0.01, xanchor="left", y=0.985, yanchor="top",
                           yref="container", font=dict(size=13)),
                margin=dict(l=60, r=14, t=40, b=bottom),
                legend=dict(orientation="h", yanchor="top", y=-0.34, xanchor="left", x=0, font=dict(size=10)))


LEGEND_ROW = 17  # px per legend row (10 px font)
LEGEND_SYMBOL = 46  # px plotly adds to each entry's text width for the symbol and the gaps
CHAR_PX = 5.8  # px per character of legend text, an upper estimate for the 10 px sans-serif font
AXIS_SPACE = 52  # px under the plot area for tick labels and the x-axis title


def legend_rows(names: list[str], width: int) -> int:
    """Rows a horizontal legend of ``names`` takes in ``width`` px: entries flow left to right, each
    :data:`LEGEND_SYMBOL` px plus about :data:`CHAR_PX` px per character (10 px font), as plotly lays them out."""
    if not names:
        return 0
    rows, used = 1, 0.0
    for name in names:
        entry = LEGEND_SYMBOL + CHAR_PX * len(html.unescape(name))
        if used and used + entry > width:
            rows, used = rows + 1, 0.0
        used += entry
    return rows


def legend_below(fig: go.Figure) -> go.Figure:
    """Put the legend in the bottom margin, under the x-axis title, and grow the figure by its height.

    The legend is anchored to the figure (``yref="container"``), not to the plot area, so its place
    does not depend on the plot's height: the bottom margin is the axis space plus the legend's rows
    (:func:`legend_rows`), and the title has its own top margin: the two can never meet.
    """
    width = int(fig.layout.width or FULL_WIDTH)
    names = [str(t.name) for t in fig.data if t.showlegend is not False and t.name]
    margin = fig.layout.margin
    plot_width = width - int(margin.l if margin.l is not None else 80) - int(margin.r if margin.r is not None else 80)
    extra = AXIS_SPACE + LEGEND_ROW * legend_rows(names, plot_width) + 6
    height = int(fig.layout.height or 255) - int(fig.layout.margin.b or 0) + extra
    fig.update_layout(height=height, margin=dict(b=extra),
                      legend=dict(yref="container", y=0, yanchor="bottom", xref="container", x=0.01, xanchor="left",
                                  traceorder="normal"))
    return fig


def name_of(w: WorkloadResult, model: str, limit: int = 30) -> str:
    """The model's display name (``views.names``), shortened to ``limit`` characters."""
    name = str((w.views.get("names") or {}).get(model, model))
    return name if len(name) <= limit else name[: limit - 1] + "…"


def option_name(w: WorkloadResult, s: Scored, limit: int = 30) -> str:
    o = s.option
    method = f"/{o.candidate.method}" if o.candidate.method and o.strategy.fine_tunes else ""
    return html.escape(f"{name_of(w, o.model, limit)} · {strategy_label(o, short=True)}{method}")


def _top(w: WorkloadResult, n: int = 4) -> list[Scored]:
    return (([w.choice] if w.choice else []) + list(w.alternatives))[:n]


def _empty(title: str, why: str) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(**_layout(title, height=160, bottom=20))
    fig.add_annotation(text=html.escape(why), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def frontier(w: WorkloadResult, horizon: int) -> go.Figure:
    """Quality against TCO (log axis): every feasible option, the cost–quality frontier, the choice."""
    title = "Quality against cost"
    opts = list(w.options)
    if not opts:
        return _empty(title, "no feasible option")
    pts = np.array([[s.tco_usd, s.option.quality] for s in opts])
    front = non_dominated(pts, (False, True))
    fig = go.Figure()
    idx = np.where(~front)[0]
    fig.add_trace(go.Scatter(x=pts[idx, 0], y=pts[idx, 1], mode="markers", name="others",
                             marker=dict(size=5, color=GREY, symbol="circle-open"), legendrank=2,
                             text=[option_name(w, opts[i]) for i in idx],
                             hovertemplate="%{text}<br>$%{x:,.0f}<br>quality %{y:.2f}<extra></extra>"))
    idx = np.where(front)[0]
    idx = idx[np.argsort(pts[idx, 0])]
    fig.add_trace(go.Scatter(x=pts[idx, 0], y=pts[idx, 1], mode="lines+markers", name="frontier",
                             line=dict(color=OTHERS[0], width=1.5, shape="hv"),
                             marker=dict(size=7, color=OTHERS[0]), text=[option_name(w, opts[i]) for i in idx],
                             hovertemplate="%{text}<br>$%{x:,.0f}<br>quality %{y:.2f}<extra></extra>"))
    if w.choice:
        c = w.choice
        fig.add_trace(go.Scatter(x=[c.tco_usd], y=[c.option.quality], mode="markers", name="the choice",
                                 marker=dict(symbol="star", size=15, color=CHOICE, line=dict(width=1, color="#fff")),
                                 hovertemplate=option_name(w, c) + "<br>$%{x:,.0f}<br>quality %{y:.2f}<extra></extra>"))
    fig.update_layout(**_layout(title))
    fig.update_xaxes(type="log", dtick=1, title_text=f"TCO over {horizon} months (USD, log scale)")
    fig.update_yaxes(title_text="quality (0–1)")
    return legend_below(fig)


def criteria(w: WorkloadResult, weights: Mapping[str, float]) -> go.Figure:
    """Per criterion, the utility of the choice and of its alternatives as grouped bars (0 worst, 1 best).

    No legend: the bars follow the order and the colours of the report's options table (the choice in
    :data:`CHOICE` first, then :data:`OTHERS`), which carries a colour key; the hover names each bar.
    """
    title = "Criteria: the choice against the alternatives"
    top = _top(w)
    if not top:
        return _empty(title, "no feasible option")
    rows = [f"{k} ({weights.get(k, 0):.2f})" for k in CRITERIA]
    fig = go.Figure()
    for i, s in enumerate(top):
        chosen = w.choice is not None and s is w.choice
        values = [s.utilities[k] for k in CRITERIA]
        fig.add_trace(go.Bar(
            x=values, y=rows, orientation="h", name=("choice: " if chosen else "") + option_name(w, s, 18),
            marker_color=CHOICE if chosen else OTHERS[(i - 1) % len(OTHERS)], showlegend=False,
            hovertemplate="%{y}: %{x:.2f}<extra>" + option_name(w, s) + "</extra>"))
    fig.update_layout(**_layout(title, height=275, bottom=92), barmode="group", bargap=0.25, bargroupgap=0.05)
    fig.update_layout(margin=dict(l=110, r=24))
    fig.update_xaxes(title_text="utility (0 worst, 1 best)", range=[0, 1], tickvals=[0, 0.25, 0.5, 0.75, 1])
    fig.update_yaxes(autorange="reversed", automargin=True)
    return legend_below(fig)


def cost_split(w: WorkloadResult) -> go.Figure:
    """Monthly cost (USD/month) and one-off cost (USD) per component, side by side on their own axes."""
    title = "Cost per component"
    top = _top(w)
    if not top:
        return _empty(title, "no feasible option")
    labels = [("▶ " if s is w.choice else "") + option_name(w, s, 24) for s in top]
    has_once = any(not c.recurring and c.usd > 0 for s in top for c in s.option.cost.charges)
    cols = 2 if has_once else 1
    fig = make_subplots(rows=1, cols=cols, shared_yaxes=True, horizontal_spacing=0.06,
                        column_widths=[0.6, 0.4] if cols == 2 else None)
    comps = sorted({c.component for s in top for c in s.option.cost.charges if c.usd > 0})
    palette = ("#1f6feb", "#2da44e", "#bf8700", "#8250df", "#cf222e", "#0598bc", "#6e7781", "#e16f24", "#3a5a40")
    for j, comp in enumerate(comps):
        colour = palette[j % len(palette)]
        for col, recurring in ((1, True), (2, False))[:cols]:
            xs = [sum(c.usd for c in s.option.cost.charges if c.component == comp and c.recurring is recurring)
                  for s in top]
            if not any(xs):
                continue
            fig.add_trace(go.Bar(y=labels, x=xs, orientation="h", name=comp.replace("_", " "),
                                 marker_color=colour, showlegend=col == 1 or not any(
                                     c.recurring and c.component == comp and c.usd > 0
                                     for s in top for c in s.option.cost.charges),
                                 hovertemplate="%{y}<br>" + comp + ": $%{x:,.2f}<extra></extra>"), row=1, col=col)
    fig.update_layout(**_layout(title, width=FULL_WIDTH, height=130 + 26 * len(top), bottom=70), barmode="stack",
                      bargap=0.3)
    fig.update_xaxes(title_text="monthly (USD/month)", row=1, col=1)
    if cols == 2:
        fig.update_xaxes(title_text="one-off (USD)", row=1, col=2)
    fig.update_yaxes(autorange="reversed", automargin=True, row=1, col=1)
    return legend_below(fig)


def tco_time(w: WorkloadResult, horizon: int) -> go.Figure:
    """Cumulative cost (USD) month by month: the choice in bold, the alternatives thin."""
    title = f"Cumulative cost over {horizon} months"
    top = _top(w)
    if not top:
        return _empty(title, "no feasible option")
    fig = go.Figure()
    for i, s in enumerate(top):
        chosen = w.choice is not None and s is w.choice
        curve = s.option.cost.cumulative(horizon)
        fig.add_trace(go.Scatter(x=list(curve.index), y=list(curve.values), mode="lines",
                                 name=("choice: " if chosen else "") + option_name(w, s, 26),
                                 line=dict(width=3 if chosen else 1.5,
                                           color=CHOICE if chosen else OTHERS[(i - 1) % len(OTHERS)])))
    fig.update_layout(**_layout(title))
    fig.update_xaxes(title_text="month")
    fig.update_yaxes(title_text="cumulative cost (USD)")
    return legend_below(fig)


def _fmt_volume(x: float) -> str:
    return f"{x / 1e6:,.3g} M" if x >= 1e6 else f"{x / 1e3:,.3g} k" if x >= 1e3 else f"{x:,.0f}"


def volume_curve(w: WorkloadResult, horizon: int) -> go.Figure:
    """TCO (USD, log) against requests per month (log): the choice, the cheapest option of each other
    strategy and the runner-up, with the workload's own volume and the break-even volumes marked."""
    title = "Break-even: cost against volume"
    data = w.views.get("volume_curve") or {}
    if not data.get("lines"):
        return _empty(title, "not computed (break-even volumes off, or no volume)")
    fig = go.Figure()
    vols = list(data["volumes"])
    for i, line in enumerate(data["lines"]):
        chosen = i == 0
        label = name_of(w, line["model"], 18) + " · " + strategy_name(line["strategy"], True, line.get("model_kind"))
        fig.add_trace(go.Scatter(x=vols, y=list(line["tco_usd"]), mode="lines", connectgaps=False,
                                 name=("choice: " if chosen else "") + html.escape(label),
                                 line=dict(width=3 if chosen else 1.5,
                                           color=CHOICE if chosen else OTHERS[(i - 1) % len(OTHERS)]),
                                 hovertemplate="%{x:,.0f} requests/month<br>$%{y:,.0f}<extra>"
                                 + html.escape(label) + "</extra>"))
    current = float(data["current"])
    fig.add_vline(x=current, line=dict(color="#57606a", dash="dash", width=1))
    fig.add_annotation(x=math.log10(current), y=1, yref="paper", text=f"yours: {_fmt_volume(current)}/month",
                       showarrow=False, yanchor="bottom", font=dict(size=10, color="#57606a"))
    evens = [b for b in w.break_even if b.get("requests_per_month")]
    if evens:
        first = list(data["lines"][0]["tco_usd"])
        xs = [float(b["requests_per_month"]) for b in evens]
        ys = [float(np.interp(math.log(x), np.log(vols), [t if t is not None else np.nan for t in first]))
              for x in xs]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="markers", name="break-even volume",
                                 marker=dict(symbol="x", size=11, color="#1f2328"),
                                 hovertemplate="break-even at %{x:,.0f} requests/month<extra></extra>"))
    fig.update_layout(**_layout(title))
    fig.update_xaxes(type="log", dtick=1, title_text="requests per month (log scale)")
    fig.update_yaxes(type="log", dtick=1, title_text=f"TCO, {horizon} months (USD)")
    return legend_below(fig)


def _fmt_input(value: float, unit: str) -> str:
    if unit == "share/month":
        return f"{value:.0%}"
    if unit == "× today's":
        return f"×{value:g}"
    if unit == "requests/month":
        return _fmt_volume(value)
    return f"{value:,.0f}"


SHORT_INPUT = {"requests per month": "requests/month", "input tokens per request": "input tokens",
               "output tokens per request": "output tokens", "cacheable prompt tokens": "cached prompt tokens",
               "traffic growth per month": "growth/month", "model token prices": "token prices",
               "horizon": "horizon"}


def tornado(w: WorkloadResult) -> go.Figure:
    """The choice's TCO with one input at a time at its low and high value: widest swing at the top."""
    title = "What moves the cost of the choice"
    data = w.views.get("tornado") or {}
    rows = list(data.get("rows") or ())
    if not rows:
        return _empty(title, "not computed (break-even volumes off)")
    base = float(data["base_tco_usd"])
    labels = [html.escape(f"{SHORT_INPUT.get(r['input'], r['input'])} {_fmt_input(r['low'], r['unit'])}–"
                          f"{_fmt_input(r['high'], r['unit'])}" + (" months" if r["unit"] == "months" else ""))
              for r in rows]
    fig = go.Figure()
    for key, name, colour in (("tco_low", "at the low value", OTHERS[0]),
                              ("tco_high", "at the high value", CHOICE)):
        fig.add_trace(go.Bar(y=labels, x=[r[key] - base for r in rows], base=base, orientation="h", name=name,
                             marker_color=colour, customdata=[r[key] for r in rows],
                             hovertemplate="%{y}<br>TCO $%{customdata:,.0f}<extra></extra>"))
    fig.add_vline(x=base, line=dict(color="#1f2328", width=1))
    fig.update_layout(**_layout(title), barmode="overlay")
    fig.update_xaxes(title_text=f"TCO, {data.get('horizon_months')} months (USD)", tickformat="~s")
    fig.update_yaxes(autorange="reversed", automargin=True)
    return legend_below(fig)
