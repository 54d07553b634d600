"""The trade-off report of the current result as ``dcc.Download`` data (HTML, Markdown or PDF)."""

from __future__ import annotations

import base64
import logging
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from selector.errors import InputError
from selector.report import render, write_report

from dashboard.logic.documents import download_name
from dashboard.logic.results import Outcome

log = logging.getLogger(__name__)

PDF_SLOT = threading.Lock()
PDF_BUSY = "Another PDF is being printed on this server; try again in a few seconds (HTML and Markdown are ready now)."
FORMATS = {"html": (".html", "text/html"), "md": (".md", "text/markdown"), "pdf": (".pdf", "application/pdf")}


def report_download(doc: Any, fmt: str, solve: Callable[[Any], Outcome]) -> tuple[dict[str, Any] | None, str]:
    """(download data or ``None``, a status line) for the recommendation ``solve(doc)``. Never raises."""
    if fmt not in FORMATS:
        return None, f"unknown report format {fmt!r}"
    if not isinstance(doc, dict):
        return None, "No result yet: submit requirements first."
    outcome = solve(doc)
    rec = outcome.recommendation
    if rec is None:
        return None, "; ".join(outcome.messages)
    suffix, mime = FORMATS[fmt]
    name = download_name(doc, f"-report{suffix}")
    try:
        if fmt == "pdf":
            if not PDF_SLOT.acquire(blocking=False):  # one headless chromium per server at a time
                return None, PDF_BUSY
            try:
                with tempfile.TemporaryDirectory(prefix="selector-dashboard-") as tmp:
                    path = Path(tmp) / name
                    write_report(rec, path)
                    data = base64.b64encode(path.read_bytes()).decode("ascii")
            finally:
                PDF_SLOT.release()
            return {"content": data, "filename": name, "type": mime, "base64": True}, f"{name} is ready."
        return {"content": render(rec, fmt), "filename": name, "type": mime, "base64": False}, f"{name} is ready."
    except InputError as exc:  # e.g. no chromium for the PDF
        return None, str(exc)
    except Exception as exc:  # a bug must not break the page
        log.exception("report failed")
        return None, f"the report failed ({type(exc).__name__}: {exc})"
