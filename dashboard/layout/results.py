"""The results page: choices, rationale, alternatives, charts, sensitivity, exclusions and conflicts.

The charts are the library's own (``rec.plot``); this module only places them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dash import dcc, html

from selector.result import Recommendation, WorkloadResult

from dashboard import ids
from dashboard.layout.components import (
    alert,
    card,
    data_table,
    empty_state,
    graph,
    key_figures,
    money_columns,
    simple_table,
    unclipped_labels,
)
from dashboard.layout.requirements import weight_sliders
from dashboard.logic import results as logic
from dashboard.logic.form import weights_for_sliders
from dashboard.logic.results import Outcome
from dashboard.logic.whatif import volume_values

REPORT_FORMATS = (("html", "HTML"), ("md", "Markdown"), ("pdf", "PDF"))
ALTERNATIVE_COLUMNS = [
    ("rank", "", "text"), ("model", "model", "text"), ("strategy", "strategy", "text"),
    ("hosting", "hosting", "text"), ("monthly_usd", "USD / month", "usd"), ("one_off_usd", "one-off USD", "usd"),
    ("tco_usd", "TCO USD", "usd"), ("quality", "quality", "number"),
    ("quality_evidence", "quality evidence", "text"), ("latency_ms", "latency ms", "int"), ("score", "score", "number"),
]


def choice_card(w: WorkloadResult, index: int) -> html.Div:
    s = logic.choice_summary(w)
    if s["model"] is None:
        body: list[Any] = [html.Div("no qualifying option", className="choice-model none")]
    else:
        body = [html.Div(s["model"], className="choice-model"),
                html.Div(f"{s['strategy']} · {s['hosting']}", className="choice-strategy"),
                key_figures(s["figures"])]
    chips = [html.Span(f"binding: {b}", className="chip warn") for b in logic.binding_constraints(w)]
    return html.Div([html.Div(w.name, className="choice-workload"), *body,
                     html.Div(chips, className="chips") if chips else None],
                    className="card choice-card" + (" empty" if s["model"] is None else ""), id=ids.choice_card(index))


def rationale(w: WorkloadResult) -> html.Div:
    """What the choice's score is made of, and how the runner-up differs."""
    rows = logic.contributions(w)
    bars = [html.Div([
        html.Span(r["criterion"], className="bar-label"),
        html.Div(html.Div(className="bar-fill", style={"width": f"{r['share'] * 100:.0f}%"}), className="bar"),
        html.Span(f"{r['points']:.3f}", className="bar-value"),
    ], className="bar-row") for r in rows]
    left = html.Div([html.P("Score of the choice, by criterion (normalised weight × utility 0..1):",
                            className="muted"), html.Div(bars, className="bars")])
    ru = logic.runner_up(w)
    right = html.Div([html.P(["Runner-up: ", html.Strong(ru["label"])], className="runner-up"),
                      key_figures(ru["differences"], class_name="figures small")] if ru else
                     [html.P("No runner-up: this is the only option that qualifies.", className="muted")])
    return card(html.Div([left, right], className="rationale-grid"), title="Why this choice")


def alternatives(w: WorkloadResult, index: int) -> html.Div:
    rows = logic.alternatives_rows(w)
    title, subtitle = ("Choice and alternatives", "Best alternatives by score; click a header to sort.") \
        if w.choice else ("Nearest options", "None of these qualifies; the conflicts above say what it would take.")
    return card(data_table(id=ids.alternatives(index), columns=money_columns(ALTERNATIVE_COLUMNS), data=rows,
                           sort_action="native", style_data_conditional=[
                               {"if": {"filter_query": '{rank} = "choice"'}, "backgroundColor": "#eef6ff",
                                "fontWeight": 600}]),
                title=title, subtitle=subtitle)


def sensitivity(rec: Recommendation, w: WorkloadResult) -> html.Div:
    rows = logic.stability_rows(w, dict(rec.weights))
    first = logic.first_rank_share(w)
    parts: list[Any] = [
        html.P("How far each weight can move (the others keeping their proportions) before the choice changes:",
               className="muted"),
        simple_table([("criterion", "criterion"), ("weight", "weight now"), ("holds", "choice holds for")], rows),
    ]
    if w.smaa:
        parts.append(html.P(f"With weights and figures drawn within their uncertainty ({w.smaa['samples']:,} "
                            f"samples, seed {w.smaa['seed']}), the choice ranks first in "
                            f"{first:.0%} of the samples." if first is not None else "", className="muted"))
        parts.append(graph(rec.plot.smaa_heatmap(w.name)))
    return html.Div(parts, className="tab-body")


CHARTS = (("pareto", "Cost vs quality"), ("cost", "Cost breakdown"), ("tco", "TCO over time"),
          ("radar", "Criteria radar"), ("sensitivity", "Sensitivity"))


def chart(rec: Recommendation, w: WorkloadResult, key: str) -> Any:
    """One chart tab's content (built when the tab is opened: figures are the slow part of the page)."""
    builders = {"pareto": lambda: graph(unclipped_labels(rec.plot.pareto(w.name))),
                "cost": lambda: graph(rec.plot.cost_breakdown(w.name)),
                "tco": lambda: graph(rec.plot.tco_over_time(w.name)),
                "radar": lambda: graph(rec.plot.radar(w.name)),
                "sensitivity": lambda: sensitivity(rec, w)}
    return builders.get(key, builders["pareto"])()


def charts(rec: Recommendation, w: WorkloadResult, index: int) -> html.Div:
    """The chart tabs of a workload: the first chart comes with the page, the others when their tab is opened."""
    return html.Div([
        dcc.Tabs([dcc.Tab(label=label, value=key, className="tab", selected_className="tab-selected")
                  for key, label in CHARTS], id=ids.chart_tabs(index), value=CHARTS[0][0], className="chart-tabs"),
        dcc.Loading(html.Div(chart(rec, w, CHARTS[0][0]), id=ids.chart(index), className="chart-body"),
                    type="circle", delay_show=200),
    ])


def exclusions(w: WorkloadResult) -> html.Div:
    groups = logic.exclusion_groups(w)
    if not groups:
        return card(html.P("No model was excluded.", className="muted"), title="Exclusions")
    details = [html.Details([
        html.Summary([html.Span(g["title"]), html.Span(f"{len(g['models'])} models", className="count")]),
        html.Ul([html.Li(f"{m} — {reasons}") for m, reasons in g["models"]]),
    ], className="exclusion-group") for g in groups]
    return card(*details, title=f"Exclusions ({len(w.excluded)} models)",
                subtitle="Grouped by the first reason; open a group to see each model and all its reasons.")


def break_even(w: WorkloadResult) -> html.Div | None:
    rows = logic.break_even_rows(w)
    if not rows:
        return None
    return card(simple_table([("strategy", "other strategy"), ("model", "its best model"),
                              ("requests_per_month", "break-even requests/month"), ("note", "meaning")], rows),
                title="Break-even volumes")


def workload_detail(rec: Recommendation, w: WorkloadResult, index: int) -> html.Div:
    parts: list[Any] = []
    if w.choice is not None:
        parts += [rationale(w), alternatives(w, index)]
        parts.append(card(charts(rec, w, index), class_name="charts"))
        parts.append(break_even(w))
    elif w.alternatives:
        parts.append(alternatives(w, index))
    parts.append(exclusions(w))
    if w.notes:
        parts.append(card(html.Ul([html.Li(n) for n in w.notes]), title="Notes"))
    return html.Div([p for p in parts if p is not None], className="workload-detail")


def conflicts(rec: Recommendation) -> html.Div | None:
    if not rec.conflicts:
        return None
    return alert([f"{c['constraint']}: {c['message']}" for c in rec.conflicts], kind="error",
                 title="No option satisfies every requirement. What is in conflict:")


def summary(rec: Recommendation) -> list[Any]:
    """Status, totals and provenance (the report buttons beside them are static)."""
    status = html.Span(logic.status_text(rec.status),
                       className=f"badge {'ok' if rec.status == 'optimal' else 'bad'}")
    prov = rec.provenance
    return [
        html.Div([status, key_figures(logic.totals_figures(rec))], className="summary-left"),
        html.Div(f"selector {prov.get('selector_version', '')} · solver {prov.get('solver', '')} · catalog "
                 f"{str(prov.get('catalog_sha256', ''))[:12]} · {prov.get('generated_at', '')}",
                 className="provenance"),
    ]


def summary_bar() -> html.Div:
    """Static frame: the summary of the current result and the report downloads."""
    report = html.Div([html.Span("Report:", className="muted"),
                       *[html.Button(label, id=ids.report_button(fmt), className="button small")
                         for fmt, label in REPORT_FORMATS]], className="report-buttons")
    return html.Div([html.Div(id=ids.SUMMARY, className="summary"), report,
                     html.Div(id=ids.REPORT_STATUS, className="report-status")],
                    id=ids.SUMMARY_BAR, className="card summary-bar hidden")


def results_top(rec: Recommendation) -> list[Any]:
    """Conflicts, if any, and the choice of every workload."""
    return [conflicts(rec), html.Div([choice_card(w, i) for i, w in enumerate(rec.workloads)],
                                     className="choice-cards")]


def results_details(rec: Recommendation) -> list[Any]:
    """One tab per workload: rationale, alternatives, charts, exclusions."""
    tabs = dcc.Tabs([dcc.Tab(workload_detail(rec, w, i), label=w.name, value=f"w{i}", className="tab",
                             selected_className="tab-selected") for i, w in enumerate(rec.workloads)],
                    value="w0", className="workload-tabs")
    return [html.H2("Details per workload", className="section-title"), tabs]


@dataclass(frozen=True)
class ResultsView:
    """What the results page shows for a stored document."""

    summary: list[Any]  # status, totals, provenance ([] hides the summary bar)
    top: list[Any]  # conflicts and choice cards, or why there is nothing to show
    details: list[Any]  # per-workload tabs

    def outputs(self) -> tuple[list[Any], str, list[Any], list[Any]]:
        """Values for the outputs of :data:`RESULTS_OUTPUTS`, in order."""
        return self.summary, "card summary-bar" + ("" if self.summary else " hidden"), self.top, self.details


# The page parts a solve fills in: (component id, property), in the order of ResultsView.outputs().
RESULTS_OUTPUTS = ((ids.SUMMARY, "children"), (ids.SUMMARY_BAR, "className"), (ids.RESULTS_TOP, "children"),
                   (ids.RESULTS, "children"))


def results_view(doc: Any, solve: Callable[[Any], Outcome]) -> ResultsView:
    """The results page for the stored document (``None`` before the first submit)."""
    if not isinstance(doc, dict):
        return ResultsView([], [no_results()], [])
    outcome = solve(doc)
    rec = outcome.recommendation
    if rec is None:
        why = alert(list(outcome.messages), title="These requirements cannot be solved as they are:")
        return ResultsView([], [why], [])
    return ResultsView(summary(rec), results_top(rec), results_details(rec))


def chart_view(doc: Any, index: int, key: str, solve: Callable[[Any], Outcome]) -> Any:
    """The selected chart of workload ``index`` for the stored document."""
    rec = solve(doc).recommendation if isinstance(doc, dict) else None
    if rec is None or not isinstance(index, int) or not 0 <= index < len(rec.workloads):
        return None
    return chart(rec, rec.workloads[index], key)


def no_results() -> html.Div:
    return empty_state("No recommendation yet",
                       "Fill in the requirements (or load an example) and press Recommend.",
                       ("Go to requirements", "/"))


def whatif_controls(doc: dict[str, Any]) -> list[Any]:
    """The what-if controls for a submitted document: its weights as sliders, one volume input per workload."""
    names = [w.get("name", f"workload {i + 1}") if isinstance(w, dict) else f"workload {i + 1}"
             for i, w in enumerate(doc.get("workloads", []))]
    volumes = []
    for (path, value), name in zip(volume_values(doc).items(), names, strict=False):
        volumes.append(html.Div([
            html.Label([str(name), html.Span(" (requests/month)", className="unit")], className="field-label"),
            dcc.Input(id=ids.whatif_volume(path), type="text", inputMode="decimal", value=value, debounce=True,
                      className="input", autoComplete="off"),
            html.Div(id=ids.whatif_error(path), className="field-error", role="alert"),
        ], className="field"))
    return [html.Div(weight_sliders(ids.WHATIF_FORM, weights_for_sliders(doc)), className="whatif-weights"),
            html.Div(volumes, className="whatif-volumes")]


def whatif_note(lines: list[str], problem: str = "") -> list[Any]:
    """Under the what-if controls: a problem with the weights, and why the strategy changed or not."""
    out: list[Any] = []
    if problem:
        out.append(html.Div(problem, className="field-error", role="alert"))
    if lines:
        out.append(html.Ul([html.Li(t) for t in lines], className="whatif-notes"))
    return out


def whatif_panel() -> html.Div:
    return card(html.Div(id=ids.WHATIF, className="whatif-grid"), html.Div(id=ids.WHATIF_NOTE, role="status"),
                title="What if…",
                subtitle="Move a weight or change a volume: the recommendation is solved again at once.",
                class_name="whatif hidden", id=ids.WHATIF_CARD)


def results_page() -> html.Div:
    return html.Div([
        html.Div([html.H1("Results"),
                  html.P("For the last submitted requirements; edits on the Requirements page apply when you "
                         "press Recommend.", className="lead")], className="page-head"),
        summary_bar(),
        dcc.Loading(html.Div(no_results(), id=ids.RESULTS_TOP), type="default", delay_show=300),
        whatif_panel(),
        html.Div(id=ids.RESULTS),
        dcc.Download(id=ids.REPORT_DOWNLOAD),
    ], id=ids.PAGE_RESULTS, className="page")
