"""`selector dashboard` without Dash installed: it names the extra to install, exits 1, no traceback.

(That the library itself never imports Dash is tests/dashboard/test_app.py.)
"""

from __future__ import annotations

import sys

import pytest
from typer.testing import CliRunner

from selector.cli.app import app


@pytest.fixture
def without_dash(monkeypatch):
    """As if Dash were not installed: importing it fails, and the dashboard package is imported afresh."""
    for name in [n for n in sys.modules if n == "dashboard" or n.startswith("dashboard.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "dash", None)  # `import dash` now raises ModuleNotFoundError


def test_missing_dash_names_the_extra(without_dash):
    res = CliRunner().invoke(app, ["dashboard", "--port", "8123"])
    assert res.exit_code == 1, res.output
    assert "pip install 'selector[dashboard]'" in res.output
    assert "'dash'" in res.output
    assert "Traceback" not in res.output
    assert not isinstance(res.exception, ImportError)  # handled, not escaped

