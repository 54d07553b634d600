"""The report's bottom line, its per-workload parts and the data behind the new charts (issue #19).

Pure checks on the content model and the chart data (no browser): the browser tests in
test_report_browser.py check what a reader sees.
"""

from __future__ import annotations

import dataclasses

import pytest

from selector.recommend import Settings, recommend
from selector.report import render
from selector.report.blocks import Chart, ChartRow, Heading, Para, Table, charts_of
from selector.report.bottomline import confidence
from selector.report.content import build_report
from selector.labels import duration
from selector.report.fmt import money
from selector.requirements import load_requirements
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "portfolio-shared-budget.yaml"


@pytest.fixture(scope="module")
def rec(catalog):
    return recommend(load_requirements(EXAMPLE), catalog, Settings(smaa_samples=300))


@pytest.fixture(scope="module")
def report(rec):
    return build_report(rec)


def test_the_bottom_line_is_three_sentences_and_one_table(rec, report):
    first = report.sections[0]
    assert first.key == "summary" and first.title == "Bottom line"
    lead, table = first.blocks[0], first.blocks[1]
    assert isinstance(lead, Para) and lead.lead and isinstance(table, Table) and table.role == "bottom-line"
    assert lead.text.count(". ") + 1 == 3 or lead.text.count(". ") == 2, lead.text
    assert table.columns == ("workload", "use", "how", "monthly", "one-off", "confidence")
    assert [r[0] for r in table.rows] == [w.name for w in rec.workloads] + ["all workloads", "budget"]
    for w, row in zip(rec.workloads, table.rows, strict=False):
        assert row[1] == w.views["names"][w.choice.option.model] != w.choice.option.model
        assert row[3:5] == (money(w.monthly_cost_usd), money(w.one_off_cost_usd))


def test_confidence_words_follow_the_documented_rule(rec):
    """clear choice: first in ≥ 70% of the samples and not held by a constraint; close call: under 40% or
    held in place; likely choice between (selector/report/bottomline.py)."""
    w = next(w for w in rec.workloads if "held_by" not in w.explanation)
    key = w.choice.option.key

    def with_share(p: float, held: bool = False):
        acc = dict(w.smaa["acceptability"])
        acc[key] = [p, 1 - p, 0.0]
        smaa = {**w.smaa, "acceptability": acc}
        explanation = {**w.explanation, **({"held_by": ["max_models"]} if held else {})}
        return dataclasses.replace(w, smaa=smaa, explanation=explanation)

    assert confidence(with_share(0.93), rec.weights)[0] == "clear choice"
    assert confidence(with_share(0.70), rec.weights)[0] == "clear choice"
    assert confidence(with_share(0.69), rec.weights)[0] == "likely choice"
    assert confidence(with_share(0.40), rec.weights)[0] == "likely choice"
    assert confidence(with_share(0.39), rec.weights)[0] == "close call"
    words, detail = confidence(with_share(0.95, held=True), rec.weights)
    assert words == "close call" and "held by max_models" in detail


def test_one_part_per_workload_with_its_charts(rec, report):
    part = next(s for s in report.sections if s.key == "workloads")
    heads = [b for b in part.blocks if isinstance(b, Heading)]
    assert [h.text.split(":")[0] for h in heads] == [w.name for w in rec.workloads]
    titles = [c.figure.layout.title.text for c in charts_of(report)]
    for t in ("Quality against cost", "Criteria: the choice against the alternatives", "Cost per component",
              "Break-even: cost against volume", "What moves the cost of the choice"):
        assert titles.count(t) == len(rec.workloads), t
    assert not any("radar" in t.lower() or "polar" in str(c.figure.layout) for t, c in zip(titles, charts_of(report),
                                                                                          strict=True))
    rows = [b for b in part.blocks if isinstance(b, ChartRow)]
    assert rows and all(len(r.charts) == 2 and all(isinstance(c, Chart) for c in r.charts) for r in rows)


def _value_axes(fig) -> set[str]:
    """Layout names of the axes that carry numbers (``xaxis``, ``yaxis2``...); category axes carry names."""
    out = set()
    for t in fig.data:
        for letter in ("x", "y"):
            values = getattr(t, letter, None)
            if values is not None and any(isinstance(v, (int, float)) for v in values):
                ref = getattr(t, f"{letter}axis", None) or letter
                out.add(f"{letter}axis{ref[1:]}")
    return out


def test_every_axis_is_labelled_with_a_unit_and_money_axes_are_never_mixed(report):
    units = ("USD", "0–1", "utility", "month", "requests")
    checked = 0
    for chart in charts_of(report):
        fig = chart.figure
        for name in _value_axes(fig):
            title = fig.layout[name].title.text or ""
            assert any(u in title for u in units), (fig.layout.title.text, name, title)
            assert not ("monthly" in title and "one-off" in title), title  # one axis never carries both
            checked += 1
    assert checked > len(charts_of(report))  # every chart has at least one value axis, most two


def test_the_cost_chart_puts_monthly_and_one_off_on_their_own_axes(rec):
    w = next(w for w in rec.workloads if w.choice.option.cost.one_off_usd > 0)
    fig = rec.plot.cost_split(w.name)
    assert fig.layout.xaxis.title.text == "monthly (USD/month)" and fig.layout.xaxis2.title.text == "one-off (USD)"
    monthly = sum(sum(t.x[:1]) for t in fig.data if t.xaxis in (None, "x"))
    once = sum(sum(t.x[:1]) for t in fig.data if t.xaxis == "x2")
    assert monthly == pytest.approx(w.choice.option.cost.monthly_usd, rel=1e-6)
    assert once == pytest.approx(w.choice.option.cost.one_off_usd, rel=1e-6)


def test_break_even_curve_passes_through_the_choice_at_the_workload_volume(rec):
    """The curve re-prices with the cost functions: at the workload's own volume the choice's line gives the
    choice's own TCO, and it rises with volume."""
    for w in rec.workloads:
        data = w.views["volume_curve"]
        vols, first = list(data["volumes"]), list(data["lines"][0]["tco_usd"])
        assert data["lines"][0]["key"] == w.choice.option.key
        at = vols.index(data["current"])
        assert first[at] == pytest.approx(w.choice.tco_usd, rel=1e-6)
        known = [t for t in first if t is not None]
        assert known == sorted(known)  # more traffic never costs less


def test_tornado_moves_one_input_at_a_time(rec):
    """Each row is the choice's TCO with one input halved and doubled; for an on-demand API option the
    usage cost is proportional to the volume, so the requests row spans about half to double the usage
    part (the fixed floor, such as a vector store, stays)."""
    w = next(w for w in rec.workloads if w.choice.option.cost.one_off_usd == 0)  # prompt engineering, on demand
    t = w.views["tornado"]
    assert t["base_tco_usd"] == pytest.approx(w.choice.tco_usd, rel=1e-6)
    rows = {r["input"]: r for r in t["rows"]}
    req = rows["requests per month"]
    assert req["tco_low"] == pytest.approx(t["base_tco_usd"] / 2, rel=0.02)
    assert req["tco_high"] == pytest.approx(t["base_tco_usd"] * 2, rel=0.02)
    h = rows["horizon"]
    assert (h["low"], h["high"]) == (12, 48) and h["tco_high"] == pytest.approx(4 * h["tco_low"], rel=1e-6)
    swings = [abs(r["tco_high"] - r["tco_low"]) for r in t["rows"]]
    assert swings == sorted(swings, reverse=True)


def test_notable_exclusions_fail_one_requirement_and_are_rated_above_the_choice(rec, catalog):
    from selector.options.reasons import codes_of

    seen = 0
    for w in rec.workloads:
        for r in w.views["notable_excluded"]:
            seen += 1
            assert r["quality"] > w.choice.option.quality
            assert len(codes_of(w.excluded[r["model"]])) == 1
            assert r["constraint"] not in ("task", "modalities", "prices")
            assert r["name"] == catalog.get(r["model"]).name
    assert seen >= 1


def test_shared_guidance_is_said_once(rec):
    md = render(rec, "md")
    guidance = md[md.index("## Guidance"):md.index("## Exclusions")]
    assert "For every workload:" in guidance
    assert guidance.count("prompt injection — instructions hidden in user input") == 1
    assert guidance.count("ticket-summaries only") == 1


def test_markdown_keeps_the_html_order(rec):
    md = render(rec, "md")
    order = [md.index(h) for h in ("## Bottom line", "## Per workload", "### ticket-summaries", "### invoice-extraction",
                                   "### policy-answers", "## Guidance", "## Exclusions", "## Provenance")]
    assert order == sorted(order)


def test_durations_are_human():
    """The report's durations are selector.labels.duration's (tests/vocab/test_durations.py)."""
    assert [duration(x) for x in (892.4, 2157, 45_252, 8.64e7)] == ["892 ms", "2,157 ms", "45.3 s", "24 h"]


def test_an_infeasible_result_says_so_instead_of_zero_dollars(catalog):
    rec = recommend(load_requirements(ROOT / "examples" / "infeasible-latency.yaml"), catalog,
                    Settings(smaa_samples=50, break_even=False))
    lead = build_report(rec).sections[0].blocks[0].text
    assert "Nothing qualifies" in lead and "$0.00" not in lead
