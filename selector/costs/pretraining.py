"""Continued (domain-adaptive) pretraining and pretraining from scratch.

    continued pretraining: D = domain corpus tokens × epochs; managed price per 1M tokens if the profile
                           offers it, else full-parameter compute 6·N_active·D on the cheapest training GPU
                           (N_active = active parameters of a mixture-of-experts, memory for all N)
    pretraining:           D = given tokens, else 20 tokens per parameter (Chinchilla); 6·N·D on GPUs;
                           wall-clock days = GPU-hours / GPUs / 24
    knowledge updates:     each update continues pretraining on the changed knowledge
                           (knowledge corpus × changed share per update, rag.yaml), managed or on GPUs
"""

from __future__ import annotations

from typing import Any

from selector.costs.compute import TrainingRun, cheapest_training_gpu, estimate_training
from selector.costs.finetune import MANAGED_HOSTING, TrainingPlan, managed_training_cost, retrains_per_month
from selector.costs.reference import Reference
from selector.costs.types import CostUnavailable, name_of
from selector.costs.units import PARAMS_PER_BILLION


def chinchilla_tokens(params_billion: float, tokens_per_param: float) -> float:
    """Compute-optimal training tokens: tokens per parameter × N.

    >>> chinchilla_tokens(7, 20)
    140000000000.0
    """
    return tokens_per_param * params_billion * PARAMS_PER_BILLION


def pretraining_run(params_billion: float, ref: Reference, *, tokens: float | None = None, gpu: str | None = None,
                    gpus: int | None = None, active_params_billion: float | None = None) -> TrainingRun:
    """One pretraining run from scratch (full-parameter): tokens default to the Chinchilla optimum (on the
    total parameter count); FLOPs use ``active_params_billion`` for a mixture-of-experts."""
    tokens = tokens if tokens is not None else chinchilla_tokens(params_billion,
                                                                 ref.number("training.chinchilla_tokens_per_param"))
    return estimate_training(params_billion, tokens, gpu or cheapest_training_gpu(ref), method="full", gpus=gpus,
                             active_params_billion=active_params_billion, ref=ref)


def _run_assumptions(run: TrainingRun) -> dict[str, float | str]:
    out: dict[str, float | str] = {f"training.{k}": v for k, v in run.assumptions.items()}
    out.update({"training.gpu": run.gpu, "training.gpus": run.gpus, "training.tokens": run.tokens,
                "training.gpu_hours": run.gpu_hours, "training.wall_days": run.wall_days})
    return out


def update_tokens(workload: Any, ref: Reference) -> float:
    """Tokens of private knowledge that change at each update: corpus × changed share per update."""
    share = ref.table("rag.changed_share_per_update")[name_of(workload.knowledge.update_frequency)]
    tokens: float = workload.knowledge.corpus_tokens * float(share)
    return tokens


def _update_cost(workload: Any, params_billion: float | None, gpu: str, ref: Reference,
                 usd_per_1m: float | None = None, active_params_billion: float | None = None) -> float:
    """USD per knowledge update: continued pretraining on the changed tokens (managed price or GPU compute)."""
    tokens = update_tokens(workload, ref)
    if tokens <= 0:
        return 0.0
    if usd_per_1m is not None:
        return managed_training_cost(tokens, usd_per_1m)
    if params_billion is None:
        raise CostUnavailable("a knowledge update needs the model's parameter count or a managed training price")
    return estimate_training(params_billion, tokens, gpu, method="full", active_params_billion=active_params_billion,
                             ref=ref).cost_usd


def cpt_training_tokens(corpus_tokens: float, ref: Reference) -> float:
    """Tokens a continued-pretraining run trains on: corpus × epochs, capped at
    ``training.continued_pretraining_max_tokens``.

    >>> from selector.catalog.reference import load_reference
    >>> ref = load_reference()
    >>> cpt_training_tokens(2e12, ref), cpt_training_tokens(5e9, ref)
    (100000000000.0, 5000000000.0)
    """
    tokens = float(corpus_tokens) * ref.number("training.continued_pretraining_epochs")
    cap = ref.optional_number("training.continued_pretraining_max_tokens")
    return tokens if cap is None else min(tokens, cap)


def plan_continued_pretraining(workload: Any, profile: Any, hosting: str, ref: Reference) -> TrainingPlan:
    """Price continued pretraining of ``profile`` on the workload's unlabelled domain corpus."""
    tokens = cpt_training_tokens(workload.data.domain_corpus_tokens, ref)
    if tokens <= 0:
        raise CostUnavailable("continued pretraining needs unlabelled domain text (data.domain_corpus_tokens > 0)")
    retrains = retrains_per_month(workload, ref)
    base: dict[str, float | str] = {"training.continued_pretraining_epochs":
                                    ref.number("training.continued_pretraining_epochs"), "cpt.training_tokens": tokens}
    if hosting in MANAGED_HOSTING:
        offer = profile.continued_pretraining
        if offer is None:
            raise CostUnavailable(f"{profile.id}: no managed continued-pretraining price in the catalog")
        cost = managed_training_cost(tokens, offer.usd_per_1m_training_tokens)
        update = _update_cost(workload, None, "", ref, offer.usd_per_1m_training_tokens) if retrains else 0.0
        base["cpt.usd_per_1m_training_tokens"] = offer.usd_per_1m_training_tokens
        return TrainingPlan(cost, 0.0, float(offer.storage_usd_per_month or 0.0), retrains * update, "full",
                            assumptions=base)
    if not profile.params_billion:
        raise CostUnavailable(f"{profile.id}: parameter count undisclosed; self-hosted training cannot be sized")
    active = profile.active_params_billion
    run = estimate_training(profile.params_billion, tokens, cheapest_training_gpu(ref), method="full",
                            active_params_billion=active, ref=ref)
    update = (_update_cost(workload, profile.params_billion, run.gpu, ref, active_params_billion=active)
              if retrains else 0.0)
    return TrainingPlan(run.cost_usd, 0.0, 0.0, retrains * update, "full", run, {**base, **_run_assumptions(run)})


def plan_pretraining(workload: Any, profile: Any, hosting: str, ref: Reference) -> TrainingPlan:
    """Price pretraining a model of ``profile``'s size from scratch (self-hosted GPUs only)."""
    if hosting != "self_hosted_gpu":
        raise CostUnavailable("pretraining from scratch is priced on self-hosted GPUs only")
    if not profile.params_billion:
        raise CostUnavailable(f"{profile.id}: parameter count undisclosed; pretraining cannot be sized")
    active = profile.active_params_billion
    run = pretraining_run(profile.params_billion, ref, active_params_billion=active)
    retrains = retrains_per_month(workload, ref)
    update = (_update_cost(workload, profile.params_billion, run.gpu, ref, active_params_billion=active)
              if retrains else 0.0)
    assumptions = {**_run_assumptions(run),
                   "training.chinchilla_tokens_per_param": ref.number("training.chinchilla_tokens_per_param")}
    notes = ("pretraining tokens = 20 per parameter (Chinchilla); the user's domain corpus is part of them",)
    return TrainingPlan(run.cost_usd, 0.0, 0.0, retrains * update, "full", run, assumptions, notes)
