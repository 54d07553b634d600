"""A workload's summary notes come from the options the reader sees: the choice's own first, then those of
the runners-up shown; never from an unshown option (a retirement note for the tenth-best model is noise),
and always the choice's, even when the portfolio picked it from far down the ranking."""

from __future__ import annotations

import re
from types import SimpleNamespace as NS

from selector.recommend import Settings, _shown_notes, recommend
from selector.requirements import load_requirements
from tests.conftest import ROOT


def _scored(*notes: str) -> NS:
    return NS(option=NS(notes=notes))


def test_the_choice_first_then_the_runners_up_sorted_each_once():
    choice = _scored("z: choice retires", "a: choice region", "z: choice retires")
    alternatives = [_scored("m: runner-up", "a: choice region"), _scored("b: other runner-up")]
    assert _shown_notes(choice, alternatives) == [
        "z: choice retires", "a: choice region", "b: other runner-up", "m: runner-up"]


def test_without_a_choice_the_nearest_options_notes():
    assert _shown_notes(None, [_scored("b"), _scored("a", "b")]) == ["a", "b"]
    assert _shown_notes(None, []) == []


def test_every_retirement_note_names_a_shown_model(catalog):
    """examples/portfolio-shared-budget.yaml: three workloads, 24 months, several catalogued models retiring
    within it; each 'retires on' note of a workload is about its choice or a runner-up it shows, and the
    choice's own notes are all there."""
    rec = recommend(load_requirements(ROOT / "examples" / "portfolio-shared-budget.yaml"), catalog,
                    Settings(smaa_samples=50, break_even=False))
    retiring = 0
    for w in rec.workloads:
        shown = {s.option.model for s in (w.choice, *w.alternatives) if s is not None}
        for note in w.notes:
            found = re.match(r"(\S+) retires on ", note)
            if found:
                retiring += 1
                assert found.group(1) in shown, (w.name, note, shown)
        if w.choice is not None:
            assert set(w.choice.option.notes) <= set(w.notes)
    assert retiring >= 2  # the example really has retirement notes to check
