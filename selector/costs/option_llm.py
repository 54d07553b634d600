"""Price an LLM option: tokens per request, adaptation (training), retrieval, serving and latency.

    input per request  = user input + prompt overhead (template, few-shot) + retrieved context
                         + agent steps × (that prompt + tool tokens)
    output per request = user output × chain-of-thought multiplier + agent steps × step output
                         + hidden reasoning tokens (reasoning.py: billed as output, written before the answer)
    on-demand API      = token cost split into inference / prompt_overhead / retrieved_context / agent_steps
                         / cached_prompt, at the service tier and long-context tier of the request (tiers.py)
                         with the repeated prefix at cached rates (caching.py)
    provisioned        = units sized for the peak tokens/min (provisioned.py) × USD per unit-hour × 730
                         (commitment fitted to the horizon)
    self-hosted GPU    = replicas sized for the peak rate, or the mean rate with full batching for batch work
                         (gpu_sizing.py)
"""

from __future__ import annotations

from typing import Any

from selector.costs.agents import agent_overhead
from selector.costs.caching import cache_at_volume, cache_figures, cached_prompt_cost, ruled_out
from selector.costs.finetune import TrainingPlan, custom_hosting_usd, plan_fine_tuning
from selector.costs.gpu_sizing import Load, PlanObjective, Sizing, batch_window_ms, plan_rows, row_bases
from selector.costs.hosting import plan_self_hosted_gpu, provisioned_monthly_usd, provisioned_rate
from selector.costs.latency import api_speed, request_latency
from selector.costs.option import Builder
from selector.costs.pretraining import plan_continued_pretraining, plan_pretraining
from selector.costs.prompting import prompt_overhead
from selector.costs.provisioned import size_provisioned
from selector.costs.rag import RagPlan, plan_rag, store_rows
from selector.costs.reasoning import Reasoning, measured_thinking_ms, reasoning_for, reasoning_ms
from selector.costs.reference import Reference
from selector.costs.service_tiers import flex_estimate, priority_limit, priority_may_help, priority_speed
from selector.costs.tiers import choose_tier, tier_prices, tokens_decide_tier
from selector.costs.types import (
    CacheTerms,
    CostEstimate,
    CostUnavailable,
    HostedOutput,
    HostedTerms,
    OutputTerms,
    RagTerms,
    RequestTokens,
    VolumeTerms,
    finite_non_negative,
    name_of,
)
from selector.costs.volume import LINES, volume_lines
from selector.vocab import ServiceTier, Strategy, member

RAG_STRATEGIES = frozenset(s for s in Strategy if s.retrieves)
FINE_TUNING = frozenset(s for s in Strategy if s.fine_tunes)


def _training(workload: Any, profile: Any, strategy: str, hosting: str, method: str | None,
              ref: Reference) -> TrainingPlan | None:
    if strategy in FINE_TUNING:
        return plan_fine_tuning(workload, profile, hosting, method, ref)
    if strategy == "continued_pretraining":
        return plan_continued_pretraining(workload, profile, hosting, ref)
    if strategy == "pretraining":
        return plan_pretraining(workload, profile, hosting, ref)
    return None


def _add_training(b: Builder, plan: TrainingPlan, strategy: str) -> None:
    b.add("training", plan.training_usd, recurring=False, note=f"method {plan.method}")
    b.add("labelling", plan.labelling_usd, recurring=False)
    b.add("storage", plan.storage_usd_per_month, recurring=True, note="custom model storage")
    if strategy != "rag_fine_tuning":  # with RAG the changing knowledge stays in the index
        b.add("retraining", plan.retraining_usd_per_month, recurring=True, note="one run per knowledge update")
    b.assumptions.update(plan.assumptions)
    b.assumptions["training.method"] = plan.method
    b.notes.extend(plan.notes)


def _add_rag(b: Builder, rag: RagPlan) -> None:
    b.add("vector_store", rag.store_floor_usd, recurring=True, shared_key=f"vector_store:{rag.store}",
          note=f"{rag.store} minimum capacity")
    b.add("vector_store", rag.store_usage_usd, recurring=True, note=f"{rag.store} capacity above the minimum, storage")
    b.add("indexing", rag.indexing_usd, recurring=False, note="embedding the corpus once")
    b.add("refresh", rag.refresh_usd, recurring=True, note="re-embedding the changed share")
    b.add("embedding_queries", rag.query_embedding_usd, recurring=True)
    b.add("knowledge_base", rag.knowledge_base_fee_usd, recurring=True)
    b.assumptions.update(rag.assumptions)


def _custom_offer(profile: Any, strategy: str) -> Any:
    """The managed offer whose ``serving`` decides how a customised model is served."""
    if strategy in FINE_TUNING:
        return profile.fine_tuning
    if strategy == "continued_pretraining":
        return profile.continued_pretraining
    return None


def _api_charges(b: Builder, workload: Any, profile: Any, strategy: str, t: RequestTokens, tier: ServiceTier,
                 steps: float, ref: Reference) -> ServiceTier:
    """Add the on-demand lines of the bill; returns the tier they are priced at (standard for a custom model)."""
    custom = strategy in FINE_TUNING
    if strategy == "continued_pretraining":
        raise CostUnavailable(f"{profile.id}: no on-demand price for a continued-pretrained custom model")
    if not custom and "on_demand_api" not in (profile.hosting or []):
        raise CostUnavailable(f"{profile.id}: not offered on demand")
    requests = workload.requests_per_month
    p = tier_prices(profile, ServiceTier.standard if custom else tier, fine_tuned=custom,
                    prompt_tokens=t.user_in + t.prompt_extra + t.context, ref=ref)
    user_prefix = min(float(getattr(workload, "cacheable_prompt_tokens", 0) or 0), t.user_in)
    never = ruled_out(profile, p, user_prefix, t.prompt_extra, ref)  # no caching at any volume, or None
    cache, why = (None, never) if never is not None else cache_at_volume(profile, p, user_prefix, t.prompt_extra,
                                                                         requests, ref)
    user_in, prompt_extra, agent_in = t.user_in, t.prompt_extra, t.agent_in
    if cache is not None:  # the prefix moves from the lines below to cached_prompt
        user_in, prompt_extra = t.user_in - cache.user_tokens, 0.0
        agent_in = max(0.0, t.agent_in - steps * cache.prefix_tokens)
        calls = 1 + steps
        b.add("cached_prompt", cached_prompt_cost(requests * calls, cache.prefix_tokens, cache.hit_rate,
                                                  cache.read_usd_per_1m, cache.miss_usd_per_1m), recurring=True,
              note=f"{cache.prefix_tokens:,.0f}-token repeated prefix, hit rate {cache.hit_rate:.0%}")
        b.assumptions.update({"caching.prefix_tokens": cache.prefix_tokens, "caching.hit_rate": cache.hit_rate,
                              "caching.usd_per_1m_cache_read": cache.read_usd_per_1m,
                              "caching.usd_per_1m_cache_miss": cache.miss_usd_per_1m,
                              "caching.min_cacheable_tokens": cache.min_tokens,
                              "caching.ttl_minutes": cache.ttl_minutes})
    elif user_prefix + t.prompt_extra > 0:
        b.assumptions["caching.not_applied"] = why
    terms = VolumeTerms(user_in, t.user_out, prompt_extra, t.cot_extra, t.context, agent_in, t.agent_out, t.reasoning,
                        p.input, p.output)
    notes = (p.label, "template, few-shot examples, chain-of-thought", "", "",
             "hidden reasoning tokens at the output price")  # one per line of LINES
    for component, usd, note in zip(LINES, volume_lines(requests, terms), notes, strict=True):
        b.add(component, usd, recurring=True, note=note)
    b.line_terms = terms
    if never is not None and strategy not in RAG_STRATEGIES and not custom:  # nothing else depends on the volume
        b.volume_terms = terms
    elif never is None and strategy not in RAG_STRATEGIES and not custom:  # the cache's hit rate does as well
        b.cache_terms = _cache_terms(profile, p, user_prefix, t, steps, ref)
    elif never is not None and strategy not in RAG_STRATEGIES:  # a custom model: its training, storage and hosting
        b.lines_terms = terms  # fee do not depend on the volume either (its tier is the standard one)
    b.uncached = never is not None
    b.assumptions.update({"inference.usd_per_1m_input_tokens": p.input, "inference.usd_per_1m_output_tokens": p.output,
                          "inference.pricing": p.label, "inference.service_tier": name_of(p.tier)})
    return member(ServiceTier, p.tier)


def _cache_terms(profile: Any, p: Any, user_prefix: float, t: RequestTokens, steps: float,
                 ref: Reference) -> CacheTerms | None:
    """The terms of :func:`selector.costs.volume.cached_at_volume` for the lines :func:`_api_charges` adds: the
    cache's figures, and the lines' tokens with the prefix cached (moved to ``cached_prompt``) and without."""
    figures = cache_figures(profile, p, ref)
    if figures is None:  # pragma: no cover - ruled_out refuses each of them
        return None
    _, ttl, minutes, routing, read, miss = figures
    prefix = user_prefix + t.prompt_extra
    cached = VolumeTerms(t.user_in - user_prefix, t.user_out, 0.0, t.cot_extra, t.context,
                         max(0.0, t.agent_in - steps * prefix), t.agent_out, t.reasoning, p.input, p.output)
    uncached = VolumeTerms(t.user_in, t.user_out, t.prompt_extra, t.cot_extra, t.context, t.agent_in, t.agent_out,
                           t.reasoning, p.input, p.output)
    return CacheTerms(ttl, minutes, routing, read, miss, p.input, prefix, 1 + steps, cached, uncached)


def _note_reasoning(b: Builder, rz: Reasoning) -> None:
    """Record the hidden tokens assumed (``reasoning_tokens`` of the choice) and their rule."""
    b.assumptions.update({"tokens.reasoning_per_request": rz.tokens, "reasoning.effort": rz.effort or "off",
                          "reasoning.rule": rz.rule, "reasoning.grade": name_of(rz.grade)})
    if rz.tokens:
        b.notes.append(f"{rz.tokens:,.0f} hidden reasoning tokens per request ({rz.rule}; {name_of(rz.grade)})")


def _provisioned(b: Builder, profile: Any, strategy: str, horizon: int, ref: Reference, requests: float,
                 t: RequestTokens) -> None:
    offer = profile.provisioned_throughput
    custom = _custom_offer(profile, strategy)
    if strategy == "pretraining" or offer is None:
        raise CostUnavailable(f"{profile.id}: no provisioned-throughput price in the catalog")
    if custom is None and strategy in FINE_TUNING | {"continued_pretraining"}:
        raise CostUnavailable(f"{profile.id}: no managed customisation offer to serve on provisioned throughput")
    if custom is None and "provisioned_throughput" not in (profile.hosting or []):
        raise CostUnavailable(f"{profile.id}: the base model is not offered on provisioned throughput")
    hours = ref.number("hosting.hours_per_month")
    size = size_provisioned(offer, requests, t.input, t.output, hours, ref.number("hosting.peak_to_average"))
    # base models need a 1- or 6-month term on Bedrock; custom models may also run without one (up to its cap)
    commitment, rate = provisioned_rate(offer, horizon,
                                        allow_no_commitment=custom is not None and size.no_commitment_allowed)
    units = size.units
    key = None if custom is not None else f"deployment:{profile.id}:provisioned_throughput"
    floor = min(units, size.min_units)  # the minimum deployment is the shared floor; units above it are usage
    b.add("provisioned_throughput", provisioned_monthly_usd(floor, rate, hours), recurring=True, shared_key=key,
          note=f"minimum deployment of {floor:g} unit(s), commitment {commitment}")
    b.add("provisioned_throughput", provisioned_monthly_usd(units - floor, rate, hours), recurring=True,
          note=f"{units - floor:g} more unit(s): {units:g} for {size.peak_tpm:,.0f} tokens/min at the peak")
    b.assumptions.update({"hosting.provisioned_model_units": units, "hosting.usd_per_model_unit_hour_avg": rate,
                          "hosting.commitment": commitment, "hosting.hours_per_month": hours,
                          "hosting.provisioned_peak_tpm": size.peak_tpm,
                          "hosting.provisioned_tpm_per_unit": "unpublished" if size.tpm_per_unit is None
                          else size.tpm_per_unit})
    if size.estimated:
        b.notes.append(f"{profile.id}: throughput per provisioned unit is not published; sized at the minimum "
                       f"({units} unit(s)) for {size.peak_tpm:,.0f} tokens/min at the peak — ask the platform what "
                       "a unit delivers before buying")


def _self_hosted(b: Builder, workload: Any, profile: Any, strategy: str, method: str, t: RequestTokens,
                 ref: Reference, gpu: str | None, precision: str | None, capacity: float | None = None,
                 objective: PlanObjective | None = None) -> Any:
    if not profile.params_billion:
        raise CostUnavailable(f"{profile.id}: parameter count undisclosed; self-hosting cannot be sized")
    if strategy != "pretraining" and not (profile.open_weights or "self_hosted_gpu" in (profile.hosting or [])):
        raise CostUnavailable(f"{profile.id}: weights are not downloadable")
    requests = workload.requests_per_month if capacity is None else capacity  # sized for the last month
    if objective is not None:  # the option's other charges over the horizon: the plan does not change them
        objective = objective.holding((c.usd, c.recurring) for c in b.charges)
    candidates: list[Any] = []
    plan = plan_self_hosted_gpu(profile.params_billion, profile.active_params_billion, requests,
                                t.input, t.output, ref, gpu=gpu, precision=precision or profile.weights_precision,
                                max_latency_ms=workload.max_latency_ms, objective=objective, candidates=candidates)
    shared = strategy in ("prompt_engineering", "rag") or (strategy in FINE_TUNING and method != "full")
    key = f"deployment:{profile.id}:self_hosted_gpu" if shared else None
    if candidates:  # what sizing it at another volume takes (estimate_llm decides whether it may)
        b.sizing = (plan_rows(candidates), Load(requests, t.input, t.output, workload.max_latency_ms), objective, key)
    b.add("hosting", plan.monthly_floor_usd, recurring=True, shared_key=key,
          note=f"one always-on replica: {plan.gpus_per_replica} × {plan.gpu} on {plan.instance}")
    b.add("hosting", plan.monthly_usage_usd, recurring=True,
          note=f"{plan.replicas - 1} more replica(s) for the {'mean rate (batch)' if plan.batch else 'peak'}")
    if plan.batch:  # sized for the month's mean rate with full batching (selector.costs.gpu_sizing)
        b.assumptions.update({"hosting.sizing": "batch: mean rate, full batching",
                              "hosting.batch_concurrency": plan.concurrency,
                              "hosting.batch_max_num_seqs": ref.number("hosting.batch_max_num_seqs")})
    b.assumptions.update({
        "hosting.gpu": plan.gpu, "hosting.instance": plan.instance, "hosting.precision": plan.precision,
        "hosting.gpus_per_replica": plan.gpus_per_replica, "hosting.replicas": plan.replicas,
        "hosting.instances": plan.instances, "hosting.hours_per_month": ref.number("hosting.hours_per_month"),
        "hosting.peak_to_average": ref.number("hosting.peak_to_average"),
        "hosting.serving_concurrency": ref.number("hosting.serving_concurrency"),
        "hosting.kv_cache_overhead": ref.number("hosting.kv_cache_overhead"),
        "training.gpu_memory_utilization": ref.number("training.gpu_memory_utilization")})
    if shared and strategy in FINE_TUNING:
        b.notes.append("LoRA adapters are served on the shared base-model deployment (multi-LoRA serving)")
    return plan


def _output_terms(lines: VolumeTerms, workload: Any, overhead: Any, ttft_ms: float, tokens_per_s: float,
                  reasoning: float, retrieval_ms: float = 0.0, batch_window_ms: float | None = None,
                  priority_limit_ms: float | None = None, training: Any = None,
                  retraining_line: bool = True) -> OutputTerms:
    return OutputTerms(lines, overhead.extra_input_tokens, workload.input_tokens, overhead.template_tokens,
                       overhead.examples, overhead.example_cap, overhead.output_multiplier, ttft_ms, tokens_per_s,
                       reasoning, retrieval_ms, batch_window_ms, priority_limit_ms, training, retraining_line)


def _rag_terms(rag: RagPlan, lines: VolumeTerms, workload: Any, ref: Reference, ttft_ms: float, output_tokens: float,
               tokens_per_s: float, agent: Any, reasoning_ms: float, batch_window_ms: float | None = None) -> RagTerms:
    corpus = finite_non_negative(workload.knowledge.corpus_tokens, "corpus_tokens")
    return RagTerms(store_rows(corpus, ref), workload.input_tokens,
                    float(rag.assumptions["rag.embedding_usd_per_1m_tokens"]),
                    float(rag.assumptions["latency.embedding_latency_ms"]), lines, ttft_ms, output_tokens,
                    tokens_per_s, agent.steps, agent.output_tokens_per_step, agent.tool_ms_per_step, reasoning_ms,
                    batch_window_ms)


def estimate_llm(workload: Any, profile: Any, strategy: str, hosting: str, horizon: int, method: str | None,
                 embedding: Any, ref: Reference, *, gpu: str | None = None,
                 precision: str | None = None, capacity_requests: float | None = None,
                 tier: ServiceTier | None = None, objective: PlanObjective | None = None) -> CostEstimate:
    """Price an LLM option (called by :func:`selector.costs.option.estimate_option`); self-hosted capacity
    is sized for ``capacity_requests`` a month (default: the workload's volume), on the deployment
    ``objective`` prefers (default: the cheapest within the latency limit). ``tier`` pins the service
    tier of an on-demand option (default: chosen from the workload's limits, selector/costs/tiers.py)."""
    if hosting == "self_hosted_cpu":
        raise CostUnavailable(f"{profile.id}: LLMs are priced on GPUs, not on CPU")
    b = Builder(profile)
    overhead = prompt_overhead(workload, strategy, ref)
    rag = None
    if strategy in RAG_STRATEGIES:
        rag = plan_rag(workload.knowledge.corpus_tokens, name_of(workload.knowledge.update_frequency),
                       workload.requests_per_month, workload.input_tokens, embedding, ref)
        _add_rag(b, rag)
    context = rag.context_tokens if rag else 0.0
    prompt = workload.input_tokens + overhead.extra_input_tokens + context
    agent = agent_overhead(workload, profile, prompt, ref)
    out_main = workload.output_tokens * overhead.output_multiplier
    rz = reasoning_for(profile, getattr(workload, "reasoning_effort", "default"), ref)
    t = RequestTokens(user_in=workload.input_tokens, user_out=workload.output_tokens,
                      prompt_extra=overhead.extra_input_tokens, cot_extra=out_main - workload.output_tokens,
                      context=context, agent_in=agent.extra_input_tokens, agent_out=agent.extra_output_tokens,
                      reasoning=rz.tokens, input=prompt + agent.extra_input_tokens,
                      output=out_main + agent.extra_output_tokens + rz.tokens)
    b.assumptions.update(overhead.assumptions)
    _note_reasoning(b, rz)
    b.assumptions.update({"tokens.input_per_request": t.input, "tokens.output_per_request": t.output,
                          "agents.steps_per_request": agent.steps})
    training = _training(workload, profile, strategy, hosting, method, ref)
    if training is not None:
        _add_training(b, training, strategy)
    custom = _custom_offer(profile, strategy)
    if hosting in ("on_demand_api", "provisioned_throughput") and custom is not None and custom.serving != hosting:
        raise CostUnavailable(f"{profile.id}: a customised model is served only on {custom.serving}")
    window_ms = batch_window_ms(ref)
    # a first-token limit below the batch window rules the batch tier out as surely as a latency limit does
    wait_ms = workload.max_latency_ms
    if getattr(workload, "max_ttft_ms", None) is not None:
        wait_ms = workload.max_ttft_ms if wait_ms is None else min(wait_ms, workload.max_ttft_ms)
    forced, tier = tier, tier or choose_tier(profile, wait_ms, window_ms, ref=ref, tokens=(t.input, t.output),
                                             calls=1 + agent.steps)
    plan = None
    batch = False
    if hosting == "on_demand_api":
        tier = _api_charges(b, workload, profile, strategy, t, tier, agent.steps, ref)
        batch = tier is ServiceTier.batch
        if strategy in FINE_TUNING and profile.fine_tuning is not None:
            fee = getattr(profile.fine_tuning, "hosting_usd_per_hour", None)
            if fee:
                b.add("hosting", custom_hosting_usd(fee, ref.number("hosting.hours_per_month")), recurring=True,
                      note=f"custom model hosting fee ${fee:g}/h")
    elif hosting == "provisioned_throughput":
        _provisioned(b, profile, strategy, horizon, ref,
                     workload.requests_per_month if capacity_requests is None else capacity_requests, t)
    else:
        plan = _self_hosted(b, workload, profile, strategy, training.method if training else "full", t, ref, gpu,
                            precision, capacity_requests, objective)
    # an on-demand option prompted, retrieving or fine-tuned (with its training plan's terms: the examples' tokens
    # move with the length), with no agent steps and a tier its tokens do not decide: at another output length only
    # its per-token lines, its training and the latency's parts move (the retrieval plan and any prompt caching
    # depend on the input and the volume)
    trained = training.terms if training is not None and strategy in FINE_TUNING else None
    retraining_line = strategy != "rag_fine_tuning"  # with RAG the changing knowledge stays in the index
    output_terms = b.line_terms is not None and not agent.steps \
        and (strategy in ("prompt_engineering", "rag") or trained is not None) \
        and forced is None and tier in (ServiceTier.standard, ServiceTier.batch) \
        and not tokens_decide_tier(profile, wait_ms, ref, 1 + agent.steps)
    # a retrieving on-demand option without caching at any volume, on the standard or batch tier: at another volume
    # only its store, its query embeddings, its lines and its retrieval time move (selector.costs.volume)
    rag_terms = rag is not None and b.uncached and tier in (ServiceTier.standard, ServiceTier.batch)
    if batch:
        b.notes.append("priced at the batch discount: answers arrive within the batch window")
        if rag_terms and rag is not None and b.line_terms is not None:
            b.rag_terms = _rag_terms(rag, b.line_terms, workload, ref, 0.0, 0.0, 1.0, agent, 0.0, window_ms)
        if output_terms and b.line_terms is not None:
            b.output_terms = _output_terms(b.line_terms, workload, overhead, 0.0, 1.0, 0.0,
                                           batch_window_ms=window_ms, training=trained,
                                           retraining_line=retraining_line)
        return b.build(window_ms, {"batch_window": window_ms}, True)
    if hosting == "on_demand_api" and tier is ServiceTier.flex:
        return flex_estimate(b, ref, 1 + agent.steps)
    # a self-hosted option whose bill depends on the volume only through its GPU plan (no retrieval, sized for
    # the month's own volume): at another volume the same plans sized again, the same choice among them
    hosted = plan is not None and b.sizing is not None and strategy not in RAG_STRATEGIES \
        and (capacity_requests is None or capacity_requests == workload.requests_per_month)
    if hosted and b.sizing is not None:
        plans, load, chosen_by, key = b.sizing
        output = None
        if plan is not None and training is not None and training.terms is not None and strategy in FINE_TUNING:
            bases, figures = row_bases(profile.params_billion, profile.active_params_billion or profile.params_billion,
                                       plan.precision, ref, gpu)
            output = HostedOutput(bases, figures, overhead.output_multiplier, agent.extra_output_tokens,
                                  training.terms, retraining_line)
        b.hosted_terms = HostedTerms(plans, load, chosen_by, Sizing.read(ref), key, out_main, agent.steps,
                                     agent.output_tokens_per_step, agent.tool_ms_per_step, rz.tokens,
                                     bool(plan is not None and plan.batch), output)
    if plan is not None and plan.batch:
        b.notes.append("self-hosted batch: replicas sized for the mean rate with full batching; answers arrive "
                       "within the batch window")
        return b.build(window_ms, {"batch_window": window_ms}, True)
    if plan is not None:
        ttft, tps, estimated, rule = plan.ttft_ms, plan.tokens_per_s, True, "roofline"
    else:
        speed = api_speed(profile, ref)
        ttft, tps, estimated, rule = speed.ttft_ms, speed.tokens_per_s, speed.estimated, speed.rule
        if hosting == "on_demand_api" and tier is ServiceTier.priority:
            tps, estimated, rule = priority_speed(profile, ref, tps, estimated, rule)
    if plan is None:  # a measured API TTFT may already hold thinking: counted once, as the reasoning part
        ttft = max(ttft - measured_thinking_ms(profile, ref, rz, tps), 0.0)
    total, parts = request_latency(ttft, out_main, tps, retrieval_ms=rag.retrieval_ms if rag else 0.0,
                                   agent_steps=agent.steps, step_output_tokens=agent.output_tokens_per_step,
                                   tool_ms_per_step=agent.tool_ms_per_step)
    parts["reasoning"] = reasoning_ms(rz.tokens, tps)
    total += parts["reasoning"]
    b.assumptions.update({"latency.rule": rule, "latency.ttft_ms": ttft, "latency.output_tokens_per_s": tps})
    if rag_terms and rag is not None and b.line_terms is not None and tier is ServiceTier.standard:
        b.rag_terms = _rag_terms(rag, b.line_terms, workload, ref, ttft, out_main, tps, agent, parts["reasoning"])
    if output_terms and tier is ServiceTier.standard and b.line_terms is not None:
        b.output_terms = _output_terms(b.line_terms, workload, overhead, ttft, tps, parts["reasoning"],
                                       rag.retrieval_ms if rag else 0.0,
                                       priority_limit_ms=None if trained is not None else
                                       priority_limit(profile, workload.max_latency_ms, tps, ref),
                                       training=trained, retraining_line=retraining_line)
    est = b.build(total, parts, estimated)
    if forced is None and hosting == "on_demand_api" and tier is ServiceTier.standard and strategy not in FINE_TUNING \
            and priority_may_help(profile, workload.max_latency_ms, total, tps, ref):
        faster = estimate_llm(workload, profile, strategy, hosting, horizon, method, embedding, ref, gpu=gpu,
                              precision=precision, capacity_requests=capacity_requests, tier=ServiceTier.priority)
        if faster.latency_ms is not None and faster.latency_ms <= workload.max_latency_ms:
            return faster
    return est
