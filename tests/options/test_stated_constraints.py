"""allowed_hosting, allowed_providers, max_ttft_ms and latency_percentile on the shipped catalog, and hard
latency limits that respect evidence: a measurement excludes, an estimate only when its favourable end fails."""

from __future__ import annotations

import datetime as dt

import pytest

from selector.costs.latency import measured_latency
from selector.options.build import build_options
from selector.options.latency_bound import LatencyFigures, interpolate, latency_figures
from selector.options.limits import latency_notes, latency_violations
from selector.requirements import parse_requirements
from selector.vocab import EvidenceGrade, Hosting, ReasonCode

TODAY = dt.date(2026, 12, 2)
CHAT = "task: chat\nrequests_per_month: 100000\n"


def options(text: str, catalog):
    req = parse_requirements(text)
    return build_options(req, catalog, TODAY)[0]


def test_allowed_hosting_self_hosted_gpu_keeps_only_gpu_options(catalog):
    wo = options(CHAT + "allowed_hosting: [self_hosted_gpu]\n", catalog)
    assert wo.options and {o.hosting for o in wo.options} == {Hosting.self_hosted_gpu}
    api_only = [p.id for p in catalog if set(p.hosting or ()) == {"on_demand_api"} and p.fine_tuning is None]
    assert api_only
    for model in api_only:
        assert ReasonCode.allowed_hosting in {c for r in wo.excluded[model] for c in r.codes}, model
    assert "allowed_hosting is self_hosted_gpu" in str(wo.excluded[api_only[0]][0])


def test_allowed_hosting_drops_options_one_by_one(catalog):
    """A model whose fine-tuned copy is served on an API but whose base runs on GPUs: with fine-tuning data and
    allowed_hosting [on_demand_api] no self-hosted option of any model survives, and API options still do."""
    text = "task: classification\nrequests_per_month: 100000\ndata: {labelled_examples: 5000}\n"
    assert any(o.hosting is Hosting.self_hosted_gpu for o in options(text, catalog).options)
    wo = options(text + "allowed_hosting: [on_demand_api]\n", catalog)
    assert wo.options and all(o.hosting is Hosting.on_demand_api for o in wo.options)
    assert any(o.strategy == "fine_tuning" for o in wo.options)  # managed fine-tuning served on demand


def test_allowed_providers_restricts_to_the_listed_providers(catalog):
    everything = options(CHAT, catalog)
    assert len({catalog.get(o.model).provider for o in everything.options}) > 2
    wo = options(CHAT + "allowed_providers: [amazon-bedrock, self-hosted]\n", catalog)
    providers = {catalog.get(o.model).provider for o in wo.options}
    assert providers == {"amazon-bedrock", "self-hosted"}
    openai_model = next(p.id for p in catalog if p.provider == "openai" and p.kind == "llm")
    assert ReasonCode.allowed_providers in {c for r in wo.excluded[openai_model] for c in r.codes}
    assert "served by openai; allowed_providers is amazon-bedrock, self-hosted" in map(str, wo.excluded[openai_model])


def _measured_endpoint_option(wo, catalog):
    """A kept on-demand option whose latency is measured at its endpoint (p50)."""
    return next(o for o in wo.options if o.hosting is Hosting.on_demand_api and o.evidence.latency == "measured")


def test_max_ttft_ms_binds_on_a_measured_first_token(catalog):
    """The time to the first answer token of a measured endpoint is retrieval + TTFT + agent steps (here just
    its measured TTFT). A limit 1 ms below it excludes that option with the max_ttft_ms code."""
    base = options(CHAT, catalog)
    o = _measured_endpoint_option(base, catalog)
    first = o.cost.latency_parts["ttft"]
    assert first == pytest.approx(o.cost.assumptions["latency.ttft_ms"])
    wo = options(CHAT + f"max_ttft_ms: {first - 1}\n", catalog)
    assert o.key not in {x.key for x in wo.options}
    reasons = [r for r in wo.excluded.get(o.model, ()) if ReasonCode.max_ttft_ms in r.codes]
    assert reasons and reasons[0].grade is EvidenceGrade.measured and "(max_ttft_ms)" in str(reasons[0])
    kept = options(CHAT + f"max_ttft_ms: {first + 1}\n", catalog)
    assert o.key in {x.key for x in kept.options}


def test_max_latency_on_a_measurement_excludes_and_on_an_estimate_keeps_when_its_best_case_meets_it(catalog):
    """claude-opus-4-8 has no measurement: the market median (estimated, p5-p95 interval); a 2 s limit is above
    its favourable end, so it stays, flagged. A measured endpoint over the same limit is excluded."""
    wo = options(CHAT + "max_latency_ms: 2000\n", catalog)
    kept = next(o for o in wo.options if o.model == "claude-opus-4-8")
    assert kept.latency_ms > 2000 and kept.evidence.latency == "estimated"
    assert any("kept, to be confirmed by measurement" in n and "max_latency_ms 2,000" in n for n in kept.notes)
    measured_slow = [m for m, rs in wo.excluded.items() for r in rs
                     if r.code is ReasonCode.max_latency_ms and r.grade is EvidenceGrade.measured]
    assert measured_slow
    base = {o.model: o for o in options(CHAT, catalog).options}
    for model in measured_slow:
        if model in base:
            assert base[model].evidence.latency == "measured" and base[model].latency_ms > 2000


def test_an_estimate_whose_favourable_end_fails_is_excluded_as_estimated(catalog):
    base = {o.model: o for o in options(CHAT, catalog).options}
    fig = latency_figures(base["claude-opus-4-8"].cost, catalog.get("claude-opus-4-8"), "on_demand_api",
                          catalog.reference_data(), "p50")
    assert fig.grade is EvidenceGrade.estimated and fig.total_favourable_ms < fig.total_ms
    wo = options(CHAT + f"max_latency_ms: {fig.total_favourable_ms - 1}\n", catalog)
    assert "claude-opus-4-8" not in {o.model for o in wo.options}
    reason = next(r for r in wo.excluded["claude-opus-4-8"] if r.code is ReasonCode.max_latency_ms)
    assert reason.grade is EvidenceGrade.estimated and "at best" in str(reason)


def _figures(grade: EvidenceGrade, total: float, low: float, ttft: float = 100.0, ttft_low: float = 100.0):
    return LatencyFigures("p50", total, low, ttft, ttft_low, grade, "test rule")


@pytest.mark.parametrize(("grade", "total", "low", "excluded", "noted"), [
    (EvidenceGrade.measured, 1500, 1500, True, False),  # a measurement over the limit excludes
    (EvidenceGrade.estimated, 1500, 900, False, True),  # its favourable end meets the limit: kept, noted
    (EvidenceGrade.estimated, 1500, 1200, True, False),  # even the favourable end fails: excluded
    (EvidenceGrade.estimated, 900, 600, False, False),  # within the limit: nothing to say
])
def test_limits_both_sides(grade, total, low, excluded, noted):
    w = parse_requirements(CHAT + "max_latency_ms: 1000\n").workloads[0]
    f = _figures(grade, total, low)
    reasons = latency_violations(w, f)
    assert bool(reasons) is excluded
    if reasons:
        assert reasons[0].code is ReasonCode.max_latency_ms and reasons[0].grade is grade
    assert bool(latency_notes(w, "m", f)) is noted


def test_p90_of_a_measured_endpoint_is_interpolated_between_the_published_p75_and_p95(catalog):
    """nova-micro on Bedrock is measured at its endpoint. p90 TTFT = p75 + 0.75·(p95 − p75) and the p10 speed
    = p5 + 0.25·(p25 − p5), from the file's own row; the favourable end uses p75 and p25 (grade estimated)."""
    model = "amazon.nova-micro-v1:0"
    ref = catalog.reference_data()
    row = measured_latency(ref.directory).endpoint(model)
    t, v = row.ttft_s, row.output_tokens_per_s
    o = next(x for x in options(CHAT, catalog).options if x.model == model)
    parts = o.cost.latency_parts
    p50 = latency_figures(o.cost, catalog.get(model), o.hosting, ref, "p50")
    p90 = latency_figures(o.cost, catalog.get(model), o.hosting, ref, "p90")
    assert p50.grade is EvidenceGrade.measured and p50.total_ms == pytest.approx(o.latency_ms)
    ttft90 = parts["ttft"] * interpolate(t.p75, t.p95, 0.75) / t.p50
    gen90 = parts["generation"] * v.p50 / interpolate(v.p5, v.p25, 0.25)
    rest = o.latency_ms - parts["ttft"] - parts["generation"]
    assert p90.total_ms == pytest.approx(rest + ttft90 + gen90)
    assert p90.ttft_ms == pytest.approx(rest + ttft90)
    assert p90.total_favourable_ms == pytest.approx(rest + parts["ttft"] * t.p75 / t.p50
                                                    + parts["generation"] * v.p50 / v.p25)
    assert p90.grade is EvidenceGrade.estimated and p50.total_ms < p90.total_favourable_ms < p90.total_ms


def test_latency_percentile_p90_binds_where_p50_passes(catalog):
    """A limit between nova-micro's p50 and the favourable end of its p90 keeps it at p50 and excludes it at
    p90 (the p90 estimate's favourable end, the measured p75, already fails)."""
    model = "amazon.nova-micro-v1:0"
    ref = catalog.reference_data()
    o = next(x for x in options(CHAT, catalog).options if x.model == model)
    p90 = latency_figures(o.cost, catalog.get(model), o.hosting, ref, "p90")
    limit = (o.latency_ms + p90.total_favourable_ms) / 2
    at50 = options(CHAT + f"max_latency_ms: {limit}\n", catalog)
    at90 = options(CHAT + f"max_latency_ms: {limit}\nlatency_percentile: p90\n", catalog)
    assert o.key in {x.key for x in at50.options}
    assert o.key not in {x.key for x in at90.options}
    reason = next(r for r in at90.excluded[model] if r.code is ReasonCode.max_latency_ms)
    assert "at p90" in str(reason) and reason.grade is EvidenceGrade.estimated


def test_a_first_token_limit_below_the_batch_window_is_never_priced_at_batch(catalog):
    overnight = CHAT + "max_latency_ms: 86400000\n"
    batch = options(overnight, catalog)
    assert any("batch_window" in o.cost.latency_parts for o in batch.options)
    streamed = options(overnight + "max_ttft_ms: 2000\n", catalog)
    assert streamed.options
    assert not any("batch_window" in o.cost.latency_parts for o in streamed.options)


def test_every_option_carries_evidence_grades(catalog):
    wo = options(CHAT, catalog)
    for o in wo.options:
        assert {o.evidence.quality, o.evidence.latency, o.evidence.price} <= set(EvidenceGrade)
        assert o.evidence.quality is o.quality_level.grade
        if o.hosting.self_hosted:
            assert o.evidence.price is EvidenceGrade.estimated and o.evidence.latency is EvidenceGrade.estimated
    listed = next(o for o in wo.options if o.hosting is Hosting.on_demand_api
                  and catalog.source_of(catalog.get(o.model), "prices") is not None
                  and not catalog.source_of(catalog.get(o.model), "prices").estimate)
    assert listed.evidence.price is EvidenceGrade.measured
    assert catalog.source_of(catalog.get(listed.model), "prices").title in listed.evidence.price_basis
