"""A close call between a model that retires within the horizon and one that does not says so where the tie
is: in the terminal's confidence line and in the report's bottom line (retiring is a note, not a score term)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from selector.cli.recommend_text import _choice_lines
from selector.recommend import Settings, recommend
from selector.report.bottomline import confidence, display
from selector.requirements import load_requirements

from tests.conftest import ROOT

RETIRES = dt.date(2027, 3, 30)


@pytest.fixture(scope="module")
def portfolio(catalog):
    return recommend(load_requirements(ROOT / "examples" / "portfolio-shared-budget.yaml"), catalog,
                     Settings(smaa_samples=50, break_even=False))


def test_retires_on_is_the_profiles_date_exactly_when_the_option_has_a_retirement_note(portfolio, catalog):
    flagged = 0
    for w in portfolio.workloads:
        for s in w.options:
            o = s.option
            noted = any(n.startswith(f"{o.model} retires on ") for n in o.notes)
            assert (o.retires_on is not None) == noted, (w.name, o.key)
            if noted:
                flagged += 1
                assert o.retires_on == catalog.get(o.model).deprecation_date
    assert flagged  # the example has options retiring within its 24 months


def _close_call(w, choice_retires, runner_retires):
    """The workload with its choice and runner-up given these retirement dates and a 20% first-rank share."""
    choice = replace(w.choice, option=replace(w.choice.option, retires_on=choice_retires))
    runner = replace(w.alternatives[0], option=replace(w.alternatives[0].option, retires_on=runner_retires))
    smaa = {**w.smaa, "acceptability": {**w.smaa["acceptability"], choice.option.key: [0.2]}}
    return replace(w, choice=choice, alternatives=(runner, *w.alternatives[1:]), smaa=smaa)


@pytest.mark.parametrize(("mine", "theirs", "said"), [
    (RETIRES, None, "the choice retires on 2027-03-30, within the horizon; the runner-up does not"),
    (RETIRES, dt.date(2027, 9, 1), "the choice retires on 2027-03-30, within the horizon; the runner-up later, "
                                   "on 2027-09-01"),
    (RETIRES, RETIRES, None), (None, RETIRES, None), (None, None, None)])
def test_the_close_call_says_which_one_retires(portfolio, mine, theirs, said):
    w = next(w for w in portfolio.workloads if w.choice is not None and w.alternatives)
    tied = _close_call(w, mine, theirs)
    line = " ".join(" ".join(_choice_lines(tied, portfolio.horizon_months)).split())  # unwrapped
    words, detail = confidence(tied, portfolio.weights)
    assert "close call" in line and words == "close call"
    if said is None:
        assert "retires on" not in line and "retires on" not in detail
    else:  # the terminal has just named the runner-up; the report's table names it here
        named = display(tied, tied.alternatives[0].option.model)
        assert line.endswith(said)
        assert detail.endswith(said.replace("the runner-up", f"the runner-up, {named},")), detail
