"""Browser journey for issue #19 point 4: the catalog table with language = ja keeps its quality column
reachable (the table scrolls sideways in its card) and its model id column pinned on the left."""

from __future__ import annotations

import pytest

from dashboard import create_app, ids
from tests.conftest import require_browser
from tests.dashboard.devtools import (
    VIEWPORT, click, find, set_viewport, settle, start_server, text_of, type_into, wait_until,
)

pytestmark = pytest.mark.browser

READY = "Ready: 1 workload, all fields valid."

# The table's scrolling box, and the boxes (viewport pixels) of a header cell and of the first data row's id
BOXES = """
const t = document.getElementById(arguments[0]);
const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top}; };
const scroller = t.querySelector('.dash-spreadsheet-container');
return {
  scroller: {...box(scroller), scrollWidth: scroller.scrollWidth, clientWidth: scroller.clientWidth,
             scrollLeft: scroller.scrollLeft},
  quality: box(t.querySelector("th[data-dash-column='quality']")),
  id: box(t.querySelector("td[data-dash-column='id']")),
  idText: t.querySelector("td[data-dash-column='id']").innerText,
  hit: (() => { const r = t.querySelector("td[data-dash-column='id']").getBoundingClientRect();
                const e = document.elementFromPoint(r.left + 5, r.top + r.height / 2);
                return e ? (e.closest("td") || e).getAttribute("data-dash-column") : null; })(),
};
"""


def _boxes(d):
    return d.execute_script(BOXES, ids.CATALOG_TABLE)


@pytest.mark.parametrize("width", [VIEWPORT[0], 900])
def test_catalog_with_language_ja_shows_quality_and_pins_the_model_id(dash_duo, width):
    require_browser()
    d = start_server(dash_duo, create_app(), READY)
    set_viewport(d, width, VIEWPORT[1])
    click(d, ids.nav_link("catalog"))
    total = wait_until(lambda: text_of(d, ids.CATALOG_COUNT))
    type_into(d, ids.FILTER_LANGUAGE, "ja")
    wait_until(lambda: text_of(d, ids.CATALOG_COUNT) != total, message="the language filter did nothing")
    settle(d)
    b = _boxes(d)
    page_width = d.execute_script("return document.documentElement.clientWidth")
    assert d.execute_script("return document.documentElement.scrollWidth") <= page_width  # the page never scrolls
    if b["quality"]["right"] > b["scroller"]["right"] + 1:  # narrow window: the table scrolls inside its card
        assert b["scroller"]["scrollWidth"] > b["scroller"]["clientWidth"]
        d.execute_script("document.querySelector(arguments[0]).scrollLeft = 1e6;",
                         f"#{ids.CATALOG_TABLE} .dash-spreadsheet-container")
        b2 = wait_until(lambda: (x := _boxes(d))["scroller"]["scrollLeft"] > 0 and x)
        assert b2["id"]["left"] == pytest.approx(b["id"]["left"], abs=1)  # the id column stayed put
        assert b2["hit"] == "id"  # ... drawn over the columns that scrolled beneath it
        b = b2
    else:
        assert width == VIEWPORT[0]  # at the designed size everything fits
    assert b["scroller"]["left"] <= b["quality"]["left"] and b["quality"]["right"] <= b["scroller"]["right"] + 1
    assert b["quality"]["right"] <= page_width
    assert find(d, ids.CATALOG_TABLE).find_element("css selector", "th[data-dash-column='quality']").text == "quality"
    assert b["idText"]  # the first row names its model
    assert dash_duo.get_logs() == []
