"""The option space: every (model, strategy, method, hosting) for each workload, with reasons for exclusions."""

from selector.options.types import STRATEGIES, HOSTINGS, Candidate, NearMiss, Option, WorkloadOptions

__all__ = ["STRATEGIES", "HOSTINGS", "Candidate", "NearMiss", "Option", "WorkloadOptions"]
