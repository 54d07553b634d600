"""Invariants of the cost models (Hypothesis): never negative, never cheaper with more of anything."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from selector.costs import estimate_option
from selector.costs.agents import agent_overhead
from selector.costs.finetune import plan_fine_tuning
from selector.costs.hosting import plan_self_hosted_gpu
from selector.costs.inference import token_cost
from selector.costs.prompting import prompt_overhead
from selector.costs.rag import plan_rag
from selector.costs.types import CostUnavailable
from selector.requirements.models import Workload

OPTIONS = [
    ("gpt-4o-mini", "prompt_engineering", "on_demand_api"),
    ("gpt-4o-mini", "rag", "on_demand_api"),
    ("gpt-4o-mini", "fine_tuning", "on_demand_api"),
    ("gpt-4o-mini", "rag_fine_tuning", "on_demand_api"),
    ("amazon.nova-lite-v1:0", "rag", "on_demand_api"),
    ("meta-llama/Llama-3.1-8B-Instruct", "prompt_engineering", "self_hosted_gpu"),
    ("meta-llama/Llama-3.1-8B-Instruct", "rag", "self_hosted_gpu"),
    ("meta-llama/Llama-3.1-8B-Instruct", "fine_tuning", "self_hosted_gpu"),
    ("meta-llama/Llama-3.1-8B-Instruct", "continued_pretraining", "self_hosted_gpu"),
    ("amazon.titan-text-express-v1", "fine_tuning", "provisioned_throughput"),
    ("amazon.titan-text-express-v1", "continued_pretraining", "provisioned_throughput"),
    ("logistic-regression", "classical_training", "self_hosted_cpu"),
]

workloads = st.fixed_dictionaries({
    "requests_per_month": st.floats(0, 1e9),
    "input_tokens": st.floats(0, 20_000),
    "output_tokens": st.floats(0, 4_000),
    "corpus_tokens": st.floats(0, 1e11),
    "update_frequency": st.sampled_from(["static", "yearly", "monthly", "weekly", "daily", "realtime"]),
    "labelled_examples": st.floats(0, 1e5),
    "domain_corpus_tokens": st.floats(1e6, 1e10),
    "style_consistency": st.sampled_from(["low", "medium", "high"]),
    "task": st.sampled_from(["question_answering", "classification", "reasoning", "summarization"]),
    "multi_step_actions": st.booleans(),
    "max_latency_ms": st.one_of(st.none(), st.floats(500, 86_400_000)),
})

FIELDS = {"requests_per_month": 1e8, "input_tokens": 5_000, "output_tokens": 1_000, "corpus_tokens": 1e10}
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _workload(p: dict) -> Workload:
    return Workload.model_validate({
        "name": "w", "task": p["task"], "requests_per_month": p["requests_per_month"],
        "input_tokens": p["input_tokens"], "output_tokens": p["output_tokens"], "max_latency_ms": p["max_latency_ms"],
        "style_consistency": p["style_consistency"], "multi_step_actions": p["multi_step_actions"],
        "knowledge": {"corpus_tokens": p["corpus_tokens"], "update_frequency": p["update_frequency"]},
        "data": {"labelled_examples": p["labelled_examples"], "domain_corpus_tokens": p["domain_corpus_tokens"]}})


def _tco(catalog, option, p, horizon=12):
    model, strategy, hosting = option
    try:
        return estimate_option(_workload(p), catalog.get(model), strategy, hosting, horizon)
    except CostUnavailable:
        assume(False)


def _nonneg(obj, where) -> None:
    for name, value in vars(obj).items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            assert value >= 0, f"{where}.{name} = {value}"


@SETTINGS
@given(p=workloads)
def test_cost_parts_are_never_negative_before_they_are_summed(catalog, ref, p):
    """The option builder drops charges that are not positive, so a negative part would vanish from an estimate
    instead of showing: check every part where it is computed. (Replaces an estimate-level check that could not
    fail for that reason.)"""
    w = _workload(p)
    mini, llama = catalog.get("gpt-4o-mini"), catalog.get("meta-llama/Llama-3.1-8B-Instruct")
    assert token_cost(w.requests_per_month, w.input_tokens, w.output_tokens, 0.15, 0.60) >= 0
    for strategy in ("prompt_engineering", "rag", "fine_tuning"):
        over = prompt_overhead(w, strategy, ref)
        _nonneg(over, f"prompt_overhead[{strategy}]")
        assert over.extra_input_tokens >= 0 and over.output_multiplier >= 1
    _nonneg(agent_overhead(w, mini, 1000, ref), "agent_overhead")
    _nonneg(plan_rag(w.knowledge.corpus_tokens, w.knowledge.update_frequency, w.requests_per_month, w.input_tokens,
                     catalog.get("amazon.titan-embed-text-v2:0"), ref), "plan_rag")
    _nonneg(plan_fine_tuning(w, mini, "on_demand_api", None, ref), "plan_fine_tuning[managed]")
    _nonneg(plan_fine_tuning(w, llama, "self_hosted_gpu", None, ref), "plan_fine_tuning[self-hosted]")
    # + 1 input token: a request of 0 input and 0 output tokens divides by zero in replica_capacity_rps (found by
    # this test; unreachable through estimate_option, whose prompt template always adds input tokens).
    _nonneg(plan_self_hosted_gpu(8, None, w.requests_per_month, w.input_tokens + 1, w.output_tokens, ref), "gpu_plan")


@SETTINGS
@given(option=st.sampled_from(OPTIONS), p=workloads)
def test_estimates_are_never_negative_and_cumulate_upwards(catalog, option, p):
    est = _tco(catalog, option, p)
    assert est.monthly_usd >= 0 and est.one_off_usd >= 0 and est.latency_ms > 0
    assert est.monthly_usd == pytest.approx(sum(c.usd for c in est.charges if c.recurring))
    assert (est.cumulative(12).diff().dropna() >= 0).all()


@SETTINGS
@given(option=st.sampled_from(OPTIONS), p=workloads, field=st.sampled_from(sorted(FIELDS)),
       more=st.floats(0, 1))
def test_more_traffic_tokens_or_corpus_never_costs_less(catalog, option, p, field, more):
    base = _tco(catalog, option, p)
    bigger = _tco(catalog, option, {**p, field: p[field] + more * FIELDS[field]})
    for months in (1, 12):
        assert bigger.tco(months) >= base.tco(months) * (1 - 1e-9) - 1e-9


@SETTINGS
@given(option=st.sampled_from(OPTIONS), p=workloads, horizon=st.integers(1, 60), extra=st.integers(0, 60))
def test_longer_horizon_never_costs_less(catalog, option, p, horizon, extra):
    short = _tco(catalog, option, p, horizon)
    long = _tco(catalog, option, p, horizon + extra)
    assert long.tco(horizon + extra) >= short.tco(horizon) * (1 - 1e-9) - 1e-9
