"""One way to say an option's service tier and its quality grade in every view: before 2026-12-03 the report's
options table printed a flex-tier option as plain "prompting · API", and the CLI's runners-up and the dashboard
showed an unknown quality (scored by rule) as a bare 0.47, as if measured."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from selector.labels import api_tier, hosting_label, quality_label

from tests.reliability.harness import ROOT


def _option(hosting: str, tier: str | None) -> SimpleNamespace:
    assumptions = {} if tier is None else {"inference.service_tier": tier}
    return SimpleNamespace(hosting=hosting, cost=SimpleNamespace(assumptions=assumptions))


@pytest.mark.parametrize(("hosting", "tier", "long", "short"), [
    ("on_demand_api", "flex", "on-demand API (flex tier)", "API flex"),
    ("on_demand_api", "batch", "on-demand API (batch tier)", "API batch"),
    ("on_demand_api", "standard", "on-demand API", "API"),
    ("on_demand_api", None, "on-demand API", "API"),
    ("self_hosted_gpu", "batch", "self-hosted GPU", "GPU"),  # a tier is an API's: moot elsewhere
])
def test_hosting_label(hosting, tier, long, short):
    o = _option(hosting, tier)
    assert (hosting_label(o), hosting_label(o, short=True)) == (long, short)
    assert api_tier(o) == (tier if long.endswith("tier)") else None)


@pytest.mark.parametrize(("value", "grade", "text"), [
    (0.4906, "measured", "0.49"), (0.4906, None, "0.49"), (0.47, "estimated", "0.47 (estimated)"),
    (0.4, "unknown", "0.40 (unknown)"),
])
def test_quality_label(value, grade, text):
    assert quality_label(value, grade) == text
    assert quality_label(value, grade, short=True) == text.replace("(estimated)", "est.").replace("(unknown)",
                                                                                                   "unknown")


def _recommend(catalog, name):
    from selector.recommend import Settings, recommend
    from selector.requirements import load_requirements

    return recommend(load_requirements(ROOT / "examples" / name), catalog, Settings(smaa_samples=50,
                                                                                   break_even=False))


def test_a_flex_alternative_says_flex_in_every_view(catalog):
    from selector.cli.recommend_text import table_text
    from selector.report import render

    from dashboard.logic.results import alternatives_rows

    rec = _recommend(catalog, "portfolio-shared-budget.yaml")
    found = [(w, a) for w in rec.workloads for a in w.alternatives if api_tier(a.option) == "flex"]
    assert found, "the portfolio example has a flex-tier runner-up (google.gemma-3-27b-it on 2026-12-03)"
    w, a = found[0]
    cli = [line for line in table_text(rec).splitlines() if line.startswith(a.option.model)]
    assert any(" API flex " in line for line in cli)
    md = render(rec, "md")
    assert f"· {a.option.strategy.short} · API flex |" in md
    rows = [r for r in alternatives_rows(w) if r["model"] == a.option.model and r["hosting"].endswith("(flex tier)")]
    assert rows and rows[0]["hosting"] == "on-demand API (flex tier)"


def test_an_unknown_quality_is_marked_in_every_view(catalog):
    from selector.cli.recommend_text import runners_up
    from selector.options.evidence import choice_evidence
    from selector.report import render

    from dashboard.logic.results import alternatives_rows

    rec = _recommend(catalog, "legal-open-weights-finetune.yaml")
    w = rec.workloads[0]
    unknown = [a for a in w.alternatives if choice_evidence(a.option).quality == "unknown"]
    assert unknown, "the example's runners-up include an option of unknown quality (Qwen2.5-7B on 2026-12-03)"
    a = unknown[0]
    assert f"{a.option.quality:.2f} unknown" in runners_up(w.alternatives)
    escaped = f"{a.option.quality:.2f}".replace(".", "\\.") + " \\(unknown\\)"  # Markdown escapes . ( )
    assert f"| {escaped} |" in render(rec, "md")
    row = next(r for r in alternatives_rows(w) if r["model"] == a.option.model)
    assert row["quality_evidence"] == "unknown"
