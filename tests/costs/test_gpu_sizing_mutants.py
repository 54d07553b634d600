"""GPU sizing pinned by hand-worked figures (issue #13): one synthetic GPU whose numbers make every term of the
replica-seconds formulas show, the plan list per GPU, the choice among plans, the input checks and the helpers.

The synthetic GPU: 25 GB, 100 TFLOPS, 1 TB/s, sold as a 2-GPU instance at $3.70/h; the model has 10B parameters
of which 5B are active (bf16: 20 GB of weights), planned with 4 GPUs per replica, so tensor parallelism inside
one instance is 2 while prefill of a batch (and the compute cap) uses all 4. E is the frozen reference's
calibrated decode efficiency (latency.self_hosted_calibration), an input here, not a figure under test.
"""

from __future__ import annotations

import dataclasses
import math

import pytest

from selector.costs.gpu_sizing import (
    GpuPlan,
    Load,
    PlanObjective,
    _Figures,
    _instance_plan,
    _plans,
    _row_base,
    batch_concurrency,
    batch_replica_seconds,
    batch_window_ms,
    kv_bytes_per_token,
    plan_gpu_for_loads,
    plan_latency_ms,
    plan_self_hosted_gpu,
)
from selector.costs.latency import self_hosted_efficiency
from selector.costs.reference import Gpu
from selector.costs.types import CostInputError, CostUnavailable
from selector.scoring.criteria import cost_utility, latency_utility

from tests.fixtures.frozen import frozen_reference

MONTH_S = 730 * 3600  # 2,628,000 s: that many requests a month is 1 req/s on average
DAY_MS = 24 * 3600 * 1000  # the frozen batch window: 24 h
SYN = Gpu("syn", "Synthetic 25GB", 25.0, 100.0, 1.0, False, (("syn.2x", 2, 3.7),))
KV5 = 131_072 * (5 / 8) ** 0.422  # KV bytes per token of 5B active parameters (Llama 3 herd fit) ≈ 107,491


@pytest.fixture(scope="module")
def ref():
    return frozen_reference()


@pytest.fixture(scope="module")
def eff(ref):
    return self_hosted_efficiency(ref)


def syn_plan(ref, loads, gpu=SYN):
    figures = _Figures.read(ref, "bf16", 5.0)
    return _instance_plan(_row_base(gpu, 4, gpu.instances[0], 10.0, 5.0, figures), loads, "bf16", figures)


# --- one deployment: compute-bound, slot-bound and batch loads together --------------------------------------

COMPUTE = Load(1.5 * MONTH_S, 8000, 1)  # 1.5 req/s mean, long prompts, one token out
SLOTS = Load(0.1 * MONTH_S, 800, 4000)  # 0.1 req/s mean, long answers
BATCH = Load(0.5 * MONTH_S, 4000, 2000, DAY_MS)  # 0.5 req/s mean, may wait a day


def test_three_loads_share_one_deployment(ref, eff):
    """Speed at batch 1 over tp = min(4, 2) = 2 GPUs: E × 1e12 B/s × 2 / (5e9 × 2 B) = 200·E tokens/s.
    Compute cap over all 4 GPUs: 4 × 100e12 × 0.4 / (2 × 5e9) = 16,000 tokens/s.

    COMPUTE: prefill on 2 GPUs 2·5e9·8000 / (2 × 100e12 × 0.4) = 1.0 s; slots 16 / (1 + 1/(200E)) ≈ 15.9 req/s but
    compute 16,000 / 8,001 = 2.0 req/s rules: s = 8001/16000 s; peak 1.5 × 3 = 4.5 req/s → 2.250 replicas.
    SLOTS: prefill 0.1 s + 4000/(200E) = 20/E s of decode ≈ 34.7 s held in one of 16 slots: s = busy/16 (0.46 req/s
    < compute's 16,000/4,800 = 3.3); peak 0.3 req/s → 0.650 replicas.
    BATCH: free cache 4 × 25 GB × 0.9 − 20 GB = 70 GB; 70e9 / (KV5 × 6000) = 108.5 → B = 108 sequences; prefill
    on 4 GPUs 2·5e9·4000 / (4 × 100e12 × 0.4) = 0.25 s; step (20e9 + 108 · KV5 · (4000 + 1000)) / (2e12·E);
    s = 0.25 + 2000 × step / 108 ≈ 1.50 s at the mean 0.5 req/s → 0.749 replicas.
    Σ ≈ 3.65 → 4 replicas of 2 instances each = 8 instances; the first replica's 2 are the floor:
    2 × $3.70 × 730 = $5,402; the other 6 are usage: $16,206."""
    plan = syn_plan(ref, [COMPUTE, SLOTS, BATCH])
    s_compute = 8001 / 16000
    busy_slots = 0.1 + 4000 / (200 * eff)
    step = (20e9 + 108 * KV5 * (4000 + 2000 / 2)) / (eff * 1e12 * 2)
    s_batch = 0.25 + 2000 * step / 108
    assert plan.load_replicas == pytest.approx((4.5 * s_compute, 0.3 * busy_slots / 16, 0.5 * s_batch), rel=1e-9)
    assert (plan.gpu, plan.instance, plan.precision, plan.weights_gb) == ("syn", "syn.2x", "bf16", 20.0)
    assert (plan.gpus_per_replica, plan.replicas, plan.instances) == (4, 4, 8)
    assert plan.monthly_floor_usd == pytest.approx(2 * 3.7 * 730)
    assert plan.monthly_usage_usd == pytest.approx(6 * 3.7 * 730)
    assert plan.tokens_per_s == pytest.approx(200 * eff)
    assert plan.ttft_ms == pytest.approx(1000.0)  # the first load's prefill, 1.0 s
    assert plan.capacity_rps == pytest.approx(16000 / 8001)  # the first load's: compute-bound
    assert plan.peak_rps == pytest.approx(4.5)
    assert plan.batch is False and plan.concurrency == 16  # the first load is interactive
    assert plan.load_latency_ms == pytest.approx(
        ((1.0 + 1 / (200 * eff)) * 1000, busy_slots * 1000, DAY_MS), rel=1e-9)


def test_a_batch_first_load_sets_the_plan_figures(ref, eff):
    """Batch first: the plan is a batch plan at B = 108 sequences, its capacity 1 / s_batch, its rate the mean
    0.5 req/s, its TTFT the batch load's prefill on tp = 2 GPUs: 2·5e9·4000 / (2 × 100e12 × 0.4) = 0.5 s."""
    plan = syn_plan(ref, [BATCH, COMPUTE])
    step = (20e9 + 108 * KV5 * 5000) / (eff * 1e12 * 2)
    s_batch = 0.25 + 2000 * step / 108
    assert plan.batch is True and plan.concurrency == 108
    assert plan.capacity_rps == pytest.approx(1 / s_batch)
    assert plan.peak_rps == pytest.approx(0.5)
    assert plan.ttft_ms == pytest.approx(500.0)
    assert plan.load_latency_ms[0] == DAY_MS
    assert plan.load_replicas == pytest.approx((0.5 * s_batch, 4.5 * 8001 / 16000), rel=1e-9)
    assert plan.replicas == 3 and plan.instances == 6  # ⌈0.749 + 2.250⌉ = 3 replicas × 2 instances


def test_a_request_of_no_tokens_takes_no_gpu_time(ref):
    """A batch request of no tokens takes 0 s (capacity unbounded, B = the 256 cap); an interactive one is
    charged one token of compute, 1/16,000 s, at 10 × 3 = 30 req/s: 30/16,000 = 0.001875 replicas."""
    plan = syn_plan(ref, [Load(1000, 0, 0, DAY_MS), Load(10 * MONTH_S, 0, 0)])
    assert plan.capacity_rps == math.inf and plan.concurrency == 256
    assert plan.load_replicas == pytest.approx((0.0, 30 / 16000), rel=1e-9)
    assert plan.replicas == 1 and plan.instances == 2 and plan.monthly_usage_usd == 0


def test_unbounded_compute_and_no_output_hold_no_replica(ref):
    """With infinite compute, a request of no output holds no slot (0 s busy) and no compute (prefill 0 s):
    its capacity is unbounded, so it needs no replica-seconds at all."""
    fast = dataclasses.replace(SYN, peak_bf16_tflops=math.inf)
    plan = syn_plan(ref, [Load(10 * MONTH_S, 100, 0)], fast)
    assert plan.load_replicas == (0.0,)
    assert plan.capacity_rps == math.inf and plan.ttft_ms == 0.0


def test_a_replica_slower_than_one_request_a_second_is_still_counted(ref, eff):
    """SLOTS alone: capacity 16 / busy ≈ 0.46 req/s (below 1): 0.3 req/s at peak needs 0.3 × busy / 16."""
    plan = syn_plan(ref, [SLOTS])
    busy = 0.1 + 4000 / (200 * eff)
    assert plan.capacity_rps == pytest.approx(16 / busy) and plan.capacity_rps < 1
    assert plan.load_replicas == pytest.approx((0.3 * busy / 16,), rel=1e-9)


# --- the plans per GPU and instance ----------------------------------------------------------------------------


def test_plans_hold_the_weights_and_kv_overhead_on_each_gpu(ref):
    """10B in bf16 = 20 GB × (1 + 0.3 KV overhead) = 26 GB; usable memory is 90%: 40 GB → 36, 48 → 43.2, 80 → 72
    hold it on one GPU; the 24 GB GPUs (21.6 usable) need 26 / 21.6 = 1.2 → 2 (the L4 node is a single GPU, so two
    one-GPU instances)."""
    got = [(p.gpu, p.instance, p.gpus_per_replica, p.weights_gb) for p in _plans(10, 10, [Load(1000, 100, 10)],
                                                                                 "bf16", ref, None)]
    assert got == [("a100-40gb", "p4d.24xlarge", 1, 20.0), ("a100-80gb", "p4de.24xlarge", 1, 20.0),
                   ("h100-80gb", "p5.4xlarge", 1, 20.0), ("h100-80gb", "p5.48xlarge", 1, 20.0),
                   ("l40s", "g6e.xlarge", 1, 20.0), ("l40s", "g6e.12xlarge", 1, 20.0),
                   ("l4", "g6.xlarge", 2, 20.0), ("a10g", "g5.xlarge", 2, 20.0), ("a10g", "g5.12xlarge", 2, 20.0)]


def test_plans_on_one_gpu_only(ref):
    got = [(p.gpu, p.instance) for p in _plans(10, 10, [Load(1000, 100, 10)], "bf16", ref, "l40s")]
    assert got == [("l40s", "g6e.xlarge"), ("l40s", "g6e.12xlarge")]


# --- which plan is bought ----------------------------------------------------------------------------------------

QWEN = 7.6  # Qwen2.5-7B: 15.2 GB in bf16, one GPU on every type


def test_no_limit_buys_the_cheapest_instance(ref):
    """The L4 at $0.8048/h × 730 h = $587.50 is the cheapest one-GPU instance of the frozen catalog."""
    plan = plan_gpu_for_loads(QWEN, None, [Load(200_000, 500, 300)], ref)
    assert (plan.gpu, plan.instance) == ("l4", "g6.xlarge")
    assert plan.monthly_usd == pytest.approx(0.8048 * 730)


def test_a_limit_buys_the_cheapest_plan_within_it(ref):
    """300 tokens at batch-1 speed E × bandwidth / 15.2 GB: the L4 (0.3 TB/s, 11.4 tokens/s) takes over 26 s, the
    A10G (0.6 TB/s, 22.8 tokens/s) about 13 s: with a 20 s limit the A10G at $1.006 × 730 = $734.38 is bought."""
    plan = plan_gpu_for_loads(QWEN, None, [Load(200_000, 500, 300, 20_000)], ref)
    assert (plan.gpu, plan.instance) == ("a10g", "g5.xlarge")
    assert plan.monthly_usd == pytest.approx(1.006 * 730)


def test_with_no_plan_within_the_limit_the_least_excess_is_bought(ref):
    """No GPU answers in 1 s (the H100 at 3.35 TB/s takes about 2.4 s): the fastest one is returned."""
    load = Load(200_000, 500, 300, 1000)
    plan = plan_gpu_for_loads(QWEN, None, [load], ref)
    assert plan.gpu == "h100-80gb"
    fastest = min(p.load_latency_ms[0] for p in _plans(QWEN, QWEN, [load], "bf16", ref, None))
    assert plan.load_latency_ms[0] == fastest > 1000


def test_allowed_pairs_keep_the_pooled_hardware(ref):
    load = [Load(200_000, 500, 300)]
    plan = plan_gpu_for_loads(QWEN, None, load, ref, allowed={("a10g", "g5.12xlarge")})
    assert (plan.gpu, plan.instance) == ("a10g", "g5.12xlarge")
    # none of the allowed pairs can be planned: every plan competes again
    plan = plan_gpu_for_loads(QWEN, None, load, ref, allowed={("tpu", "v5e")})
    assert (plan.gpu, plan.instance) == ("l4", "g6.xlarge")


def test_gpu_precision_active_and_objective_are_passed_on(ref, eff):
    """On the L40S (one GPU: 26 GB ≤ 43.2) a 10B model with 2B active decodes E × 0.864e12 / (2e9 × 2 B) = 216·E
    tokens/s; in int8 a 7.6B model's weights are 7.6 GB; an objective that counts only latency buys the H100."""
    for plan in (plan_gpu_for_loads(10, 2, [Load(1000, 100, 10)], ref, gpu="l40s"),
                 plan_self_hosted_gpu(10, 2, 1000, 100, 10, ref, gpu="l40s")):
        assert (plan.gpu, plan.instance) == ("l40s", "g6e.xlarge")
        assert plan.tokens_per_s == pytest.approx(216 * eff)
    for plan in (plan_gpu_for_loads(QWEN, None, [Load(1000, 100, 10)], ref, precision="int8"),
                 plan_self_hosted_gpu(QWEN, None, 1000, 100, 10, ref, precision="int8")):
        assert (plan.precision, plan.weights_gb) == ("int8", pytest.approx(7.6))
    fastest = PlanObjective(0.0, 1.0, 12, cost_utility, latency_utility)
    assert plan_self_hosted_gpu(QWEN, None, 200_000, 500, 300, ref, objective=fastest).gpu == "h100-80gb"


def test_a_catalog_without_gpus_cannot_plan(ref):
    bare = dataclasses.replace(ref, gpus={})
    with pytest.raises(CostUnavailable, match=r"^no GPU instance in catalog/reference/gpus\.yaml$"):
        plan_gpu_for_loads(QWEN, None, [Load(1000, 100, 10)], bare)


@pytest.mark.parametrize(("args", "loads", "kwargs", "field", "message"), [
    ((0, None), [Load(1, 1, 1)], {}, "params_billion", "must be > 0"),
    ((-1, None), [Load(1, 1, 1)], {}, "params_billion", "got -1; expected a finite number ≥ 0"),
    ((QWEN, None), [], {}, "loads", "at least one load is needed"),
    ((QWEN, None), [Load(1, 1, 1), Load(-2, 1, 1)], {}, "requests_per_month", "got -2; expected a finite number ≥ 0"),
    ((QWEN, None), [Load(1, -3, 1)], {}, "input_tokens", "got -3; expected a finite number ≥ 0"),
    ((QWEN, None), [Load(1, 1, -4)], {}, "output_tokens", "got -4; expected a finite number ≥ 0"),
    ((QWEN, None), [Load(1, 1, 1)], {"precision": "fp8"}, "precision", "got 'fp8' (allowed: bf16, int8, int4)"),
    ((QWEN, None), [Load(1, 1, 1)], {"gpu": "tpu"}, "gpu",
     "unknown GPU 'tpu' (allowed: a100-40gb, a100-80gb, h100-80gb, l40s, l4, a10g)"),
])
def test_inputs_are_checked_with_the_field_named(ref, args, loads, kwargs, field, message):
    with pytest.raises(CostInputError) as err:
        plan_gpu_for_loads(*args, loads, ref, **kwargs)
    assert (err.value.field, err.value.message) == (field, message)


def test_half_a_billion_parameters_is_a_model():
    plan = plan_gpu_for_loads(0.5, None, [Load(1000, 100, 10)], frozen_reference())
    assert plan.weights_gb == pytest.approx(1.0)  # 0.5e9 × 2 B


# --- the objective's score ------------------------------------------------------------------------------------


def _plan(monthly_floor, monthly_usage, latencies):
    return GpuPlan("x", "i", "bf16", 1.0, 1, 1, 1, monthly_floor, monthly_usage, 10.0, 100.0, 1.0, 1.0,
                   load_latency_ms=latencies)


def _objective():
    """Cost utility −TCO/1000; latency utility −ms / limit (or / 10,000 without a limit)."""
    return PlanObjective(0.7, 0.3, 12, lambda usd: -usd / 1000,
                         lambda ms, limit: -ms / (limit if limit is not None else 10_000), fixed_tco_usd=500)


def test_score_weights_cost_and_request_shares():
    """TCO 500 + (100 + 50) × 12 = $2,300 → −2.3; shares 300 : 100 = 0.75 / 0.25 of latency utilities
    −1000/2000 = −0.5 and −4000/10000 = −0.4 → −0.475; score 0.7 × −2.3 + 0.3 × −0.475 = −1.7525."""
    plan = _plan(100, 50, (1000.0, 4000.0))
    loads = [Load(300, 1, 1, 2000), Load(100, 1, 1)]
    assert _objective().score(plan, loads) == pytest.approx(-1.7525)


def test_score_with_no_requests_shares_equally_and_one_request_is_a_whole_share():
    """No requests: shares 0.5 / 0.5 → latency −0.45, score −1.61 − 0.135 = −1.745. One request in the first
    load: shares 1 / 0 → latency −0.5, score −1.61 − 0.15 = −1.76."""
    plan = _plan(100, 50, (1000.0, 4000.0))
    assert _objective().score(plan, [Load(0, 1, 1, 2000), Load(0, 1, 1)]) == pytest.approx(-1.745)
    assert _objective().score(plan, [Load(1, 1, 1, 2000), Load(0, 1, 1)]) == pytest.approx(-1.76)


def test_score_needs_one_latency_per_load():
    with pytest.raises(ValueError, match="zip"):
        _objective().score(_plan(100, 50, (1000.0, 4000.0)), [Load(1, 1, 1)])


# --- helpers ----------------------------------------------------------------------------------------------------


def test_plan_latency_is_ttft_plus_decoding_unless_batch():
    """An interactive plan: 100 ms + 200 tokens / 50 tokens/s = 4,100 ms, whatever its per-load figures say;
    a batch plan: its first load's latency (the window)."""
    interactive = GpuPlan("x", "i", "bf16", 1.0, 1, 1, 1, 1.0, 0.0, 50.0, 100.0, 1.0, 1.0,
                          load_latency_ms=(999.0,))
    assert plan_latency_ms(interactive, 200) == pytest.approx(4100.0)
    batch = dataclasses.replace(interactive, batch=True, load_latency_ms=(86_400_000.0, 5.0))
    assert plan_latency_ms(batch, 200) == 86_400_000.0


def test_batch_window_and_which_loads_wait_for_it(ref):
    assert batch_window_ms(ref) == 86_400_000  # 24 h × 3600 × 1000
    assert Load(1, 1, 1, DAY_MS).is_batch(ref) and Load(1, 1, 1, DAY_MS + 1).is_batch(ref)
    assert not Load(1, 1, 1, DAY_MS - 1).is_batch(ref)
    assert not Load(1, 1, 1).is_batch(ref)


def test_kv_cache_per_token_follows_the_llama_3_fit(ref):
    """131,072 B at 8B; × 2^0.422 = 1.3398 at 16B ≈ 175,607 B."""
    assert kv_bytes_per_token(8, ref) == pytest.approx(131_072)
    assert kv_bytes_per_token(16, ref) == pytest.approx(131_072 * 2 ** 0.422)
    assert kv_bytes_per_token(16, ref) == pytest.approx(175_607, rel=1e-5)


def test_batch_concurrency_floor_and_cap():
    assert batch_concurrency(1000, 10, 1, 256) == 100.0  # ⌊1000 / (10 × 1)⌋, one token a sequence still counts
    assert batch_concurrency(15, 10, 1, 256) == 1.0  # ⌊1.5⌋ = 1
    assert batch_concurrency(5, 10, 1, 256) == 1.0  # ⌊0.5⌋ = 0, but one sequence always runs
    assert batch_concurrency(1e9, 10, 1, 256) == 256.0


def test_batch_replica_seconds_reads_half_the_output_cache_on_average():
    """step = (1000 + 4 × 2 × (30 + 10/2)) / 100 = 12.8 s; 0.5 + 10 × 12.8 / 4 = 32.5 s."""
    assert batch_replica_seconds(0.5, 10, 1000, 2, 30, 4, 100) == pytest.approx(32.5)
