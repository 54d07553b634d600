"""The options and the answers are the same whether the build and the flip searches run in one process or are
shared by two (selector.parallel), and the views as well: every example, option for option and field for field."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from selector import parallel, recommend as recommend_module, views as views_module
from selector.options import build
from selector.recommend import Settings, recommend
from selector.requirements import load_requirements

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))
TODAY = dt.date(2026, 12, 1)


def plain(x: Any) -> Any:
    """Every field's value, whatever the class's own equality (``CostEstimate`` compares by identity)."""
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return (type(x).__name__, tuple((f.name, plain(getattr(x, f.name))) for f in dataclasses.fields(x)))
    if isinstance(x, Mapping):
        return (type(x).__name__, tuple((k, plain(v)) for k, v in x.items()))
    if isinstance(x, (tuple, list)):
        return tuple(plain(v) for v in x)
    return x


def _serial(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parallel.ENV, "1")


def _forked(monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        pytest.skip("fork on Linux only")
    monkeypatch.setenv(parallel.ENV, "2")
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)  # pytest-xdist's own thread aside
    monkeypatch.setattr(build, "PARALLEL_MIN_PAIRS", 2)
    monkeypatch.setattr(recommend_module, "PARALLEL_MIN_FLIP_WORKLOADS", 1)
    monkeypatch.setattr(views_module, "PARALLEL_MIN_WORKLOADS", 1)


def _forks_counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = os.fork

    def counted() -> int:
        calls.append(1)
        return real()

    monkeypatch.setattr(parallel.os, "fork", counted)
    return calls


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_the_build_is_the_same_shared_by_two_processes(path: Path, catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    req = load_requirements(path)
    _serial(monkeypatch)
    alone = build.build_options(req, catalog, TODAY)
    _forked(monkeypatch)
    forks = _forks_counted(monkeypatch)
    shared = build.build_options(req, catalog, TODAY)
    assert forks, "the forked path was not taken"
    assert plain(shared) == plain(alone)
    for a, b in zip(alone, shared, strict=True):
        assert list(a.excluded) == list(b.excluded)  # in catalog order
        assert [o.key for o in a.options] == [o.key for o in b.options]


@pytest.mark.parametrize("name", ["portfolio-shared-budget", "agent-booking", "legal-open-weights-finetune"])
def test_the_answer_is_the_same_shared_by_two_processes(name: str, catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    req = load_requirements(Path(__file__).resolve().parents[2] / "examples" / f"{name}.yaml")
    settings = Settings(today=TODAY, smaa_samples=200)
    _serial(monkeypatch)
    alone = recommend(req, catalog, settings)
    _forked(monkeypatch)
    forks = _forks_counted(monkeypatch)
    shared = recommend(req, catalog, settings)
    # the build, the flip searches (with the charts drawn ahead), then the views' rest once those are in (for
    # more than one workload)
    assert len(forks) == (3 if len(req.workloads) > 1 else 2)
    a, b = alone.to_dict(), shared.to_dict()
    for d in (a, b):
        d["provenance"].pop("generated_at", None)
    assert a == b
    assert [w.flip_thresholds for w in alone.workloads] == [w.flip_thresholds for w in shared.workloads]
    assert any(w.flip_thresholds for w in alone.workloads), "no flip search ran: the test would prove nothing"
    assert [w.views for w in alone.workloads] == [w.views for w in shared.workloads]
    assert any(w.views.get("volume_curve") for w in alone.workloads), "no curve: the test would prove little"


def test_the_views_are_the_same_shared_by_two_processes(catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    """views_for forks when no search is running (here: called on its own), and gives the serial views."""
    req = load_requirements(Path(__file__).resolve().parents[2] / "examples" / "portfolio-shared-budget.yaml")
    _serial(monkeypatch)
    results = list(recommend(req, catalog, Settings(today=TODAY, smaa_samples=100)).workloads)
    alone = views_module.views_for(results, req, catalog, True)
    _forked(monkeypatch)
    forks = _forks_counted(monkeypatch)
    shared = views_module.views_for(results, req, catalog, True)
    assert len(forks) == 1
    assert shared == alone and any(v.get("volume_curve") for v in alone)


def test_charts_drawn_ahead_are_the_charts_drawn_in_place(catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    """The recommender draws a workload's charts beside the flip searches, for its best option and the next; the
    views take them as given where the answer has that choice and first alternative, and are then the views drawn
    in place; where it has not, they are drawn again."""
    req = load_requirements(Path(__file__).resolve().parents[2] / "examples" / "portfolio-shared-budget.yaml")
    _serial(monkeypatch)
    results = list(recommend(req, catalog, Settings(today=TODAY, smaa_samples=100)).workloads)
    in_place = views_module.views_for(results, req, catalog, True)
    from selector.options.build import option_pricer

    pricer = option_pricer(req, catalog.reference_data())
    by_name = {w.name: w for w in req.workloads}
    drawn = {r.name: views_module.charts(by_name[r.name], r.choice, list(r.options),
                                         r.alternatives[0] if r.alternatives else None, catalog, req.horizon_months,
                                         pricer) for r in results if r.choice is not None}
    assert drawn and views_module.views_for(results, req, catalog, True, drawn) == in_place
    first = next(iter(drawn))
    marked = {first: {"volume_curve": {"lines": []}, "tornado": ["as given"]}}
    views = views_module.views_for(results, req, catalog, True, marked)
    at = [r.name for r in results].index(first)
    assert views[at]["tornado"] == ["as given"]  # taken as given, not drawn again
    assert [v for i, v in enumerate(views) if i != at] == [v for i, v in enumerate(in_place) if i != at]
