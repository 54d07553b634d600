"""Small building blocks shared by the pages: cards, figures, tables, key figures."""

from __future__ import annotations

import math
import warnings
from numbers import Real
from typing import Any

from dash import dash_table, dcc, html

GRAPH_CONFIG = {"displaylogo": False, "responsive": True,
                "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"]}

TABLE_STYLE = dict(
    style_as_list_view=True,
    style_table={"overflowX": "auto"},
    style_header={"backgroundColor": "#f6f8fa", "fontWeight": 600, "border": "none",
                  "borderBottom": "1px solid #d0d7de", "whiteSpace": "normal", "height": "auto"},
    style_cell={"fontFamily": "inherit", "fontSize": 13, "padding": "6px 10px", "textAlign": "left",
                "border": "none", "borderBottom": "1px solid #eaeef2", "whiteSpace": "normal", "height": "auto",
                "maxWidth": 320},
)


def card(*children: Any, title: str | None = None, subtitle: str | None = None, class_name: str = "",
         **kwargs: Any) -> html.Div:
    head = []
    if title:
        head.append(html.H3(title, className="card-title"))
    if subtitle:
        head.append(html.P(subtitle, className="card-subtitle"))
    return html.Div([*head, *children], className=f"card {class_name}".strip(), **kwargs)


def key_figures(figures: list[tuple[str, str]], class_name: str = "figures") -> html.Div:
    """``[("monthly", "$412")]`` → a row of label/value pairs."""
    return html.Div([html.Div([html.Div(value, className="figure-value"), html.Div(label, className="figure-label")],
                              className="figure") for label, value in figures], className=class_name)


def graph(figure: Any, graph_id: str | dict | None = None) -> dcc.Graph:
    kwargs = {"id": graph_id} if graph_id is not None else {}
    return dcc.Graph(figure=without_template_automargin(figure), config=GRAPH_CONFIG, className="graph", **kwargs)


def unclipped_labels(figure: Any) -> Any:
    """Keep the text labels of a figure's points readable: a label may run into the margins
    (``cliponaxis=False``) and sits on the side of its point that faces the middle of the chart (left of
    a point in the right quarter, right of one in the left quarter, below one in the top fifth), so the
    choice's name at an edge of the scatter is neither cut off nor drawn over the axis. Changes ``figure``."""
    log_x = figure.layout.xaxis.type == "log"

    def position(v: float, axis: str) -> float:
        return math.log10(v) if axis == "x" and log_x and v > 0 else v

    def values(axis: str) -> list[float]:
        return [position(float(v), axis) for t in figure.data for v in _seq(getattr(t, axis, None))
                if isinstance(v, Real) and not (axis == "x" and log_x and v <= 0)]

    xs, ys = values("x"), values("y")
    if not xs or not ys:
        return figure
    for trace in figure.data:
        if trace.type != "scatter" or "text" not in (trace.mode or "") or not _seq(trace.x):
            continue
        fx = _fraction(position(float(_seq(trace.x)[0]), "x"), xs)
        fy = _fraction(position(float(_seq(trace.y)[0]), "y"), ys)
        horizontal = "left" if fx > 0.75 else "right" if fx < 0.25 else "center"
        trace.update(cliponaxis=False, textposition=f"{'bottom' if fy > 0.8 else 'top'} {horizontal}")
    return figure


def _fraction(v: float, values: list[float]) -> float:
    """Where ``v`` lies between the smallest and the largest of ``values`` (0..1; 0.5 when they are equal)."""
    lo, hi = min(values), max(values)
    return 0.5 if hi <= lo else (v - lo) / (hi - lo)


def _seq(value: Any) -> list[Any]:
    """A trace's x or y (a tuple, a list, a numpy array or nothing) as a list."""
    return [] if value is None else list(value)


def without_template_automargin(figure: Any) -> Any:
    """Turn off the axis auto-margins a figure only inherits from its template (``plotly_white`` sets them).

    Auto-margins make plotly.js lay a chart out several times: it draws about twice as fast without
    them (measured in docs/benchmarks.md, "Dashboard"). The charts set explicit margins, and an axis
    whose figure asks for ``automargin`` itself (long category labels) keeps it. Changes ``figure``.
    """
    for axis in ("xaxis", "yaxis"):
        if getattr(figure.layout, axis).automargin is None:
            figure.layout[axis].automargin = False
    return figure


def data_table(**kwargs: Any) -> dash_table.DataTable:
    """A :class:`dash_table.DataTable` in the dashboard's style.

    DataTable (what issue #7 asks for) warns that it will leave Dash's built-in components one day;
    its replacement, dash-ag-grid, is an extra dependency, so the warning is silenced here only.
    """
    style = {**TABLE_STYLE, **kwargs.pop("style", {})}
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"\s*The dash_table.DataTable will be removed",
                                category=DeprecationWarning)
        return dash_table.DataTable(**style, **kwargs)


def simple_table(columns: list[tuple[str, str]], rows: list[dict[str, Any]], class_name: str = "") -> html.Table:
    """A static HTML table (no sorting): ``columns`` are (key, header) pairs."""
    head = html.Thead(html.Tr([html.Th(h) for _, h in columns]))
    body = html.Tbody([html.Tr([html.Td(str(r.get(k, ""))) for k, _ in columns]) for r in rows])
    return html.Table([head, body], className=f"simple-table {class_name}".strip())


def money_columns(spec: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """DataTable columns from (id, name, kind) with kind ``text``, ``usd``, ``number`` or ``int``."""
    formats = {"usd": {"specifier": "$,.2f"}, "number": {"specifier": ".3f"}, "int": {"specifier": ",.0f"}}
    out = []
    for cid, name, kind in spec:
        col: dict[str, Any] = {"id": cid, "name": name}
        if kind in formats:
            col.update(type="numeric", format=formats[kind])
        out.append(col)
    return out


def empty_state(title: str, text: str, link: tuple[str, str] | None = None) -> html.Div:
    children: list[Any] = [html.H3(title), html.P(text)]
    if link:
        children.append(dcc.Link(link[0], href=link[1], className="button primary"))
    return html.Div(children, className="empty-state")


def alert(messages: list[str] | tuple[str, ...], kind: str = "error", title: str | None = None) -> html.Div:
    items = [html.Li(m) for m in messages]
    return html.Div([html.Strong(title) if title else None, html.Ul(items) if items else None],
                    className=f"alert alert-{kind}")
