"""How each figure of an option is known (``evidence`` in the output): quality, latency and price grades.

Rules (docs/decision.md, "Evidence grades"):

- **quality**: the grade of the option's quality level: ``measured`` (the family's benchmark for this
  model, a strategy adding no estimated points), ``estimated`` (a calibration from another family, an
  estimated strategy uplift, an unverified language), ``unknown`` (the documented prior).
- **latency**: the grade of the figure the latency limits bind (:mod:`selector.options.latency_bound`):
  ``measured`` at the endpoint for p50; every rule, roofline or interpolated p90 is ``estimated``.
- **price**: ``measured`` when the option is billed at prices listed in its catalog profile with a source
  (on-demand API tokens, images, embeddings), ``estimated`` when the bill is derived (self-hosted GPU or
  CPU sizing from a roofline and hourly rates, provisioned model units, a price source marked
  estimate), ``unknown`` when the profile names no source for its prices.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from selector.options.latency_bound import LatencyFigures
from selector.vocab import EvidenceGrade, Hosting, QualityLevel, member


@dataclass(frozen=True)
class Evidence:
    """Grades of an option's quality, latency and price, with what each rests on."""

    quality: EvidenceGrade
    latency: EvidenceGrade
    price: EvidenceGrade
    quality_basis: str = ""
    latency_basis: str = ""
    price_basis: str = ""

    def as_dict(self) -> dict[str, str]:
        """The JSON shape in the output: ``{"quality": ..., "latency": ..., "price": ...}``."""
        return {"quality": self.quality.value, "latency": self.latency.value, "price": self.price.value}

    def note(self, model: str) -> str:
        """One line naming the benchmark, the measurement and the price source behind the grades."""
        return (f"evidence for {model}: quality {self.quality.value} ({self.quality_basis}); latency "
                f"{self.latency.value} ({self.latency_basis}); price {self.price.value} ({self.price_basis})")


def price_evidence(profile: Any, hosting: Hosting, source: Any) -> tuple[EvidenceGrade, str]:
    """Grade and basis of an option's price; ``source`` is the profile's resolved ``prices`` source or None."""
    if hosting is Hosting.self_hosted_gpu:
        return EvidenceGrade.estimated, "derived: GPUs sized by the roofline model at listed hourly rates"
    if hosting is Hosting.self_hosted_cpu:
        return EvidenceGrade.estimated, "derived: CPU instances sized for the peak rate at listed hourly rates"
    if hosting is Hosting.provisioned_throughput:
        return EvidenceGrade.estimated, "derived: an assumed number of model units at the listed hourly rate"
    if source is None:
        return EvidenceGrade.unknown, f"{profile.id} names no source for its prices"
    title = source if isinstance(source, str) else str(getattr(source, "title", source))  # str.title is a method
    if getattr(source, "estimate", False):
        return EvidenceGrade.estimated, f"price marked estimate: {title}"
    return EvidenceGrade.measured, f"listed price: {title}"


def option_evidence(quality_level: QualityLevel, quality_basis: str, latency: LatencyFigures, profile: Any,
                    hosting: Hosting, price_source: Any) -> Evidence:
    """The evidence grades of one option (see the module docstring). Options with equal grades and bases get one
    frozen object: a profile's options share it, in memory and in what a child process sends back."""
    price, price_basis = price_evidence(profile, member(Hosting, hosting), price_source)
    return _evidence(quality_level.grade, latency.grade, price, quality_basis,
                     f"{latency.percentile}: {latency.basis}", price_basis)


@lru_cache(maxsize=4096)
def _evidence(*fields: Any) -> Evidence:
    """One :class:`Evidence` per distinct set of grades and bases (equal ones are one object)."""
    return Evidence(*fields)


def fallback_evidence(option: Any) -> Evidence:
    """Grades from an option alone (built without a catalog at hand): quality from its level, latency
    from the cost model's flag, price unknown."""
    latency = EvidenceGrade.estimated if option.cost.latency_estimated else EvidenceGrade.measured
    return Evidence(option.quality_level.grade, latency, EvidenceGrade.unknown, option.quality_basis,
                    str(option.cost.assumptions.get("latency.rule", "")), "not graded")


def choice_evidence(option: Any) -> Evidence:
    """The option's grades as built, else :func:`fallback_evidence`."""
    return option.evidence if isinstance(option.evidence, Evidence) else fallback_evidence(option)
