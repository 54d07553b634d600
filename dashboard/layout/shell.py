"""The frame around the pages: header with navigation, the URL, the per-session store."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from dashboard import ids
from dashboard.logic.pages import PAGES


def header() -> html.Header:
    links = [dcc.Link(title, href=path, id=ids.nav_link(key), className="nav-link") for key, path, title in PAGES]
    return html.Header([
        html.Div([html.Span("◆", className="brand-mark"), html.Span("selector", className="brand-name"),
                  html.Span("model & strategy recommender", className="brand-tag")], className="brand"),
        html.Nav(links, className="nav"),
    ], className="header")


def shell(pages: list[Any]) -> html.Div:
    return html.Div([
        dcc.Location(id=ids.URL, refresh="callback-nav"),
        dcc.Store(id=ids.STORE_REQ, storage_type="memory"),
        dcc.Store(id=ids.STORE_EVIDENCE, storage_type="memory"),
        header(),
        html.Main(pages, className="main"),
    ], className="app")
