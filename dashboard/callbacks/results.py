"""Results page: what-if changes (solved at once), chart tabs, report downloads.

The first solve of a document happens in the requirements page's submit callback, which fills the
results page in the same round trip.
"""

from __future__ import annotations

from dash import ALL, MATCH, Dash, Input, Output, State, ctx as dash_ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.layout.results import RESULTS_OUTPUTS, chart_view, results_view, whatif_note
from dashboard.logic import whatif
from dashboard.logic.report import report_download
from dashboard.logic.whatif_notes import notes

WHATIF_WEIGHTS = ids.all_weights(ids.WHATIF_FORM)
REQ_WEIGHTS = ids.all_weights(ids.REQ_FORM)
VOLUMES = {"type": ids.WHATIF_VOLUME, "path": ALL}
VOLUME_ERRORS = {"type": ids.WHATIF_ERROR, "path": ALL}
FORM_VOLUMES = ids.all_fields(whatif.VOLUME_KEY)  # the requirements form's copies of the volumes


def register(app: Dash, ctx) -> None:
    @app.callback(
        Output({"type": ids.CHART, "workload": MATCH}, "children"),
        Input({"type": ids.CHART_TABS, "workload": MATCH}, "value"),
        State(ids.STORE_REQ, "data"),
        prevent_initial_call=True,  # the first chart comes with the page
    )
    def show_chart(key, doc):
        return chart_view(doc, dash_ctx.outputs_list["id"]["workload"], key, ctx.solve)

    @app.callback(
        Output(ids.STORE_REQ, "data", allow_duplicate=True),
        Output(REQ_WEIGHTS, "value", allow_duplicate=True),
        Output(FORM_VOLUMES, "value"),
        *[Output(i, prop, allow_duplicate=True) for i, prop in RESULTS_OUTPUTS],
        Output(VOLUME_ERRORS, "children"),
        Output(ids.WHATIF_NOTE, "children"),
        Input(WHATIF_WEIGHTS, "value"),
        Input(VOLUMES, "value"),
        State(WHATIF_WEIGHTS, "id"),
        State(VOLUMES, "id"),
        State(ids.STORE_REQ, "data"),
        State(REQ_WEIGHTS, "id"),
        State(FORM_VOLUMES, "id"),
        State(FORM_VOLUMES, "value"),
        prevent_initial_call=True,
    )
    def what_if(weights, volumes, weight_ids, volume_ids, doc, req_weight_ids, form_ids, form_values):
        change = whatif.change(doc, {i["criterion"]: v for i, v in zip(weight_ids, weights, strict=False)},
                               {i["path"]: v for i, v in zip(volume_ids, volumes, strict=False)},
                               {i["path"]: v for i, v in zip(form_ids, form_values, strict=False)})
        if change is None:
            raise PreventUpdate
        errors = [change.errors.get(i["id"]["path"], "") for i in dash_ctx.outputs_list[-2]]
        if change.doc is None:  # nothing new, or an invalid value: the results shown stay
            return (no_update, [no_update] * len(req_weight_ids), [no_update] * len(form_ids),
                    *[no_update] * len(RESULTS_OUTPUTS), errors, whatif_note([], change.problem))
        why = notes(ctx.solve(doc).recommendation, ctx.solve(change.doc).recommendation, doc, change.doc)
        return (change.doc, [change.sliders.get(i["criterion"]) for i in req_weight_ids],
                [change.form_volumes.get(i["path"], no_update) for i in form_ids],
                *results_view(change.doc, ctx.solve).outputs(), errors, whatif_note(why))

    @app.callback(
        Output(ids.REPORT_DOWNLOAD, "data"),
        Output(ids.REPORT_STATUS, "children"),
        Input({"type": ids.REPORT_BUTTON, "format": ALL}, "n_clicks"),
        State(ids.STORE_REQ, "data"),
        prevent_initial_call=True,
    )
    def download_report(clicks, doc):
        trigger = dash_ctx.triggered_id
        if not isinstance(trigger, dict) or not any(clicks):
            raise PreventUpdate
        data, status = report_download(doc, trigger["format"], ctx.solve)
        return data if data is not None else no_update, status
