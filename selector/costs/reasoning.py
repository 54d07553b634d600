"""Hidden reasoning ("thinking") tokens: how many a request spends, what they cost, how long they take.

A reasoning model writes hidden tokens before its answer. They are billed as output tokens ("Reasoning
tokens are considered output tokens and charged accordingly", OpenRouter's reasoning-tokens docs; OpenAI
reports them inside ``completion_tokens``) and generated at the model's output speed before the first
visible token:

    model effort      = the workload's ``reasoning_effort`` read for the model (:func:`resolve_effort`):
                        default → the model's default (none where reasoning is off by default);
                        none → 0 where the model can turn reasoning off, else its lowest effort;
                        low | medium | high → that effort, or the nearest the model offers (ties upward)
    hidden tokens R   = the model's own figure at that effort, else its one figure scaled by the ladder,
                        else the ladder (``catalog/reference/reasoning.yaml``; all grade ``estimated``)
    reasoning line    = requests × R × output price / 1e6                      (USD/month, :func:`reasoning_cost`)
    reasoning time    = R ÷ output speed × 1000                                 (ms, :func:`reasoning_ms`)
    first visible token = TTFT before reasoning + reasoning time

A measured TTFT of a reasoning setting whose first token waits for the hidden reasoning already holds the
thinking of AA's prompt; :func:`measured_thinking_ms` takes it out so that it is not counted twice.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from selector.costs.memo import by_id
from selector.costs.reference import Reference
from selector.costs.types import finite_non_negative
from selector.costs.units import MS_PER_SECOND, TOKENS_PER_MILLION
from selector.errors import InputError
from selector.vocab import EvidenceGrade, ReasoningEffort

FILE = "reasoning.yaml"
#: Efforts a model can offer, lowest first (the workload's none/low/medium/high map onto them).
EFFORT_ORDER: tuple[str, ...] = ("minimal", "low", "medium", "high")
NO_REASONING_VARIANTS = ("non-reasoning", "minimal")  # latency_measured.yaml variants that do not think
STREAMED_RATIO = 1.5  # ttft_answer_s above 1.5 × ttft_s: the first chunk is streamed reasoning, not the answer


@dataclass(frozen=True, eq=False)  # hashed by identity (rows of one cached file version)
class ModelReasoning:
    """What ``reasoning.yaml`` says about a family of models (the first row whose ``match`` finds the id)."""

    name: str
    match: str
    reasons_by_default: bool
    can_disable: bool
    efforts: tuple[str, ...]
    default_effort: str | None
    source: str
    tokens: Mapping[str, float] = field(default_factory=dict)
    lowest_tokens: float | None = None
    derivation: str | None = None
    note: str | None = None


@dataclass(frozen=True, eq=False)  # hashed by identity: one object per file version (_read is cached)
class ReasoningTable:
    ladder: Mapping[str, float]
    ladder_source: str
    models: tuple[ModelReasoning, ...]
    sources: Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class Reasoning:
    """Hidden tokens one request spends on one model, and how that is known."""

    tokens: float
    effort: str | None  # the model's effort used; None = reasoning off
    rule: str
    grade: EvidenceGrade
    facts: ModelReasoning | None = None


NONE = Reasoning(0.0, None, "the model does not reason", EvidenceGrade.measured)


def _fail(path: Path, where: str, message: str) -> InputError:
    return InputError.single(str(path), where, message)


def _tokens(raw: Any, path: Path, where: str) -> dict[str, float]:
    if not isinstance(raw, dict):
        raise _fail(path, where, "expected a mapping effort → tokens")
    out: dict[str, float] = {}
    for effort, value in raw.items():
        if effort not in EFFORT_ORDER:
            raise _fail(path, f"{where}.{effort}", f"unknown effort; allowed: {', '.join(EFFORT_ORDER)}")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            raise _fail(path, f"{where}.{effort}", f"got {value!r}; expected tokens ≥ 0")
        out[str(effort)] = float(value)
    return out


def _row(raw: Any, i: int, path: Path, sources: Mapping[str, Any]) -> ModelReasoning:
    where = f"models[{i}]"
    if not isinstance(raw, dict):
        raise _fail(path, where, "expected a mapping")
    allowed = {"name", "match", "reasons_by_default", "can_disable", "efforts", "default_effort", "source",
               "tokens", "lowest_tokens", "derivation", "note"}
    extra = set(raw) - allowed
    if extra:
        raise _fail(path, where, f"unknown field(s) {', '.join(sorted(extra))}; allowed: {', '.join(sorted(allowed))}")
    efforts = tuple(raw.get("efforts") or ())
    if (not efforts or any(e not in EFFORT_ORDER for e in efforts)
            or list(efforts) != sorted(efforts, key=EFFORT_ORDER.index)):
        raise _fail(path, f"{where}.efforts",
                    f"got {efforts!r}; expected efforts from {', '.join(EFFORT_ORDER)}, lowest first")
    default = raw.get("default_effort")
    if bool(raw.get("reasons_by_default")) != (default is not None) or (default is not None and default not in efforts):
        raise _fail(path, f"{where}.default_effort", "one of efforts when reasons_by_default is true, null otherwise")
    if raw.get("source") not in sources:
        raise _fail(path, f"{where}.source", f"{raw.get('source')!r} is not under sources:")
    try:
        re.compile(str(raw["match"]))
    except (KeyError, re.error) as exc:
        raise _fail(path, f"{where}.match", f"expected a regular expression ({exc})") from None
    tokens = _tokens(raw.get("tokens") or {}, path, f"{where}.tokens")
    if tokens and not raw.get("derivation"):
        raise _fail(path, f"{where}.derivation", "a row with tokens says how they were derived")
    lowest = raw.get("lowest_tokens")
    return ModelReasoning(str(raw.get("name") or raw["match"]), str(raw["match"]), bool(raw["reasons_by_default"]),
                          bool(raw.get("can_disable")), efforts, default, str(raw["source"]), tokens,
                          None if lowest is None else finite_non_negative(lowest, f"{where}.lowest_tokens"),
                          raw.get("derivation"), raw.get("note"))


@cache
def _read(path: str, mtime_ns: int) -> ReasoningTable:
    """The checked table, from the pickle cache when this text was read before (parsing and checking it
    is about 9 ms of every command that prices an LLM)."""
    from selector.catalog.pickle_cache import cached_text_result
    from selector.yamlio import read_text

    text = read_text(Path(path))
    return cached_text_result(text, "reasoning", (__name__, "selector.yamlio"), lambda: _parse(path, text),
                              extra=path)


def _parse(path: str, text: str) -> ReasoningTable:
    from selector.yamlio import parse_document

    p = Path(path)
    doc = parse_document(text, path)
    if not isinstance(doc, dict) or not isinstance(doc.get("ladder"), dict) or not isinstance(doc.get("models"), list):
        raise _fail(p, "", "expected a mapping with ladder:, sources: and models:")
    sources = doc.get("sources") or {}
    ladder = _tokens(doc["ladder"].get("tokens"), p, "ladder.tokens")
    if set(ladder) != set(EFFORT_ORDER):
        raise _fail(p, "ladder.tokens", f"needs every effort: {', '.join(EFFORT_ORDER)}")
    models = tuple(_row(raw, i, p, sources) for i, raw in enumerate(doc["models"]))
    return ReasoningTable(ladder, str(doc["ladder"].get("source", "")), models, sources)


def load_reasoning(reference_directory: str) -> ReasoningTable | None:
    """``reasoning.yaml`` beside a catalog's reference tables (cached per file version); None where absent
    (an old catalog copy or a test fixture: then no model reasons)."""
    path = _file_in(reference_directory)
    from selector.costs.memo import file_version

    version = file_version(path)  # asked for every priced option; a changed file is read again
    return None if version is None else _read(path, version)


@lru_cache(maxsize=64)
def _file_in(directory: str) -> str:
    return str(Path(directory) / FILE)


@lru_cache(maxsize=8192)
def _facts(table: ReasoningTable, profile_id: str) -> ModelReasoning | None:
    lowered = profile_id.lower() if profile_id.isascii() else None  # ASCII: ignoring case is lower()
    for row, literal in zip(table.models, _literals(table), strict=True):
        if lowered is not None and literal not in lowered:
            continue  # every match of the row holds its literal: no search needed to say it misses
        if _pattern(row.match).search(profile_id):
            return row
    return None


@lru_cache(maxsize=64)
def _literals(table: ReasoningTable) -> tuple[str, ...]:
    """Per row, the longest run of plain characters every match of its pattern contains, lower case ("" where
    none is found): most ids of a large import miss every row, and a substring test says so before a search."""
    return tuple(_required_literal(row.match) for row in table.models)


def _required_literal(match: str) -> str:
    """The longest run of literal characters at the top level of ``match`` (outside groups, classes, repeats
    and alternatives: so in every match), lower case; "" when the pattern cannot be read so, or the run is not
    ASCII (case-insensitive matching of other characters is not ``lower()``).

    >>> _required_literal("(^|/)gpt-5$"), _required_literal("claude-(opus|sonnet)-[4-9]"), _required_literal("a|b")
    ('gpt-5', 'claude-', '')
    """
    try:
        from re import _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(match, re.IGNORECASE)
        literal = _parser.LITERAL
    except Exception:  # noqa: BLE001 - another Python's parser, or a pattern it refuses: no shortcut
        return ""
    best, run = "", ""
    for op, arg in parsed:
        if op is literal:
            run += chr(arg)
            continue
        best, run = max(best, run, key=len), ""
    best = max(best, run, key=len)
    return best.lower() if best.isascii() else ""


@lru_cache(maxsize=1024)
def _pattern(match: str) -> re.Pattern[str]:
    return re.compile(match, re.IGNORECASE)


def model_reasoning(profile_id: str, table: ReasoningTable | None) -> ModelReasoning | None:
    """The first row of ``table`` whose ``match`` finds ``profile_id``; None = the model does not reason."""
    return None if table is None else _facts(table, profile_id)


def resolve_effort(requested: str, facts: ModelReasoning) -> str | None:
    """The model's effort for the workload's ``reasoning_effort`` (None = no reasoning).

    >>> gpt5 = ModelReasoning("GPT-5", "gpt-5", True, False, ("minimal", "low", "medium", "high"), "medium", "s")
    >>> resolve_effort("default", gpt5), resolve_effort("none", gpt5), resolve_effort("high", gpt5)
    ('medium', 'minimal', 'high')
    >>> pro3 = ModelReasoning("Gemini 3 Pro", "g", True, False, ("low", "high"), "high", "s")
    >>> resolve_effort("medium", pro3)
    'high'
    """
    effort = str(getattr(requested, "value", requested))
    if effort == ReasoningEffort.default:
        return facts.default_effort
    if effort == ReasoningEffort.none:
        return None if facts.can_disable else facts.efforts[0]
    want = EFFORT_ORDER.index(effort)
    return min(facts.efforts, key=lambda e: (abs(EFFORT_ORDER.index(e) - want), -EFFORT_ORDER.index(e)))


def hidden_tokens(facts: ModelReasoning, effort: str, ladder: Mapping[str, float],
                  floor: bool = False) -> tuple[float, str]:
    """Hidden tokens per request at ``effort`` and the rule that gave them (``floor``: the request asked
    for none on a model that cannot turn reasoning off, so a documented lowest budget applies).

        own figure at the effort                              → it
        own figure k at another effort                        → tokens_k × ladder[effort] ÷ ladder[k]
        no own figure                                         → ladder[effort]

    >>> row = ModelReasoning("m", "m", True, False, ("low", "medium", "high"), "medium", "s", {"medium": 1280.0})
    >>> hidden_tokens(row, "medium", {"minimal": 0, "low": 443, "medium": 3287, "high": 8984})[0]
    1280.0
    >>> round(hidden_tokens(row, "high", {"minimal": 0, "low": 443, "medium": 3287, "high": 8984})[0])
    3498
    """
    if floor and facts.lowest_tokens is not None:
        return facts.lowest_tokens, f"{facts.name}: the lowest thinking budget the API accepts"
    if effort in facts.tokens:
        return facts.tokens[effort], f"{facts.name} at {effort}: AA-measured thinking time × output speed"
    measured = [k for k in facts.tokens if ladder[k] > 0]
    if measured:
        k = min(measured, key=lambda e: abs(EFFORT_ORDER.index(e) - EFFORT_ORDER.index(effort)))
        return (facts.tokens[k] * ladder[effort] / ladder[k],
                f"{facts.name}: its {k} figure scaled by the GPT-5 ladder to {effort}")
    return ladder[effort], f"{facts.name} at {effort}: the GPT-5 ladder (no figure of its own)"


def reasoning_for(profile: Any, requested: str, ref: Reference) -> Reasoning:
    """Hidden tokens per request of ``profile`` at the workload's effort ``requested`` (0 where it does not
    reason or reasoning is off)."""
    if getattr(profile, "kind", "llm") != "llm":
        return NONE
    return _reasoning_for(profile, requested, load_reasoning(ref.directory))


@by_id(maxsize=16384)  # every option of a model at one effort spends the same: worked out once per table read
def _reasoning_for(profile: Any, requested: str, table: ReasoningTable | None) -> Reasoning:
    facts = model_reasoning(profile.id, table)
    if facts is None or table is None:
        return NONE
    effort = resolve_effort(requested, facts)
    if effort is None:
        return Reasoning(0.0, None, f"{facts.name}: reasoning off", EvidenceGrade.measured, facts)
    floor = str(getattr(requested, "value", requested)) == ReasoningEffort.none
    tokens, rule = hidden_tokens(facts, effort, table.ladder, floor)
    return Reasoning(tokens, effort, rule, EvidenceGrade.estimated, facts)


def reasoning_cost(requests: float, reasoning_tokens: float, usd_per_1m_output: float) -> float:
    """requests × hidden tokens × output price / 1e6 (USD/month): hidden tokens are billed as output.

    >>> round(reasoning_cost(1_000_000, 200, 2.00), 2)
    400.0
    """
    return requests * reasoning_tokens * usd_per_1m_output / TOKENS_PER_MILLION


def reasoning_ms(reasoning_tokens: float, tokens_per_s: float) -> float:
    """Time to write the hidden tokens before the first visible one: tokens ÷ speed × 1000 (ms).

    >>> round(reasoning_ms(200, 90.6), 1)
    2207.5
    """
    return reasoning_tokens / tokens_per_s * MS_PER_SECOND if reasoning_tokens else 0.0


def measured_thinking_ms(profile: Any, ref: Reference, reasoning: Reasoning, tokens_per_s: float) -> float:
    """The thinking already inside the measured TTFT the latency model uses for ``profile`` (ms), so that
    adding :func:`reasoning_ms` does not count it twice.

    0 when the measurement is of a non-reasoning (or ``minimal``) setting, of a model that does not reason,
    or of an endpoint that streams its reasoning (first chunk well before the answer: ``ttft_answer_s`` >
    1.5 × ``ttft_s``). Otherwise TTFT(setting) − TTFT(the same endpoint's non-reasoning or minimal setting,
    from the same method and prompt shape where measured);
    with no such row, the thinking time of the model's default effort (R_default ÷ speed), at most the TTFT.
    """
    if reasoning.facts is None:
        return 0.0
    return _thinking_ms(profile.id, ref.directory, reasoning.facts, float(tokens_per_s))


@lru_cache(maxsize=8192)
def _thinking_ms(profile_id: str, directory: str, facts: ModelReasoning, tokens_per_s: float) -> float:
    from selector.costs.latency import measured_latency

    data = measured_latency(directory)
    if data is None:
        return 0.0
    row = data.endpoint(profile_id) or data.model_level(profile_id)
    if row is None or row.ttft_s is None:
        return 0.0
    variant = row.variant.lower()
    if any(v in variant for v in NO_REASONING_VARIANTS) or (variant == "default" and not facts.reasons_by_default):
        return 0.0
    ttft = float(row.ttft_s.p50)
    if row.ttft_answer_s is not None and row.ttft_answer_s > STREAMED_RATIO * ttft:
        return 0.0
    same = [r for r in data.rows(row.model) if r.provider == row.provider and r.ttft_s is not None
            and any(v in r.variant.lower() for v in NO_REASONING_VARIANTS)]
    alike = [r for r in same if (r.method, r.prompt_shape) == (row.method, row.prompt_shape)]
    bases = [float(r.ttft_s.p50) for r in alike or same]  # the same table and prompt where it has one
    if bases:
        return max(ttft - min(bases), 0.0) * MS_PER_SECOND
    table = load_reasoning(directory)
    if table is None or facts.default_effort is None:
        return 0.0
    tokens, _ = hidden_tokens(facts, facts.default_effort, table.ladder)
    return min(reasoning_ms(tokens, tokens_per_s), ttft * MS_PER_SECOND)
