"""One function per chart; each takes a WorkloadResult and returns a labelled plotly figure."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from selector.labels import option_label
from selector.scoring import CRITERIA
from selector.scoring.pareto import non_dominated

if TYPE_CHECKING:
    from selector.result import Scored, WorkloadResult

LAYOUT = dict(template="plotly_white", margin=dict(l=60, r=20, t=50, b=50), height=420,
              font=dict(family="Inter, Segoe UI, Helvetica, Arial, sans-serif", size=13))


def _label(s: Scored) -> str:
    o = s.option
    return html.escape(option_label(o.model, o.strategy, o.hosting, o.candidate.method, short=True,
                                    kind=getattr(o, "model_kind", None)))


LEGEND_BELOW = dict(orientation="h", yanchor="top", y=-0.18, xanchor="left", x=0)


def pareto_front(points: np.ndarray) -> np.ndarray:
    """Mask of non-dominated points for (cost ↓, quality ↑)."""
    return non_dominated(points, (False, True))


def pareto(w: WorkloadResult) -> go.Figure:
    opts = list(w.options)
    fig = go.Figure()
    if not opts:
        return fig.update_layout(title="No feasible options", **LAYOUT)
    pts = np.array([[s.tco_usd, s.option.quality] for s in opts])
    front = pareto_front(pts)
    chosen = w.choice.option.key if w.choice else None
    for mask, name, sym, colour in ((~front, "dominated", "circle-open", "#9aa5b1"),
                                    (front, "Pareto front", "circle", "#1f6feb")):
        idx = np.where(mask)[0]
        fig.add_trace(go.Scatter(
            x=pts[idx, 0], y=pts[idx, 1], mode="markers", name=name,
            marker=dict(symbol=sym, size=9, color=colour),
            text=[_label(opts[i]) for i in idx],
            hovertemplate="%{text}<br>TCO $%{x:,.0f}<br>quality %{y:.2f}<extra></extra>",
        ))
    if chosen:
        c = next(s for s in opts if s.option.key == chosen)
        fig.add_trace(go.Scatter(x=[c.tco_usd], y=[c.option.quality], mode="markers+text", name="choice",
                                 marker=dict(symbol="star", size=18, color="#d9480f"),
                                 text=[html.escape(c.option.model)], textposition="top center"))
    fig.update_layout(title=f"Cost vs quality: {html.escape(w.name)}", xaxis_title="TCO over the horizon (USD, log)",
                      yaxis_title="quality (0..1)", xaxis_type="log", **LAYOUT)
    return fig


def cost_breakdown(w: WorkloadResult) -> go.Figure:
    """Monthly (USD/month) and one-off (USD) cost per component on two axes, legend below the plot
    (:func:`selector.plots.report_charts.cost_split`, here sized by its container)."""
    from selector.plots.report_charts import cost_split

    fig = cost_split(w)
    fig.update_layout(width=None)
    return fig


def tco_over_time(w: WorkloadResult, horizon: int) -> go.Figure:
    top = (([w.choice] if w.choice else []) + list(w.alternatives))[:5]
    fig = go.Figure()
    for s in top:
        curve = s.option.cost.cumulative(horizon)
        fig.add_trace(go.Scatter(x=list(curve.index), y=list(curve.values), mode="lines", name=_label(s)))
    fig.update_layout(title=f"Cumulative cost over {horizon} months: {html.escape(w.name)}",
                      xaxis_title="month", yaxis_title="cumulative USD", legend=LEGEND_BELOW,
                      **{**LAYOUT, "height": 480})
    return fig


def radar(w: WorkloadResult) -> go.Figure:
    top = (([w.choice] if w.choice else []) + list(w.alternatives))[:4]
    fig = go.Figure()
    for s in top:
        vals = [s.utilities[k] for k in CRITERIA]
        fig.add_trace(go.Scatterpolar(r=vals + vals[:1], theta=[*CRITERIA, CRITERIA[0]], fill="toself",
                                      name=_label(s)))
    fig.update_layout(title=f"Criteria (utility 0..1): {html.escape(w.name)}",
                      polar=dict(radialaxis=dict(range=[0, 1])), legend=LEGEND_BELOW, **{**LAYOUT, "height": 500})
    return fig


def smaa_heatmap(w: WorkloadResult) -> go.Figure:
    acc = (w.smaa or {}).get("acceptability", {})
    labels, z = [], []
    lookup = {s.option.key: s for s in w.options}
    for key, row in acc.items():
        s = lookup.get(key)
        labels.append(_label(s) if s else html.escape(key))
        z.append(row)
    fig = go.Figure(go.Heatmap(z=z, x=[f"rank {i + 1}" for i in range(len(z[0]) if z else 0)], y=labels,
                               colorscale="Blues", zmin=0, zmax=1, texttemplate="%{z:.0%}"))
    fig.update_layout(title=f"SMAA rank acceptability: {html.escape(w.name)}", yaxis=dict(automargin=True),
                      **{**LAYOUT, "height": 160 + 50 * len(z)})
    return fig
