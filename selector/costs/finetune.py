"""Supervised fine-tuning: managed (priced per training token) or self-hosted (GPU compute), plus labelling.

    examples        = max(on hand, required);  required = max(100 (labelling.yaml), provider minimum)
    labelling       = (required − on hand)⁺ × USD per example   (labels × labellers, or written completions)
    training tokens = examples × (input + output tokens) × epochs
    managed         = training tokens × USD per 1M / 1e6 (once); storage USD per month;
                      on-demand hosting fee USD per hour × hours per month where the platform charges one
    self-hosted     = k·N_active·D FLOPs on the cheapest training GPU at MFU, memory for all N (compute.py)
    retraining      = updates per month × training cost, when private knowledge changes and is baked in
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from selector.costs.compute import (
    TrainingRun,
    billed_gpu_hours,
    cheapest_training_gpu,
    estimate_training,
    gpu_hours,
    training_flops,
)
from selector.costs.rag import updates_per_month
from selector.costs.reference import Reference
from selector.costs.types import CostUnavailable, name_of
from selector.costs.units import PARAMS_PER_BILLION, TOKENS_PER_MILLION

MANAGED_HOSTING = frozenset({"on_demand_api", "provisioned_throughput"})


def training_tokens(examples: float, tokens_per_example: float, epochs: float) -> float:
    """examples × tokens per example × epochs.

    >>> training_tokens(2000, 1000, 3)
    6000000
    """
    return examples * tokens_per_example * epochs


def managed_training_cost(tokens: float, usd_per_1m_training_tokens: float) -> float:
    """training tokens × price / 1e6 USD.

    >>> managed_training_cost(10_000_000, 3.0)
    30.0
    """
    return tokens * usd_per_1m_training_tokens / TOKENS_PER_MILLION


def custom_hosting_usd(usd_per_hour: float | None, hours_per_month: float) -> float:
    """Hourly hosting fee of a customised model served on demand: USD per hour × hours per month
    (Azure OpenAI: $1.70/h on Standard and Global Standard, on top of the base model's token prices).

    >>> custom_hosting_usd(1.70, 720), custom_hosting_usd(None, 730)
    (1224.0, 0.0)
    """
    return 0.0 if usd_per_hour is None else round(usd_per_hour * hours_per_month, 10)


def labelling_cost(shortfall: float, usd_per_example: float) -> float:
    """max(shortfall, 0) × USD per example.

    >>> labelling_cost(500, 0.036), labelling_cost(-10, 0.5)
    (18.0, 0.0)
    """
    return max(shortfall, 0.0) * usd_per_example


def usd_per_example(task: str, ref: Reference) -> float:
    """Labelling price of one example: a label × labellers, or one written completion."""
    if task in ref.value("labelling.label_tasks"):
        return ref.number("labelling.usd_per_label_per_labeller") * ref.number("labelling.labellers_per_item")
    return ref.number("labelling.usd_per_completion_example")


def retrains_per_month(workload: Any, ref: Reference) -> float:
    """Retraining runs per month to keep baked-in private knowledge current (0 if static or none)."""
    if not workload.knowledge.corpus_tokens:
        return 0.0
    return updates_per_month(name_of(workload.knowledge.update_frequency), ref)


@dataclass(frozen=True)
class TrainingTerms:
    """What a fine-tuning plan depends on besides the output length (:func:`training_at_output`): the examples
    and their input tokens, the epochs, labelling, storage and retraining runs a month as planned, and either the
    managed price per 1M training tokens or the self-hosted run's figures (active parameters, FLOPs per
    parameter-token, peak TFLOPS, MFU, GPUs, minimum job hours, USD per GPU-hour)."""

    examples: float
    input_tokens: float
    epochs: float
    labelling_usd: float
    storage_usd_per_month: float
    retrains_per_month: float
    managed_usd_per_1m: float | None = None
    active_params: float = 0.0
    flops_per_param_token: float = 0.0
    peak_tflops: float = 0.0
    mfu: float = 0.0
    gpus: int = 0
    min_job_hours: float = 0.0
    usd_per_gpu_hour: float = 0.0


def training_at_output(t: TrainingTerms, output_tokens: float) -> tuple[float, float, float, float] | None:
    """(training, labelling, storage per month, retraining per month) USD with examples of ``output_tokens``
    output tokens, as :func:`plan_fine_tuning` prices them; ``None`` where it would refuse (price it instead)."""
    tokens = training_tokens(t.examples, t.input_tokens + output_tokens, t.epochs)
    if t.managed_usd_per_1m is not None:
        cost = managed_training_cost(tokens, t.managed_usd_per_1m)
        return cost, t.labelling_usd, t.storage_usd_per_month, t.retrains_per_month * cost
    if tokens <= 0:  # examples without tokens: nothing to train on
        return 0.0, t.labelling_usd, 0.0, 0.0
    if not math.isfinite(tokens):
        return None
    flops = training_flops(t.active_params, tokens, t.flops_per_param_token)
    hours = billed_gpu_hours(gpu_hours(flops, t.peak_tflops, t.mfu), t.gpus, t.min_job_hours)
    if not math.isfinite(hours * t.usd_per_gpu_hour):
        return None
    cost = hours * t.usd_per_gpu_hour
    return cost, t.labelling_usd, 0.0, t.retrains_per_month * cost


@dataclass(frozen=True)
class TrainingPlan:
    """One-off and recurring costs of adapting a model."""

    training_usd: float  # once
    labelling_usd: float  # once
    storage_usd_per_month: float
    retraining_usd_per_month: float
    method: str
    run: TrainingRun | None = None
    assumptions: dict[str, float | str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    terms: TrainingTerms | None = None  # the same plan at another output length (training_at_output)


def _examples(workload: Any, required: float, ref: Reference) -> tuple[float, float, float]:
    """(examples trained on, shortfall, labelling USD); a labelling bill above ``data.labelling_budget_usd``
    is unavailable (the user set that much aside for labels)."""
    on_hand = workload.data.labelled_examples
    shortfall = max(required - on_hand, 0.0)
    labelling = labelling_cost(shortfall, usd_per_example(name_of(workload.task), ref))
    cap = getattr(workload.data, "labelling_budget_usd", None)
    if cap is not None and labelling > cap:
        raise CostUnavailable(f"labelling {shortfall:,.0f} missing examples costs ${labelling:,.2f}, more than "
                              f"data.labelling_budget_usd ${cap:,.2f}")
    return on_hand + shortfall, shortfall, labelling


def plan_fine_tuning(workload: Any, profile: Any, hosting: str, method: str | None, ref: Reference) -> TrainingPlan:
    """Price fine-tuning ``profile`` for ``workload``: managed on API/provisioned hosting, else on own GPUs."""
    epochs = ref.number("training.fine_tuning_epochs")
    required = ref.number("labelling.fine_tuning_min_examples")
    managed = hosting in MANAGED_HOSTING
    ft = profile.fine_tuning
    if managed:
        if ft is None:
            raise CostUnavailable(f"{profile.id}: no managed fine-tuning price in the catalog")
        method = method or ft.methods[0]
        if method not in ft.methods:
            raise CostUnavailable(f"{profile.id}: managed fine-tuning offers {', '.join(ft.methods)}, not {method}")
        required = max(required, float(ft.min_examples or 0))
    examples, shortfall, labelling = _examples(workload, required, ref)
    tokens = training_tokens(examples, workload.input_tokens + workload.output_tokens, epochs)
    assumptions: dict[str, float | str] = {
        "training.fine_tuning_epochs": epochs, "labelling.required_examples": required,
        "labelling.shortfall_examples": shortfall, "labelling.usd_per_example": usd_per_example(
            name_of(workload.task), ref), "finetune.training_tokens": tokens}
    retrains = retrains_per_month(workload, ref)
    if managed:
        assert method is not None  # chosen above among the offer's methods
        cost = managed_training_cost(tokens, ft.usd_per_1m_training_tokens)
        assumptions["finetune.usd_per_1m_training_tokens"] = ft.usd_per_1m_training_tokens
        storage = float(ft.storage_usd_per_month or 0.0)
        terms = TrainingTerms(examples, workload.input_tokens, epochs, labelling, storage, retrains,
                              ft.usd_per_1m_training_tokens)
        return TrainingPlan(cost, labelling, storage, retrains * cost, method, assumptions=assumptions, terms=terms)
    if not profile.params_billion:
        raise CostUnavailable(f"{profile.id}: parameter count undisclosed; self-hosted training cannot be sized")
    method = method or "lora"
    if tokens <= 0:  # examples without tokens: nothing to train on
        return TrainingPlan(0.0, labelling, 0.0, 0.0, method, assumptions=assumptions)
    gpu = cheapest_training_gpu(ref)
    run = estimate_training(profile.params_billion, tokens, gpu, method=method,
                            active_params_billion=profile.active_params_billion, ref=ref)
    assumptions.update({f"training.{k}": v for k, v in run.assumptions.items()})
    assumptions.update({"training.gpu": gpu, "training.gpus": run.gpus, "training.gpu_hours": run.gpu_hours})
    a = run.assumptions
    active = profile.params_billion if profile.active_params_billion is None else profile.active_params_billion
    terms = TrainingTerms(examples, workload.input_tokens, epochs, labelling, 0.0, retrains, None,
                          active * PARAMS_PER_BILLION, float(a["flops_per_param_token"]), float(a["peak_bf16_tflops"]),
                          float(a["mfu"]), run.gpus, float(a["min_job_hours"]), float(a["usd_per_gpu_hour"]))
    return TrainingPlan(run.cost_usd, labelling, 0.0, retrains * run.cost_usd, method, run, assumptions, terms=terms)
