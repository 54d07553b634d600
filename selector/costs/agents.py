"""Agents: a request that acts through several tool calls becomes several model calls (docs/decision.md).

    extra input per request  = steps × (prompt tokens + tool tokens per step)
    extra output per request = steps × output tokens per step
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from selector.costs.reference import Reference
from selector.costs.types import CostUnavailable


def agent_tokens(steps: float, prompt_tokens: float, tool_tokens_per_step: float,
                 output_tokens_per_step: float) -> tuple[float, float]:
    """(extra input, extra output) tokens per request.

    >>> agent_tokens(3, 1000, 400, 80)
    (4200, 240)
    """
    return steps * (prompt_tokens + tool_tokens_per_step), steps * output_tokens_per_step


@dataclass(frozen=True)
class AgentOverhead:
    steps: float
    extra_input_tokens: float
    extra_output_tokens: float
    output_tokens_per_step: float
    tool_ms_per_step: float


NO_AGENT = AgentOverhead(0.0, 0.0, 0.0, 0.0, 0.0)


def agent_overhead(workload: Any, profile: Any, prompt_tokens: float, ref: Reference) -> AgentOverhead:
    """The agent steps of ``workload`` (none unless ``multi_step_actions``); needs a tool-calling model."""
    if not workload.multi_step_actions:
        return NO_AGENT
    if not profile.tool_calling:
        raise CostUnavailable(f"{profile.id}: multi-step actions need tool calling, which this model lacks")
    steps = ref.number("agents.steps_per_request")
    per_step_out = ref.number("agents.output_tokens_per_step")
    extra_in, extra_out = agent_tokens(steps, prompt_tokens, ref.number("agents.tool_tokens_per_step"), per_step_out)
    return AgentOverhead(steps, extra_in, extra_out, per_step_out, ref.number("agents.tool_latency_ms_per_step"))
