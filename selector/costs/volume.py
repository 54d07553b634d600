"""An on-demand option at another request volume, without pricing it again.

An estimate whose whole bill is the per-token lines of an on-demand API (inference, prompt overhead,
retrieved context, agent steps, hidden reasoning: :data:`LINES`), with nothing else in it depending on the
volume (no retrieval, no training or hosting, no traffic growth, and prompt caching ruled out whatever the
volume), carries :class:`~selector.costs.types.VolumeTerms`. At ``requests`` a month its lines are then

    line_i(requests) = token_cost(requests, tokens in_i, tokens out_i, input price, output price)
    reasoning        = reasoning_cost(requests, hidden tokens, output price)

(the functions the cost model prices them with, on the same arguments), its latency is unchanged, and its
TCO over ``months`` is their sum × months, exactly what pricing it again gives (tested, figure for figure).
The flip searches and the volume curve use it for the options that carry the terms.

At another output length (:func:`at_output`), such an option that also carries
:class:`~selector.costs.types.OutputTerms` (prompted, no agent steps, a tier its tokens do not decide) changes
only in its output lines and its latency:

    user output = the new length; chain-of-thought extra = length × multiplier − length
    latency     = TTFT + length × multiplier ÷ speed + hidden reasoning time  (the batch window for batch)

while its few-shot block (examples as long as a request, capped) stays as it was: where it would move (below
the cap), or where the latency would cross a limit at which priority may be bought, ``None`` says "price it".
"""

from __future__ import annotations

from typing import Any

from selector.costs.caching import cached_prompt_cost, hit_rate, pays
from selector.costs.inference import token_cost
from selector.costs.latency import request_latency
from selector.costs.prompting import few_shot_tokens
from selector.costs.reasoning import reasoning_cost, reasoning_ms
from selector.costs.types import CacheTerms, Charge, VolumeTerms

LINES = ("inference", "prompt_overhead", "retrieved_context", "agent_steps", "reasoning_tokens")


def volume_lines(requests: float, v: VolumeTerms) -> tuple[float, float, float, float, float]:
    """USD per month of each line of :data:`LINES` at ``requests`` a month.

    >>> volume_lines(1_000_000, VolumeTerms(800, 200, 300, 0, 0, 0, 0, 0, 0.15, 0.60))
    (240.0, 45.0, 0.0, 0.0, 0.0)
    """
    return _lines(requests, v, v.user_out, v.cot_extra)


def _lines(requests: float, v: VolumeTerms, user_out: float, cot_extra: float) -> tuple[float, float, float, float,
                                                                                       float]:
    """:func:`volume_lines` of ``v`` with its user output and chain-of-thought extra given (:func:`at_output`)."""
    return (token_cost(requests, v.user_in, user_out, v.input_price, v.output_price),
            token_cost(requests, v.prompt_extra, cot_extra, v.input_price, v.output_price),
            token_cost(requests, v.context, 0, v.input_price, v.output_price),
            token_cost(requests, v.agent_in, v.agent_out, v.input_price, v.output_price),
            reasoning_cost(requests, v.reasoning, v.output_price))


def tco_at_volume(cost: Any, requests: float, months: int) -> float | None:
    """``cost``'s TCO over ``months`` at ``requests`` a month, summed as :class:`~selector.costs.types.CostEstimate`
    sums its lines (a line of 0 is no charge); with lines terms (a custom model on demand), those lines in place of
    the old ones among its other charges (:func:`_retotal`); ``None`` when the estimate carries neither."""
    terms = getattr(cost, "volume_terms", None)
    if terms is not None:
        return _lines_tco(volume_lines(requests, terms), months)
    cache = getattr(cost, "cache_terms", None)
    if cache is not None:
        return cached_at_volume(cache, requests, months)
    among = getattr(cost, "lines_terms", None)
    return None if among is None else _retotal(cost.charges, volume_lines(requests, among), months)


def cached_at_volume(c: CacheTerms, requests: float, months: int) -> float:
    """The TCO over ``months`` at ``requests`` a month of an option carrying :class:`~selector.costs.types.CacheTerms`,
    as pricing it again gives it (tested, figure for figure):

        hit rate      = routing × (1 − exp(−requests per minute × lifetime))   (selector.costs.caching.hit_rate)
        cached prefix = requests × calls × prefix × (hit × read + (1 − hit) × miss) / 1e6, where caching pays
        lines         = the per-token lines with the prefix cached, or, where caching does not pay, all of it
                        paid as input"""
    hit = hit_rate(requests, c.ttl_minutes, c.minutes_per_month, c.routing)
    if not pays(hit, c.read_usd_per_1m, c.miss_usd_per_1m, c.input_price):
        return _lines_tco(volume_lines(requests, c.uncached), months)
    cached = cached_prompt_cost(requests * c.calls, c.prefix_tokens, hit, c.read_usd_per_1m, c.miss_usd_per_1m)
    return _lines_tco((cached, *volume_lines(requests, c.cached)), months)


def _lines_tco(lines: tuple[float, ...], months: int) -> float:
    monthly = 0.0
    for usd in lines:
        if usd > 0:
            monthly += usd
    return 0.0 + monthly * months


def at_output(cost: Any, requests: float, output_tokens: float, months: int) -> tuple[float, float] | None:
    """(TCO over ``months``, latency in ms) of ``cost``'s option at ``output_tokens`` per request and ``requests``
    a month, as pricing it again gives them; ``None`` when it carries no output terms, or at a length where its
    few-shot block would change or priority could be bought (the module docstring)."""
    o = getattr(cost, "output_terms", None)
    if o is None:
        return None
    extra = o.template_tokens + few_shot_tokens(o.few_shot_examples, o.input_tokens + output_tokens, o.few_shot_cap)
    if extra != o.prompt_extra:
        return None
    out_main = output_tokens * o.output_multiplier
    if o.batch_window_ms is not None:
        latency = o.batch_window_ms
    else:
        latency, _ = request_latency(o.ttft_ms, out_main, o.tokens_per_s, retrieval_ms=o.retrieval_ms,
                                     agent_steps=0.0, step_output_tokens=0.0, tool_ms_per_step=0.0)
        latency += o.reasoning_ms
        if o.priority_limit_ms is not None and latency > o.priority_limit_ms:
            return None
    lines = _lines(requests, o.lines, output_tokens, out_main - output_tokens)
    if getattr(cost, "volume_terms", None) is not None:  # the whole bill is these lines
        return _lines_tco(lines, months), latency
    charges: Any = cost.charges
    if o.training is not None:  # a fine-tuned model: its training plan at this length, in its place
        trained = _with_training(charges, o.training, output_tokens, o.retraining_line)
        if trained is None:
            return None
        charges = trained
    out = _replaced(charges, lines)
    return None if out is None else (_summed(out, months), latency)


TRAINING_COMPONENTS = ("training", "labelling", "storage", "retraining")


def _with_training(charges: Any, terms: Any, output_tokens: float, retraining_line: bool) -> list[Any] | None:
    """``charges`` with the training plan's lines (training, labelling, storage, retraining: one run of them, as the
    cost model adds them) priced again at ``output_tokens`` (:func:`selector.costs.finetune.training_at_output`);
    ``None`` where that plan would refuse, or the charges hold no such run to replace."""
    from selector.costs.finetune import training_at_output

    figures = training_at_output(terms, output_tokens)
    if figures is None:
        return None
    training, labelling, storage, retraining = figures
    block = [("training", training, False), ("labelling", labelling, False), ("storage", storage, True)]
    if retraining_line:
        block.append(("retraining", retraining, True))
    new = [Charge(name, usd, recurring) for name, usd, recurring in block if usd > 0]  # no charge of 0 (Builder.add)
    at = [i for i, c in enumerate(charges) if c.component in TRAINING_COMPONENTS]
    if not at or at != list(range(at[0], at[-1] + 1)):
        return None
    return [*charges[:at[0]], *new, *charges[at[-1] + 1:]]


def _retotal(charges: Any, lines: tuple[float, ...], months: int) -> float | None:
    """The TCO of ``charges`` with its per-token lines replaced by ``lines`` (in :data:`LINES` order; a line of 0 is
    no charge), summed as :class:`~selector.costs.types.CostEstimate` sums them: unshared charges in order, then
    the largest of each shared key; ``None`` when a line is due but the charges hold none to replace."""
    out = _replaced(charges, lines)
    return None if out is None else _summed(out, months)


def _replaced(charges: Any, lines: tuple[float, ...]) -> list[tuple[float, bool, str | None]] | None:
    """``charges`` as (USD, recurring, shared key) with the per-token lines replaced (:func:`_retotal`)."""
    out: list[tuple[float, bool, str | None]] = []
    placed = False
    for c in charges:
        if c.component in LINES and c.recurring and c.shared_key is None:
            if not placed:  # the cost model adds the lines together, in LINES order
                out.extend((usd, True, None) for usd in lines if usd > 0)
                placed = True
            continue
        out.append((c.usd, c.recurring, c.shared_key))
    if not placed and any(usd > 0 for usd in lines):  # lines where there were none (free now): placed unknown
        return None
    return out


def _summed(out: list[tuple[float, bool, str | None]], months: int) -> float:
    """TCO of (USD, recurring, shared key) charges as :class:`~selector.costs.types.CostEstimate` sums them."""
    keyed: dict[str, tuple[float, bool, str | None]] = {}
    summed: list[tuple[float, bool, str | None]] = []
    for c in out:
        if c[2] is None:
            summed.append(c)
        elif c[2] not in keyed or c[0] > keyed[c[2]][0]:
            keyed[c[2]] = c
    monthly = one_off = 0.0
    for usd, recurring, _ in summed + list(keyed.values()):
        if recurring:
            monthly += usd
        else:
            one_off += usd
    return one_off + monthly * months


def hosted_at_volume(cost: Any, requests: float, months: int) -> tuple[float, float] | None:
    """(TCO over ``months``, latency in ms) of a self-hosted option carrying
    :class:`~selector.costs.types.HostedTerms` at ``requests`` a month, as pricing it again gives them: the plans it
    chose among sized again at that volume and chosen among the same way
    (:func:`selector.costs.gpu_sizing.chosen_at_volume`), its hosting charges replaced, its latency on the plan
    chosen; ``None`` without the terms."""
    from selector.costs.gpu_sizing import Load, chosen_at_volume

    h = getattr(cost, "hosted_terms", None)
    if h is None:
        return None
    start = _hosting_start(cost.charges)
    if start is None:
        return None
    load = h.load
    plan = chosen_at_volume(h.plans, Load(requests, load.input_tokens, load.output_tokens, load.max_latency_ms),
                            h.sizing, h.objective)
    return _on_plan(h, [(c.usd, c.recurring, c.shared_key) for c in cost.charges[:start]], plan, h.output_tokens,
                    months)


def hosted_bounds(cost: Any, field: str, low: float, top: float, months: int) -> list[tuple[float, float]] | None:
    """For a self-hosted option priced from its hosted terms at every value of ``field`` from ``low`` to ``top``
    (``"requests_per_month"``: :func:`at_volume`; ``"output_tokens"``: :func:`hosted_at_output`), one (TCO over
    ``months``, latency) pair per plan it chooses among, each at most what the option costs and takes on that
    plan at any such value: at whatever value, it is priced on one of them, so its score there is at most the
    best of theirs (tested).

    The TCO bound is the option's other charges with the plan's always-on floor and no usage: a floor is the first
    replica's instances whatever the volume or the length (:func:`~selector.costs.hosting.instances_for`), usage
    is at least 0. At another volume the other charges and a plan's latency (computed as pricing computes it)
    do not move; at another length the training plan's lines are those at ``low`` (they grow with the length),
    and so is the latency: a plan's first token waits for the prompt only, the rest grows with the output.
    ``None``: at some value the option would be priced another way (or not at all)."""
    from selector.costs.gpu_sizing import Load, at_load
    from selector.costs.hosting import instances_for
    from selector.costs.units import MS_PER_SECOND

    h = getattr(cost, "hosted_terms", None)
    start = None if h is None else _hosting_start(cost.charges)
    if h is None or start is None:
        return None
    if field == "requests_per_month":
        if getattr(cost, "volume_terms", None) is not None or getattr(cost, "lines_terms", None) is not None:
            return None
        out = [(c.usd, c.recurring, c.shared_key) for c in cost.charges[:start]]
        hours = h.sizing.hours
        return [(_summed([*out, (instances_for(1, g, inst_gpus)[1] * price * hours, True, h.shared_key)], months),
                 _latency_on(h, ttft, tps, h.output_tokens)) for _, _, g, inst_gpus, price, _, _, ttft, tps in h.plans]
    if field != "output_tokens" or h.output is None or getattr(cost, "output_terms", None) is not None:
        return None
    ho = h.output
    head = _with_training(cost.charges[:start], ho.training, low, ho.retraining_line)
    # the training plan's figures grow with the length: finite at the top, they are finite below it
    if head is None or _with_training(cost.charges[:start], ho.training, top, ho.retraining_line) is None:
        return None
    out = [(c.usd, c.recurring, c.shared_key) for c in head]
    hours = ho.figures.hours
    shortest = Load(h.load.requests_per_month, h.load.input_tokens, low, h.load.max_latency_ms)
    return [(_summed([*out, (instances_for(1, row.gpus_per_replica, row.instance_gpus)[1] * row.usd_per_hour * hours,
                             True, h.shared_key)], months),
             _latency_on(h, at_load(row, shortest, ho.figures)[3] * MS_PER_SECOND, row.tokens_per_s,
                         low * ho.output_multiplier)) for row in ho.bases]


def _hosting_start(charges: Any) -> int | None:
    """Where a self-hosted estimate's hosting charges begin: the cost model adds them last (``None``: not so)."""
    hosting = [i for i, c in enumerate(charges) if c.component == "hosting"]
    if not hosting or hosting != list(range(hosting[0], len(charges))):
        return None
    return hosting[0]


def _on_plan(h: Any, out: list[tuple[float, bool, str | None]], plan: Any, output_tokens: float,
             months: int) -> tuple[float, float]:
    """(TCO, latency) of hosted terms ``h`` on ``plan``: the other charges ``out``, then the plan's floor (shared
    key) and usage as the cost model adds them; the latency for ``output_tokens`` generated per request (agent
    steps and hidden reasoning aside), or the batch window."""
    if plan.monthly_floor_usd > 0 or h.shared_key is not None:
        out.append((plan.monthly_floor_usd, True, h.shared_key))
    if plan.monthly_usage_usd > 0:
        out.append((plan.monthly_usage_usd, True, None))
    return _summed(out, months), _latency_on(h, plan.ttft_ms, plan.tokens_per_s, output_tokens)


def _latency_on(h: Any, ttft_ms: float, tps: float, output_tokens: float) -> float:
    """The latency of hosted terms ``h`` on a plan of that first-token time and speed, for ``output_tokens``
    generated per request (agent steps and hidden reasoning aside), or the batch window."""
    if h.batch:
        return float(h.sizing.window_ms)
    latency, _ = request_latency(ttft_ms, output_tokens, tps, retrieval_ms=0.0, agent_steps=h.agent_steps,
                                 step_output_tokens=h.step_output_tokens, tool_ms_per_step=h.tool_ms_per_step)
    return float(latency + reasoning_ms(h.reasoning_tokens, tps))


RAG_COMPONENTS = ("vector_store", "indexing", "refresh", "embedding_queries", "knowledge_base")


def rag_at_volume(cost: Any, requests: float, months: int) -> tuple[float, float] | None:
    """(TCO over ``months``, latency in ms) of a retrieving on-demand option carrying
    :class:`~selector.costs.types.RagTerms` at ``requests`` a month, as pricing it again gives them:

        store            = the cheapest vector store that holds the corpus and the traffic (rag.choose_store)
        query embeddings = requests × query tokens × embedding price / 1e6
        lines            = its per-token lines at that volume
        latency          = TTFT + output ÷ speed + embedding + store query (+ agent steps, reasoning); the batch
                           window for batch

    its indexing, refresh and knowledge-base fee, and any training or hosting fee, unchanged; ``None`` without the
    terms, or where no store holds the traffic."""
    from selector.costs.inference import embedding_cost
    from selector.costs.rag import choose_store

    r = getattr(cost, "rag_terms", None)
    if r is None:
        return None
    chosen = choose_store(r.stores, requests)
    if chosen is None:
        return None
    store, floor, usage, store_ms = chosen
    charges = cost.charges
    n = 0
    while n < len(charges) and charges[n].component in RAG_COMPONENTS:
        n += 1
    block = charges[:n]
    out: list[tuple[float, bool, str | None]] = [(floor, True, f"vector_store:{store}")]  # as the cost model adds
    if usage > 0:  # them: the shared floor always, the others when above 0
        out.append((usage, True, None))
    out.extend((c.usd, c.recurring, c.shared_key) for c in block if c.component in ("indexing", "refresh"))
    queries = embedding_cost(requests * r.query_tokens, r.embedding_usd_per_1m)
    if queries > 0:
        out.append((queries, True, None))
    out.extend((c.usd, c.recurring, c.shared_key) for c in block if c.component == "knowledge_base")
    rest = _replaced(charges[n:], volume_lines(requests, r.lines))
    if rest is None:
        return None
    if r.batch_window_ms is not None:
        latency = r.batch_window_ms
    else:
        latency, _ = request_latency(r.ttft_ms, r.output_tokens, r.tokens_per_s, retrieval_ms=r.embedding_ms + store_ms,
                                     agent_steps=r.agent_steps, step_output_tokens=r.step_output_tokens,
                                     tool_ms_per_step=r.tool_ms_per_step)
        latency += r.reasoning_ms
    return _summed(out + rest, months), latency


def at_volume(cost: Any, requests: float, months: int) -> tuple[float, float] | None:
    """(TCO over ``months``, latency in ms) of ``cost``'s option at ``requests`` a month from whichever terms it
    carries (volume or lines terms: the latency does not move; hosted; retrieval), as pricing it again gives them;
    ``None``: price it."""
    fast = tco_at_volume(cost, requests, months)
    if fast is not None:
        return fast, cost.latency_ms
    sized = hosted_at_volume(cost, requests, months)
    if sized is not None:
        return sized
    return rag_at_volume(cost, requests, months)


def hosted_at_output(cost: Any, requests: float, output_tokens: float, months: int) -> tuple[float, float] | None:
    """(TCO over ``months``, latency in ms) of a fine-tuned self-hosted option carrying hosted terms with their output
    part (:class:`~selector.costs.types.HostedOutput`) at ``output_tokens`` per request, as pricing it again gives
    them: its training plan priced again at that length, every GPU plan it chose among sized again for requests
    of that length (:func:`selector.costs.gpu_sizing.chosen_at_output`, the plan objective holding the new training
    charges), its hosting charges replaced, its latency on the plan chosen; ``None`` without the terms."""
    from selector.costs.gpu_sizing import Load, chosen_at_output

    h = getattr(cost, "hosted_terms", None)
    if h is None or h.output is None:
        return None
    ho = h.output
    start = _hosting_start(cost.charges)
    if start is None:
        return None
    head = _with_training(cost.charges[:start], ho.training, output_tokens, ho.retraining_line)
    if head is None:
        return None
    out: list[tuple[float, bool, str | None]] = [(c.usd, c.recurring, c.shared_key) for c in head]
    out_main = output_tokens * ho.output_multiplier
    load = Load(requests, h.load.input_tokens, out_main + ho.agent_output_tokens + h.reasoning_tokens,
                h.load.max_latency_ms)
    objective = None if h.objective is None else h.objective.holding((usd, recurring) for usd, recurring, _ in out)
    return _on_plan(h, out, chosen_at_output(ho.bases, ho.figures, load, objective), out_main, months)
