"""``selector estimate``: the cost models as calculators (docs/methodology.md).

``training`` prices one training run; ``inference`` the monthly hosting of one model for a traffic;
``rag`` the retrieval side of RAG. Every assumption is printed, and the main ones can be overridden.
"""

from __future__ import annotations

import difflib
import math
from pathlib import Path
from typing import Any

import typer

from selector.cli.catalog_cmd import ShowFormat
from selector.cli.common import CatalogOption, echo_json, err, get_catalog, handle_errors, table
from selector.errors import EXIT_INFEASIBLE, InputError
from selector.vocab import FtMethod, Hosting, ReasoningEffort, ServiceTier, Strategy, Task, UpdateFrequency

app = typer.Typer(help="Estimate training, inference and RAG costs from the cost models.", no_args_is_help=True)

_OPTIONS = {"params_billion": "--params-billion", "active_params_billion": "--active-params-billion",
            "tokens": "--tokens", "gpu": "--gpu", "gpus": "--gpus",
            "mfu": "--mfu", "usd_per_gpu_hour": "--usd-per-gpu-hour", "method": "--method", "precision": "--precision",
            "requests_per_month": "--requests", "input_tokens": "--input-tokens", "output_tokens": "--output-tokens",
            "corpus_tokens": "--corpus-tokens", "queries_per_month": "--queries", "query_tokens": "--query-tokens",
            "update_frequency": "--update-frequency", "hosting": "--hosting", "max_latency_ms": "--max-latency-ms",
            "tier": "--tier"}


Format = ShowFormat  # table | json
LONG_RUN_DAYS = 90  # a training plan longer than this gets a warning and a GPU count for --target-days


# whole GPU-hours and dollars, days and GB to one decimal (never fewer than 2 significant digits)
_TRAINING_DECIMALS = {"gpu_hours": 0, "wall_days": 1, "cost_usd": 0, "memory_gb_per_gpu": 1}


def _round_decimals(value: float, decimals: int, min_significant: int = 2) -> float:
    """Round to ``decimals`` places, keeping at least ``min_significant`` significant digits.

    >>> _round_decimals(93482.906, 0), _round_decimals(7.6077, 1), _round_decimals(0.012345, 0)
    (93483.0, 7.6, 0.012)
    """
    if value == 0 or not math.isfinite(value):
        return value
    needed = min_significant - 1 - math.floor(math.log10(abs(value)))
    return round(value, max(decimals, needed))


def _round_sig(value: Any, digits: int = 6) -> Any:
    """Round floats to ``digits`` significant digits for display (exact values stay in the library)."""
    if isinstance(value, float) and math.isfinite(value) and value != 0:
        return round(value, digits - 1 - math.floor(math.log10(abs(value))))
    if isinstance(value, dict):
        return {k: _round_sig(v, digits) for k, v in value.items()}
    return value


def _emit(data: dict[str, Any], fmt: Format) -> None:
    data = _round_sig(data)
    if fmt is Format.json:
        echo_json(data)
        return
    rows = [(k, v) for k, v in data.items() if not isinstance(v, dict)]
    rows += [(f"{group}.{k}", v) for group, values in data.items() if isinstance(values, dict)
             for k, v in values.items()]
    typer.echo(table([{"figure": k, "value": _cell(k, v)} for k, v in rows], ["figure", "value"], wrap=["value"]))


def _cell(key: str, value: Any) -> Any:
    """Text for a table cell: dollars by the money rule (selector.cli.render), other floats with
    separators (scientific notation when very large or tiny).

    >>> _cell("cost_usd", 320729.0), _cell("assumptions.usd_per_gpu_hour", 3.43088), _cell("flops", 4.2e22)
    ('$320,729.00', '$3.43', '4.2e+22')
    >>> _cell("wall_days", 1947.6), _cell("mfu", 0.4)
    ('1,947.6', '0.4')
    """
    from selector.cli.render import money

    if isinstance(value, (int, float)) and not isinstance(value, bool) and "usd" in key.rsplit(".", 1)[-1]:
        return money(value)
    if isinstance(value, float):
        return f"{value:.4g}" if value and not 1e-3 <= abs(value) < 1e9 else f"{value:,.6g}"
    return value


def _fail(command: str, field: str, message: str) -> InputError:
    return InputError.single(f"selector estimate {command}", _OPTIONS.get(field, field), message)


def _run(command: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Call a cost function, turning its argument and price errors into exit-2 messages naming the option."""
    from selector.costs import CostInputError, CostUnavailable

    try:
        return fn(*args, **kwargs)
    except CostInputError as exc:
        raise _fail(command, exc.field, exc.message) from None
    except CostUnavailable as exc:
        raise _fail(command, "hosting", str(exc)) from None


@app.command()
@handle_errors
def training(
    params_billion: float = typer.Option(..., "--params-billion", help="Model size in billions of parameters."),
    tokens: float = typer.Option(..., "--tokens", help="Training tokens (e.g. 1e12)."),
    active_params_billion: float = typer.Option(None, "--active-params-billion", help="Parameters each token "
                                                "computes with, for a mixture-of-experts (FLOPs use it, memory "
                                                "the total); default: --params-billion."),
    gpu: str = typer.Option(None, "--gpu", help="GPU type (a100-40gb, a100-80gb, h100-80gb, ...); default: the "
                            "training GPU with the lowest price per FLOP."),
    method: FtMethod = typer.Option(FtMethod.full, "--method", help="full, lora or qlora."),
    gpus: int = typer.Option(None, "--gpus", help="GPUs in the run; default: the fewest that hold the training state."),
    mfu: float = typer.Option(None, "--mfu",
                              help="Model FLOPs utilisation; default from catalog/reference/training.yaml."),
    usd_per_gpu_hour: float = typer.Option(None, "--usd-per-gpu-hour", help="Price per GPU-hour; default: the "
                                           "GPU's cheapest AWS on-demand instance."),
    target_days: float = typer.Option(30, "--target-days", min=1, max=3650, help="Wall time to plan for: a "
                                      f"run longer than {LONG_RUN_DAYS} days gets a warning with the GPU count "
                                      "that finishes in about this many days."),
    fmt: Format = typer.Option(Format.table, "--format", help="Output format."),
) -> None:
    """Compute, time and cost of one training run (FLOPs = 6·N·D for full training, N active parameters)."""
    from selector.costs.compute import cheapest_training_gpu, estimate_training

    gpu = gpu or cheapest_training_gpu()
    run = _run("training", estimate_training, params_billion, tokens, gpu,
               method=method.value, gpus=gpus, mfu=mfu, usd_per_gpu_hour=usd_per_gpu_hour,
               active_params_billion=active_params_billion)
    data = run.to_dict()
    data.update({k: _round_decimals(data[k], d) for k, d in _TRAINING_DECIMALS.items()})
    _emit(data, fmt)
    if run.wall_days > LONG_RUN_DAYS:
        from selector.cli.training_advice import long_run_warning

        err(long_run_warning(run, target_days, lambda n: estimate_training(
            params_billion, tokens, gpu, method=method.value, gpus=n, mfu=mfu, usd_per_gpu_hour=usd_per_gpu_hour,
            active_params_billion=active_params_billion)))


def _profile(catalog: list[Path] | None, model_id: str) -> Any:
    cat = get_catalog(catalog)
    profile = cat.get(model_id)
    if profile is None:
        near = difflib.get_close_matches(model_id, [p.id for p in cat], n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(near)}?" if near else "; see `selector catalog list`"
        raise _fail("inference", "--model", f"no profile {model_id!r}{hint}")
    return profile


_KIND_TASK: dict[str, tuple[Task, Strategy]] = {
    "llm": (Task.chat, Strategy.prompt_engineering), "embedding": (Task.embedding, Strategy.prompt_engineering),
    "image": (Task.image_generation, Strategy.prompt_engineering),
    "classical": (Task.tabular_classification, Strategy.classical_training)}


@app.command()
@handle_errors
def inference(
    model: str = typer.Option(..., "--model", help="Catalog id of the model."),
    requests: float = typer.Option(..., "--requests", min=0, help="Requests per month."),
    input_tokens: float = typer.Option(800, "--input-tokens", min=0, help="Mean prompt tokens per request."),
    output_tokens: float = typer.Option(200, "--output-tokens", min=0, help="Mean completion tokens per request."),
    hosting: Hosting = typer.Option(None, "--hosting", help="Hosting mode; default: the profile's first."),
    gpu: str = typer.Option(None, "--gpu", help="Self-hosting GPU type; default: the cheapest plan."),
    precision: str = typer.Option(None, "--precision", help="Self-hosted weight precision (bf16, fp8, int8, int4); "
                                  "default: the precision the weights ship in (the profile's weights_precision), "
                                  "else bf16."),
    max_latency_ms: float = typer.Option(None, "--max-latency-ms", min=1, help="Latency limit the GPU plan must meet; "
                                         "on an API it also picks the service tier (batch from 24 h, flex from 15 "
                                         "min, priority when only its speed floor meets the limit)."),
    tier: ServiceTier = typer.Option(None, "--tier", help="Service tier of an on-demand API (standard, batch, flex, "
                                     "priority); default: the cheapest that --max-latency-ms allows "
                                     "(docs/methodology.md, Service tiers)."),
    reasoning_effort: ReasoningEffort = typer.Option(
        ReasoningEffort.default, "--reasoning-effort",
        help="Hidden reasoning of a reasoning model (none, low, medium, high, default = the model's own): billed "
             "as output and written before the answer (docs/methodology.md §3a)."),
    fmt: Format = typer.Option(Format.table, "--format", help="Output format."),
    catalog: list[Path] = CatalogOption,
) -> None:
    """Monthly cost, latency and (self-hosted) GPUs and replicas of serving one model."""
    from pydantic import ValidationError

    from selector.costs import estimate_option
    from selector.requirements.messages import problems_from
    from selector.requirements.models import Workload

    profile = _profile(catalog, model)
    host = hosting.value if hosting else (profile.hosting or ["on_demand_api"])[0]
    if tier is not None and (host != Hosting.on_demand_api.value or profile.kind != "llm"):
        raise _fail("inference", "--tier", f"service tiers apply to an LLM on on_demand_api, not a {profile.kind} on "
                    f"{host}")
    task, strategy = _KIND_TASK[profile.kind]
    try:
        workload = Workload(name="estimate", task=task, requests_per_month=requests, input_tokens=input_tokens,
                            output_tokens=output_tokens, max_latency_ms=max_latency_ms,
                            reasoning_effort=reasoning_effort)
    except ValidationError as exc:  # the bounds of the requirements file apply here too
        loc, problem = problems_from(exc, Workload)[0]
        raise _fail("inference", str(loc[0]) if loc else "", problem.message) from None
    if tier is not None:
        from selector.costs.reference import load_reference
        from selector.costs.service_tiers import offered_tiers

        offered = offered_tiers(profile, load_reference())
        if tier not in offered:
            raise _fail("inference", "--tier", f"{profile.id} has no {tier.value} price (it offers: "
                        f"{', '.join(offered) or 'none'})")
    est = _run("inference", estimate_option, workload, profile, strategy, host, 1, gpu=gpu, precision=precision,
               tier=tier.value if tier else None)
    a = est.assumptions
    too_slow = max_latency_ms is not None and est.latency_ms is not None and est.latency_ms > max_latency_ms
    served = {"service_tier": a["inference.service_tier"]} if "inference.service_tier" in a else {}
    _emit({"model": profile.id, "hosting": host, **served, "requests_per_month": requests, "input_tokens": input_tokens,
           "output_tokens": output_tokens, "reasoning_tokens": a.get("tokens.reasoning_per_request", 0.0),
           "monthly_cost_usd": est.monthly_usd, "one_off_cost_usd": est.one_off_usd,
           "cost_breakdown": est.breakdown().to_dict(), "latency_ms": est.latency_ms,
           "latency_estimated": est.latency_estimated, "gpu": a.get("hosting.gpu"),
           "instance": a.get("hosting.instance") or a.get("hosting.classical_instance"),
           "gpus_per_replica": a.get("hosting.gpus_per_replica"),
           "replicas": a.get("hosting.replicas") or a.get("hosting.instances"),
           **({"max_latency_ms": max_latency_ms, "meets_max_latency": not too_slow} if max_latency_ms is not None
              else {}), "assumptions": dict(a)}, fmt)
    if too_slow:  # as `recommend`: exit 3 when the constraint cannot be met, never a plan that breaks it with 0
        err(f"infeasible: {profile.id} on {host} takes about {est.latency_ms:,.0f} ms, above --max-latency-ms "
            f"{max_latency_ms:,.0f}")
        raise typer.Exit(EXIT_INFEASIBLE)


@app.command()
@handle_errors
def rag(
    corpus_tokens: float = typer.Option(..., "--corpus-tokens", min=0, help="Size of the knowledge corpus in tokens."),
    queries: float = typer.Option(..., "--queries", min=0, help="Queries (requests) per month."),
    update_frequency: UpdateFrequency = typer.Option(UpdateFrequency.static, "--update-frequency",
                                                     help="How often it changes."),
    query_tokens: float = typer.Option(800, "--query-tokens", min=0, help="Tokens embedded per query."),
    embedding: str = typer.Option(None, "--embedding",
                                  help="Embedding model id; default from catalog/reference/rag.yaml."),
    fmt: Format = typer.Option(Format.table, "--format", help="Output format."),
    catalog: list[Path] = CatalogOption,
) -> None:
    """Vector store choice, indexing, refresh and query costs of retrieval over a corpus."""
    from pydantic import ValidationError

    from selector.costs import load_reference
    from selector.costs.rag import plan_rag
    from selector.requirements.messages import problems_from
    from selector.requirements.models import Workload

    try:  # the bounds of the requirements file apply here too
        Workload.model_validate({"name": "estimate", "task": "question_answering", "requests_per_month": queries,
                                 "input_tokens": query_tokens,
                                 "knowledge": {"corpus_tokens": corpus_tokens,
                                               "update_frequency": update_frequency.value}})
    except ValidationError as exc:
        loc, problem = problems_from(exc, Workload)[0]
        option = {"requests_per_month": "--queries", "input_tokens": "--query-tokens",
                  "knowledge": "--corpus-tokens"}.get(str(loc[0]) if loc else "", "")
        raise InputError.single("selector estimate rag", option, problem.message) from None
    ref = load_reference()
    profile = _profile(catalog, embedding or ref.value("rag.default_embedding_model"))
    plan = _run("rag", plan_rag, corpus_tokens, update_frequency.value, queries, query_tokens, profile, ref)
    monthly = (plan.store_floor_usd + plan.store_usage_usd + plan.refresh_usd + plan.query_embedding_usd
               + plan.knowledge_base_fee_usd)
    _emit({"store": plan.store, "store_floor_usd_per_month": plan.store_floor_usd,
           "store_usage_usd_per_month": plan.store_usage_usd, "indexing_usd": plan.indexing_usd,
           "refresh_usd_per_month": plan.refresh_usd, "embedding_queries_usd_per_month": plan.query_embedding_usd,
           "knowledge_base_usd_per_month": plan.knowledge_base_fee_usd, "monthly_cost_usd": monthly,
           "one_off_cost_usd": plan.indexing_usd, "context_tokens_per_request": plan.context_tokens,
           "retrieval_ms": plan.retrieval_ms, "assumptions": dict(plan.assumptions)}, fmt)
