"""Plotly figures built from a :class:`~selector.result.Recommendation` (the report and dashboard place them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from selector.plots import report_charts
from selector.plots.charts import cost_breakdown, pareto, radar, smaa_heatmap, tco_over_time

if TYPE_CHECKING:
    from selector.result import Recommendation, WorkloadResult


class PlotAccessor:
    """``rec.plot.pareto("faq-bot")`` etc.; every method returns a new ``go.Figure``."""

    def __init__(self, rec: Recommendation) -> None:
        self._rec = rec

    def _workload(self, name: str | None) -> WorkloadResult:
        for w in self._rec.workloads:
            if name is None or w.name == name:
                return w
        raise KeyError(f"no workload {name!r}")

    def pareto(self, workload: str | None = None) -> go.Figure:
        return pareto(self._workload(workload))

    def cost_breakdown(self, workload: str | None = None) -> go.Figure:
        return cost_breakdown(self._workload(workload))

    def tco_over_time(self, workload: str | None = None) -> go.Figure:
        return tco_over_time(self._workload(workload), self._rec.horizon_months)

    def radar(self, workload: str | None = None) -> go.Figure:
        return radar(self._workload(workload))

    def smaa_heatmap(self, workload: str | None = None) -> go.Figure:
        return smaa_heatmap(self._workload(workload))

    # the report's charts (selector.plots.report_charts): sized for print, display names, units on every axis
    def frontier(self, workload: str | None = None) -> go.Figure:
        return report_charts.frontier(self._workload(workload), self._rec.horizon_months)

    def criteria(self, workload: str | None = None) -> go.Figure:
        return report_charts.criteria(self._workload(workload), self._rec.weights)

    def cost_split(self, workload: str | None = None) -> go.Figure:
        return report_charts.cost_split(self._workload(workload))

    def tco_time(self, workload: str | None = None) -> go.Figure:
        return report_charts.tco_time(self._workload(workload), self._rec.horizon_months)

    def volume_curve(self, workload: str | None = None) -> go.Figure:
        return report_charts.volume_curve(self._workload(workload), self._rec.horizon_months)

    def tornado(self, workload: str | None = None) -> go.Figure:
        return report_charts.tornado(self._workload(workload))


__all__ = ["PlotAccessor"]
