"""Browser journeys for issue #19 point 4: the busy Recommend button and an upload with an unknown key."""

from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.by import By

import dashboard.app as dashboard_app
from dashboard import create_app, ids
from dashboard.layout.requirements import SUBMIT_BUSY_LABEL, SUBMIT_LABEL
from dashboard.logic.results import Solver
from tests.conftest import require_browser
from tests.dashboard.devtools import (
    choice_cards, click, find, settle, start_server, text_of, value_of, wait_until,
)

pytestmark = pytest.mark.browser

READY = "Ready: 1 workload, all fields valid."


class SlowSolver(Solver):
    """The real solver, two seconds slower, so the busy state lasts long enough to be seen."""

    def __call__(self, doc):  # type: ignore[no-untyped-def]
        time.sleep(2)
        return super().__call__(doc)


@pytest.fixture
def slow_app(monkeypatch):
    monkeypatch.setattr(dashboard_app, "Solver", SlowSolver)
    return create_app()


def test_recommend_button_is_disabled_while_solving_then_enabled(dash_duo, slow_app):
    require_browser()
    d = start_server(dash_duo, slow_app, READY)
    button = find(d, ids.SUBMIT)
    assert button.is_enabled() and button.text == SUBMIT_LABEL
    click(d, ids.SUBMIT)
    wait_until(lambda: not find(d, ids.SUBMIT).is_enabled(), timeout=2, message="button not disabled while solving")
    assert find(d, ids.SUBMIT).text == SUBMIT_BUSY_LABEL and "busy" in find(d, ids.SUBMIT).get_attribute("class")
    wait_until(lambda: len(choice_cards(d)) == 1, timeout=30, message="no results")
    settle(d)
    # the results page is now shown (the requirements page hidden), so the label is read from the DOM
    button = find(d, ids.SUBMIT)
    assert button.is_enabled() and button.get_attribute("textContent") == SUBMIT_LABEL
    assert "busy" not in button.get_attribute("class")
    assert dash_duo.get_logs() == []


def test_upload_with_unknown_key_names_it_and_the_allowed_keys(dash_duo, tmp_path):
    require_browser()
    d = start_server(dash_duo, create_app(), READY)
    path = tmp_path / "req.yaml"
    path.write_text("name: p\nbudget:\n  monthly: 100\nworkloads:\n  - name: a\n    task: chat\n"
                    "    requests_per_month: 1000\n", encoding="utf-8")
    d.find_element(By.CSS_SELECTOR, f"#{ids.UPLOAD} input[type=file]").send_keys(str(path))
    status = wait_until(lambda: "budget.monthly" in (t := text_of(d, ids.LOAD_STATUS)) and t)
    assert "unknown key" in status and "monthly_usd" in status and "one_off_usd" in status
    assert status.startswith("Did not load req.yaml")  # not loaded with the key dropped
    assert find(d, ids.LOAD_STATUS).find_element(By.CSS_SELECTOR, ".alert-error")
    assert value_of(d, ids.field("workloads[0].name")) == "assistant"  # the form is as it was
    assert dash_duo.get_logs() == []
