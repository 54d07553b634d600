"""Structured exclusion reasons and the one function that groups them.

A :class:`Reason` carries the requirement field it enforces (:class:`~selector.vocab.ReasonCode`), the
evidence grade of the figure behind it and its message. The JSON contract keeps plain strings
(``str(reason)`` is the message); the CLI, the report, the dashboard and the infeasibility diagnosis
all count exclusions with :func:`group_exclusions`, so they give the same numbers for the same result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from selector.vocab import EvidenceGrade, ReasonCode


@dataclass(frozen=True)
class Reason:
    """Why a model (or one of its options) cannot serve a workload."""

    code: ReasonCode
    message: str
    grade: EvidenceGrade = EvidenceGrade.measured
    also: tuple[ReasonCode, ...] = ()  # further limits the same option breaks (one message for all)

    def __str__(self) -> str:
        return self.message

    @property
    def codes(self) -> tuple[ReasonCode, ...]:
        return (self.code, *self.also)

    def prefixed(self, prefix: str) -> Reason:
        """The same reason, its message led by ``prefix`` (e.g. the option it applies to)."""
        return Reason(self.code, f"{prefix}: {self.message}", self.grade, self.also)


Exclusions = Mapping[str, tuple[Reason, ...]]


def codes_of(reasons: Iterable[Reason]) -> tuple[ReasonCode, ...]:
    """The distinct codes of a model's reasons, in the vocabulary's order."""
    present = {c for r in reasons for c in r.codes}
    return tuple(c for c in ReasonCode if c in present)


def group_exclusions(excluded: Exclusions) -> dict[ReasonCode, tuple[str, ...]]:
    """Models ruled out per reason code (a model counts once per code), most models first.

    Ties are ordered by code name, so every view prints the same list in every process.

    >>> g = group_exclusions({"a": (Reason(ReasonCode.languages, "lacks language ja"),
    ...                            Reason(ReasonCode.region, "not offered in eu-west-1")),
    ...                      "b": (Reason(ReasonCode.languages, "lacks language ja"),)})
    >>> {k.value: v for k, v in g.items()}
    {'languages': ('a', 'b'), 'region': ('a',)}
    """
    models: dict[ReasonCode, list[str]] = {}
    for model in sorted(excluded):
        for code in codes_of(excluded[model]):
            models.setdefault(code, []).append(model)
    ranked = sorted(models.items(), key=lambda kv: (-len(kv[1]), kv[0].value))
    return {code: tuple(ms) for code, ms in ranked}


def exclusion_counts(excluded: Exclusions) -> dict[ReasonCode, int]:
    """How many models each reason code rules out (see :func:`group_exclusions`)."""
    return {code: len(models) for code, models in group_exclusions(excluded).items()}


def rules_failed(counts: Iterable[tuple[str, int]]) -> str:
    """The one wording of exclusion counts in a line of text: a count per rule failed, since a model failing
    two rules counts in both (the counts are not a partition of the models).

    >>> rules_failed([("max_latency_ms", 25), ("task", 25), ("lifecycle", 10)])
    'rules failed: 25 max_latency_ms, 25 task, 10 lifecycle'
    """
    return "rules failed: " + ", ".join(f"{n} {rule}" for rule, n in counts)


def primary_code(reasons: tuple[Reason, ...]) -> ReasonCode | None:
    """The first code of a model's reasons in the vocabulary's order (for one-line displays)."""
    codes = codes_of(reasons)
    return codes[0] if codes else None
