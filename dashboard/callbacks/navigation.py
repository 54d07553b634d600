"""Show the page the URL names and mark its link in the header."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, ctx as dash_ctx

from dashboard import ids
from dashboard.logic.pages import PAGES, page_for

PAGE_IDS = {"requirements": ids.PAGE_REQUIREMENTS, "results": ids.PAGE_RESULTS, "catalog": ids.PAGE_CATALOG}


def register(app: Dash, ctx) -> None:
    @app.callback(
        [Output(PAGE_IDS[key], "className") for key, _, _ in PAGES],
        Output({"type": ids.NAV_LINK, "page": ALL}, "className"),
        Input(ids.URL, "pathname"),
    )
    def show_page(pathname):
        current = page_for(pathname)
        pages = ["page" if key == current else "page hidden" for key, _, _ in PAGES]
        links = ["nav-link active" if o["id"]["page"] == current else "nav-link" for o in dash_ctx.outputs_list[-1]]
        return *pages, links
