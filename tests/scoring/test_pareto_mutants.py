"""Pareto mask details the golden tables leave open (issue #13, mutation testing): the mask is boolean, so the
charts' ``~front`` (the dominated points) and ``points[front]`` work, and figures are read as floats whatever
numeric type they arrive in."""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from selector.scoring.pareto import non_dominated


def test_the_mask_is_boolean_and_its_complement_is_the_dominated_rows():
    """(cost, quality): (10, 0.5) dominates (20, 0.4); (30, 0.9) is the best quality. selector.plots draws
    ``~front`` as the other points and indexes the points with ``front``: both need a boolean mask."""
    pts = np.array([[10.0, 0.5], [20.0, 0.4], [30.0, 0.9]])
    front = non_dominated(pts, (False, True))
    assert front.dtype == np.bool_
    assert (~front).tolist() == [False, True, False]
    assert pts[front].tolist() == [[10.0, 0.5], [30.0, 0.9]]


def test_decimal_figures_are_read_as_floats():
    """A table of Decimal prices (as a YAML/JSON loader with exact decimals gives them): (1.5, 0.8) dominates
    (2.5, 0.7) when cost is minimised and quality maximised; (3.5, 0.95) has the best quality."""
    rows = [[Decimal("1.5"), Decimal("0.8")], [Decimal("2.5"), Decimal("0.7")], [Decimal("3.5"), Decimal("0.95")]]
    assert non_dominated(rows, (False, True)).tolist() == [True, False, True]
