"""Catalog page: filter the table, compare the ticked models."""

from __future__ import annotations

from dash import Dash, Input, Output

from dashboard import ids
from dashboard.layout.catalog import comparison, count_text
from dashboard.logic.catalog import compare, filter_profiles, make_filters, table_rows


def register(app: Dash, ctx) -> None:
    @app.callback(
        Output(ids.CATALOG_TABLE, "data"),
        Output(ids.CATALOG_COUNT, "children"),
        Input(ids.FILTER_SEARCH, "value"),
        Input(ids.FILTER_PROVIDER, "value"),
        Input(ids.FILTER_KIND, "value"),
        Input(ids.FILTER_MODALITY, "value"),
        Input(ids.FILTER_LANGUAGE, "value"),
        Input(ids.FILTER_OPEN_WEIGHTS, "value"),
        Input(ids.FILTER_MAX_PRICE, "value"),
        Input(ids.QUALITY_FAMILY, "value"),
        prevent_initial_call=True,  # the layout starts with every profile
    )
    def filter_table(search, providers, kinds, modality, language, open_weights, max_price, family):
        f = make_filters(search, providers, kinds, modality, language, open_weights, max_price)
        rows = table_rows(filter_profiles(ctx.catalog, f), family or "general", f.language)
        return rows, count_text(len(rows), len(ctx.catalog))

    @app.callback(
        Output(ids.CATALOG_COMPARE, "children"),
        Input(ids.CATALOG_TABLE, "selected_row_ids"),
        prevent_initial_call=True,
    )
    def compare_selected(selected):
        return comparison(compare(ctx.catalog, [str(i) for i in selected or []]))
