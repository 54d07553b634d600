"""Scoring: criteria utilities (cost against the workload's cheapest option, latency against its limit)
and the weighted sum."""

from selector.scoring.criteria import (
    ScoringContext,
    cost_utility,
    latency_utility,
    tie_break,
    utilities,
    weighted_score,
)
from selector.scoring.kernel import CRITERIA, CRITERIA_TABLE, Criterion, weight_vector, weighted_scores

__all__ = ["CRITERIA", "CRITERIA_TABLE", "Criterion", "ScoringContext", "cost_utility", "latency_utility",
           "tie_break", "utilities", "weight_vector", "weighted_score", "weighted_scores"]
