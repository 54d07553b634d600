"""Requirements page: the evaluation file uploaded beside the requirements."""

from __future__ import annotations

from dash import Dash, Input, Output, State

from dashboard import ids
from dashboard.layout.components import alert
from dashboard.logic.evidence import decode_evidence


def register(app: Dash, ctx) -> None:
    @app.callback(
        Output(ids.STORE_EVIDENCE, "data"),
        Output(ids.EVIDENCE_STATUS, "children"),
        Input(ids.EVIDENCE_UPLOAD, "contents"),
        State(ids.EVIDENCE_UPLOAD, "filename"),
        prevent_initial_call=True,
    )
    def upload_evidence(contents, filename):
        loaded = decode_evidence(contents, filename)
        return loaded.text, alert([loaded.message], kind="info" if loaded.ok else "error",
                                  title="Evidence loaded" if loaded.ok else "Evidence not loaded")
