"""The flip searches begin before the solve on each workload's own best option (selector.recommend): a workload
whose portfolio pick is that option gets those rows, another is searched once the pick is known. Either way the
rows are what one call of flip_thresholds on the pick gives, forked or not."""

from __future__ import annotations

import datetime as dt

import pytest

from selector import parallel, recommend as recommend_module
from selector.options import build
from selector.options.build import option_pricer
from selector.recommend import Settings, recommend, scoring_context
from selector.requirements import requirements_from_dict
from selector.sensitivity.flips import flip_thresholds

TODAY = dt.date(2026, 12, 1)


def _requirements():
    """Four workloads, one model for all of them: the chat and code workloads' own best models differ, so at
    least one pick is not its workload's best."""
    tasks = ["chat", "code", "summarization", "classification"]
    return requirements_from_dict({
        "max_models": 1,
        "workloads": [{"name": f"w{i}", "task": t, "requests_per_month": 20_000 * (i + 1), "input_tokens": 800,
                       "output_tokens": 200} for i, t in enumerate(tasks)]})


@pytest.mark.parametrize("workers", ["1", "2"])
def test_each_workload_has_the_rows_of_its_own_pick(workers: str, catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parallel.ENV, workers)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)  # pytest-xdist's own thread aside
    monkeypatch.setattr(build, "PARALLEL_MIN_PAIRS", 2)
    monkeypatch.setattr(recommend_module, "PARALLEL_MIN_FLIP_WORKLOADS", 1)
    req = _requirements()
    rec = recommend(req, catalog, Settings(smaa_samples=100, views=False, today=TODAY))
    assert rec.status == "optimal"
    pricer = option_pricer(req, catalog.reference_data())
    weights = req.weights.normalised()
    by_name = {w.name: w for w in req.workloads}
    not_best = 0
    for w in rec.workloads:
        assert w.choice is not None
        not_best += w.choice is not w.options[0]
        context = scoring_context([s.option for s in w.options], by_name[w.name], req.horizon_months)
        direct = flip_thresholds(by_name[w.name], w.choice, list(w.options), catalog, req.horizon_months, pricer,
                                 weights, context)
        assert [dict(r) for r in w.flip_thresholds] == direct
    assert not_best, "every pick is its workload's best: the search after the solve is not exercised"
    assert any(w.flip_thresholds for w in rec.workloads), "no rows at all: the searches ahead are not exercised"
