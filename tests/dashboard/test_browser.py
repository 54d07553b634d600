"""The dashboard in a real browser (dash_duo + Debian chromium, headless): few tests, each a whole journey.

Every test ends by asserting that the page logged no console errors.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard import create_app, ids
from tests.dashboard.devtools import (
    choice_cards, choose, click, find, settle, slide, start_server, text_of, type_into, value_of, wait_for_text,
    wait_until,
)
from tests.conftest import require_browser

pytestmark = pytest.mark.browser

READY = "Ready: {} workload{}, all fields valid."


@pytest.fixture(scope="module")
def app():
    return create_app()


def _start(dash_duo, app):
    require_browser()
    return start_server(dash_duo, app, READY.format(1, ""))


def _cards(d) -> list[str]:
    """The text of each choice card once every callback has finished."""
    settle(d)
    return choice_cards(d)


def _message(d, path: str) -> str:
    return text_of(d, ids.message(path))


def test_fill_form_submit_then_change_weight_and_volume(dash_duo, app):
    d = _start(dash_duo, app)
    # a second workload: its volume is asked for at once, beside the field
    click(d, ids.ADD_WORKLOAD)
    wait_until(lambda: "required field is missing" in _message(d, "workloads[1].requests_per_month"))
    type_into(d, ids.field("workloads[0].name"), "<b>faq</b>")  # markup must come back as text
    choose(d, ids.field("workloads[1].task"), "summarization")
    type_into(d, ids.field("workloads[1].requests_per_month"), "50,000")
    wait_for_text(d, ids.FORM_STATUS, READY.format(2, "s"))
    # a wrong value gets its message beside the field and the form is not ready; fixing it clears both
    type_into(d, ids.field("workloads[1].input_tokens"), "lots")
    wait_until(lambda: "expected a number" in _message(d, "workloads[1].input_tokens"))
    assert text_of(d, ids.FORM_STATUS).startswith("1 problem")
    type_into(d, ids.field("workloads[1].input_tokens"), "1500")
    wait_for_text(d, ids.FORM_STATUS, READY.format(2, "s"))
    assert _message(d, "workloads[1].input_tokens") == ""

    click(d, ids.SUBMIT)
    wait_until(lambda: len(_cards(d)) == 2, message="no choice cards after submit")
    assert d.current_url.endswith("/results")
    first = _cards(d)
    assert "<b>faq</b>" in first[0].lower() and "score" in first[0]  # shown as text, not as markup
    assert "workload-1" in first[1].lower()

    # what-if: all weight on cost re-solves
    slide(d, ids.weight(ids.WHATIF_FORM, "quality"), Keys.HOME)
    slide(d, ids.weight(ids.WHATIF_FORM, "cost"), Keys.END)
    wait_until(lambda: (c := _cards(d)) != first and len(c) == 2, message="a new weight did not re-solve")
    assert text_of(d, ids.weight_share(ids.WHATIF_FORM, "quality")) == "0%"
    after_weights = _cards(d)

    # what-if: ten times the volume of the second workload changes its costs, not the first workload's
    type_into(d, ids.whatif_volume("workloads[1].requests_per_month"), "500000")
    wait_until(lambda: _cards(d)[1] != after_weights[1], message="a new volume did not re-solve")
    assert _cards(d)[0] == after_weights[0]

    # the requirements form follows the what-if edits
    click(d, ids.nav_link("requirements"))
    assert value_of(d, ids.field("workloads[1].requests_per_month")) == "500000"
    assert text_of(d, ids.weight_share(ids.REQ_FORM, "quality")) == "0%"
    assert dash_duo.get_logs() == []


def test_catalog_filter_sort_and_compare(dash_duo, app):
    d = _start(dash_duo, app)
    click(d, ids.nav_link("catalog"))
    total = wait_until(lambda: text_of(d, ids.CATALOG_COUNT))
    choose(d, ids.FILTER_PROVIDER, "openai")
    wait_until(lambda: text_of(d, ids.CATALOG_COUNT) != total, message="the provider filter did nothing")

    def column(name: str) -> list[str]:
        return [c.text for c in d.find_elements(By.CSS_SELECTOR, f"#{ids.CATALOG_TABLE} td[data-dash-column='{name}']")]

    assert column("provider") and set(column("provider")) == {"openai"}
    d.find_element(By.CSS_SELECTOR, f"#{ids.CATALOG_TABLE} th[data-dash-column='input_price'] .column-header--sort"
                   ).click()
    wait_until(lambda: (p := [float(x.strip("$").replace(",", "")) for x in column("input_price") if x]) == sorted(p)
               and len(p) > 1, message="the table did not sort by price")
    boxes = d.find_elements(By.CSS_SELECTOR, f"#{ids.CATALOG_TABLE} td.dash-select-cell input")
    boxes[0].click()
    boxes[1].click()
    wait_until(lambda: "Sources and dates" in text_of(d, ids.CATALOG_COMPARE), message="no comparison")
    compare = text_of(d, ids.CATALOG_COMPARE)
    assert "retrieved" in compare and "context window" in compare
    assert dash_duo.get_logs() == []


def test_remove_workload_then_load_example_and_download_reports(dash_duo, app):
    d = _start(dash_duo, app)
    # a value typed just before a structural change is kept (the field sends it when left)
    click(d, ids.ADD_WORKLOAD)
    type_into(d, ids.field("workloads[1].requests_per_month"), "777")
    click(d, ids.remove_workload(0))
    wait_until(lambda: value_of(d, ids.field("workloads[0].name")) == "workload-1")
    assert value_of(d, ids.field("workloads[0].requests_per_month")) == "777"
    wait_until(lambda: find(d, ids.remove_workload(0)).get_attribute("disabled"), message="the last workload stays")

    choose(d, ids.EXAMPLE, "support faq rag")
    assert "Loaded example support-faq-rag.yaml" in wait_until(lambda: text_of(d, ids.LOAD_STATUS))
    assert value_of(d, ids.field("workloads[0].name")) == "faq-bot"
    click(d, ids.SUBMIT)
    wait_until(lambda: len(_cards(d)) == 1, message="no results for the example")
    download = Path(dash_duo.download_path)
    for fmt, marker in (("html", "<!DOCTYPE html>"), ("md", "# selector report")):
        click(d, ids.report_button(fmt))
        target = download / f"support-faq-report.{fmt}"
        wait_until(lambda t=target: t.exists() and marker in t.read_text(encoding="utf-8"), timeout=20,
                   message=f"no {fmt} report downloaded")
        assert "faq-bot" in target.read_text(encoding="utf-8")
    assert "is ready" in text_of(d, ids.REPORT_STATUS)
    assert dash_duo.get_logs() == []


def test_upload_requirements_and_evidence_then_decide_on_measured_quality(dash_duo, app):
    d = _start(dash_duo, app)
    folder = Path(__file__).resolve().parents[2] / "examples" / "evaluation"
    d.find_element(By.CSS_SELECTOR, f"#{ids.UPLOAD} input[type=file]").send_keys(str(folder / "req.yaml"))
    wait_until(lambda: value_of(d, ids.field("workloads[0].name")) == "ticket-triage")
    d.find_element(By.CSS_SELECTOR, f"#{ids.EVIDENCE_UPLOAD} input[type=file]").send_keys(str(folder / "evidence.yaml"))
    assert "5 measurement(s) of classification" in wait_until(lambda: text_of(d, ids.EVIDENCE_STATUS))
    click(d, ids.SUBMIT)
    wait_until(lambda: len(_cards(d)) == 1, message="no results with the evidence")
    assert "llama-v3p3-70b-instruct" in _cards(d)[0]  # the measured pick of the worked example
    body = d.find_element(By.TAG_NAME, "body").text
    assert "evidence grade measured" in body and "changed the pick" in body
    assert dash_duo.get_logs() == []
