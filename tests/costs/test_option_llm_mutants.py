"""selector.costs.option_llm helper by helper: training, RAG, reasoning, provisioned and on-demand lines worked
by hand on small fakes, with the exact notes and assumption keys the report prints (issue #13, mutation testing)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import selector.costs.option_llm as ol
from selector.costs.caching import CachePlan
from selector.costs.option import Builder
from selector.costs.reasoning import Reasoning
from selector.costs.types import CostUnavailable, RequestTokens
from selector.vocab import EvidenceGrade, ServiceTier


def _lines(b: Builder) -> list[tuple[str, bool, str | None, str]]:
    return [(c.component, c.recurring, c.shared_key, c.note) for c in b.charges]


# --- _training / _custom_offer ----------------------------------------------------------------------------


def test_training_dispatches_on_the_strategy(monkeypatch):
    for name in ("plan_fine_tuning", "plan_continued_pretraining", "plan_pretraining"):
        monkeypatch.setattr(ol, name, lambda *args, _n=name: (_n, *args))
    w, p, r = object(), object(), object()
    assert ol._training(w, p, "fine_tuning", "on_demand_api", "lora", r) == ("plan_fine_tuning", w, p,
                                                                             "on_demand_api", "lora", r)
    assert ol._training(w, p, "rag_fine_tuning", "h", None, r) == ("plan_fine_tuning", w, p, "h", None, r)
    assert ol._training(w, p, "continued_pretraining", "h", "lora", r) == ("plan_continued_pretraining", w, p,
                                                                          "h", r)
    assert ol._training(w, p, "pretraining", "h", None, r) == ("plan_pretraining", w, p, "h", r)
    assert ol._training(w, p, "prompt_engineering", "h", None, r) is None
    assert ol._training(w, p, "rag", "h", None, r) is None


def test_custom_offer():
    p = SimpleNamespace(fine_tuning="ft-offer", continued_pretraining="cp-offer")
    assert ol._custom_offer(p, "fine_tuning") == "ft-offer"
    assert ol._custom_offer(p, "rag_fine_tuning") == "ft-offer"
    assert ol._custom_offer(p, "continued_pretraining") == "cp-offer"
    assert ol._custom_offer(p, "pretraining") is None
    assert ol._custom_offer(p, "prompt_engineering") is None


# --- _add_training / _add_rag / _note_reasoning -----------------------------------------------------------


def _plan():
    return SimpleNamespace(training_usd=11.0, labelling_usd=13.0, storage_usd_per_month=1.7,
                           retraining_usd_per_month=19.0, method="qlora", assumptions={"training.x": 2.0},
                           notes=["plan note"])


def test_add_training_lines_notes_and_assumptions():
    b = Builder(None)
    ol._add_training(b, _plan(), "fine_tuning")
    assert _lines(b) == [("training", False, None, "method qlora"), ("labelling", False, None, ""),
                         ("storage", True, None, "custom model storage"),
                         ("retraining", True, None, "one run per knowledge update")]
    assert [c.usd for c in b.charges] == [11.0, 13.0, 1.7, 19.0]
    assert b.assumptions == {"training.x": 2.0, "training.method": "qlora"}
    assert b.notes == ["plan note"]


def test_add_training_with_rag_leaves_retraining_to_the_index():
    b = Builder(None)
    ol._add_training(b, _plan(), "rag_fine_tuning")
    assert [c.component for c in b.charges] == ["training", "labelling", "storage"]


def test_add_rag_lines():
    rag = SimpleNamespace(store="pgv", store_floor_usd=43.0, store_usage_usd=5.0, indexing_usd=7.0,
                          refresh_usd=3.0, query_embedding_usd=2.0, knowledge_base_fee_usd=29.0,
                          assumptions={"rag.top_k": 5.0})
    b = Builder(None)
    ol._add_rag(b, rag)
    assert _lines(b) == [
        ("vector_store", True, "vector_store:pgv", "pgv minimum capacity"),
        ("vector_store", True, None, "pgv capacity above the minimum, storage"),
        ("indexing", False, None, "embedding the corpus once"),
        ("refresh", True, None, "re-embedding the changed share"),
        ("embedding_queries", True, None, ""),
        ("knowledge_base", True, None, ""),
    ]
    assert [c.usd for c in b.charges] == [43.0, 5.0, 7.0, 3.0, 2.0, 29.0]
    assert b.assumptions == {"rag.top_k": 5.0}


def test_note_reasoning_on_and_off():
    b = Builder(None)
    ol._note_reasoning(b, Reasoning(1234.0, "high", "rule r", EvidenceGrade.measured))
    assert b.assumptions == {"tokens.reasoning_per_request": 1234.0, "reasoning.effort": "high",
                             "reasoning.rule": "rule r", "reasoning.grade": EvidenceGrade.measured.value}
    assert b.notes == [f"1,234 hidden reasoning tokens per request (rule r; {EvidenceGrade.measured.value})"]
    b = Builder(None)
    ol._note_reasoning(b, Reasoning(0.0, None, "none", EvidenceGrade.measured))
    assert b.assumptions["reasoning.effort"] == "off" and b.notes == []


# --- _provisioned -------------------------------------------------------------------------------------------


def _offer(per_unit: float | None = 1000.0, cap: int | None = None):
    # no commitment is the cheapest rate here, so only a custom model allowed to skip a term gets it
    return SimpleNamespace(usd_per_model_unit_hour=10.0, usd_per_model_unit_hour_1_month=18.0,
                           usd_per_model_unit_hour_6_months=15.0, input_tpm_per_unit=per_unit,
                           output_token_weight=4, min_units=2, unit_step=1, max_units_no_commitment=cap)


def _pt_profile(offer, hosting=("provisioned_throughput",), fine_tuning=None, cp=None):
    return SimpleNamespace(id="pt-model", provisioned_throughput=offer, hosting=list(hosting) if hosting else hosting,
                           fine_tuning=fine_tuning, continued_pretraining=cp)


# 43,800 requests/month over 730 h = 1 request/min, × 3 at the peak = 3/min; (1000 in + 250 out × 4) = 2,000
# weighted tokens each → 6,000 tokens/min at the peak; 1,000 per unit → 6 units (minimum 2, step 1)
TOK = RequestTokens(user_in=1000, user_out=250, input=1000, output=250)


def test_provisioned_base_model_bill(ref):
    b = Builder(None)
    ol._provisioned(b, _pt_profile(_offer()), "prompt_engineering", 12, ref, 43_800, TOK)
    # a base model must commit: 6 months at 15 $/unit-h beats 1 month at 18; floor 2 × 15 × 730 = 21,900,
    # the 4 units above it 4 × 15 × 730 = 43,800
    assert _lines(b) == [
        ("provisioned_throughput", True, "deployment:pt-model:provisioned_throughput",
         "minimum deployment of 2 unit(s), commitment six_months"),
        ("provisioned_throughput", True, None, "4 more unit(s): 6 for 6,000 tokens/min at the peak"),
    ]
    assert [c.usd for c in b.charges] == pytest.approx([21_900.0, 43_800.0])
    assert b.assumptions == {"hosting.provisioned_model_units": 6, "hosting.usd_per_model_unit_hour_avg": 15.0,
                             "hosting.commitment": "six_months", "hosting.hours_per_month": 730.0,
                             "hosting.provisioned_peak_tpm": pytest.approx(6000.0),
                             "hosting.provisioned_tpm_per_unit": 1000.0}
    assert b.notes == []


def test_provisioned_custom_model_may_skip_the_term(ref):
    ft = SimpleNamespace(serving="provisioned_throughput")
    b = Builder(None)  # the base model itself is not on provisioned throughput: the custom offer is enough
    ol._provisioned(b, _pt_profile(_offer(), hosting=("on_demand_api",), fine_tuning=ft), "fine_tuning", 12, ref,
                    43_800, TOK)
    # no term, 10 $/unit-h: 2 × 10 × 730 = 14,600 and 4 × 10 × 730 = 29,200; its own deployment (no shared key)
    assert _lines(b) == [
        ("provisioned_throughput", True, None, "minimum deployment of 2 unit(s), commitment none"),
        ("provisioned_throughput", True, None, "4 more unit(s): 6 for 6,000 tokens/min at the peak"),
    ]
    assert [c.usd for c in b.charges] == pytest.approx([14_600.0, 29_200.0])
    # above the no-commitment cap (5 < 6 units) it must commit
    b = Builder(None)
    ol._provisioned(b, _pt_profile(_offer(cap=5), fine_tuning=ft), "fine_tuning", 12, ref, 43_800, TOK)
    assert b.assumptions["hosting.commitment"] == "six_months"
    cp = SimpleNamespace(serving="provisioned_throughput")
    b = Builder(None)
    ol._provisioned(b, _pt_profile(_offer(), hosting=None, cp=cp), "continued_pretraining", 12, ref, 43_800, TOK)
    assert b.assumptions["hosting.commitment"] == "none" and b.charges[0].shared_key is None


def test_provisioned_unpublished_throughput_is_sized_at_the_minimum(ref):
    b = Builder(None)
    ol._provisioned(b, _pt_profile(_offer(per_unit=None)), "prompt_engineering", 12, ref, 43_800, TOK)
    assert [c.component for c in b.charges] == ["provisioned_throughput"]  # 0 units above the floor: dropped
    assert b.assumptions["hosting.provisioned_tpm_per_unit"] == "unpublished"
    assert b.assumptions["hosting.provisioned_model_units"] == 2
    assert b.notes == ["pt-model: throughput per provisioned unit is not published; sized at the minimum "
                       "(2 unit(s)) for 6,000 tokens/min at the peak — ask the platform what a unit delivers "
                       "before buying"]


@pytest.mark.parametrize(("strategy", "kw", "message"), [
    ("pretraining", {}, "pt-model: no provisioned-throughput price in the catalog"),
    ("prompt_engineering", {"offer": None}, "pt-model: no provisioned-throughput price in the catalog"),
    ("fine_tuning", {}, "pt-model: no managed customisation offer to serve on provisioned throughput"),
    ("rag_fine_tuning", {}, "pt-model: no managed customisation offer to serve on provisioned throughput"),
    ("continued_pretraining", {}, "pt-model: no managed customisation offer to serve on provisioned throughput"),
    ("prompt_engineering", {"hosting": ("on_demand_api",)},
     "pt-model: the base model is not offered on provisioned throughput"),
    ("rag", {"hosting": None}, "pt-model: the base model is not offered on provisioned throughput"),
])
def test_provisioned_exclusions_are_worded(ref, strategy, kw, message):
    kw = dict(kw)  # the parameters are shared between runs: never mutate them
    profile = _pt_profile(kw.pop("offer", _offer()), **kw)
    with pytest.raises(CostUnavailable) as e:
        ol._provisioned(Builder(None), profile, strategy, 12, ref, 43_800, TOK)
    assert str(e.value) == message


# --- _api_charges ---------------------------------------------------------------------------------------------


def test_api_bill_line_by_line_at_long_context(catalog, ref):
    gemini = catalog.get("gemini-2.5-pro")
    assert (gemini.long_context_threshold_tokens, gemini.long_context_input_usd_per_1m_tokens,
            gemini.long_context_output_usd_per_1m_tokens) == (200_000, 2.5, 15.0)
    # 1,000 own + 250,000 retrieved tokens > 200,000: every line at the long-context 2.5 / 15.0 $ per 1M
    t = RequestTokens(user_in=1000, user_out=300, cot_extra=50, context=250_000, agent_in=2000, agent_out=400,
                      reasoning=700)
    b = Builder(None)
    ol._api_charges(b, SimpleNamespace(requests_per_month=10_000), gemini, "rag", t, ServiceTier.standard, 2, ref)
    label = "on-demand, long context (prompt > 200,000 tokens)"
    assert _lines(b) == [("inference", True, None, label),
                         ("prompt_overhead", True, None, "template, few-shot examples, chain-of-thought"),
                         ("retrieved_context", True, None, ""), ("agent_steps", True, None, ""),
                         ("reasoning_tokens", True, None, "hidden reasoning tokens at the output price")]
    # 10,000 × (1000 × 2.5 + 300 × 15) / 1e6 = 70; 10,000 × 50 × 15 / 1e6 = 7.5; 10,000 × 250,000 × 2.5 / 1e6
    # = 6,250; 10,000 × (2000 × 2.5 + 400 × 15) / 1e6 = 110; 10,000 × 700 × 15 / 1e6 = 105
    assert [c.usd for c in b.charges] == pytest.approx([70.0, 7.5, 6250.0, 110.0, 105.0])
    assert b.assumptions == {"inference.usd_per_1m_input_tokens": 2.5, "inference.usd_per_1m_output_tokens": 15.0,
                             "inference.pricing": label, "inference.service_tier": "standard"}


def test_api_bill_moves_the_cached_prefix(catalog, ref, monkeypatch):
    gemini = catalog.get("gemini-2.5-pro")
    seen = []

    def fake_plan(profile, prices, user_prefix, selector_prefix, requests, ref_):
        seen.append((profile.id, prices.input, user_prefix, selector_prefix, requests))
        return CachePlan(3500, 2000, 0.8, 0.125, 1.25, 1024, 60), ""

    monkeypatch.setattr(ol, "cache_at_volume", fake_plan)
    monkeypatch.setattr(ol, "ruled_out", lambda *_a: None)  # consulted first: here only cache_at_volume decides
    t = RequestTokens(user_in=3000, user_out=100, prompt_extra=1500, agent_in=9000, agent_out=0)
    w = SimpleNamespace(requests_per_month=10_000, cacheable_prompt_tokens=2000)
    b = Builder(None)
    ol._api_charges(b, w, gemini, "prompt_engineering", t, ServiceTier.standard, 2, ref)
    # short context (4,500 tokens): 1.25 in / 10 out; the user's 2,000 cacheable tokens and the 1,500 template
    assert seen == [("gemini-2.5-pro", 1.25, 2000.0, 1500, 10_000)]
    assert _lines(b) == [("cached_prompt", True, None, "3,500-token repeated prefix, hit rate 80%"),
                         ("inference", True, None, "on-demand"), ("agent_steps", True, None, "")]
    # cached: 10,000 × 3 calls × 3,500 × (0.8 × 0.125 + 0.2 × 1.25) / 1e6 = 105,000,000 × 0.35 / 1e6 = 36.75
    # inference: 10,000 × ((3000 − 2000) × 1.25 + 100 × 10) / 1e6 = 22.5 (the template is all cached: no line)
    # agent: 10,000 × (9000 − 2 × 3500) × 1.25 / 1e6 = 25
    assert [c.usd for c in b.charges] == pytest.approx([36.75, 22.5, 25.0])
    assert {k: v for k, v in b.assumptions.items() if k.startswith("caching.")} == {
        "caching.prefix_tokens": 3500, "caching.hit_rate": 0.8, "caching.usd_per_1m_cache_read": 0.125,
        "caching.usd_per_1m_cache_miss": 1.25, "caching.min_cacheable_tokens": 1024, "caching.ttl_minutes": 60}
    # agent input below the cached prefixes of its steps: floored at 0, no agent line
    b = Builder(None)
    ol._api_charges(b, w, gemini, "prompt_engineering", RequestTokens(user_in=3000, user_out=100,
                                                                        prompt_extra=1500, agent_in=5000),
                    ServiceTier.standard, 2, ref)
    assert [c.component for c in b.charges] == ["cached_prompt", "inference"]
    # the user's cacheable prefix is capped at the user's own prompt
    seen.clear()
    ol._api_charges(Builder(None), SimpleNamespace(requests_per_month=10, cacheable_prompt_tokens=9999), gemini,
                    "prompt_engineering", RequestTokens(user_in=3000, user_out=1), ServiceTier.standard, 0, ref)
    assert seen[0][2] == 3000.0


def test_api_bill_records_why_nothing_is_cached(catalog, ref, monkeypatch):
    gemini = catalog.get("gemini-2.5-pro")
    b = Builder(None)  # the real rules: a 1-token template is below any caching minimum, whatever the volume
    ol._api_charges(b, SimpleNamespace(requests_per_month=10), gemini, "prompt_engineering",
                    RequestTokens(user_in=300, user_out=1, prompt_extra=1), ServiceTier.standard, 0, ref)
    assert "below the" in str(b.assumptions["caching.not_applied"]) and b.volume_terms is not None
    monkeypatch.setattr(ol, "cache_at_volume", lambda *a: (None, "why not"))
    monkeypatch.setattr(ol, "ruled_out", lambda *_a: None)  # only the volume decides: cache_at_volume says why not
    b = Builder(None)
    ol._api_charges(b, SimpleNamespace(requests_per_month=10), gemini, "prompt_engineering",
                    RequestTokens(user_in=300, user_out=1, prompt_extra=1), ServiceTier.standard, 0, ref)
    assert b.assumptions["caching.not_applied"] == "why not" and b.volume_terms is None
    b = Builder(None)
    ol._api_charges(b, SimpleNamespace(requests_per_month=10), gemini, "prompt_engineering",
                    RequestTokens(user_in=300, user_out=1), ServiceTier.standard, 0, ref)
    assert "caching.not_applied" not in b.assumptions  # nothing repeated, nothing to explain


def test_api_exclusions_are_worded(catalog, ref):
    gemini = catalog.get("gemini-2.5-pro")
    t = RequestTokens(user_in=10, user_out=1)
    w = SimpleNamespace(requests_per_month=10)
    with pytest.raises(CostUnavailable) as e:
        ol._api_charges(Builder(None), w, gemini, "continued_pretraining", t, ServiceTier.standard, 0, ref)
    assert str(e.value) == "gemini-2.5-pro: no on-demand price for a continued-pretrained custom model"
    for hosting in (None, ["provisioned_throughput"]):
        with pytest.raises(CostUnavailable) as e:
            ol._api_charges(Builder(None), w, gemini.model_copy(update={"hosting": hosting}), "rag", t,
                            ServiceTier.standard, 0, ref)
        assert str(e.value) == "gemini-2.5-pro: not offered on demand"


def test_api_fine_tuned_model_is_priced_at_its_own_standard_rates(catalog, ref):
    mini = catalog.get("gpt-4o-mini")
    ft = mini.fine_tuning
    b = Builder(None)  # a custom model need not have the base model on demand
    ol._api_charges(b, SimpleNamespace(requests_per_month=1_000_000), mini.model_copy(update={"hosting": []}),
                    "fine_tuning", RequestTokens(user_in=100, user_out=10), ServiceTier.batch, 0, ref)
    assert b.assumptions["inference.service_tier"] == "standard"
    assert b.assumptions["inference.usd_per_1m_input_tokens"] == ft.input_usd_per_1m_tokens
    # 1e6 × (100 × in + 10 × out) / 1e6
    assert b.charges[0].usd == pytest.approx(100 * ft.input_usd_per_1m_tokens + 10 * ft.output_usd_per_1m_tokens)


# --- _self_hosted ---------------------------------------------------------------------------------------------


@pytest.fixture
def fake_gpu_plan(monkeypatch):
    calls = []

    def fake(params, active, requests, tin, tout, ref_, **kw):
        calls.append(((params, active, requests, tin, tout, ref_), kw))
        return SimpleNamespace(monthly_floor_usd=700.0, monthly_usage_usd=1400.0, gpus_per_replica=2, gpu="L4",
                               instance="g6.12xlarge", replicas=3, instances=3, precision="bf16",
                               batch=kw.get("max_latency_ms") is None, concurrency=64)

    monkeypatch.setattr(ol, "plan_self_hosted_gpu", fake)
    return calls


def test_self_hosted_lines_and_assumptions(ref, fake_gpu_plan):
    from selector.costs.gpu_sizing import PlanObjective
    from selector.scoring.criteria import cost_utility, latency_utility

    def Objective(horizon, fixed=0.0):  # noqa: N802 - the plan objective with these terms
        return PlanObjective(0.6, 0.4, horizon, cost_utility, latency_utility, fixed)

    p = SimpleNamespace(id="llama", params_billion=8.0, active_params_billion=None, open_weights=True, hosting=[],
                        weights_precision="bf16")
    w = SimpleNamespace(requests_per_month=1000, max_latency_ms=2000)
    t = RequestTokens(user_in=1, user_out=1, input=900, output=150)
    b = Builder(None)
    b.add("storage", 2.0, recurring=True)
    b.add("training", 30.0, recurring=False)
    plan = ol._self_hosted(b, w, p, "fine_tuning", "lora", t, ref, "L4", None, 5000.0, Objective(12))
    (args, kw), = fake_gpu_plan
    assert args == (8.0, None, 5000.0, 900, 150, ref)  # sized for the capacity, not the month's 1,000
    # the other charges over 12 months: 2 × 12 + 30 once = 54
    assert kw == {"gpu": "L4", "precision": "bf16", "max_latency_ms": 2000, "objective": Objective(12, 54.0),
                  "candidates": []}  # the plans chosen among, for sizing again at other volumes (none from the fake)
    assert plan.gpu == "L4"
    assert _lines(b)[2:] == [("hosting", True, "deployment:llama:self_hosted_gpu",
                              "one always-on replica: 2 × L4 on g6.12xlarge"),
                             ("hosting", True, None, "2 more replica(s) for the peak")]
    assert [c.usd for c in b.charges[2:]] == [700.0, 1400.0]
    assert dict(b.assumptions) == {
        "hosting.gpu": "L4", "hosting.instance": "g6.12xlarge", "hosting.precision": "bf16",
        "hosting.gpus_per_replica": 2, "hosting.replicas": 3, "hosting.instances": 3,
        "hosting.hours_per_month": ref.number("hosting.hours_per_month"),
        "hosting.peak_to_average": ref.number("hosting.peak_to_average"),
        "hosting.serving_concurrency": ref.number("hosting.serving_concurrency"),
        "hosting.kv_cache_overhead": ref.number("hosting.kv_cache_overhead"),
        "training.gpu_memory_utilization": ref.number("training.gpu_memory_utilization")}
    assert b.notes == ["LoRA adapters are served on the shared base-model deployment (multi-LoRA serving)"]


def test_self_hosted_batch_and_own_deployments(ref, fake_gpu_plan):
    p = SimpleNamespace(id="llama", params_billion=8.0, active_params_billion=1.0, open_weights=False,
                        hosting=["self_hosted_gpu"], weights_precision="fp8")
    w = SimpleNamespace(requests_per_month=1000, max_latency_ms=None)
    t = RequestTokens(user_in=1, user_out=1, input=900, output=150)
    b = Builder(None)
    ol._self_hosted(b, w, p, "fine_tuning", "full", t, ref, None, "int4")
    (args, kw), = fake_gpu_plan
    assert args[:3] == (8.0, 1.0, 1000) and kw == {"gpu": None, "precision": "int4", "max_latency_ms": None,
                                                    "objective": None, "candidates": []}
    assert _lines(b) == [("hosting", True, None, "one always-on replica: 2 × L4 on g6.12xlarge"),
                         ("hosting", True, None, "2 more replica(s) for the mean rate (batch)")]
    assert b.assumptions["hosting.sizing"] == "batch: mean rate, full batching"
    assert b.assumptions["hosting.batch_concurrency"] == 64
    assert b.assumptions["hosting.batch_max_num_seqs"] == ref.number("hosting.batch_max_num_seqs")
    assert b.notes == []  # a fully fine-tuned model is its own deployment
    for strategy, method, shared in [("prompt_engineering", "full", True), ("rag", "full", True),
                                     ("rag_fine_tuning", "qlora", True), ("continued_pretraining", "lora", False),
                                     ("pretraining", "full", False)]:
        b = Builder(None)
        ol._self_hosted(b, w, p, strategy, method, t, ref, None, None)
        assert (b.charges[0].shared_key is not None) is shared, strategy
        assert fake_gpu_plan[-1][1]["precision"] == "fp8"  # the weights' own precision by default


def test_self_hosted_exclusions_are_worded(ref, fake_gpu_plan):
    t = RequestTokens(user_in=1, user_out=1)
    w = SimpleNamespace(requests_per_month=1000, max_latency_ms=None)
    closed = SimpleNamespace(id="m", params_billion=8.0, open_weights=False, hosting=None)
    with pytest.raises(CostUnavailable) as e:
        ol._self_hosted(Builder(None), w, SimpleNamespace(id="m", params_billion=None), "rag", "full", t, ref,
                        None, None)
    assert str(e.value) == "m: parameter count undisclosed; self-hosting cannot be sized"
    for hosting in (None, ["on_demand_api"]):
        with pytest.raises(CostUnavailable) as e:
            ol._self_hosted(Builder(None), w, SimpleNamespace(id="m", params_billion=8.0, open_weights=False,
                                                              hosting=hosting), "rag", "full", t, ref, None, None)
        assert str(e.value) == "m: weights are not downloadable"
    # pretraining makes its own weights
    ol._self_hosted(Builder(None), w, SimpleNamespace(**vars(closed), active_params_billion=None,
                                                      weights_precision="bf16"), "pretraining", "full", t, ref,
                    None, None)


# --- estimate_llm: its own exclusions and notes -------------------------------------------------------------


def test_estimate_llm_exclusions_and_batch_note(catalog, workload, ref):
    mini = catalog.get("gpt-4o-mini")
    with pytest.raises(CostUnavailable) as e:
        ol.estimate_llm(workload(), mini, "prompt_engineering", "self_hosted_cpu", 12, None, None, ref)
    assert str(e.value) == "gpt-4o-mini: LLMs are priced on GPUs, not on CPU"
    titan = catalog.get("amazon.titan-text-express-v1")
    with pytest.raises(CostUnavailable) as e:
        ol.estimate_llm(workload(data={"labelled_examples": 2000}), titan, "fine_tuning", "on_demand_api", 12,
                        None, None, ref)
    assert str(e.value) == "amazon.titan-text-express-v1: a customised model is served only on provisioned_throughput"
    # a day's latency limit: the batch tier, answered within the batch window
    est = ol.estimate_llm(workload(max_latency_ms=86_400_000), mini, "prompt_engineering", "on_demand_api", 12,
                          None, None, ref)
    assert est.assumptions["inference.service_tier"] == "batch"
    assert "priced at the batch discount: answers arrive within the batch window" in est.notes
    assert dict(est.latency_parts) == {"batch_window": est.latency_ms} and est.latency_estimated is True


def test_api_long_context_counts_the_template_too(catalog, ref):
    gemini = catalog.get("gemini-2.5-pro")
    # 1,000 own + 120,000 template + 100,000 retrieved = 221,000 > 200,000: long-context rates
    b = Builder(None)
    ol._api_charges(b, SimpleNamespace(requests_per_month=10, cacheable_prompt_tokens=0), gemini.model_copy(
        update={"cache_read_usd_per_1m_tokens": None}), "rag",
        RequestTokens(user_in=1000, user_out=1, prompt_extra=120_000, context=100_000), ServiceTier.standard, 0, ref)
    assert b.assumptions["inference.usd_per_1m_input_tokens"] == 2.5
