"""Browser journeys for issue #19 point 4: what-if errors keep the results; a crossed break-even is explained."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from dashboard import create_app, ids
from dashboard.layout.requirements import SUBMIT_LABEL
from tests.conftest import require_browser
from tests.dashboard.devtools import (
    choice_cards, choose, click, find, settle, start_server, text_of, type_into, wait_until,
)

pytestmark = pytest.mark.browser

READY = "Ready: 1 workload, all fields valid."
VOLUME = "workloads[0].requests_per_month"


@pytest.fixture(scope="module")
def app():
    return create_app()


def _solved(dash_duo, app, example: str) -> list[str]:
    """Start the app, load an example, press Recommend: the choice cards."""
    require_browser()
    d = start_server(dash_duo, app, READY)
    choose(d, ids.EXAMPLE, example)
    wait_until(lambda: "Loaded example" in text_of(d, ids.LOAD_STATUS))
    wait_until(lambda: find(d, ids.SUBMIT).text == SUBMIT_LABEL and text_of(d, ids.FORM_STATUS) == READY)
    click(d, ids.SUBMIT)
    wait_until(lambda: len(choice_cards(d)) == 1 and d.current_url.endswith("/results"), timeout=60,
               message="no results")
    settle(d, timeout=60)
    return choice_cards(d)


def test_bad_whatif_volume_shows_a_field_error_and_keeps_the_results(dash_duo, app):
    cards = _solved(dash_duo, app, "support faq rag")
    d = dash_duo.driver
    assert "Why this choice" in text_of(d, ids.RESULTS)
    type_into(d, ids.whatif_volume(VOLUME), "lots")
    error = wait_until(lambda: text_of(d, ids.whatif_error(VOLUME)).strip(), message="no error under the input")
    assert error == "Requests per month: got 'lots'; expected a number"
    settle(d)
    # the results stay (the exact text of the details varies while their chart redraws, so headings are read)
    assert choice_cards(d) == cards
    assert "Why this choice" in text_of(d, ids.RESULTS) and "Exclusions" in text_of(d, ids.RESULTS)
    panel = find(d, ids.WHATIF_CARD).text
    assert "workloads[" not in panel and "requests_per_month" not in panel  # a field name, not a JSON path
    assert "cannot be solved" not in d.find_element(By.TAG_NAME, "body").text
    # a negative volume too; then a valid one clears the error and re-solves
    type_into(d, ids.whatif_volume(VOLUME), "-5")
    wait_until(lambda: text_of(d, ids.whatif_error(VOLUME)).startswith("Requests per month: got -5"))
    type_into(d, ids.whatif_volume(VOLUME), "2,000,000")
    wait_until(lambda: text_of(d, ids.whatif_error(VOLUME)) == "", message="the error did not clear")
    settle(d, timeout=60)
    assert choice_cards(d) != cards  # twenty times the volume: new costs
    assert dash_duo.get_logs() == []


def test_whatif_past_a_break_even_says_why_the_strategy_stays(dash_duo, app):
    """legal-open-weights-finetune: fine-tuning at 100,000 requests/month; continued pretraining breaks even
    at about 496,000. At 550,000 it is cheaper, yet fine-tuning stays: the panel says it scores lower, on
    latency (tests/dashboard/test_whatif_notes.py has the figures)."""
    _solved(dash_duo, app, "legal open weights")
    d = dash_duo.driver
    assert "fine-tuning" in choice_cards(d)[0].lower()
    # the scatter's label of the choice (the cheapest point, at the left edge) is drawn whole, inside the
    # plot area, clear of the y axis's tick labels (once the chart is drawn: under load it comes after the cards)
    wait_until(lambda: d.execute_script("return !!document.querySelector('.chart-body .main-svg .textpoint text')"),
               timeout=60, message="the scatter was never drawn")
    label, plot = d.execute_script("""
        const svg = document.querySelector('.chart-body .main-svg');
        const t = [...svg.querySelectorAll('.textpoint text')].find(e => e.textContent.includes('Qwen2.5-7B'));
        const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
        return [t ? box(t) : null, box(svg.querySelector('.bglayer rect, .nsewdrag'))];""")
    assert label is not None, "no label on the choice"
    assert plot[0] <= label[0] and label[2] <= plot[2] and plot[1] <= label[1] and label[3] <= plot[3]
    type_into(d, ids.whatif_volume(VOLUME), "550000")
    note = wait_until(lambda: "break-even" in (t := text_of(d, ids.WHATIF_NOTE)) and t, timeout=60,
                      message="no word on the crossed break-even")
    assert "break-even with continued pretraining" in note and "stays fine-tuning" in note
    assert "cheaper" in note and "scores" in note and "worse on latency" in note
    assert dash_duo.get_logs() == []
