"""The dashboard's doctests (the package is outside pytest's doctest paths, so they run here)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import dashboard

MODULES = sorted(m.name for m in pkgutil.walk_packages(dashboard.__path__, "dashboard."))


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_doctests_exist():
    found = sum(doctest.testmod(importlib.import_module(n)).attempted for n in MODULES)
    assert found >= 20
