"""Why a what-if kept or changed the strategy when a volume crosses a break-even (issue #19 point 4)."""

from __future__ import annotations

import pytest

from dashboard.logic.documents import load_example
from dashboard.logic.whatif import apply
from dashboard.logic.whatif_notes import crossed, notes
from tests.conftest import EXAMPLES

VOLUME = "workloads[0].requests_per_month"


@pytest.fixture(scope="module")
def legal():
    return load_example("legal-open-weights-finetune.yaml", EXAMPLES).doc


def _at(doc, volume):
    return apply(doc, {}, {VOLUME: volume})


def test_crossing_towards_a_cheaper_strategy_that_loses_on_quality_is_explained(solver, legal):
    """At 100,000 requests/month fine-tuning is chosen and continued pretraining breaks even near 340,000.
    At 400,000 continued pretraining is the cheaper but scores lower on quality: fine-tuning stays, and
    the note says so with the figures."""
    before = solver(legal).recommendation
    w = before.workloads[0]
    assert str(w.choice.option.strategy) == "fine_tuning"
    assert [b["strategy"] for b in crossed(w, 100_000, 400_000)] == ["continued_pretraining"]
    after_doc = _at(legal, 400_000)
    after = solver(after_doc).recommendation
    assert str(after.workloads[0].choice.option.strategy) == "fine_tuning"
    (line,) = notes(before, after, legal, after_doc)
    assert line.startswith("legal-drafting: the volume crossed the break-even with continued pretraining at ")
    assert "but the strategy stays fine-tuning" in line and "cheaper over 24 months" in line
    assert "worse on quality, which outweighs the saving" in line


def test_no_crossing_and_no_change_says_nothing(solver, legal):
    before = solver(legal).recommendation
    doc = _at(legal, 120_000)
    assert notes(before, solver(doc).recommendation, legal, doc) == []
    assert notes(before, None, legal, doc) == [] and notes(None, before, legal, legal) == []


def test_a_changed_strategy_is_named(solver):
    doc = load_example("portfolio-shared-budget.yaml", EXAMPLES).doc
    before = solver(doc).recommendation
    cheap = apply(doc, {"quality": 0.0, "cost": 1.0, "latency": 0.0, "interpretability": 0.0}, {})
    after = solver(cheap).recommendation
    changed = [(b.name, str(b.choice.option.strategy), str(a.choice.option.strategy))
               for b, a in zip(before.workloads, after.workloads, strict=True)
               if b.choice and a.choice and b.choice.option.strategy != a.choice.option.strategy]
    assert changed, "all weight on cost should change some workload's strategy"
    lines = notes(before, after, doc, cheap)
    assert len(lines) == len(changed)
    for (name, _, _), line in zip(changed, lines, strict=True):
        assert line.startswith(f"{name}: the strategy changed from ") and "scores" in line
