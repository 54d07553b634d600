"""Model dominance (selector/optimise/dominance.py): which models go before solving, on hand-worked cases; that
the optimum stays is checked against brute force in tests/optimise/test_optimiser.py."""

from __future__ import annotations

from selector.optimise import Item
from selector.optimise.dominance import dominated_models


def item(key, model, score, monthly=0.0, one_off=0.0, shared=()):
    return Item(key, model, score, monthly, one_off, shared)


def test_a_model_beaten_in_every_workload_goes_and_one_that_wins_somewhere_stays():
    items = {"w": (item("a", "big", 0.9), item("b", "small", 0.5), item("c", "odd", 0.4)),
             "u": (item("d", "big", 0.8), item("e", "small", 0.3), item("f", "odd", 0.95))}
    assert dominated_models(("w", "u"), items, False, False) == {"small"}


def test_a_model_absent_from_a_workload_dominates_nothing_there():
    items = {"w": (item("a", "big", 0.9), item("b", "small", 0.5)), "u": (item("c", "small", 0.5),)}
    assert dominated_models(("w", "u"), items, False, False) == set()


def test_each_budget_that_can_bind_must_be_no_dearer():
    items = {"w": (item("a", "big", 0.9, monthly=10.0, one_off=1.0), item("b", "small", 0.5, monthly=5.0, one_off=2.0))}
    assert dominated_models(("w",), items, False, False) == {"small"}
    assert dominated_models(("w",), items, True, False) == set()  # small is cheaper a month
    assert dominated_models(("w",), items, False, True) == {"small"}  # and dearer up front
    assert dominated_models(("w",), items, True, True) == set()


def test_every_option_of_the_model_needs_a_match():
    items = {"w": (item("a", "big", 0.9, monthly=10.0), item("b", "small", 0.5, monthly=20.0),
                   item("c", "small", 0.4, monthly=5.0))}
    assert dominated_models(("w",), items, True, False) == set()  # c, cheaper than a, has no match
    items["w"] += (item("d", "big", 0.45, monthly=5.0),)
    assert dominated_models(("w",), items, True, False) == {"small"}


def test_a_match_needing_a_shared_charge_the_option_does_not_is_none_while_a_budget_counts():
    items = {"w": (item("a", "big", 0.9, shared=("deployment:big",)), item("b", "small", 0.5)),
             "u": (item("c", "big", 0.9, shared=("vs",)), item("d", "small", 0.5, shared=("vs", "x")))}
    assert dominated_models(("w", "u"), items, True, False) == set()  # a's deployment is a charge b avoids
    assert dominated_models(("w", "u"), items, False, False) == {"small"}  # no budget: charges cost nothing
    items["w"] = (item("a", "big", 0.9), item("b", "small", 0.5, shared=("deployment:small",)))
    assert dominated_models(("w", "u"), items, True, False) == {"small"}  # () and ("vs",) within b's and d's


def test_an_option_in_a_cut_matches_nothing():
    items = {"w": (item("a", "big", 0.9), item("b", "small", 0.5))}
    assert dominated_models(("w",), items, False, False, {("w", "a")}) == set()
    assert dominated_models(("w",), items, False, False, {("w", "b")}) == {"small"}  # a cut option may go


def test_of_two_models_that_dominate_each_other_the_later_in_name_order_stays():
    items = {"w": (item("a", "m1", 0.5, 1.0, 1.0), item("b", "m2", 0.5, 1.0, 1.0), item("c", "m3", 0.9, 5.0))}
    assert dominated_models(("w",), items, True, True) == {"m1"}
    assert dominated_models(("w",), items, False, False) == {"m1", "m2"}  # m3 beats both
