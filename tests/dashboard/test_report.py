"""Report downloads of the current result: HTML and Markdown always, PDF with Debian's chromium."""

from __future__ import annotations

import base64

import pytest

from dashboard.logic.report import report_download
from tests.conftest import require_browser
from tests.dashboard.conftest import make_doc


@pytest.mark.parametrize("fmt, marker", [("html", "<!DOCTYPE html>"), ("md", "# selector report")])
def test_text_reports(solver, fmt, marker):
    data, status = report_download(make_doc(seed=5), fmt, solver)
    assert data["filename"] == f"portfolio-5-report.{fmt}" and data["base64"] is False
    assert marker in data["content"] and "w1" in data["content"]
    assert "ready" in status


def test_pdf_report(solver):
    require_browser()
    data, status = report_download(make_doc(seed=5), "pdf", solver)
    assert data is not None, status
    assert base64.b64decode(data["content"]).startswith(b"%PDF")


def test_no_report_without_a_result(solver):
    assert report_download(None, "html", solver) == (None, "No result yet: submit requirements first.")
    data, status = report_download({"workloads": []}, "html", solver)
    assert data is None and "workloads" in status
    assert report_download(make_doc(), "docx", solver)[0] is None
