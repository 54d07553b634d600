"""Agent steps: several model calls per request, tool calling required."""

from __future__ import annotations

import pytest

from selector.costs.agents import agent_overhead
from selector.costs.types import CostUnavailable


def test_agent_steps_resend_the_prompt(catalog, ref, workload):
    over = agent_overhead(workload(multi_step_actions=True), catalog.get("gpt-4o-mini"), 1000, ref)
    assert (over.extra_input_tokens, over.extra_output_tokens) == (3 * (1000 + 400), 3 * 80)


def test_no_agent_no_overhead(catalog, ref, workload):
    assert agent_overhead(workload(), catalog.get("gpt-4o-mini"), 1000, ref).steps == 0


def test_agents_need_tool_calling(catalog, ref, workload):
    with pytest.raises(CostUnavailable, match="tool calling"):
        agent_overhead(workload(multi_step_actions=True), catalog.get("amazon.titan-text-express-v1"), 1000, ref)
