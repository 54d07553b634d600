"""The option space: every (model, strategy, method, hosting) for each workload, with reasons for exclusions."""

from selector.options.types import HOSTINGS, STRATEGIES, Candidate, NearMiss, Option, WorkloadOptions

__all__ = ["HOSTINGS", "STRATEGIES", "Candidate", "NearMiss", "Option", "WorkloadOptions"]
