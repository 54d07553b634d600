"""Scoring: criteria utilities on absolute scales and the weighted sum."""

from selector.scoring.criteria import cost_utility, latency_utility, utilities, weighted_score
from selector.scoring.kernel import CRITERIA, CRITERIA_TABLE, Criterion, weight_vector, weighted_scores

__all__ = ["CRITERIA", "CRITERIA_TABLE", "Criterion", "cost_utility", "latency_utility", "utilities",
           "weight_vector", "weighted_score", "weighted_scores"]
