"""Provisioned capacity sized from the workload's tokens per minute at its peak (issue 15 point 5).

    peak requests/min = requests per month / (hours per month · 60) × peak-to-average   (hosting.yaml)
    utilisation TPM   = peak req/min × (input tokens + output tokens × output weight)
    units needed      = utilisation TPM / input TPM per unit
    units             = min_units + ⌈(needed − min_units)⁺ / step⌉ · step
    no commitment     = allowed only while units ≤ max_units_no_commitment (Bedrock custom models: 1)

Azure publishes the input TPM per PTU, the output weight, the minimum (15 global / data zone) and the
step (5) per model (MicrosoftDocs/azure-ai-docs, ``provisioned-throughput-onboarding.md``, 2025-08-14).
Bedrock does not publish what a model unit delivers ("contact your AWS account manager",
docs.aws.amazon.com/bedrock/latest/userguide/prov-throughput.html): such offers are sized at their
minimum and the sizing is flagged as an estimate (traffic beyond one unit's unknown capacity is not priced).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from selector.costs.types import CostUnavailable

MINUTES_PER_HOUR = 60.0


def peak_tokens_per_minute(requests_per_month: float, input_tokens: float, output_tokens: float,
                           output_weight: float, hours_per_month: float, peak_to_average: float) -> float:
    """Capacity-weighted tokens per minute in the busy hour.

    >>> round(peak_tokens_per_minute(1_000_000, 1000, 200, 4, 730, 3.0))
    123288
    """
    per_minute = requests_per_month / (hours_per_month * MINUTES_PER_HOUR) * peak_to_average
    return per_minute * (input_tokens + output_tokens * output_weight)


def units_for(tpm: float, tpm_per_unit: float, min_units: int, step: int) -> int:
    """Smallest allowed deployment (minimum, then whole steps) whose capacity covers ``tpm``.

    >>> units_for(100_000, 3000, 15, 5), units_for(10_000, 3000, 15, 5), units_for(45_000, 3000, 15, 5)
    (35, 15, 15)
    """
    if tpm_per_unit <= 0:
        raise CostUnavailable("throughput per provisioned unit must be positive")
    needed = tpm / tpm_per_unit
    extra = max(needed - min_units, 0.0)
    return int(min_units + math.ceil(extra / step - 1e-12) * step)


@dataclass(frozen=True)
class ProvisionedSizing:
    """How many units a provisioned deployment needs, and how that is known."""

    units: int
    min_units: int  # the smallest deployment the platform sells
    peak_tpm: float  # capacity-weighted tokens per minute at the peak
    tpm_per_unit: float | None  # None: not published
    estimated: bool  # True when the throughput per unit is not published
    no_commitment_allowed: bool

    @property
    def utilisation(self) -> float | None:
        """Peak load as a share of the deployed capacity (None when the capacity is unknown)."""
        if self.tpm_per_unit is None:
            return None
        return self.peak_tpm / (self.units * self.tpm_per_unit)


def size_provisioned(offer: Any, requests_per_month: float, input_tokens: float, output_tokens: float,
                     hours_per_month: float, peak_to_average: float) -> ProvisionedSizing:
    """Units for ``offer`` (a profile's ``provisioned_throughput``) at the workload's peak.

    >>> from types import SimpleNamespace as NS
    >>> gpt41 = NS(input_tpm_per_unit=3000, output_token_weight=4, min_units=15, unit_step=5,
    ...            max_units_no_commitment=None)
    >>> s = size_provisioned(gpt41, 1_000_000, 1000, 200, 730, 3.0)
    >>> s.units, round(s.utilisation, 3)
    (45, 0.913)
    """
    weight = float(getattr(offer, "output_token_weight", None) or 1.0)
    min_units = int(getattr(offer, "min_units", None) or 1)
    step = int(getattr(offer, "unit_step", None) or 1)
    cap = getattr(offer, "max_units_no_commitment", None)
    per_unit = getattr(offer, "input_tpm_per_unit", None)
    tpm = peak_tokens_per_minute(requests_per_month, input_tokens, output_tokens, weight, hours_per_month,
                                 peak_to_average)
    if per_unit is None:
        units, estimated = min_units, True
    else:
        units, estimated = units_for(tpm, float(per_unit), min_units, step), False
    return ProvisionedSizing(units, min_units, tpm, None if per_unit is None else float(per_unit), estimated,
                             cap is None or units <= int(cap))
