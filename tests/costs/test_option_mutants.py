"""selector.costs.option line by line: the embedding, image and classical bills worked by hand, the Builder,
the growth rules and the wording of the exclusions (issue #13, mutation testing)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from selector.costs.option import (
    Builder,
    _classical,
    _embedding,
    _image,
    _only,
    _with_growth,
    capacity_requests,
    default_embedding,
    estimate_option,
)
from selector.costs.types import Charge, CostEstimate, CostUnavailable


def _lines(est: CostEstimate) -> list[tuple[str, bool, str | None, str]]:
    return [(c.component, c.recurring, c.shared_key, c.note) for c in est.charges]


# --- Builder -------------------------------------------------------------------------------------------


def test_builder_drops_zero_charges_but_keeps_a_keyed_floor():
    b = Builder(None)
    b.add("a", 0.0, recurring=True)  # dropped: nothing to pay, no floor key
    b.add("b", 0.0, recurring=False, shared_key="k", note="floor")  # kept: a shared floor even at 0
    b.add("c", 2.5, recurring=False, note="n")
    assert b.charges == [Charge("b", 0.0, False, "k", "floor"), Charge("c", 2.5, False, None, "n")]
    b.assumptions["x"] = 1.0
    b.notes.append("note")
    est = b.build(7.0, {"p": 7.0}, False)
    assert est.charges == (Charge("b", 0.0, False, "k", "floor"), Charge("c", 2.5, False, None, "n"))
    assert (est.latency_ms, dict(est.latency_parts), est.latency_estimated) == (7.0, {"p": 7.0}, False)
    assert dict(est.assumptions) == {"x": 1.0} and est.notes == ("note",)


def test_builder_add_defaults():
    b = Builder(None)
    b.add("c", 1.0, recurring=True)
    assert b.charges == [Charge("c", 1.0, True, None, "")]


# --- _only / default_embedding --------------------------------------------------------------------------


def test_only_names_every_allowed_strategy_and_hosting():
    profile = SimpleNamespace(id="m", kind="image")
    with pytest.raises(CostUnavailable) as e:
        _only("rag", "on_demand_api", profile, ("a", "b"), ("on_demand_api", "x"))
    assert str(e.value) == "m (image): priced only as a / b on on_demand_api / x, not rag on on_demand_api"
    with pytest.raises(CostUnavailable) as e:
        _only("a", "y", profile, ("a", "b"), ("on_demand_api", "x"))
    assert str(e.value) == "m (image): priced only as a / b on on_demand_api / x, not a on y"
    assert _only("b", "x", profile, ("a", "b"), ("on_demand_api", "x")) is None


def test_default_embedding_missing_from_the_catalog_is_named():
    ref = SimpleNamespace(value=lambda key: {"rag.default_embedding_model": "gone-embed"}[key], model=lambda _id: None)
    with pytest.raises(CostUnavailable) as e:
        default_embedding(ref)
    assert str(e.value) == "default embedding model 'gone-embed' is not in the catalog"


# --- embedding ------------------------------------------------------------------------------------------


def test_embedding_bill_without_a_corpus(catalog, workload, ref):
    model = catalog.get("text-embedding-3-small")
    price = model.input_usd_per_1m_tokens
    est = _embedding(workload(requests_per_month=300_000, input_tokens=700), model, "prompt_engineering",
                     "on_demand_api", ref)
    # 300,000 requests × 700 tokens × price / 1e6 = 210 × price
    assert _lines(est) == [("inference", True, None, "")]
    assert est.charges[0].usd == pytest.approx(210 * price)
    assert dict(est.assumptions) == {"inference.usd_per_1m_input_tokens": price,
                                     "latency.embedding_latency_ms": ref.number("latency.embedding_latency_ms")}
    ms = ref.number("latency.embedding_latency_ms")
    assert est.latency_ms == ms and dict(est.latency_parts) == {"embedding": ms}
    assert est.latency_estimated is True


def test_embedding_with_a_corpus_indexes_it_and_retrieves_nothing(catalog, workload, ref):
    model = catalog.get("text-embedding-3-small")
    w = workload(knowledge={"corpus_tokens": 2e6, "update_frequency": "weekly"})
    est = _embedding(w, model, "prompt_engineering", "on_demand_api", ref)
    ms = ref.number("latency.embedding_latency_ms")
    comps = [c.component for c in est.charges]
    assert comps[0] == "inference" and "indexing" in comps and "vector_store" in comps
    assert "embedding_queries" not in comps  # the queries are the inference line
    assert "rag.top_k" not in est.assumptions  # nothing is retrieved into a prompt
    assert "rag.chunk_tokens" in est.assumptions
    assert set(est.latency_parts) == {"embedding", "vector_search"}
    assert est.latency_parts["embedding"] == ms
    assert est.latency_parts["vector_search"] > 0
    assert est.latency_ms == pytest.approx(est.latency_parts["embedding"] + est.latency_parts["vector_search"])
    assert est.latency_estimated is True


# --- image ----------------------------------------------------------------------------------------------


def test_image_bill(catalog, workload, ref):
    model = catalog.get("amazon.titan-image-generator-v2:0")
    est = _image(workload(requests_per_month=1_250), model, "prompt_engineering", "on_demand_api", ref)
    ms = ref.number("latency.image_latency_ms")
    assert _lines(est) == [("inference", True, None, "")]
    assert est.charges[0].usd == pytest.approx(1_250 * model.usd_per_image)  # requests × USD per image
    assert dict(est.assumptions) == {"inference.usd_per_image": model.usd_per_image, "latency.image_latency_ms": ms}
    assert est.latency_ms == ms and dict(est.latency_parts) == {"generation": ms}
    assert est.latency_estimated is True


def test_image_exclusions_are_worded(catalog, workload, ref):
    model = catalog.get("amazon.titan-image-generator-v2:0")
    with pytest.raises(CostUnavailable) as e:
        _image(workload(), model, "rag", "on_demand_api", ref)
    assert str(e.value) == (f"{model.id} (image): priced only as prompt_engineering on on_demand_api, "
                            "not rag on on_demand_api")
    unpriced = SimpleNamespace(id="img-x", kind="image", usd_per_image=None)
    with pytest.raises(CostUnavailable) as e:
        _image(workload(), unpriced, "prompt_engineering", "on_demand_api", ref)
    assert str(e.value) == "img-x: no per-image price in the catalog"


# --- classical ------------------------------------------------------------------------------------------


def test_classical_bill_worked_by_hand(catalog, workload, ref):
    model = catalog.get("logistic-regression")
    # reference: 1,000 examples required; a label costs 0.012 × 3 labellers; m5.large at 0.096 $/h, 730 h;
    # 100 requests/s per instance; peak 3× average; 1 h of training; 10 ms a prediction.
    assert ref.number("labelling.classical_min_examples") == 1000
    assert ref.value("hosting.classical_instance") == "m5.large"
    assert ref.cpus["m5.large"].usd_per_hour == 0.096
    w = workload(task="classification", requests_per_month=200_000, data={"labelled_examples": 400})
    # capacity 250e6 requests/month: peak = 250e6 / (730 × 3600) × 3 = 285.4 req/s → ⌈2.854⌉ = 3 instances
    # (the workload's own 200,000 would need 1)
    est = _classical(w, model, "classical_training", "self_hosted_cpu", ref, capacity=250e6)
    assert _lines(est) == [
        ("labelling", False, None, ""),
        ("training", False, None, ""),
        ("hosting", True, f"deployment:{model.id}:self_hosted_cpu", "one always-on m5.large"),
        ("hosting", True, None, "2 more m5.large for the peak rate"),
    ]
    # labelling (1000 − 400) × 0.036 = 21.6; training 1 h × 0.096; floor 0.096 × 730 = 70.08; usage 2 × 70.08
    assert [c.usd for c in est.charges] == pytest.approx([21.6, 0.096, 70.08, 140.16])
    assert dict(est.assumptions) == {
        "labelling.required_examples": 1000.0, "labelling.shortfall_examples": 600.0,
        "labelling.usd_per_example": 0.012 * 3, "hosting.classical_instance": "m5.large",
        "hosting.instances": 3, "hosting.classical_training_hours": 1.0, "hosting.hours_per_month": 730.0,
        "hosting.peak_to_average": 3.0, "latency.classical_latency_ms": 10.0}
    assert est.latency_ms == 10.0 and dict(est.latency_parts) == {"prediction": 10.0}
    assert est.latency_estimated is True


def test_classical_without_capacity_sizes_for_the_workload_and_needs_no_labels(catalog, workload, ref):
    model = catalog.get("logistic-regression")
    # 200,000 requests: peak 0.23 req/s → 1 instance; 1,500 labelled ≥ 1,000 required → no labelling line
    w = workload(task="question_answering", requests_per_month=200_000, data={"labelled_examples": 1500})
    est = _classical(w, model, "classical_training", "self_hosted_cpu", ref)
    assert [c.component for c in est.charges] == ["training", "hosting"]
    assert est.assumptions["labelling.shortfall_examples"] == 0.0
    assert est.assumptions["labelling.usd_per_example"] == 0.55  # a written completion, not a label
    assert est.assumptions["hosting.instances"] == 1


def test_classical_exclusions_are_worded(catalog, workload, ref):
    llm = catalog.get("gpt-4o-mini")
    with pytest.raises(CostUnavailable) as e:
        _classical(workload(), llm, "classical_training", "self_hosted_cpu", ref)
    assert str(e.value) == "gpt-4o-mini: classical training needs a classical model, not a llm"
    model = catalog.get("logistic-regression")
    with pytest.raises(CostUnavailable) as e:
        _classical(workload(), model, "rag", "self_hosted_cpu", ref)
    assert str(e.value) == (f"{model.id} (classical): priced only as classical_training on self_hosted_cpu, "
                            "not rag on self_hosted_cpu")


# --- growth ---------------------------------------------------------------------------------------------


def test_capacity_requests():
    # 1e6 × 1.05^11 = 1,710,339.36 (the 12th month); no growth → the volume itself
    assert capacity_requests(1_000_000, 0.05, 12) == pytest.approx(1_710_339.36, abs=0.01)
    assert capacity_requests(1_000_000, 0.05, 1) == pytest.approx(1_000_000)
    assert capacity_requests(200_000, 0.0, 24) == 200_000


def test_with_growth_on_self_hosted_and_api():
    est = CostEstimate((Charge("hosting", 5.0, True),), 1.0, {"x": 1.0}, True, {"a": 1.0}, ("n",))
    assert _with_growth(est, 0.0, 9e9, "self_hosted_gpu") is est
    for hosting in ("self_hosted_gpu", "self_hosted_cpu"):
        g = _with_growth(est, 0.05, 1_710_339.4, hosting)
        assert dict(g.assumptions) == {"a": 1.0, "traffic.growth_per_month": 0.05,
                                       "traffic.capacity_requests_per_month": 1_710_339.4}
        assert g.notes == ("n", "capacity sized for the last month of the horizon (1,710,339 requests/month)")
        assert g.growth_per_month == 0.05 and g.charges == est.charges
    api = _with_growth(est, 0.05, 1_710_339.4, "on_demand_api")
    assert dict(api.assumptions) == {"a": 1.0, "traffic.growth_per_month": 0.05}
    assert api.notes == ("n",) and api.growth_per_month == 0.05


def test_estimate_option_sizes_classical_capacity_for_the_last_month(catalog, workload):
    model = catalog.get("logistic-regression")
    # 100e6 × 1.1^11 = 285.3e6 requests in month 12: peak 285.3e6 / 2,628,000 × 3 = 325.7 req/s → 4 instances
    w = workload(task="classification", requests_per_month=100e6, traffic_growth_per_month=0.1,
                 data={"labelled_examples": 5000})
    est = estimate_option(w, model, "classical_training", "self_hosted_cpu", 12)
    assert est.assumptions["hosting.instances"] == 4
    assert est.assumptions["traffic.growth_per_month"] == 0.1
    assert est.assumptions["traffic.capacity_requests_per_month"] == pytest.approx(100e6 * 1.1 ** 11)
    assert est.growth_per_month == 0.1
    flat = estimate_option(workload(task="classification", requests_per_month=100e6,
                                    data={"labelled_examples": 5000}), model, "classical_training",
                           "self_hosted_cpu", 12)
    # 100e6 / 2,628,000 × 3 = 114.2 req/s → 2 instances; no growth assumptions
    assert flat.assumptions["hosting.instances"] == 2
    assert "traffic.growth_per_month" not in flat.assumptions and flat.growth_per_month == 0.0


# --- estimate_option: arguments, dispatch and what it hands to estimate_llm ---------------------------------


@pytest.mark.parametrize(("kw", "field", "message"), [
    ({"strategy": "distillation"}, "strategy",
     "got 'distillation' (allowed: prompt_engineering, rag, fine_tuning, rag_fine_tuning, continued_pretraining, "
     "pretraining, classical_training)"),
    ({"hosting": "edge"}, "hosting",
     "got 'edge' (allowed: on_demand_api, provisioned_throughput, self_hosted_gpu, self_hosted_cpu)"),
    ({"horizon_months": 0}, "horizon_months", "got 0; expected an integer ≥ 1"),
    ({"horizon_months": 1.5}, "horizon_months", "got 1.5; expected an integer ≥ 1"),
    ({"method": "dora"}, "method", "got 'dora' (allowed: lora, qlora, full)"),
    ({"tier": "economy"}, "tier", "got 'economy' (allowed: standard, batch, flex, priority)"),
])
def test_estimate_option_names_the_bad_argument(catalog, workload, kw, field, message):
    from selector.costs.types import CostInputError

    args = {"strategy": "prompt_engineering", "hosting": "on_demand_api", "horizon_months": 12, **kw}
    extra = {k: args.pop(k) for k in ("method", "tier") if k in args}
    with pytest.raises(CostInputError) as e:
        estimate_option(workload(), catalog.get("gpt-4o-mini"), args["strategy"], args["hosting"],
                        args["horizon_months"], **extra)
    assert (e.value.field, e.value.message) == (field, message)


@pytest.fixture
def spy_llm(monkeypatch):
    import selector.costs.option_llm as ol

    calls = []

    def fake(*args, **kwargs):
        calls.append((args, kwargs))
        return CostEstimate((Charge("hosting", 1.0, True),), 5.0, {"x": 5.0}, True, {"k": 1.0})

    monkeypatch.setattr(ol, "estimate_llm", fake)
    return calls


def test_estimate_option_hands_everything_to_estimate_llm(catalog, workload, ref, spy_llm):
    from selector.vocab import Hosting, ServiceTier, Strategy

    mini = catalog.get("gpt-4o-mini")
    w = workload(requests_per_month=1_000_000, traffic_growth_per_month=0.05)
    objective = object()  # passed through untouched
    est = estimate_option(w, mini, Strategy.fine_tuning, Hosting.self_hosted_gpu, 12, method="qlora",
                          embedding="emb", ref=ref, gpu="L4", precision="int8", tier="flex", objective=objective)
    (args, kwargs), = spy_llm
    assert args == (w, mini, "fine_tuning", "self_hosted_gpu", 12, "qlora", "emb", ref)
    assert kwargs["capacity_requests"] == pytest.approx(1e6 * 1.05 ** 11)  # month 12 of 5 %/month growth
    assert {k: v for k, v in kwargs.items() if k != "capacity_requests"} == {
        "gpu": "L4", "precision": "int8", "tier": ServiceTier.flex, "objective": objective}
    assert type(kwargs["tier"]) is ServiceTier
    # the growth is carried on the estimate, with the capacity it was sized for (self-hosted)
    assert est.growth_per_month == 0.05
    assert est.assumptions["traffic.capacity_requests_per_month"] == pytest.approx(1e6 * 1.05 ** 11)
    assert est.assumptions["k"] == 1.0 and est.latency_ms == 5.0


def test_estimate_option_defaults_for_estimate_llm(catalog, workload, ref, spy_llm):
    from selector.costs.option import default_embedding

    mini = catalog.get("gpt-4o-mini")
    w = workload()
    estimate_option(w, mini, "prompt_engineering", "on_demand_api", 3)
    estimate_option(w, mini, "rag", "on_demand_api", 3)
    estimate_option(w, mini, "rag_fine_tuning", "on_demand_api", 1)
    estimate_option(w, mini, "rag", "on_demand_api", 3, embedding="mine")
    (a0, k0), (a1, _), (a2, _), (a3, _) = spy_llm
    assert a0[4:7] == (3, None, None)  # horizon, method, no embedding without retrieval
    assert k0 == {"gpu": None, "precision": None, "capacity_requests": 200_000, "tier": None, "objective": None}
    assert a0[7] is not None and a0[7].number("hosting.hours_per_month") == ref.number("hosting.hours_per_month")
    default = default_embedding(ref)
    assert a1[6].id == default.id and a2[6].id == default.id and a2[4] == 1
    assert a3[6] == "mine"


def test_estimate_option_dispatches_on_the_model_kind(catalog, workload, ref):
    from selector.vocab import Hosting, Strategy

    w = workload(requests_per_month=1_250, data={"labelled_examples": 5000})
    image = catalog.get("amazon.titan-image-generator-v2:0")
    est = estimate_option(w, image, Strategy.prompt_engineering, Hosting.on_demand_api, 12, ref=ref)
    assert dict(est.latency_parts) == {"generation": ref.number("latency.image_latency_ms")}
    assert est.charges[0].usd == pytest.approx(1_250 * image.usd_per_image)
    emb = estimate_option(w, catalog.get("text-embedding-3-small"), "prompt_engineering", "on_demand_api", 12)
    assert dict(emb.latency_parts) == {"embedding": ref.number("latency.embedding_latency_ms")}
    cls = estimate_option(w, catalog.get("logistic-regression"), "classical_training", "self_hosted_cpu", 12)
    assert dict(cls.latency_parts) == {"prediction": ref.number("latency.classical_latency_ms")}
    with pytest.raises(CostUnavailable, match=r"^logistic-regression \(classical\): priced only as "):
        estimate_option(w, catalog.get("logistic-regression"), "rag", "self_hosted_cpu", 12)
    with pytest.raises(CostUnavailable, match=r"^text-embedding-3-small \(embedding\): priced only as "):
        estimate_option(w, catalog.get("text-embedding-3-small"), "rag", "on_demand_api", 12)
    with pytest.raises(CostUnavailable, match=r"^amazon.titan-image-generator-v2:0 \(image\): priced only as "):
        estimate_option(w, image, "fine_tuning", "on_demand_api", 12)


def test_estimate_option_accepts_each_method_and_a_bare_workload(catalog, spy_llm):
    mini = catalog.get("gpt-4o-mini")
    bare = SimpleNamespace(requests_per_month=1000)  # no traffic_growth_per_month attribute: no growth
    for method in ("lora", "qlora", "full"):
        estimate_option(bare, mini, "fine_tuning", "self_hosted_gpu", 12, method=method)
    assert [a[5] for a, _ in spy_llm] == ["lora", "qlora", "full"]
    assert [k["capacity_requests"] for _, k in spy_llm] == [1000, 1000, 1000]


def test_estimate_option_prices_classical_training_only_on_a_classical_model(catalog, workload, spy_llm):
    with pytest.raises(CostUnavailable) as e:
        estimate_option(workload(), catalog.get("gpt-4o-mini"), "classical_training", "self_hosted_cpu", 12)
    assert str(e.value) == "gpt-4o-mini: classical training needs a classical model, not a llm"
    assert spy_llm == []
