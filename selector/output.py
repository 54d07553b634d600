"""The JSON contract of ``selector recommend --format json`` as frozen pydantic models.

:meth:`selector.result.Recommendation.to_dict` builds a :class:`RecommendationOut` and dumps it, and
``docs/recommendation.schema.json`` is generated from the same models (``python -m selector.output``;
a test fails when the file drifts), so the output and its published schema cannot disagree.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from selector.vocab import EvidenceGrade, FtMethod, Hosting, ServiceTier, Strategy

_ABSENT = "x-absent-when-none"  # marks optional keys for _tidy (removed from the published schema)
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "docs" / "recommendation.schema.json"
Usd = Annotated[float, Field(ge=0, description="US dollars")]
Sha256 = Annotated[str, Field(pattern="^[0-9a-f]{64}$")]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _absent_when_none(value: Any) -> bool:
    return value is None


class EvidenceOut(_Frozen):
    """How each figure of an option is known; the benchmark, measurement and price source are
    named in the workload's ``notes`` (docs/decision.md, "Evidence grades")."""

    quality: EvidenceGrade = Field(description="measured: the family's benchmark for this model; estimated: a "
                                               "calibration or estimated uplift; unknown: the documented prior.")
    latency: EvidenceGrade = Field(description="Of the figure the latency limits bind (latency_percentile): "
                                               "measured at the endpoint, or estimated by a documented rule.")
    price: EvidenceGrade = Field(description="measured: prices listed in the profile with a source; estimated: "
                                             "derived (self-hosted sizing, provisioned units); unknown: no source.")


class OptionOut(_Frozen):
    """A choice or an alternative: one (model, strategy, method, hosting) with its money and figures."""

    model_config = ConfigDict(
        frozen=True, extra="forbid",
        json_schema_extra={  # a fine-tuning option states its method
            "if": {"properties": {"strategy": {"enum": [s.value for s in Strategy if s.fine_tunes]}}},
            "then": {"required": ["strategy_method"]},
        },
    )

    model: str = Field(description="Catalog id of the model.")
    strategy: Strategy
    hosting: Hosting
    monthly_cost_usd: Usd = Field(description="USD per month; for a choice, its share of charges shared with other "
                                              "workloads (the whole charge is in shared_charges).")
    one_off_cost_usd: Usd
    tco_usd: Usd = Field(description="One-off plus monthly times the horizon (plus refreshes).")
    quality: float = Field(ge=0, le=1)
    latency_ms: float = Field(ge=0)
    score: float = Field(description="Weighted objective value, higher is better.")
    cost_breakdown: dict[str, Usd] = Field(
        description="Component → USD: recurring per month; `<name>_one_off` once.")
    evidence: EvidenceOut = Field(description="How quality, latency and price are known.")
    reasoning_tokens: float = Field(
        default=0.0, ge=0, json_schema_extra={"unit": "tokens"},
        description="Hidden reasoning tokens per request assumed in cost and latency (0 for models that do not "
                    "reason or with reasoning off).")
    strategy_method: FtMethod | None = Field(
        default=None, exclude_if=_absent_when_none, description="lora, qlora or full (fine-tuning strategies only).",
        json_schema_extra={_ABSENT: True})
    service_tier: ServiceTier | None = Field(
        default=None, exclude_if=_absent_when_none,
        description="on_demand_api only: the price tier the option is priced at (standard, batch, flex, priority).",
        json_schema_extra={_ABSENT: True})
    over_budget: Literal[True] | None = Field(
        default=None, exclude_if=_absent_when_none,
        description="Present (true) on an alternative that, swapped in for the choice with the other workloads "
                    "kept, breaks a budget.", json_schema_extra={_ABSENT: True})


class FlipThresholdOut(_Frozen):
    """How far one input would have to move, others fixed, for the workload's pick to change."""

    input: Literal["requests_per_month", "output_tokens", "chosen_price_factor", "horizon_months"]
    current: float = Field(ge=0, description="The input's value now (price factor: 1).")
    flips_at: float | None = Field(description="Nearest value at which another option scores best; null when "
                                               "none in the range searched.")
    direction: Literal["above", "below"] | None
    new_choice: str | None = Field(description="The option that would win there: model, strategy, hosting.")
    note: str


class ExcludedOut(_Frozen):
    model: str
    reasons: list[str] = Field(min_length=1)


class WorkloadOut(_Frozen):
    name: str
    choice: OptionOut | None
    alternatives: list[OptionOut]
    excluded: list[ExcludedOut]
    notes: list[str]
    flip_thresholds: list[FlipThresholdOut] | None = Field(
        default=None, exclude_if=_absent_when_none,
        description="What would have to change for the pick to flip, per input (a bracketed search on the pure "
                    "cost and scoring functions, this workload alone).", json_schema_extra={_ABSENT: True})


class TotalsOut(_Frozen):
    monthly_cost_usd: Usd
    one_off_cost_usd: Usd
    tco_usd: Usd


class SharedChargeOut(_Frozen):
    """A charge shared by several workloads (one vector store, one self-hosted deployment), whole; each
    workload's ``monthly_cost_usd`` holds its share of it."""

    key: str = Field(description="`vector_store:<store>` or `deployment:<model>:<hosting>`.")
    monthly_usd: Usd
    one_off_usd: Usd | None = Field(default=None, exclude_if=_absent_when_none, json_schema_extra={_ABSENT: True})
    workloads: list[str] = Field(min_length=1, description="The workloads that share it.")


class ConflictOut(_Frozen):
    constraint: str
    message: str


class EvaluationCitationOut(_Frozen):
    """``recommend --evidence``: the evaluation file whose measured quality replaced the catalog prior."""

    file: str
    sha256: Sha256
    date: str = Field(json_schema_extra={"format": "date"})
    examples: int = Field(ge=1)
    task: str
    metric: str
    data_sha256: str
    measurements: int = Field(ge=1)


class ProvenanceOut(_Frozen):
    selector_version: str
    catalog_sha256: Sha256
    requirements_sha256: Sha256
    solver: str
    generated_at: str = Field(json_schema_extra={"format": "date-time"})
    replaced: list[str] | None = Field(
        default=None, exclude_if=_absent_when_none,
        description="Shipped profile ids that a --catalog directory replaced (present only when any were).",
        json_schema_extra={_ABSENT: True})
    evaluation: EvaluationCitationOut | None = Field(
        default=None, exclude_if=_absent_when_none,
        description="Only with --evidence: the user's evaluation cited (selector.evaluate.evidence).",
        json_schema_extra={_ABSENT: True})


class RecommendationOut(_Frozen):
    """selector recommend --format json."""

    model_config = ConfigDict(frozen=True, extra="forbid", title="selector recommend --format json")

    status: Literal["optimal", "infeasible"]
    workloads: list[WorkloadOut] = Field(min_length=1)
    totals: TotalsOut = Field(description="The workloads' monthly_cost_usd and one_off_cost_usd add up to these.")
    shared_charges: list[SharedChargeOut] = Field(
        default_factory=list, description="Each shared charge whole, with the workloads it is split between.")
    conflicts: list[ConflictOut]
    provenance: ProvenanceOut


def _tidy(node: Any) -> Any:
    """Drop the ``null`` branch pydantic adds to fields that are absent rather than null in the output."""
    if isinstance(node, dict):
        if node.get(_ABSENT) and "anyOf" in node:  # an optional key: its type, or absent (never null)
            branches = [b for b in node["anyOf"] if b != {"type": "null"}]
            rest = {k: v for k, v in node.items() if k not in ("anyOf", "default", _ABSENT)}
            return _tidy({**rest, **branches[0]}) if len(branches) == 1 else node
        return {k: _tidy(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_tidy(v) for v in node]
    return node


def json_schema() -> dict[str, Any]:
    """The published JSON schema of the output (draft 2020-12)."""
    schema = _tidy(RecommendationOut.model_json_schema(mode="serialization"))
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Write ``docs/recommendation.schema.json`` (or the path given) from the models."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else SCHEMA_PATH
    target.write_text(schema_text(), encoding="utf-8")


if __name__ == "__main__":
    main()
