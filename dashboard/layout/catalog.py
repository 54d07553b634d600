"""The catalog page: a filterable, sortable table of profiles and a side-by-side comparison."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from selector.catalog import Catalog
from selector.requirements import InputModality, OutputModality

from dashboard import ids
from dashboard.layout.components import TABLE_STYLE, card, data_table, money_columns, simple_table
from dashboard.logic.catalog import COMPARE_MAX, quality_families, table_rows

PAGE_SIZE = 15
TABLE_COLUMNS = [
    ("id", "model id", "text"), ("provider", "provider", "text"), ("kind", "kind", "text"),
    ("input", "input", "text"), ("output", "output", "text"), ("languages", "languages", "text"),
    ("input_price", "input $/1M tok", "usd"), ("output_price", "output $/1M tok", "usd"),
    ("image_price", "$/image", "usd"), ("context", "context (tokens)", "int"),
    ("open_weights", "open weights", "text"), ("quality", "quality", "number"),  # of the family chosen above
]


def filters(catalog: Catalog, families: list[str]) -> html.Div:
    modalities = sorted({m.value for m in (*InputModality, *OutputModality)})
    kinds = sorted({p.kind for p in catalog})

    def labelled(text: str, control: Any) -> html.Div:
        return html.Div([html.Label(text, className="field-label"), control], className="filter")

    return html.Div([
        labelled("Search", dcc.Input(id=ids.FILTER_SEARCH, type="search", placeholder="id, name or provider",
                                     debounce=0.3, className="input")),
        labelled("Provider", dcc.Dropdown(id=ids.FILTER_PROVIDER, options=catalog.providers(), multi=True,
                                          placeholder="any")),
        labelled("Kind", dcc.Dropdown(id=ids.FILTER_KIND, options=kinds, multi=True, placeholder="any")),
        labelled("Modality", dcc.Dropdown(id=ids.FILTER_MODALITY, options=modalities, placeholder="any")),
        labelled("Language", dcc.Input(id=ids.FILTER_LANGUAGE, type="text", placeholder="e.g. ja", debounce=0.3,
                                       className="input", maxLength=8)),
        labelled("Open weights", dcc.Dropdown(id=ids.FILTER_OPEN_WEIGHTS, options=["yes", "no"], placeholder="any")),
        labelled("Max input $/1M", dcc.Input(id=ids.FILTER_MAX_PRICE, type="number", min=0,
                                                    placeholder="any", debounce=0.3, className="input")),
        labelled("Quality column", dcc.Dropdown(id=ids.QUALITY_FAMILY, options=families,
                                                value=families[0] if families else None, clearable=False)),
    ], className="filters")


# Column widths (px): they fit a 1280-pixel window; narrower, the table scrolls with the id pinned.
WIDTHS = {"id": 200, "provider": 110, "kind": 55, "input": 120, "output": 60, "languages": 110, "input_price": 75,
          "output_price": 75, "image_price": 72, "context": 85, "open_weights": 72, "quality": 65}
NO_WRAP = ("provider", "kind", "input", "output", "languages", "input_price", "output_price", "image_price",
           "context", "open_weights", "quality")


def catalog_table(rows: list[dict[str, Any]]) -> Any:
    """The profiles table. It scrolls sideways when the columns do not fit (a narrow window, long language
    lists), with the model id column (and the tick boxes) pinned on the left, so the quality column at the
    far right is always reachable and every row still says which model it is."""
    return data_table(
        id=ids.CATALOG_TABLE, columns=money_columns(TABLE_COLUMNS), data=rows, sort_action="native",
        filter_action="native", filter_options={"case": "insensitive", "placeholder_text": "filter…"},
        page_action="native", page_size=PAGE_SIZE, row_selectable="multi", selected_rows=[],
        style={"style_table": {"overflowX": "auto", "minWidth": "100%"},
               "style_cell": {**TABLE_STYLE["style_cell"], "fontSize": 12.5, "padding": "5px 7px"},
               "style_cell_conditional": [
                   *[{"if": {"column_id": c}, "minWidth": w, "width": w, "maxWidth": w} for c, w in WIDTHS.items()],
                   {"if": {"column_id": "id"}, "fontWeight": 600},
                   *[{"if": {"column_id": c}, "whiteSpace": "nowrap"} for c in NO_WRAP],
               ]},
    )


def comparison(data: dict[str, Any]) -> list[Any]:
    """The side-by-side table and the sources behind each model's figures."""
    if not data["models"]:
        return [html.P(f"Tick up to {COMPARE_MAX} models in the table to compare them side by side.",
                       className="muted")]
    columns = [("field", "")] + [(m, m) for m in data["models"]]
    out: list[Any] = [simple_table(columns, data["rows"], class_name="compare-table")]
    if data["dropped"]:
        out.append(html.P(f"Showing the first {COMPARE_MAX}; {data['dropped']} more selected.", className="muted"))
    out.append(html.H4("Sources and dates"))
    out.append(simple_table([("model", "model"), ("figures", "figures"), ("source", "source"), ("url", "where"),
                             ("retrieved", "retrieved"), ("as_of", "as of"), ("estimate", "")], data["sources"],
                            class_name="sources-table"))
    return out


def count_text(shown: int, total: int) -> str:
    return f"{shown} of {total} models match the filters."


def catalog_page(catalog: Catalog) -> html.Div:
    families = quality_families(catalog)
    rows = table_rows(list(catalog), families[0] if families else "general")
    return html.Div([
        html.Div([html.H1("Catalog"),
                  html.P(f"{len(catalog)} model profiles, each figure with its source and the date it was "
                         "retrieved.", className="lead")], className="page-head"),
        card(filters(catalog, families), class_name="filter-card"),
        card(html.Div(count_text(len(rows), len(catalog)), id=ids.CATALOG_COUNT, className="muted"),
             catalog_table(rows), class_name="table-card"),
        card(html.Div(comparison({"models": [], "rows": [], "sources": [], "dropped": 0}), id=ids.CATALOG_COMPARE),
             title="Compare"),
    ], id=ids.PAGE_CATALOG, className="page")
