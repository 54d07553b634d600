"""The values the cost models return: charges, estimates, and the errors they raise.

A :class:`CostEstimate` is immutable. Its money is a tuple of :class:`Charge`: recurring (USD per month)
or one-off (USD once). A charge with a ``shared_key`` is a fixed floor (one always-on replica, one model
unit, a vector store's minimum) that workloads sharing the key pay once; usage above a floor is a
separate charge without a key. Within one estimate, charges with the same key count once.

``breakdown()`` labels recurring components by name (USD per month) and one-off components as
``"<name>_one_off"`` (USD once; :func:`one_off_key`, the one convention of ``recommend`` and
``estimate``), so the index is flat and JSON-friendly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas is imported where used: it costs ~0.3 s of start-up
    import pandas as pd

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType

ONE_OFF_SUFFIX = "_one_off"


def one_off_key(component: str) -> str:
    """The breakdown key of a one-off charge: ``training`` → ``training_one_off`` (recommend and estimate).

    >>> one_off_key("indexing")
    'indexing_one_off'
    """
    return component + ONE_OFF_SUFFIX


@dataclass(frozen=True)
class RequestTokens:
    """Tokens of one request, by where they come from (each line of the bill prices one pair).

    ``input`` and ``output`` are the totals the model reads and writes per request.
    """

    user_in: float  # the workload's own prompt
    user_out: float  # the workload's own completion
    prompt_extra: float = 0.0  # template and few-shot block added by prompt engineering
    cot_extra: float = 0.0  # extra output of chain-of-thought prompting
    context: float = 0.0  # retrieved context (RAG)
    agent_in: float = 0.0  # tool results and step prompts of an agent
    agent_out: float = 0.0  # the agent's intermediate steps
    reasoning: float = 0.0  # hidden reasoning tokens of a reasoning model (billed as output; in ``output``)
    input: float = 0.0
    output: float = 0.0


class CostUnavailable(Exception):
    """A price needed for this option is missing from the catalog; str() says which (becomes an exclusion reason)."""


class CostInputError(ValueError):
    """An argument of a cost function is out of range; ``field`` names it, the message says what is allowed."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


_TEXT: dict[object, tuple[object, str]] = {}  # member → (member, text): an enum's ``.value`` is a slow property


def name_of(value: object) -> str:
    """The text of an enum member (``Task.chat`` → ``"chat"``) or of a plain string.

    >>> name_of("weekly")
    'weekly'
    """
    if type(value) is str:  # the common case first: asked several times for every priced option
        return value
    if isinstance(value, Enum):
        entry = _TEXT.get(value)
        if entry is None or entry[0] is not value:  # equal members of two enums share a slot: checked
            entry = _TEXT[value] = (value, str(value.value))
        return entry[1]
    return str(getattr(value, "value", value))


def require(ok: bool, field_name: str, message: str) -> None:
    """Raise :class:`CostInputError` unless ``ok``.

    >>> require(True, "tokens", "must be positive")
    >>> require(False, "tokens", "must be positive")
    Traceback (most recent call last):
    ...
    selector.costs.types.CostInputError: tokens: must be positive
    """
    if not ok:
        raise CostInputError(field_name, message)


def finite_non_negative(value: float, field_name: str) -> float:
    """``value`` as a float, or :class:`CostInputError` if it is negative, NaN or infinite."""
    number = float(value)
    if not (math.isfinite(number) and number >= 0):  # the message is built only when it is needed
        raise CostInputError(field_name, f"got {value!r}; expected a finite number ≥ 0")
    return number


@dataclass(frozen=True)
class Charge:
    """One priced component of an option."""

    component: str  # "inference", "prompt_overhead", "agent_steps", "vector_store", "embedding_queries", ...
    usd: float  # USD per month if recurring else USD once
    recurring: bool
    shared_key: str | None = None  # fixed floor paid once across workloads sharing the key
    note: str = ""

    def __post_init__(self) -> None:
        if not self.component:
            require(False, "component", "must be a non-empty name")
        usd = self.usd
        if type(usd) is not float or not (0.0 <= usd < math.inf):  # the common case checked without a call
            object.__setattr__(self, "usd", finite_non_negative(usd, f"{self.component}.usd"))


def _dedup(charges: tuple[Charge, ...]) -> list[Charge]:
    """Charges with a shared key counted once (the largest floor under that key)."""
    keyed: dict[str, Charge] = {}
    out: list[Charge] = []
    for c in charges:
        if c.shared_key is None:
            out.append(c)
        elif c.shared_key not in keyed or c.usd > keyed[c.shared_key].usd:
            keyed[c.shared_key] = c
    return out + list(keyed.values())


@dataclass(frozen=True)
class VolumeTerms:
    """What every per-token line of an on-demand option's bill depends on besides the request volume: the tokens
    of each line and the prices (:func:`selector.costs.volume.volume_lines`). An estimate carries them when its
    whole bill is those lines and nothing else in it depends on the volume (:attr:`CostEstimate.volume_terms`)."""

    user_in: float
    user_out: float
    prompt_extra: float
    cot_extra: float
    context: float
    agent_in: float
    agent_out: float
    reasoning: float
    input_price: float
    output_price: float


@dataclass(frozen=True)
class CacheTerms:
    """What an on-demand option's bill depends on besides the request volume when it is its per-token lines and a
    cached prefix whose hit rate the volume decides (:func:`selector.costs.volume.cached_at_volume`): the cache's
    lifetime, the month's minutes and the routing share (the hit rate), its read and miss prices against the input
    price (whether caching pays at that rate), the prefix per model call and the calls per request, and the lines'
    terms with the prefix cached and without. An estimate carries them when its whole bill is those lines and
    the cached prefix (:attr:`CostEstimate.cache_terms`)."""

    ttl_minutes: float
    minutes_per_month: float
    routing: float
    read_usd_per_1m: float
    miss_usd_per_1m: float
    input_price: float
    prefix_tokens: float
    calls: float
    cached: VolumeTerms
    uncached: VolumeTerms


@dataclass(frozen=True)
class OutputTerms:
    """What an on-demand estimate depends on besides the output length, when only its per-token lines and its
    latency do (:func:`selector.costs.volume.at_output`): the lines' tokens and prices (``lines``, after any
    prompt caching), the few-shot block (examples as long as a request, capped, so it moves with the output until
    the cap), the chain-of-thought multiplier, and the latency's parts. ``batch_window_ms``: a batch option
    answers within the window, whatever its length; ``priority_limit_ms``: above it the standard tier would give
    way to priority (``None``: never)."""

    lines: VolumeTerms
    prompt_extra: float  # the template and few-shot tokens (before any caching moves them to the cached line)
    input_tokens: float
    template_tokens: float
    few_shot_examples: float
    few_shot_cap: float
    output_multiplier: float
    ttft_ms: float
    tokens_per_s: float
    reasoning_ms: float
    retrieval_ms: float = 0.0
    batch_window_ms: float | None = None
    priority_limit_ms: float | None = None
    training: Any = None  # a fine-tuned model's selector.costs.finetune.TrainingTerms (its bill moves with the length)
    retraining_line: bool = True  # whether retraining is a line of its bill (not with retrieval)


@dataclass(frozen=True)
class HostedTerms:
    """What a self-hosted estimate depends on besides the request volume, when nothing else in it does (no
    retrieval, no traffic growth): every GPU plan it chose among, for its one load (tokens and limit), with the
    plan objective and the sizing figures, the hosting floor's shared key, and the latency's other parts
    (:func:`selector.costs.volume.hosted_at_volume`)."""

    plans: tuple[Any, ...]  # selector.costs.gpu_sizing.plan_rows of the plans chosen among
    load: Any  # selector.costs.gpu_sizing.Load
    objective: Any  # selector.costs.gpu_sizing.PlanObjective or None
    sizing: Any  # selector.costs.gpu_sizing.Sizing
    shared_key: str | None
    output_tokens: float  # generated per request (chain of thought included), agent steps aside
    agent_steps: float
    step_output_tokens: float
    tool_ms_per_step: float
    reasoning_tokens: float
    batch: bool
    output: HostedOutput | None = None  # a fine-tuned model: what sizing it at another output length takes


@dataclass(frozen=True)
class HostedOutput:
    """What a fine-tuned self-hosted estimate needs besides its hosted terms to be sized again at another output
    length (:func:`selector.costs.volume.hosted_at_output`): every plan's row of figures
    (:class:`selector.costs.gpu_sizing.RowBase`) with the reference figures they were sized with, the
    chain-of-thought multiplier, the agent steps' output tokens, and the training plan's terms."""

    bases: tuple[Any, ...]
    figures: Any  # selector.costs.gpu_sizing._Figures
    output_multiplier: float
    agent_output_tokens: float
    training: Any  # selector.costs.finetune.TrainingTerms
    retraining_line: bool


@dataclass(frozen=True)
class RagTerms:
    """What a retrieving on-demand estimate depends on besides the request volume, when only its vector store, its
    query embeddings and its per-token lines do (no prompt caching at any volume, the standard or batch tier, no
    traffic growth): every store's figures for the corpus, the query tokens and embedding price, the lines' terms
    and the latency's other parts (:func:`selector.costs.volume.rag_at_volume`)."""

    stores: tuple[Any, ...]  # selector.costs.rag.StoreRow of every vector store, for the corpus
    query_tokens: float
    embedding_usd_per_1m: float
    embedding_ms: float
    lines: VolumeTerms
    ttft_ms: float
    output_tokens: float  # generated per request (chain of thought included), agent steps aside
    tokens_per_s: float
    agent_steps: float
    step_output_tokens: float
    tool_ms_per_step: float
    reasoning_ms: float
    batch_window_ms: float | None = None  # a batch option answers within the window, whatever its store


def tcos(costs: Sequence[CostEstimate], months: int) -> list[float]:
    """``[c.tco(months) for c in costs]``, the same figures: without traffic growth each is written out here
    (one-off + monthly × months) instead of one method call per estimate (a portfolio scores tens of thousands)."""
    if not (months >= 0):  # the message is built only on failure
        require(False, "months", f"got {months!r}; expected ≥ 0")
    return [c.tco(months) if c.growth_per_month else c.one_off_usd + c.monthly_usd * months for c in costs]


@dataclass(frozen=True, eq=False)
class CostEstimate:
    """Cost, latency and assumptions of one option (model × strategy × hosting) for one workload."""

    charges: tuple[Charge, ...]
    latency_ms: float
    latency_parts: Mapping[str, float]
    latency_estimated: bool
    assumptions: Mapping[str, float | str]  # every constant used → value (for the report's audit)
    notes: tuple[str, ...] = field(default=())
    growth_per_month: float = 0.0  # the workload's traffic growth: usage lines grow by it month by month
    # set by the cost model when the bill is only per-token lines whose every other input is fixed: the same
    # option at another request volume is then those lines at that volume (selector.costs.volume)
    volume_terms: VolumeTerms | None = field(default=None, repr=False)
    # when the bill and the latency depend on the output length only through the per-token lines and the
    # latency's parts: the same option at another output length (selector.costs.volume.at_output)
    output_terms: OutputTerms | None = field(default=None, repr=False)
    # a self-hosted estimate whose bill depends on the volume only through its GPU plan: the same option at
    # another volume (selector.costs.volume.hosted_at_volume)
    hosted_terms: HostedTerms | None = field(default=None, repr=False)
    # when the bill depends on the volume only through its per-token lines, among other charges fixed in the volume
    # (a fine-tuned model on demand: training, storage, hosting fee): at another volume those lines priced again
    # in place of the old ones (selector.costs.volume.tco_at_volume); the latency does not move
    lines_terms: VolumeTerms | None = field(default=None, repr=False)
    # a retrieving on-demand estimate whose bill depends on the volume through its store, query embeddings and
    # lines only: the same option at another volume (selector.costs.volume.rag_at_volume)
    rag_terms: RagTerms | None = field(default=None, repr=False)
    # an on-demand estimate whose bill is its per-token lines and a cached prefix, the hit rate and whether caching
    # pays decided by the volume: the same option at another volume (selector.costs.volume.cached_at_volume)
    cache_terms: CacheTerms | None = field(default=None, repr=False)

    # Recurring USD per month and one-off USD (shared floors included once): the charges are frozen, so
    # both are summed once, here (they are asked for at every TCO of a sensitivity search).
    monthly_usd: float = field(init=False, repr=False)
    one_off_usd: float = field(init=False, repr=False)

    def __post_init__(self) -> None:
        charges = tuple(self.charges)
        object.__setattr__(self, "charges", charges)
        object.__setattr__(self, "notes", tuple(self.notes))
        object.__setattr__(self, "latency_parts", MappingProxyType(dict(self.latency_parts)))
        object.__setattr__(self, "assumptions", MappingProxyType(dict(self.assumptions)))
        finite_non_negative(self.latency_ms, "latency_ms")
        object.__setattr__(self, "growth_per_month", finite_non_negative(self.growth_per_month, "growth_per_month"))
        monthly = one_off = 0.0
        for c in _dedup(charges):
            if c.recurring:
                monthly += c.usd
            else:
                one_off += c.usd
        object.__setattr__(self, "monthly_usd", monthly)
        object.__setattr__(self, "one_off_usd", one_off)

    @property
    def volume_monthly_usd(self) -> float:
        """The month-0 part of :attr:`monthly_usd` proportional to the request volume (usage lines,
        :data:`selector.costs.tco.VOLUME_COMPONENTS`); the rest is fixed for the horizon."""
        from selector.costs.tco import VOLUME_COMPONENTS

        return sum((c.usd for c in self.charges if c.recurring and c.shared_key is None
                    and c.component in VOLUME_COMPONENTS), 0.0)

    def tco(self, months: int) -> float:
        """Total cost of ownership over ``months`` (USD): one-off + Σ_m monthly(volume_m); with no traffic
        growth, one-off + monthly × months (:func:`selector.costs.tco.tco`)."""
        if not (months >= 0):  # the message is built only on failure
            require(False, "months", f"got {months!r}; expected ≥ 0")
        if not self.growth_per_month:
            return self.one_off_usd + self.monthly_usd * months
        from selector.costs.tco import tco

        return tco(self.one_off_usd, self.monthly_usd, months, usage_usd=self.volume_monthly_usd,
                   growth_per_month=self.growth_per_month)

    def breakdown(self) -> pd.Series:
        """Component → USD: recurring components per month, one-off ones as ``<name>_one_off``."""
        import pandas as pd

        totals: dict[str, float] = {}
        for c in _dedup(self.charges):
            label = c.component if c.recurring else one_off_key(c.component)
            totals[label] = totals.get(label, 0.0) + c.usd
        series = pd.Series(totals, dtype=float, name="cost_breakdown")
        series.index.name = "component"
        series.attrs["unit"] = "USD"
        series.attrs["meaning"] = "recurring components in USD per month; '*_one_off' components in USD once"
        return series

    def tco_breakdown(self, months: int) -> pd.Series:
        """Component → USD over ``months`` (recurring × months + one-off); sums to :meth:`tco`."""
        import pandas as pd

        from selector.costs.tco import VOLUME_COMPONENTS, growth_factor

        if not (months >= 0):  # the message is built only on failure
            require(False, "months", f"got {months!r}; expected ≥ 0")
        grown = growth_factor(self.growth_per_month, months)
        totals: dict[str, float] = {}
        for c in _dedup(self.charges):
            scale = grown if c.shared_key is None and c.component in VOLUME_COMPONENTS else months
            totals[c.component] = totals.get(c.component, 0.0) + (c.usd * scale if c.recurring else c.usd)
        series = pd.Series(totals, dtype=float, name="tco_breakdown")
        series.index.name = "component"
        series.attrs["unit"] = "USD"
        return series

    def cumulative(self, months: int) -> pd.Series:
        """Cumulative USD spent at the end of each month 0..months (month 0 = the one-off costs)."""
        from selector.costs.tco import cumulative_curve

        return cumulative_curve(self.one_off_usd, self.monthly_usd, months, usage_usd=self.volume_monthly_usd,
                                growth_per_month=self.growth_per_month)

    def to_dict(self) -> dict[str, object]:
        return {
            "monthly_usd": self.monthly_usd,
            "one_off_usd": self.one_off_usd,
            "breakdown": self.breakdown().to_dict(),
            "latency_ms": self.latency_ms,
            "latency_parts": dict(self.latency_parts),
            "latency_estimated": self.latency_estimated,
            "assumptions": dict(self.assumptions),
            "notes": list(self.notes),
            "growth_per_month": self.growth_per_month,
        }
