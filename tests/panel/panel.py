"""The expert panel's machinery: load scenarios, detect features, run them, check the class of answer.

A scenario (``tests/panel/scenarios/*.yaml``) holds ``requirements`` (a requirements file as a mapping),
``rationale`` and ``sources`` (why an expert gives that answer, and where it is written), optional
``needs`` (features of spec §5 it depends on) and ``expect`` (the class of answer, never a model id).
docs/panel.md lists the expectation keys; :func:`check` implements them.
"""

from __future__ import annotations

import copy
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
SCENARIOS = HERE / "scenarios"
TOP_LEVEL_KEYS = {"rationale", "sources", "needs", "known_gap", "requirements", "expect"}
# Set PANEL_NO_SKIP=1 to run every scenario whatever the branch has (after merging the features).
NO_SKIP = os.environ.get("PANEL_NO_SKIP", "") not in ("", "0")


@dataclass(frozen=True)
class Scenario:
    id: str
    path: Path
    rationale: str
    sources: tuple[str, ...]
    needs: tuple[str, ...]
    requirements: Mapping[str, Any]
    expect: Mapping[str, Any]
    known_gap: str | None = None  # an expert answer the tool does not give, and why (xfail, strict)


def load_scenarios(directory: Path = SCENARIOS) -> list[Scenario]:
    out = []
    for path in sorted(directory.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        unknown = set(doc) - TOP_LEVEL_KEYS
        if unknown:
            raise ValueError(f"{path.name}: unknown keys {sorted(unknown)}; allowed {sorted(TOP_LEVEL_KEYS)}")
        out.append(Scenario(path.stem, path, str(doc["rationale"]).strip(), tuple(doc["sources"]),
                            tuple(doc.get("needs") or ()), doc["requirements"], doc["expect"],
                            str(doc["known_gap"]).strip() if doc.get("known_gap") else None))
    return out


# ---------------------------------------------------------------- features (spec §5) present on this branch

def _workload_field(name: str) -> Callable[[], bool]:
    def probe() -> bool:
        from selector.requirements.models import Workload

        return name in Workload.model_fields
    return probe


def _output_field(name: str) -> Callable[[], bool]:
    def probe() -> bool:
        from selector.output import OptionOut

        return name in OptionOut.model_fields
    return probe


def _unserved_language_training() -> bool:
    """Issue 16 point 4: a workload in a language no profile lists, with a general domain, gets (continued)
    pretraining candidates. Before the feature, such training needs ``domain_specificity`` above low, so a
    general-domain workload in an unserved language has no training option at all."""
    from selector.options.build import build_options
    from selector.requirements.load import requirements_from_dict

    req = requirements_from_dict({
        "name": "probe", "budget": {"one_off_usd": 5e7}, "task": "chat", "languages": ["mi"],
        "requests_per_month": 1000, "data": {"domain_corpus_tokens": 2e12}})
    (wo,) = build_options(req, _catalog())
    return any(o.strategy.pretrains for o in wo.options)


def _money_objective() -> bool:
    """Issue 16 point 1: the old cost utility ``1 - log10(1 + TCO) / log10(1 + max_tco)`` is gone."""
    try:
        from selector.options.quality import scoring_reference
        from selector.scoring.criteria import cost_utility

        top = float(scoring_reference()["cost"]["max_tco_usd"])
        return not math.isclose(float(cost_utility(1000.0)), 1 - math.log10(1001) / math.log10(1 + top))
    except (ImportError, KeyError, TypeError):
        return True


#: Features that are requirement fields: a file using one cannot even load where the field is absent.
SCHEMA_FEATURES = ("allowed_hosting", "allowed_providers", "max_ttft_ms", "latency_percentile",
                   "cacheable_prompt_tokens", "reasoning_effort", "traffic_growth_per_month")
FEATURES: dict[str, Callable[[], bool]] = {
    **{f: _workload_field(f) for f in SCHEMA_FEATURES},
    **{f: _output_field(f) for f in ("service_tier", "reasoning_tokens", "evidence", "over_budget")},
    "unserved_language_training": _unserved_language_training,
    "money_objective": _money_objective,
}


@cache
def feature_present(name: str) -> bool:
    if name not in FEATURES:
        raise KeyError(f"unknown feature {name!r} in needs; known: {sorted(FEATURES)}")
    return FEATURES[name]()


def missing_features(s: Scenario) -> list[str]:
    return [] if NO_SKIP else [f for f in s.needs if not feature_present(f)]


# ---------------------------------------------------------------- running

@cache
def _catalog() -> Any:
    from selector.catalog import load_catalog

    return load_catalog()


@dataclass
class Run:
    status: str
    choice: dict[str, Any] | None
    conflicts: list[dict[str, str]]
    raw: dict[str, Any]
    options: list[dict[str, Any]] = field(default_factory=list)


def run(requirements: Mapping[str, Any], workload: str | None = None) -> Run:
    """Recommend on the shipped catalog; the answer for ``workload`` (default: the first)."""
    from selector.recommend import Settings, recommend
    from selector.requirements.load import requirements_from_dict

    req = requirements_from_dict(copy.deepcopy(dict(requirements)), "<panel>")
    rec = recommend(req, _catalog(), Settings(smaa_samples=50, break_even=False))
    data = rec.to_dict()
    names = [w["name"] for w in data["workloads"]]
    index = names.index(workload) if workload else 0
    w = data["workloads"][index]
    options = [{"model": s.option.model, "strategy": str(s.option.strategy), "hosting": str(s.option.hosting),
                "tco_usd": s.tco_usd, "quality": s.option.quality} for s in rec.workloads[index].options]
    return Run(data["status"], w["choice"], data["conflicts"], data, options)


def with_override(requirements: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """The requirements with keys replaced in every workload (or at the top level for a top-level key)."""
    from selector.requirements.models import TOP_KEYS

    doc = copy.deepcopy(dict(requirements))
    workloads = doc.get("workloads", [doc])
    for key, value in override.items():
        if key in TOP_KEYS and key != "name":
            doc[key] = value
        else:
            for w in workloads:
                w[key] = value
    return doc


# ---------------------------------------------------------------- expectations

def _band(label: str, value: float | None, band: Mapping[str, float]) -> list[str]:
    unknown = set(band) - {"min", "max"}
    if unknown:
        return [f"{label}: unknown band keys {sorted(unknown)}"]
    if value is None:
        return [f"{label}: missing, expected {dict(band)}"]
    out = []
    if "min" in band and value < band["min"]:
        out.append(f"{label} = {value:,.2f} < min {band['min']:,}")
    if "max" in band and value > band["max"]:
        out.append(f"{label} = {value:,.2f} > max {band['max']:,}")
    return out


def _ttft_ms(profile: Any, choice: Mapping[str, Any]) -> float | None:
    """The API endpoint's time to first token from the catalog's latency figures (measured, or the documented
    estimate); for a model on the user's own machines, the choice's end-to-end latency bounds it."""
    from selector.costs.latency import measured_latency, measured_speed

    if choice["hosting"] in ("self_hosted_gpu", "self_hosted_cpu"):
        return float(choice["latency_ms"])
    data = measured_latency(_catalog().reference_data().directory)
    return None if data is None else float(measured_speed(profile, data).ttft_ms)


def check_model(choice: Mapping[str, Any], spec: Mapping[str, Any]) -> list[str]:
    """Properties of the chosen model read from its catalog profile."""
    model_id = choice["model"]
    p = _catalog().get(model_id)
    if p is None:
        return [f"model {model_id} not in the catalog"]
    out = []
    for key, want in spec.items():
        if key in ("kind", "provider", "interpretability"):
            got = getattr(p, key)
            if got not in want:
                out.append(f"model.{key} = {got!r}, expected one of {want}")
        elif key in ("open_weights", "tool_calling"):
            if bool(getattr(p, key)) is not bool(want):
                out.append(f"model.{key} = {getattr(p, key)!r}, expected {want}")
        elif key == "languages_include":
            missing = [lang for lang in want if lang not in (p.languages or [])]
            if missing:
                out.append(f"model.languages lacks {missing} (lists {p.languages})")
        elif key == "input_modalities_include":
            missing = [m for m in want if m not in p.input_modalities]
            if missing:
                out.append(f"model.input_modalities lacks {missing} (reads {p.input_modalities})")
        elif key == "regions_include":
            missing = [r for r in want if r not in (p.regions or [])]
            if missing:
                out.append(f"model.regions lacks {missing} (offered in {p.regions})")
        elif key == "context_window_min":
            if (p.context_window or 0) < want:
                out.append(f"model.context_window = {p.context_window}, expected ≥ {want:,}")
        elif key == "params_billion_max":
            if p.params_billion is None or p.params_billion > want:
                out.append(f"model.params_billion = {p.params_billion}, expected ≤ {want}")
        elif key == "ttft_ms":
            out += _band("model TTFT (ms, catalog latency figures)", _ttft_ms(p, choice), want)
        else:
            out.append(f"unknown model expectation {key!r}")
    return out


def _in(label: str, got: Any, want: list[Any]) -> list[str]:
    return [] if got in want else [f"{label} = {got!r}, expected one of {want}"]


def check(expect: Mapping[str, Any], result: Run, requirements: Mapping[str, Any]) -> list[str]:
    """Every expectation that fails, as a sentence (empty: the answer is of the expected class)."""
    out: list[str] = []
    c = result.choice
    for key, want in expect.items():
        if key == "status":
            out += _in("status", result.status, [want])
        elif key == "conflicts_mention":
            text = " ".join(f"{x['constraint']} {x['message']}" for x in result.conflicts).lower()
            out += [f"no conflict mentions {w!r} (conflicts: {result.conflicts})" for w in want
                    if w.lower() not in text]
        elif key == "any_of":
            branches = [check(b, result, requirements) for b in want]
            if all(branches):
                out.append("none of the acceptable answers: " + " | ".join("; ".join(b) for b in branches))
        elif c is None:
            out.append(f"{key}: no choice (status {result.status}, conflicts {result.conflicts})")
        elif key in ("strategy", "hosting", "strategy_method", "service_tier"):
            out += _in(key, c.get(key), want)
        elif key == "monthly_usd":
            out += _band("monthly_cost_usd", c["monthly_cost_usd"], want)
        elif key == "one_off_usd":
            out += _band("one_off_cost_usd", c["one_off_cost_usd"], want)
        elif key == "latency_ms":
            out += _band("latency_ms", c["latency_ms"], want)
        elif key == "reasoning_tokens":
            out += _band("reasoning_tokens", c.get("reasoning_tokens"), want)
        elif key == "model":
            out += check_model(c, want)
        elif key == "vs_variant":
            out += _vs_variant(want, c, requirements)
        else:
            out.append(f"unknown expectation {key!r}")
    return out


#: Issue 16 acceptance: at default weights an option costing >= 5x more for < 0.05 quality never wins.
MONEY_RATIO, MONEY_GAIN = 5.0, 0.05


def money_respected(result: Run, requirements: Mapping[str, Any]) -> list[str]:
    """At default weights, no feasible option is a fifth of the choice's TCO or less at nearly its quality."""
    c = result.choice
    if c is None or "weights" in requirements:
        return []
    cheaper = [o for o in result.options if c["tco_usd"] >= MONEY_RATIO * o["tco_usd"]
               and c["quality"] - o["quality"] < MONEY_GAIN]
    if not cheaper:
        return []
    o = min(cheaper, key=lambda x: x["tco_usd"])
    return [f"money: the choice's TCO ${c['tco_usd']:,.0f} is ≥ {MONEY_RATIO:g}× that of {o['model']} "
            f"({o['strategy']}, {o['hosting']}, ${o['tco_usd']:,.0f}) for a quality gain of "
            f"{c['quality'] - o['quality']:+.3f} (< {MONEY_GAIN})"]


_METRICS = {"monthly_usd": "monthly_cost_usd", "tco_usd": "tco_usd", "one_off_usd": "one_off_cost_usd"}


def _vs_variant(spec: Mapping[str, Any], choice: Mapping[str, Any], requirements: Mapping[str, Any]) -> list[str]:
    """The answer's figure divided by the same figure of the answer to a variant of the requirements."""
    variant = run(with_override(requirements, spec["override"]))
    if variant.choice is None:
        return [f"variant {dict(spec['override'])} has no choice (status {variant.status})"]
    key = _METRICS[spec["metric"]]
    other = variant.choice
    if spec.get("same_option"):  # the same (model, strategy, hosting) priced under the variant, chosen there or not
        same = [o for o in variant.options if (o["model"], o["strategy"], o["hosting"])
                == (choice["model"], choice["strategy"], choice["hosting"])]
        if not same or key != "tco_usd":
            return [f"variant {dict(spec['override'])}: the choice's option is not among its options "
                    f"(same_option compares tco_usd only)"]
        other = {**same[0], "tco_usd": same[0]["tco_usd"]}
    base = other[key]
    ratio = choice[key] / base if base else math.inf
    label = (f"{spec['metric']} {choice[key]:,.2f} / {base:,.2f} of the variant {dict(spec['override'])} "
             f"({other['model']}, {other['strategy']}, {other['hosting']}) = {ratio:.3f}")
    out = []
    if "min_ratio" in spec and ratio < spec["min_ratio"]:
        out.append(f"{label} < {spec['min_ratio']}")
    if "max_ratio" in spec and ratio > spec["max_ratio"]:
        out.append(f"{label} > {spec['max_ratio']}")
    return out


def describe(result: Run) -> str:
    c = result.choice
    if c is None:
        return f"status {result.status}; conflicts {result.conflicts}"
    extra = {k: c[k] for k in ("strategy_method", "service_tier", "reasoning_tokens") if k in c}
    return (f"status {result.status}: {c['model']} / {c['strategy']} / {c['hosting']} {extra or ''}; "
            f"${c['monthly_cost_usd']:,.2f}/month, ${c['one_off_cost_usd']:,.2f} one-off, "
            f"{c['latency_ms']:,.0f} ms, quality {c['quality']}")
