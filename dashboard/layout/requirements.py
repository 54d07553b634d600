"""The requirements page: a form generated from the requirements schema, with weights, uploads and examples."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from selector.yamlio import LIMITS

from dashboard import ids
from dashboard.layout.components import card
from dashboard.logic.form import SWITCH_ON, get_in, to_widget, weights_for_sliders, workload_count
from dashboard.logic.schema import (
    CHOICE,
    INTEGER,
    MULTI_CHOICE,
    NUMBER,
    SWITCH,
    TEXT_LIST,
    FieldSpec,
    GroupSpec,
    bounds_text,
    form_spec,
    with_prefix,
)
from dashboard.logic.weights import shares

# Text fields send their value when the person leaves the field or presses Enter. A timed debounce
# would validate while typing, but a click on Recommend within the pause would read the old value,
# and a field removed within the pause makes Dash's timer fail in the browser.
TEXT_DEBOUNCE = True

# The Recommend button: its label and class at rest, and while the solver runs (disabled, with a spinner).
SUBMIT_LABEL, SUBMIT_BUSY_LABEL = "Recommend →", "Solving…"
SUBMIT_CLASS = "button primary wide"
SUBMIT_BUSY_CLASS = SUBMIT_CLASS + " busy"


def _placeholder(spec: FieldSpec) -> str:
    if spec.default in (None, [], ""):
        return "none" if spec.nullable else ""
    default = ", ".join(map(str, spec.default)) if isinstance(spec.default, list) else spec.default
    return f"default {default}"


def widget(spec: FieldSpec, value: Any) -> Any:
    """The input component for one field, showing ``value`` (a document value)."""
    shown = to_widget(spec, value)
    wid = ids.field(spec.path)
    if spec.widget == CHOICE:
        return dcc.Dropdown(id=wid, options=[{"label": o.replace("_", " "), "value": o} for o in spec.options],
                            value=shown, clearable=not spec.required, className="dropdown",
                            placeholder=_placeholder(spec) or "choose…")
    if spec.widget == MULTI_CHOICE:
        return dcc.Dropdown(id=wid, options=list(spec.options), value=shown, multi=True, className="dropdown",
                            placeholder="any" if spec.nullable else "from the task")
    if spec.widget == SWITCH:
        return dcc.Checklist(id=wid, options=[{"label": " yes", "value": SWITCH_ON}], value=shown,
                             className="switch", inputClassName="switch-input")
    mode = {NUMBER: "decimal", INTEGER: "numeric"}.get(spec.widget, "text")
    return dcc.Input(id=wid, type="text", inputMode=mode, value=shown, debounce=TEXT_DEBOUNCE, name=spec.path,
                     placeholder=_placeholder(spec), className="input", autoComplete="off", spellCheck=False)


def field(spec: FieldSpec, value: Any) -> html.Div:
    """Label (with unit and required mark), input, help text with bounds, and the message slot."""
    label = [spec.label]
    if spec.required:
        label.append(html.Span(" *", className="required", title="required"))
    if spec.unit and spec.unit != "relative":
        label.append(html.Span(f" ({spec.unit})", className="unit"))
    bounds = bounds_text(spec)
    help_text = spec.help + (f" Allowed: {bounds}." if bounds else "") + (
        " Separate several with commas." if spec.widget == TEXT_LIST else "")
    return html.Div([
        html.Label(label, className="field-label"),
        widget(spec, value),
        html.Div(help_text, className="field-help"),
        html.Div(id=ids.message(spec.path), className="field-error", role="alert"),
    ], className=f"field field-{spec.widget}")


def group(spec: GroupSpec, doc: dict[str, Any], prefix: str = "") -> html.Fieldset:
    path = prefix + spec.path
    return html.Fieldset([
        html.Legend(spec.label),
        html.Div(spec.help, className="group-help"),
        html.Div([field(with_prefix(f, prefix), get_in(doc, prefix + f.path)) for f in spec.fields],
                 className="group-fields"),
        html.Div(id=ids.message(path), className="field-error", role="alert"),
    ], className="group")


def items(specs: tuple[FieldSpec | GroupSpec, ...], doc: dict[str, Any], prefix: str = "") -> list[Any]:
    return [group(s, doc, prefix) if isinstance(s, GroupSpec)
            else field(with_prefix(s, prefix), get_in(doc, prefix + s.path)) for s in specs]


def workload_card(doc: dict[str, Any], index: int, count: int) -> html.Div:
    prefix = f"workloads[{index}]."
    remove = html.Button("Remove", id=ids.remove_workload(index), className="button subtle small",
                         disabled=count <= 1, title="a requirements file needs at least one workload")
    return html.Div([
        html.Div([html.H3(f"Workload {index + 1}", className="card-title"), remove], className="card-head"),
        html.Div(id=ids.message(f"workloads[{index}]"), className="field-error", role="alert"),
        html.Div(items(form_spec().workload, doc, prefix), className="field-grid"),
    ], className="card workload")


def form_children(doc: dict[str, Any]) -> list[Any]:
    """Everything in the form that depends on the document (the weights sit apart, beside it)."""
    spec = form_spec()
    count = max(workload_count(doc), 1)
    return [
        card(html.Div(items(spec.portfolio, doc), className="field-grid"), title="Portfolio",
             subtitle="Shared by all workloads: the horizon the costs are summed over, caps and region.",
             class_name="portfolio"),
        html.Div([html.H2("Workloads", className="section-title"),
                  html.Span(spec.workloads_help, className="section-help")], className="section-head"),
        html.Div(id=ids.message("workloads"), className="field-error", role="alert"),
        *[workload_card(doc, i, count) for i in range(count)],
    ]


def weight_sliders(form: str, values: dict[str, float]) -> html.Div:
    """One slider per criterion of the schema's weights, with its normalised share beside it."""
    rows = []
    share = shares(values)
    for spec in form_spec().weights.fields:
        rows.append(html.Div([
            html.Div([html.Span(spec.label, className="weight-name"),
                      html.Span(share.get(spec.key, ""), id=ids.weight_share(form, spec.key),
                                className="weight-share")],
                     className="weight-head", title=spec.help),
            dcc.Slider(id=ids.weight(form, spec.key), min=0, max=1, step=0.05, value=values.get(spec.key),
                       marks=None, updatemode="mouseup", className="weight-slider"),
        ], className="weight-row"))
    return html.Div(rows, className="weights")


def example_options(examples: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Picker options: the example's name in bold over its whole description (wrapped, never cut)."""
    return [{"label": html.Div([html.Div(e["name"], className="example-name"),
                                html.Div(e["description"], className="example-desc")], className="example-option"),
             "value": e["value"], "search": e["label"]} for e in examples]


def toolbar(examples: list[dict[str, str]]) -> html.Div:
    return html.Div([
        html.Div(dcc.Dropdown(id=ids.EXAMPLE, options=example_options(examples), placeholder="Load an example…",
                              className="example-picker", clearable=False, searchable=True, optionHeight="auto",
                              maxHeight=520), className="example-picker-wrap"),
        dcc.Upload(html.Button("Upload req.yaml", className="button",
                               title=f"a YAML or JSON requirements file, at most {LIMITS.max_bytes:,} bytes"),
                   id=ids.UPLOAD, accept=".yaml,.yml,.json", max_size=LIMITS.max_bytes, multiple=False),
        dcc.Upload(html.Button("Upload evidence.yaml", className="button",
                               title="measured quality from selector evaluate --out: replaces the catalog prior"),
                   id=ids.EVIDENCE_UPLOAD, accept=".yaml,.yml", max_size=5_000_000, multiple=False),
        html.Button("Download YAML", id=ids.DOWNLOAD_YAML_BUTTON, className="button"),
        html.Button("+ Add workload", id=ids.ADD_WORKLOAD, className="button"),
        dcc.Download(id=ids.DOWNLOAD_YAML),
    ], className="toolbar")


def requirements_page(doc: dict[str, Any], examples: list[dict[str, str]]) -> html.Div:
    return html.Div([
        html.Div([
            html.Div([html.H1("Requirements"),
                      html.P("Describe each workload; each field is checked as soon as you leave it. Empty "
                             "fields use the default shown in grey.", className="lead")]),
        ], className="page-head"),
        toolbar(examples),
        html.Div(id=ids.LOAD_STATUS, className="load-status"),
        html.Div(id=ids.EVIDENCE_STATUS, className="load-status"),
        html.Div([
            html.Div(form_children(doc), id=ids.FORM, className="form-main"),
            html.Div([
                card(weight_sliders(ids.REQ_FORM, weights_for_sliders(doc)),
                     html.Div(id=ids.message("weights"), className="field-error", role="alert"),
                     title="Weights", subtitle=form_spec().weights.help),
                html.Div([
                    html.Button(SUBMIT_LABEL, id=ids.SUBMIT, className=SUBMIT_CLASS),
                    html.Div(id=ids.FORM_STATUS, className="form-status"),
                    html.Div(id=ids.message(""), className="field-error", role="alert"),
                    html.Div(id=ids.SUBMIT_STATUS, className="submit-status"),
                ], className="card submit-card"),
            ], className="form-side"),
        ], className="form-layout"),
    ], id=ids.PAGE_REQUIREMENTS, className="page")
