"""Scoring: criteria utilities on absolute scales and the weighted sum."""

from selector.scoring.criteria import CRITERIA, cost_utility, latency_utility, utilities, weighted_score

__all__ = ["CRITERIA", "cost_utility", "latency_utility", "utilities", "weighted_score"]
