"""From a document to the results page: rows, groups, figures and the page's components."""

from __future__ import annotations

import json
from types import SimpleNamespace

import plotly
import plotly.graph_objects as go
import pytest
from dash import dcc, html
from dash.development.base_component import Component

from selector.scoring import CRITERIA

from dashboard import ids
from dashboard.layout.results import CHARTS, ResultsView, chart_view, results_view
from dashboard.logic import results as logic
from dashboard.logic.documents import load_example
from tests.conftest import EXAMPLES
from tests.dashboard.conftest import make_doc


def walk(component):
    """Every component in a tree (a results view counts as its three parts)."""
    if isinstance(component, ResultsView):
        yield from walk([component.summary, component.top, component.details])
    elif isinstance(component, Component):
        yield component
        for prop in ("children",):
            yield from walk(getattr(component, prop, None))
        for tab in getattr(component, "tabs", []) or []:
            yield from walk(tab)
    elif isinstance(component, (list, tuple)):
        for c in component:
            yield from walk(c)


def text(component) -> str:
    parts = []
    for c in walk(component):
        child = getattr(c, "children", None)
        if isinstance(child, (str, int, float)):
            parts.append(str(child))
    return " ".join(parts)


@pytest.fixture(scope="module")
def rec(solver):
    return solver(make_doc(seed=3)).recommendation


def test_solve_gives_a_recommendation_or_messages(solver):
    assert solver(make_doc()).recommendation.status == "optimal"
    bad = solver({"workloads": [{"name": "a"}]})
    assert bad.recommendation is None and any("task" in m for m in bad.messages)


def test_the_memo_answers_repeated_documents(solver):
    doc = make_doc(seed=11)
    first = solver(doc)
    assert solver(json.loads(json.dumps(doc))) is first
    assert solver(make_doc(seed=12)) is not first


def test_rows_for_the_choice(rec):
    w = rec.workloads[0]
    summary = logic.choice_summary(w)
    assert summary["model"] == w.choice.option.model and dict(summary["figures"])["TCO"].startswith("$")
    rows = logic.alternatives_rows(w)
    assert rows[0]["rank"] == "choice" and len(rows) == 1 + len(w.alternatives)
    assert rows[0]["score"] >= max(r["score"] for r in rows[1:]) - 1e-9
    contrib = logic.contributions(w)
    assert {r["criterion"] for r in contrib} == set(CRITERIA)
    assert abs(sum(r["share"] for r in contrib) - 1) < 1e-6
    assert [r["criterion"] for r in logic.stability_rows(w, dict(rec.weights))] == list(CRITERIA)
    share = logic.first_rank_share(w)
    assert share is not None and 0 <= share <= 1


def _explained(**ru):
    return SimpleNamespace(explanation={"runner_up": {"model": "gpt-4o-mini", "strategy": "rag",
                                                      "hosting": "on_demand_api", **ru}})


def test_runner_up_differences_are_signed_words(rec):
    """The explanation holds runner-up minus choice for TCO and latency and choice minus runner-up for quality
    (selector/recommend.py); the words must carry those signs. Worked by hand. (Replaces a check that any of
    seven words appears.)"""
    costly = logic.runner_up(_explained(score_gap=0.0123, tco_difference_usd=1234.5, latency_difference_ms=-1500,
                                        quality_difference_points=2.345))
    assert costly["label"] == "gpt-4o-mini · RAG · on-demand API"
    assert costly["differences"] == [("score", "0.012 lower"), ("TCO", "$1,234 more"),
                                     ("quality", "2.3 points lower"), ("latency", "1,500 ms faster")]
    cheap = dict(logic.runner_up(_explained(score_gap=0.5, tco_difference_usd=-20, latency_difference_ms=0,
                                            quality_difference_points=-0.5))["differences"])
    assert (cheap["TCO"], cheap["quality"], cheap["latency"]) == ("$20.00 less", "0.5 points higher", "same")
    assert logic.runner_up(SimpleNamespace(explanation={})) is None  # a single option has no runner-up
    real = rec.workloads[0]
    ru = dict(real.explanation["runner_up"])
    words = dict(logic.runner_up(real)["differences"])
    if ru["tco_difference_usd"]:
        assert words["TCO"].endswith("more" if ru["tco_difference_usd"] > 0 else "less")


def test_exclusions_are_grouped_and_complete(rec):
    """Four models with known reasons, grouped by hand: languages rules out a, b and c; region rules out a and d
    (d's one reason also breaks the latency limit: listed under both); biggest group first, ties by code name,
    each model with all its messages. (Replaces expectations read back from the reasons' own codes.)"""
    from selector.options.reasons import Reason
    from selector.vocab import ReasonCode as C

    lang = Reason(C.languages, "lacks language ja")
    excluded = {"d": (Reason(C.region, "not offered in eu-west-1", also=(C.max_latency_ms,)),),
                "c": (lang,), "b": (lang,),
                "a": (lang, Reason(C.region, "not offered in eu-west-1"))}
    groups = logic.exclusion_groups(SimpleNamespace(excluded=excluded))
    assert [(g["family"], [m for m, _ in g["models"]]) for g in groups] == [
        ("languages", ["a", "b", "c"]), ("region", ["a", "d"]), ("max_latency_ms", ["d"])]
    assert dict(groups[0]["models"])["a"] == "lacks language ja; not offered in eu-west-1"
    real = rec.workloads[0]  # and on a real result every excluded model is shown
    assert {m for g in logic.exclusion_groups(real) for m, _ in g["models"]} == set(real.excluded)


def test_results_page_shows_every_workload(rec, solver):
    body = results_view(make_doc(seed=3), solver)
    cards = [c for c in walk(body) if getattr(c, "id", None) in (ids.choice_card(0), ids.choice_card(1))]
    assert len(cards) == 2
    assert rec.workloads[0].choice.option.model in text(cards[0])
    tables = [c for c in walk(body) if getattr(c, "id", None) == ids.alternatives(0)]
    assert tables and tables[0].data[0]["rank"] == "choice"
    assert json.dumps([body.summary, body.top, body.details], cls=plotly.utils.PlotlyJSONEncoder)  # Dash sends it
    first_charts = [c for c in walk(body) if isinstance(c, dcc.Graph)]
    assert len(first_charts) == 2  # the first chart of each workload comes with the page


@pytest.mark.parametrize("key", [k for k, _ in CHARTS])
def test_each_chart_tab_draws_the_library_figure(solver, key):
    content = chart_view(make_doc(seed=3), 1, key, solver)
    graphs = [c for c in walk(content) if isinstance(c, dcc.Graph)]
    assert graphs and all(isinstance(g.figure, go.Figure) and g.figure.data for g in graphs)
    if key == "sensitivity":
        assert "choice holds for" in text(content)


def test_chart_view_out_of_range_or_before_submit(solver):
    assert chart_view(make_doc(seed=3), 9, "pareto", solver) is None
    assert chart_view(None, 0, "pareto", solver) is None


def test_infeasible_requirements_show_the_conflicts(solver):
    doc = load_example("infeasible-latency.yaml", EXAMPLES).doc
    body = results_view(doc, solver)
    shown = text(body)
    assert "requirements in conflict" in shown and "max_latency_ms" in shown and "no qualifying option" in shown
    assert "infeasible" not in shown.lower()  # the solver's word is not shown


def test_invalid_or_missing_documents(solver):
    empty = results_view(None, solver)
    assert "No recommendation yet" in text(empty) and empty.summary == [] and empty.details == []
    shown = text(results_view({"workloads": [{"name": "a", "task": "chat", "requests_per_month": -1}]}, solver))
    assert "must be >= 0" in shown


def test_user_text_is_never_raw_html(solver):
    doc = make_doc(seed=3)
    doc["workloads"][0]["name"] = "<img src=x onerror=alert(1)>"
    body = results_view(doc, solver)
    for c in walk(body):
        assert not isinstance(c, (dcc.Markdown, html.Iframe))
        assert not getattr(c, "dangerously_allow_html", False)
    assert "<img src=x onerror=alert(1)>" in text(body)  # a text node: React escapes it
    fig = chart_view(doc, 0, "pareto", solver)
    title = [c for c in walk(fig) if isinstance(c, dcc.Graph)][0].figure.layout.title.text
    assert "<img" not in title and "&lt;img" in title  # plotly renders some HTML in titles: escaped


def test_a_library_failure_is_a_message_not_an_exception(monkeypatch, catalog):
    from selector.recommend import Settings

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(logic, "recommend", broken)
    outcome = logic.solve(make_doc(), catalog, Settings(smaa_samples=100))
    assert outcome.recommendation is None and "RuntimeError: boom" in outcome.messages[0]


def test_a_point_label_faces_the_middle_of_the_chart_and_is_not_clipped():
    import plotly.graph_objects as go

    from dashboard.layout.components import unclipped_labels

    def placed(x, y, log=False):
        fig = go.Figure([go.Scatter(x=[1, 10, 100, 1000], y=[0.2, 0.4, 0.6, 0.8], mode="markers"),
                         go.Scatter(x=[x], y=[y], mode="markers+text", text=["choice"], textposition="top center")])
        fig.update_layout(xaxis_type="log" if log else None)
        trace = unclipped_labels(fig).data[1]
        return trace.textposition, trace.cliponaxis

    assert placed(1000, 0.8) == ("bottom left", False)  # top-right corner: below and to the left
    assert placed(1, 0.2) == ("top right", False)
    assert placed(30, 0.5, log=True) == ("top center", False)  # log10(30) is mid-way between 0 and 3
    assert placed(30, 0.5) == ("top right", False)  # ... but near the left on a linear axis
