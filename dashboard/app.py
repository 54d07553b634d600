"""``create_app()``: the dashboard as a factory (layout from small builders, callbacks registered here)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import plotly.graph_objects as go
from dash import Dash

from selector.catalog import load_catalog
from selector.plots.charts import LAYOUT
from selector.recommend import Settings

from dashboard import guard
from dashboard.callbacks import Context, register
from dashboard.layout.catalog import catalog_page
from dashboard.layout.requirements import requirements_page
from dashboard.layout.results import results_page
from dashboard.layout.shell import shell
from dashboard.logic.documents import STARTER, examples_dir, list_examples
from dashboard.logic.results import Solver

# The CLI's defaults (2,000 SMAA samples, seed 0): fast enough, see docs/benchmarks.md ("Dashboard").
DASHBOARD_SETTINGS = Settings()
ASSETS = Path(__file__).resolve().parent / "assets"


def create_app(catalog_dirs: Iterable[str | Path] | None = None, settings: Settings = DASHBOARD_SETTINGS,
               examples: Path | None = None, host: str | None = None) -> Dash:
    """Build the app: load the catalog once (read-only), lay out the pages, register the callbacks.

    ``host`` is the address the server binds; requests whose ``Host`` header names anything else than
    it or a loopback name are refused (:mod:`dashboard.guard`).

    Raises :class:`selector.errors.InputError` when a ``catalog_dirs`` entry is invalid.
    """
    catalog = load_catalog(list(catalog_dirs or []))
    ctx = Context(catalog=catalog, solve=Solver(catalog, settings), examples_dir=examples or examples_dir())
    app = Dash(__name__, title="selector", assets_folder=str(ASSETS), suppress_callback_exceptions=False,
               update_title=None)
    app.layout = shell([
        requirements_page(STARTER, list_examples(ctx.examples_dir)),
        results_page(),
        catalog_page(catalog),
    ])
    register(app, ctx)
    guard.install(app.server, guard.allowed_hosts(host))
    _warm_up_plotly()
    return app


def _warm_up_plotly() -> None:
    """Load the charts' plotly template now (~0.3 s) rather than during the first person's first submit."""
    go.Figure(layout={"template": LAYOUT["template"]})
