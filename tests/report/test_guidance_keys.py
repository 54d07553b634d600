"""Guidance follows the workload and the choice: agent safeguards reach an agent workload's report.

The agent guidance (least-privilege tools, confirmation for irreversible actions) used to be keyed on
the text "agent" inside the strategy name, which no strategy has, so it never printed.
"""

from __future__ import annotations

from selector.recommend import Settings, recommend
from selector.report import render
from selector.requirements import parse_requirements

AGENT = """
workloads:
  - name: booking-agent
    task: chat
    requests_per_month: 20000
    multi_step_actions: true
"""
PLAIN = AGENT.replace("multi_step_actions: true", "multi_step_actions: false")


def _guidance_text(text: str, catalog) -> str:
    rec = recommend(parse_requirements(text), catalog, Settings(smaa_samples=50, break_even=False))
    md = render(rec, "md")
    return md[md.index("## Guidance"):md.index("## Provenance")]


def test_agent_workload_gets_agent_guidance(catalog):
    assert "confirmation for irreversible actions" in _guidance_text(AGENT, catalog)


def test_non_agent_workload_does_not(catalog):
    assert "confirmation for irreversible actions" not in _guidance_text(PLAIN, catalog)
