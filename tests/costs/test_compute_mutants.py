"""Training compute pinned by hand-worked runs (issue #13): FLOPs = k·N_active·D (Kaplan et al. 2020 / Hoffmann et
al. 2022: 6 FLOPs per parameter per token for a full forward and backward pass), GPU-hours at MFU, the minimum job
hours per GPU, the GPU count that holds the training state, and each argument's error message."""

from __future__ import annotations

import dataclasses
import math

import pytest

from selector.catalog.reference import Gpu
from selector.costs.compute import (
    TrainingRun,
    billed_gpu_hours,
    cheapest_training_gpu,
    estimate_training,
    gpu_hours,
    gpus_to_hold,
    min_job_hours,
    min_training_gpus,
    state_memory_gb,
    training_flops,
    valid_gpu_count,
    wall_days,
)
from selector.costs.types import CostInputError

from tests.fixtures.frozen import frozen_reference

MEMORY_MODEL = "training state sharded across GPUs (ZeRO-3/FSDP); activations excluded"


@pytest.fixture(scope="module")
def ref():
    return frozen_reference()


def with_figures(ref, **values):
    """The frozen reference with some figures set (a copy: the frozen one is shared)."""
    template = ref.figures["training.mfu"]
    figures = {**ref.figures, **{k.replace("__", "."): template.model_copy(update={"value": v})
                                 for k, v in values.items()}}
    return dataclasses.replace(ref, figures=figures)


def test_helpers_formulas():
    assert training_flops(3e9, 5e9, 6) == pytest.approx(9e19)  # 6 × 3e9 × 5e9
    # 3.6e19 FLOPs / (100e12 × 0.25) = 1.44e6 s = 400 h
    assert gpu_hours(3.6e19, 100, 0.25) == pytest.approx(400.0)
    assert billed_gpu_hours(0.5, 24, 1.0) == 24.0
    assert billed_gpu_hours(30.0, 4, 2.0) == 30.0
    assert billed_gpu_hours(7.0, 4, 2.0) == 8.0
    assert wall_days(480, 4) == pytest.approx(5.0)  # 480 / 4 / 24
    assert state_memory_gb(3e9, 16) == pytest.approx(48.0)
    assert gpus_to_hold(48, 40, 0.8) == pytest.approx(1.5)


def test_valid_gpu_count():
    sizes = (1, 2, 4, 8)
    assert valid_gpu_count(0.2, sizes, 8) == 1  # at least one GPU
    assert valid_gpu_count(2, sizes, 8) == 2  # an allowed size itself
    assert valid_gpu_count(2.01, sizes, 8) == 4
    assert valid_gpu_count(8, sizes, 8) == 8
    assert valid_gpu_count(8.5, sizes, 8) == 16  # whole nodes past one node
    assert valid_gpu_count(17, sizes, 8) == 24
    assert valid_gpu_count(3, (8, 4, 2, 1), 8) == 4  # sizes in any order
    assert valid_gpu_count(3, sizes, 2) == 4  # sizes above the node size are skipped: two 2-GPU nodes
    assert valid_gpu_count(2, sizes, 2) == 2


def test_min_job_hours_reads_the_figure_or_zero(ref):
    assert min_job_hours(ref) == 0.0  # the frozen reference predates the figure
    assert min_job_hours(with_figures(ref, training__min_job_hours=2)) == 2.0


def test_min_training_gpus(ref):
    # full: 20B × 16 B = 320 GB / (80 × 0.9 = 72 GB) = 4.44 → 8 GPUs; lora: 20B × 2 B = 40 GB → 1
    assert min_training_gpus(20, "full", "h100-80gb", ref) == 8
    assert min_training_gpus(20, "lora", "h100-80gb", ref) == 1
    # qlora 0.738 B: 100B → 73.8 GB / 36 GB usable on 40 GB = 2.05 → 4
    assert min_training_gpus(100, "qlora", "a100-40gb", ref) == 4
    with pytest.raises(CostInputError) as err:
        min_training_gpus(1, "full", "tpu", ref)
    assert err.value.field == "gpu"
    assert err.value.message == "unknown GPU 'tpu' (allowed: a100-40gb, a100-80gb, h100-80gb, l40s, l4, a10g)"


def test_full_run_at_the_defaults(ref):
    """2B on 3e9 tokens on H100 (frozen gpus.yaml: 989 TFLOPS, $6.88/h for p5.4xlarge's one GPU = 55.04 / 8):
    state 2e9 × 16 B = 32 GB ≤ 72 GB usable → 1 GPU; FLOPs 6 × 2e9 × 3e9 = 3.6e19;
    hours 3.6e19 / (989e12 × 0.4) / 3600 = 25.2781 h; days / 24 = 1.05325; cost × 6.88 = $173.91."""
    run = estimate_training(2, 3e9, "h100-80gb", ref=ref)
    hours = 3.6e19 / (989e12 * 0.4) / 3600
    assert (run.method, run.params_billion, run.tokens, run.gpu, run.gpus) == ("full", 2.0, 3e9, "h100-80gb", 1)
    assert run.flops == pytest.approx(3.6e19)
    assert run.gpu_hours == pytest.approx(hours) and hours == pytest.approx(25.2781, abs=1e-4)
    assert run.wall_days == pytest.approx(hours / 24)
    assert run.cost_usd == pytest.approx(hours * 6.88)
    assert run.memory_gb_per_gpu == pytest.approx(32.0)
    assert dict(run.assumptions) == {
        "mfu": 0.4, "usd_per_gpu_hour": pytest.approx(6.88), "flops_per_param_token": 6.0,
        "peak_bf16_tflops": 989.0, "bytes_per_param": 16.0, "gpu_memory_gb": 80.0, "gpu_memory_utilization": 0.9,
        "active_params_billion": 2.0, "min_job_hours": 0.0, "memory_model": MEMORY_MODEL}
    assert run.to_dict() == {
        "method": "full", "params_billion": 2.0, "tokens": 3e9, "gpu": "h100-80gb", "gpus": 1,
        "flops": run.flops, "gpu_hours": run.gpu_hours, "wall_days": run.wall_days, "cost_usd": run.cost_usd,
        "memory_gb_per_gpu": run.memory_gb_per_gpu, "assumptions": dict(run.assumptions)}
    with pytest.raises(TypeError):
        run.assumptions["mfu"] = 1.0  # type: ignore[index]  # read-only


def test_lora_moe_run_with_every_argument_given(ref):
    """10B total, 4B active, LoRA (k = 4.524, 2 B/param) on 5e9 tokens, 2 × A100 40GB at MFU 0.5 and $3/h:
    FLOPs 4.524 × 4e9 × 5e9 = 9.048e19; hours 9.048e19 / (312e12 × 0.5) / 3600 = 161.111; days 161.111 / 2 / 24
    = 3.3565; cost $483.33; memory 10e9 × 2 B / 2 GPUs = 10 GB per GPU."""
    run = estimate_training(10, 5e9, "a100-40gb", method="lora", gpus=2, mfu=0.5, usd_per_gpu_hour=3.0,
                            active_params_billion=4, ref=ref)
    assert run.flops == pytest.approx(9.048e19)
    assert run.gpu_hours == pytest.approx(161.1111, abs=1e-3)
    assert run.wall_days == pytest.approx(161.1111 / 48, abs=1e-4)
    assert run.cost_usd == pytest.approx(483.3333, abs=1e-3)
    assert run.memory_gb_per_gpu == pytest.approx(10.0)
    assert (run.method, run.gpus, run.assumptions["active_params_billion"], run.assumptions["bytes_per_param"],
            run.assumptions["flops_per_param_token"], run.assumptions["mfu"], run.assumptions["usd_per_gpu_hour"],
            run.assumptions["gpu_memory_gb"], run.assumptions["peak_bf16_tflops"]) == (
        "lora", 2, 4.0, 2.0, 4.524, 0.5, 3.0, 40.0, 312.0)
    qlora = estimate_training(10, 5e9, "a100-40gb", method="qlora", ref=ref)
    assert qlora.assumptions["bytes_per_param"] == 0.738 and qlora.gpus == 1


def test_minimum_job_hours_bill_every_gpu(ref):
    """With training.min_job_hours = 2: a tiny job on 4 GPUs holds them 2 h each = 8 GPU-hours; days 8 / 4 / 24."""
    floored = with_figures(ref, training__min_job_hours=2)
    run = estimate_training(1, 1e6, "h100-80gb", gpus=4, usd_per_gpu_hour=5.0, ref=floored)
    assert run.gpu_hours == pytest.approx(8.0)
    assert run.cost_usd == pytest.approx(40.0)
    assert run.wall_days == pytest.approx(8 / 4 / 24)
    assert run.assumptions["min_job_hours"] == 2.0


def test_a_free_gpu_price_is_allowed(ref):
    assert estimate_training(1, 1e9, "h100-80gb", usd_per_gpu_hour=0.0, ref=ref).cost_usd == 0.0


def test_bounds_that_are_allowed(ref):
    """mfu = 1, active = total and exactly the usable memory per GPU are all within the limits."""
    assert estimate_training(1, 1e9, "h100-80gb", mfu=1.0, ref=ref).assumptions["mfu"] == 1.0
    assert estimate_training(4, 1e9, "h100-80gb", active_params_billion=4, ref=ref).flops == pytest.approx(2.4e19)
    # 4.5B × 16 B = 72 GB = 80 × 0.9 exactly on one GPU
    assert estimate_training(4.5, 1e9, "h100-80gb", gpus=1, ref=ref).memory_gb_per_gpu == pytest.approx(72.0)


def error(**kwargs):
    args = {"params_billion": 1, "tokens": 1e9, "gpu": "h100-80gb", **kwargs}
    with pytest.raises(CostInputError) as err:
        estimate_training(args.pop("params_billion"), args.pop("tokens"), args.pop("gpu"), **args)
    return err.value.field, err.value.message


def test_errors_name_the_field_and_what_is_allowed(ref):
    assert error(method="dpo", ref=ref) == ("method", "got 'dpo' (allowed: full, lora, qlora)")
    assert error(params_billion=0, ref=ref) == ("params_billion", "must be > 0")
    assert error(params_billion=-1, ref=ref) == ("params_billion", "got -1; expected a finite number ≥ 0")
    assert error(tokens=0, ref=ref) == ("tokens", "must be > 0")
    assert error(tokens=math.inf, ref=ref) == ("tokens", "got inf; expected a finite number ≥ 0")
    assert error(gpu="tpu", ref=ref)[0] == "gpu"
    assert error(mfu=0, ref=ref) == ("mfu", "got 0; expected a fraction in (0, 1]")
    assert error(mfu=1.5, ref=ref) == ("mfu", "got 1.5; expected a fraction in (0, 1]")
    assert error(usd_per_gpu_hour=-2, ref=ref) == ("usd_per_gpu_hour", "got -2; expected a finite number ≥ 0")
    assert error(params_billion=1e300, ref=ref) == ("params_billion", "got 1e+300; too large to compute with")
    assert error(params_billion=8, active_params_billion=9, ref=ref) == (
        "active_params_billion", "got 9; expected a number > 0 and ≤ the total (8)")
    assert error(params_billion=8, active_params_billion=0, ref=ref)[0] == "active_params_billion"
    assert error(params_billion=8, active_params_billion=math.nan, ref=ref)[0] == "active_params_billion"
    assert error(gpus=0, ref=ref) == ("gpus", "got 0; expected an integer ≥ 1")
    assert error(gpus=2.0, ref=ref) == ("gpus", "got 2.0; expected an integer ≥ 1")
    # 7B full = 112 GB: one 80 GB GPU holds 72 GB; the minimum is ⌈1.56⌉ → 2
    assert error(params_billion=7, gpus=1, ref=ref) == (
        "gpus", "1 × h100-80gb cannot hold the full training state (112.0 GB per GPU > 72.0 GB usable); use at least 2")
    # FLOPs overflow: 6 × 1e299 × 1e10 = inf
    assert error(params_billion=1e290, tokens=1e10, ref=ref) == (
        "tokens", "1e+290 B parameters × 1e+10 tokens is too large to compute with (the FLOPs overflow)")


def test_training_run_assumptions_are_a_read_only_copy():
    source = {"mfu": 0.4}
    run = TrainingRun("full", 1.0, 1.0, "h100-80gb", 1, 1.0, 1.0, 1.0, 1.0, 1.0, source)
    source["mfu"] = 0.9
    assert dict(run.assumptions) == {"mfu": 0.4}
    assert dict(TrainingRun("full", 1.0, 1.0, "g", 1, 1.0, 1.0, 1.0, 1.0, 1.0).assumptions) == {}


def test_cheapest_training_gpu_by_price_per_flop(ref):
    """Frozen prices per GPU-hour / TFLOPS: A100 40GB 21.957642 / 8 / 312 = 0.00880, A100 80GB 27.44705 / 8 / 312
    = 0.01100, H100 6.88 / 989 = 0.00696 → H100. The L4 (0.8048 / 121 = 0.00665) is cheaper but not a
    training-cluster GPU."""
    assert cheapest_training_gpu(ref) == "h100-80gb"
    twin = Gpu("aaa", "twin", 80.0, 989.0, 3.35, True, (("p5.4xlarge", 1, 6.88),))
    tied = dataclasses.replace(ref, gpus={**ref.gpus, "aaa": twin})
    assert cheapest_training_gpu(tied) == "aaa"  # a tie goes to the smaller id
    zzz = dataclasses.replace(twin, id="zzz")
    assert cheapest_training_gpu(dataclasses.replace(ref, gpus={"zzz": zzz, **ref.gpus})) == "h100-80gb"
