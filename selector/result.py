"""The immutable :class:`Recommendation`: ``to_dict()`` is the JSON of docs/recommendation.schema.json."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas is imported where used: it costs ~0.3 s of start-up
    import pandas as pd

    from selector.plots import PlotAccessor
    from selector.requirements.models import Requirements


from selector.costs.types import one_off_key
from selector.options.evidence import fallback_evidence
from selector.options.reasons import Reason
from selector.options.types import Option
from selector.output import (
    ConflictOut,
    ExcludedOut,
    FlipThresholdOut,
    OptionOut,
    ProvenanceOut,
    RecommendationOut,
    SharedChargeOut,
    TotalsOut,
    WorkloadOut,
)

_SCALARS = frozenset({float, int, str, bool, type(None)})  # returned as they are by freeze


def freeze(value: Any) -> Any:
    """A read-only deep copy: mappings become ``MappingProxyType``, lists and sets become tuples.

    >>> f = freeze({"a": (1, {"b": 2}), "c": {3, 1}})
    >>> type(f).__name__, f.get("c"), type(f.get("a")[1]).__name__
    ('mappingproxy', (1, 3), 'mappingproxy')
    """
    if isinstance(value, Mapping):
        if all(type(v) in _SCALARS for v in value.values()):  # flat (a score's utilities): nothing to freeze inside
            return MappingProxyType(dict(value))
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return tuple(freeze(v) for v in items)
    return value


@dataclass(frozen=True)
class Scored:
    """An option with its criteria utilities and weighted score."""

    option: Option
    utilities: Mapping[str, float]
    score: float
    tco_usd: float
    over_budget: bool = False  # an alternative that, swapped in for the choice, breaks a budget

    def __post_init__(self) -> None:
        object.__setattr__(self, "utilities", freeze(self.utilities))

    @classmethod
    def of(cls, option: Option, utilities: dict[str, float], score: float, tco_usd: float) -> Scored:
        """``Scored(option, utilities, score, tco_usd)`` for a scorer that hands over a new dict of floats nothing
        else holds (:func:`selector.recommend.score_options`): read-only as it is, without the copy (the same
        object otherwise, tested)."""
        made = object.__new__(cls)
        for name, value in (("option", option), ("utilities", MappingProxyType(utilities)), ("score", score),
                            ("tco_usd", tco_usd), ("over_budget", False)):
            object.__setattr__(made, name, value)
        return made


@dataclass(frozen=True)
class WorkloadResult:
    name: str
    choice: Scored | None
    alternatives: tuple[Scored, ...]
    excluded: Mapping[str, tuple[Reason, ...]]  # model id → why it is out (rendered as text by to_dict)
    notes: tuple[str, ...] = ()
    explanation: Mapping[str, Any] = field(default_factory=dict)
    stability: Mapping[str, tuple[float, float] | tuple[None, None]] = field(default_factory=dict)
    smaa: Mapping[str, Any] = field(default_factory=dict)
    options: tuple[Scored, ...] = ()  # every feasible option (for Pareto charts and frames)
    break_even: tuple[Mapping[str, Any], ...] = ()  # volumes where another strategy's cost order flips
    # the choice's share of the portfolio's bill (selector.sharing): monthly_cost_usd, one_off_cost_usd, tco_usd,
    # cost_breakdown, and latency_ms where a pooled deployment changed it; empty = the option's own figures
    share: Mapping[str, Any] = field(default_factory=dict)
    flip_thresholds: tuple[Mapping[str, Any], ...] = ()  # selector.sensitivity.flips
    views: Mapping[str, Any] = field(default_factory=dict)  # the report's extra data (selector.views)

    def __post_init__(self) -> None:  # nothing a caller receives can be edited in place
        for name in ("excluded", "explanation", "stability", "smaa", "break_even", "notes", "share",
                     "flip_thresholds", "views"):
            object.__setattr__(self, name, freeze(getattr(self, name)))
        object.__setattr__(self, "alternatives", tuple(self.alternatives))
        object.__setattr__(self, "options", tuple(self.options))

    def completed(self, flip_thresholds: Any, views: Any) -> WorkloadResult:
        """This result with its flip thresholds and views: ``dataclasses.replace(self, flip_thresholds=...,
        views=...)`` (equal, tested) without freezing again the fields frozen already."""
        made = object.__new__(type(self))
        made.__dict__.update(self.__dict__)
        object.__setattr__(made, "flip_thresholds", freeze(flip_thresholds))
        object.__setattr__(made, "views", freeze(views))
        return made

    @property
    def monthly_cost_usd(self) -> float:
        """The choice's monthly cost: its share of the portfolio's bill (0 without a choice)."""
        if self.choice is None:
            return 0.0
        return float(self.share.get("monthly_cost_usd", self.choice.option.cost.monthly_usd))

    @property
    def one_off_cost_usd(self) -> float:
        """The choice's one-off cost: its share of the portfolio's bill (0 without a choice)."""
        if self.choice is None:
            return 0.0
        return float(self.share.get("one_off_cost_usd", self.choice.option.cost.one_off_usd))


def _round(x: float, nd: int = 2) -> float:
    return float(round(x, nd))


def option_dict(s: Scored, share: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One choice/alternative in the spec's shape; a choice's ``share`` of the portfolio's bill replaces its
    own money (and latency, where a pooled deployment changed it)."""
    o = s.option
    monthly = {c.component: 0.0 for c in o.cost.charges if c.recurring}
    one_off = {c.component: 0.0 for c in o.cost.charges if not c.recurring}
    for c in o.cost.charges:
        (monthly if c.recurring else one_off)[c.component] += c.usd
    breakdown = {k: _round(v) for k, v in monthly.items()}
    breakdown.update({one_off_key(k): _round(v) for k, v in one_off.items()})
    out: dict[str, Any] = {
        "model": o.model,
        "strategy": o.strategy,
        "hosting": o.hosting,
        "monthly_cost_usd": _round(sum(monthly.values())),
        "one_off_cost_usd": _round(sum(one_off.values())),
        "tco_usd": _round(s.tco_usd),
        "quality": _round(o.quality, 4),
        "latency_ms": _round(o.latency_ms, 1),
        "score": _round(s.score, 4),
        "cost_breakdown": breakdown,
        "evidence": (o.evidence or fallback_evidence(o)).as_dict(),
        "reasoning_tokens": _round(float(o.cost.assumptions.get("tokens.reasoning_per_request", 0.0)), 1),
    }
    if o.strategy.fine_tunes:
        out["strategy_method"] = o.candidate.method or "full"
    if o.hosting == "on_demand_api":
        out["service_tier"] = str(o.cost.assumptions.get("inference.service_tier", "standard"))
    if share:
        for key in ("monthly_cost_usd", "one_off_cost_usd", "tco_usd"):
            out[key] = _round(share[key])
        out["cost_breakdown"] = {k: _round(v) for k, v in share["cost_breakdown"].items()}
        if "latency_ms" in share:
            out["latency_ms"] = _round(share["latency_ms"], 1)
    if s.over_budget:
        out["over_budget"] = True
    return out


@dataclass(frozen=True)
class Recommendation:
    """What `selector recommend` answers. Immutable; renderers only read it."""

    status: str  # optimal | infeasible
    workloads: tuple[WorkloadResult, ...]
    totals: Mapping[str, float]
    conflicts: tuple[Mapping[str, str], ...]
    provenance: Mapping[str, Any]
    weights: Mapping[str, float]
    horizon_months: int
    requirements: Requirements | None = None  # the validated requirements
    figure_dates: tuple[Mapping[str, Any], ...] = ()  # sources of the chosen models' figures, with ages
    shared_charges: tuple[Mapping[str, Any], ...] = ()  # each shared charge whole: key, monthly_usd, workloads

    def __post_init__(self) -> None:
        for name in ("totals", "provenance", "conflicts", "weights", "figure_dates", "shared_charges"):
            object.__setattr__(self, name, freeze(getattr(self, name)))
        object.__setattr__(self, "workloads", tuple(self.workloads))

    def to_dict(self) -> dict[str, Any]:
        """Exactly the JSON object of the contract, through the frozen models of :mod:`selector.output`."""
        return self.to_output().model_dump(mode="json")

    def to_output(self) -> RecommendationOut:
        """The answer as the contract's frozen pydantic model (validated on construction)."""
        return RecommendationOut(
            status=self.status,  # type: ignore[arg-type]
            workloads=[
                WorkloadOut(
                    name=w.name,
                    choice=OptionOut(**option_dict(w.choice, w.share)) if w.choice else None,
                    alternatives=[OptionOut(**option_dict(a)) for a in w.alternatives],
                    excluded=[ExcludedOut(model=m, reasons=[str(x) for x in r]) for m, r in sorted(w.excluded.items())],
                    notes=list(w.notes),
                    flip_thresholds=[FlipThresholdOut(**f) for f in w.flip_thresholds] or None,
                )
                for w in self.workloads
            ],
            totals=TotalsOut(**{k: _round(v) for k, v in self.totals.items()}),
            shared_charges=[SharedChargeOut.model_validate({k: list(v) if k == "workloads" else v
                                                            for k, v in c.items()})
                            for c in self.shared_charges],
            conflicts=[ConflictOut(**c) for c in self.conflicts],
            provenance=ProvenanceOut.model_validate(dict(self.provenance)),  # may cite an evaluation (a mapping)
        )

    def to_frame(self) -> pd.DataFrame:
        """Every feasible option of every workload, with criteria, costs and whether it was chosen."""
        import pandas as pd

        rows = []
        for w in self.workloads:
            chosen_key = w.choice.option.key if w.choice else None
            for s in w.options:
                o = s.option
                rows.append({
                    "workload": w.name, "model": o.model, "strategy": o.strategy,
                    "method": o.candidate.method, "hosting": o.hosting,
                    "monthly_usd": o.cost.monthly_usd, "one_off_usd": o.cost.one_off_usd, "tco_usd": s.tco_usd,
                    "quality": o.quality, "latency_ms": o.latency_ms, "score": s.score,
                    **{f"u_{k}": v for k, v in s.utilities.items()},
                    "chosen": o.key == chosen_key, "key": o.key,
                })
        frame = pd.DataFrame(rows)
        if len(frame):
            from selector.scoring.pareto import non_dominated

            frame["pareto_cost_quality"] = False
            frame["pareto"] = False
            for _, idx in frame.groupby("workload").groups.items():
                part = frame.loc[idx]
                frame.loc[idx, "pareto_cost_quality"] = non_dominated(
                    part[["tco_usd", "quality"]].to_numpy(), (False, True))
                frame.loc[idx, "pareto"] = non_dominated(
                    part[["tco_usd", "quality", "latency_ms"]].to_numpy(), (False, True, False))
            frame["dominated"] = ~frame["pareto"]
        frame.attrs.update({"name": "options", "units": {"monthly_usd": "USD/month", "one_off_usd": "USD",
                                                         "tco_usd": "USD", "latency_ms": "ms", "quality": "0..1"}})
        return frame

    @property
    def plot(self) -> PlotAccessor:
        """Plotly figures for the report and the dashboard (see :mod:`selector.plots`)."""
        from selector.plots import PlotAccessor

        return PlotAccessor(self)
