"""Requirements page: load/upload/add/remove, live validation, weight shares, YAML download, submit."""

from __future__ import annotations

from dash import ALL, MATCH, Dash, Input, Output, State, ctx as dash_ctx, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.layout.components import alert
from dashboard.layout.requirements import (
    SUBMIT_BUSY_CLASS,
    SUBMIT_BUSY_LABEL,
    SUBMIT_CLASS,
    SUBMIT_LABEL,
    form_children,
)
from dashboard.layout.results import RESULTS_OUTPUTS, results_view, whatif_controls
from dashboard.logic import actions
from dashboard.logic.evidence import attach as attach_evidence
from dashboard.logic.form import form_to_doc
from dashboard.logic.validate import check, slot_messages, summary
from dashboard.logic.weights import shares

FIELDS = ids.all_fields()
REQ_WEIGHTS = ids.all_weights(ids.REQ_FORM)


def form_states() -> list[State]:
    return [State(FIELDS, "value"), State(FIELDS, "id"), State(REQ_WEIGHTS, "value"), State(REQ_WEIGHTS, "id")]


def doc_of(values, field_ids, weights, weight_ids) -> dict:
    """The document the form's widgets describe."""
    return form_to_doc([i["path"] for i in field_ids], values,
                       {i["criterion"]: v for i, v in zip(weight_ids, weights, strict=False)})


def slider_values(weight_ids, values: dict[str, float]) -> list[float]:
    return [values.get(i["criterion"]) for i in weight_ids]


# While the submit callback runs the button is disabled, says "Solving…" and spins (Dash's ``running=``).
SUBMIT_BUSY = [(Output(ids.SUBMIT, "disabled"), True, False),
               (Output(ids.SUBMIT, "children"), SUBMIT_BUSY_LABEL, SUBMIT_LABEL),
               (Output(ids.SUBMIT, "className"), SUBMIT_BUSY_CLASS, SUBMIT_CLASS)]


def register(app: Dash, ctx) -> None:
    @app.callback(
        Output(ids.FORM, "children"),
        Output(REQ_WEIGHTS, "value"),
        Output(ids.LOAD_STATUS, "children"),
        Output(ids.EXAMPLE, "value"),
        Output(ids.UPLOAD, "contents"),
        Input(ids.EXAMPLE, "value"),
        Input(ids.UPLOAD, "contents"),
        Input(ids.ADD_WORKLOAD, "n_clicks"),
        Input({"type": ids.REMOVE_WORKLOAD, "index": ALL}, "n_clicks"),
        State(ids.UPLOAD, "filename"),
        *form_states(),
        prevent_initial_call=True,
    )
    def change_form(example, contents, _add, _remove, filename, values, field_ids, weights, weight_ids):
        action, index = actions.action_for(dash_ctx.triggered_id, dash_ctx.triggered[0]["value"])
        if action is None:
            raise PreventUpdate
        current = doc_of(values, field_ids, weights, weight_ids)
        update = actions.form_action(action, current, example=example, upload=(contents, filename), index=index,
                                     examples_dir=ctx.examples_dir)
        status = alert(list(update.status[1:]), kind=update.status_kind, title=update.status[0]) \
            if update.status else None
        reset = {a: None if a == action else no_update for a in (actions.LOAD_EXAMPLE, actions.UPLOAD)}
        return (no_update if update.doc is None else form_children(update.doc),
                [no_update] * len(weight_ids) if update.weights is None else slider_values(weight_ids, update.weights),
                status, reset[actions.LOAD_EXAMPLE], reset[actions.UPLOAD])  # so the same file can be loaded again

    @app.callback(
        Output({"type": ids.MESSAGE, "path": ALL}, "children"),
        Output(ids.FORM_STATUS, "children"),
        Output(ids.FORM_STATUS, "className"),
        Input(FIELDS, "value"),
        Input(REQ_WEIGHTS, "value"),
        State(FIELDS, "id"),
        State(REQ_WEIGHTS, "id"),
        State({"type": ids.MESSAGE, "path": ALL}, "children"),
        State({"type": ids.MESSAGE, "path": ALL}, "id"),
    )
    def validate(values, weights, field_ids, weight_ids, shown, slot_ids):
        checked = check(doc_of(values, field_ids, weights, weight_ids))
        messages = slot_messages(checked, [i["path"] for i in slot_ids])
        # only the slots whose text changes are sent: each update re-renders the page's components
        return ([m if m != (old or "") else no_update for m, old in zip(messages, shown, strict=False)],
                summary(checked), "form-status ok" if checked.ok else "form-status bad")

    @app.callback(
        Output({"type": ids.WEIGHT_SHARE, "form": MATCH, "criterion": ALL}, "children"),
        Input({"type": ids.WEIGHT, "form": MATCH, "criterion": ALL}, "value"),
        State({"type": ids.WEIGHT, "form": MATCH, "criterion": ALL}, "id"),
        prevent_initial_call=True,  # the layout shows the shares of the sliders' first positions
    )
    def weight_shares(values, weight_ids):
        text = shares({i["criterion"]: v for i, v in zip(weight_ids, values, strict=False)})
        return [text[o["id"]["criterion"]] for o in dash_ctx.outputs_list]

    @app.callback(
        Output(ids.DOWNLOAD_YAML, "data"),
        Input(ids.DOWNLOAD_YAML_BUTTON, "n_clicks"),
        *form_states(),
        prevent_initial_call=True,
    )
    def download_yaml(_clicks, values, field_ids, weights, weight_ids):
        return actions.yaml_download(doc_of(values, field_ids, weights, weight_ids))

    @app.callback(
        Output(ids.STORE_REQ, "data"),
        Output(ids.URL, "pathname"),
        Output(ids.SUBMIT_STATUS, "children"),
        Output(ids.WHATIF, "children"),
        Output(ids.WHATIF_CARD, "className"),
        Output(ids.WHATIF_NOTE, "children"),
        *[Output(i, prop) for i, prop in RESULTS_OUTPUTS],
        Input(ids.SUBMIT, "n_clicks"),
        *form_states(),
        State(ids.STORE_EVIDENCE, "data"),
        prevent_initial_call=True,
        running=SUBMIT_BUSY,
    )
    def submit(_clicks, values, field_ids, weights, weight_ids, evidence):
        doc = doc_of(values, field_ids, weights, weight_ids)
        ok, message = actions.submit(doc)
        if not ok:
            return no_update, no_update, html.Span(message, className="bad"), *[no_update] * (3 + len(RESULTS_OUTPUTS))
        doc = attach_evidence(doc, evidence)  # an uploaded evaluation file: measured quality in place of the prior
        return (doc, "/results", "", whatif_controls(doc), "card whatif", None,
                *results_view(doc, ctx.solve).outputs())  # solved here: the results page fills in one round trip
