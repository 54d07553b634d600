"""Weights as the person sets them (relative slider positions) and as the recommender uses them (shares)."""

from __future__ import annotations

import math
from typing import Any


def shares(values: dict[str, Any]) -> dict[str, str]:
    """Each weight's share of the total, as the text shown beside its slider.

    >>> shares({"quality": 0.8, "cost": 0.4, "latency": 0.4, "interpretability": 0})
    {'quality': '50%', 'cost': '25%', 'latency': '25%', 'interpretability': '0%'}
    >>> shares({"quality": 0, "cost": None})
    {'quality': '—', 'cost': '—'}
    """
    clean = {k: float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and v >= 0
             else 0.0 for k, v in values.items()}
    total = sum(clean.values())
    if total <= 0:
        return dict.fromkeys(values, "—")
    return {k: f"{v / total:.0%}" for k, v in clean.items()}


def all_zero(values: dict[str, Any]) -> bool:
    """Whether no weight is positive (the recommender needs at least one)."""
    return shares(values) == dict.fromkeys(values, "—")
