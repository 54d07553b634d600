"""The console script's start: pydantic's plugin scan is off unless the environment says otherwise."""

from __future__ import annotations

import gc
import os

import pytest

from selector.cli import app, entry


@pytest.mark.parametrize(("given", "expected"), [(None, "__all__"), ("", ""), ("logfire", "logfire")])
def test_plugins_off_unless_the_environment_sets_them(monkeypatch, given, expected):
    if given is None:
        monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    else:
        monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", given)
    seen: list[str | None] = []
    monkeypatch.setattr(app, "main", lambda: seen.append(os.environ.get("PYDANTIC_DISABLE_PLUGINS")))
    was_enabled = gc.isenabled()
    try:
        entry.main()
    finally:
        if was_enabled:
            gc.enable()
    assert seen == [expected]
