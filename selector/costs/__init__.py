"""Cost models: pure TCO functions per family (inference, prompting, agents, RAG, fine-tuning,
pretraining, hosting, latency) behind checking wrappers, with every constant in ``catalog/reference``.

The entry point for the recommender is :func:`estimate_option`; ``docs/methodology.md`` gives every
equation, assumption and source.
"""

from selector.costs.compute import TrainingRun, estimate_training
from selector.costs.option import HOSTINGS, STRATEGIES, estimate_option
from selector.costs.rag import choose_vector_store
from selector.costs.reference import Reference, load_reference
from selector.costs.tco import break_even_requests, crossover_month, cumulative_curve
from selector.costs.types import Charge, CostEstimate, CostInputError, CostUnavailable

__all__ = [
    "HOSTINGS", "STRATEGIES", "Charge", "CostEstimate", "CostInputError", "CostUnavailable", "Reference",
    "TrainingRun", "break_even_requests", "choose_vector_store", "crossover_month", "cumulative_curve",
    "estimate_option", "estimate_training", "load_reference",
]
