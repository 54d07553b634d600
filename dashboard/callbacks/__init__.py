"""Callbacks: each a few lines that call a plain, tested function of :mod:`dashboard.logic`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dash import Dash

from selector.catalog import Catalog

from dashboard.logic.results import Solver


@dataclass(frozen=True)
class Context:
    """What the callbacks share: read-only, built once by ``create_app`` (no per-session state here)."""

    catalog: Catalog
    solve: Solver  # document → recommendation (memoised, seeded)
    examples_dir: Path


def register(app: Dash, ctx: Context) -> None:
    from dashboard.callbacks import catalog, evidence, navigation, requirements, results

    for module in (navigation, requirements, evidence, results, catalog):
        module.register(app, ctx)
