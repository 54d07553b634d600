"""A region requirement changes the answer: APIs not pinned to a region are out with that reason, models
that list other regions are out, and the choice's model lists the region asked for."""

from __future__ import annotations

from selector.recommend import Settings, recommend
from selector.requirements import parse_requirements

BASE = """
workloads:
  - name: eu-chat
    task: chat
    requests_per_month: 200000
    max_latency_ms: 10000
"""


def test_region_changes_the_answer_and_the_choice_is_served_there(catalog):
    free = recommend(parse_requirements(BASE), catalog, Settings(smaa_samples=50, break_even=False))
    eu = recommend(parse_requirements("region: eu-west-1\n" + BASE), catalog,
                   Settings(smaa_samples=50, break_even=False))
    choice = eu.workloads[0].choice
    assert choice is not None
    profile = catalog.get(choice.option.model)
    served_here = "eu-west-1" in (profile.regions or []) or (
        profile.open_weights and choice.option.hosting == "self_hosted_gpu")
    assert served_here, (profile.id, profile.regions)
    excluded = {m: [str(r) for r in rs] for m, rs in eu.workloads[0].excluded.items()}
    unpinned = [m for m in excluded if catalog.get(m).region_pinned is False]
    assert unpinned and all(any("not pinned to a region" in r for r in excluded[m]) for m in unpinned)
    assert free.workloads[0].choice.option.key != choice.option.key or "eu-west-1" in (profile.regions or [])
    assert len(eu.workloads[0].excluded) > len(free.workloads[0].excluded)
