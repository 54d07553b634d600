"""Every component id of the dashboard, in one module shared by the layout, the callbacks and the tests.

Static ids are plain strings. Components made per schema field or per workload use pattern-matching
dict ids built by the small functions below; :func:`dom_id` gives the DOM ``id`` attribute Dash
renders for a dict id (what browser tests look up).
"""

from __future__ import annotations

import json

from dash import ALL

# Shell
URL = "url"
NAV = "nav"
PAGE_REQUIREMENTS = "page-requirements"
PAGE_RESULTS = "page-results"
PAGE_CATALOG = "page-catalog"
NAV_LINK = "nav-link"  # dict id type: {"type": NAV_LINK, "page": <page key>}

# Per-session state
STORE_REQ = "store-requirements"  # the submitted requirements document (JSON), what the results show
STORE_EVIDENCE = "store-evidence"  # the uploaded evidence file's text, attached to the next submitted document

# Requirements page
EXAMPLE = "req-example"
UPLOAD = "req-upload"
EVIDENCE_UPLOAD = "req-evidence-upload"  # an evaluation file (selector evaluate --out) beside the requirements
EVIDENCE_STATUS = "req-evidence-status"
DOWNLOAD_YAML_BUTTON = "req-download-yaml"
DOWNLOAD_YAML = "req-download-yaml-file"
ADD_WORKLOAD = "req-add-workload"
SUBMIT = "req-submit"
FORM = "req-form"
FORM_STATUS = "req-form-status"  # validation summary beside the Recommend button
LOAD_STATUS = "req-load-status"  # what an example or upload loaded, and the file's problems
SUBMIT_STATUS = "req-submit-status"
FIELD = "field"  # dict id type: {"type": FIELD, "key": "requests_per_month", "path": "workloads[0].requests_per_month"}
MESSAGE = "message"  # dict id type: {"type": MESSAGE, "path": <field or group path, "" = whole form>}
REMOVE_WORKLOAD = "remove-workload"  # dict id type: {"type": REMOVE_WORKLOAD, "index": i}
WEIGHT = "weight"  # dict id type: {"type": WEIGHT, "form": "req"|"whatif", "criterion": "quality"}
WEIGHT_SHARE = "weight-share"  # the normalised share shown beside a weight slider, same keys as WEIGHT

# Results page
SUMMARY_BAR = "results-summary-bar"  # shown once there is a result: summary and report buttons
SUMMARY = "results-summary"  # status, totals, provenance
RESULTS_TOP = "results-top"  # conflicts and choice cards
RESULTS = "results-body"  # the details per workload
WHATIF_CARD = "results-whatif-card"
WHATIF = "results-whatif"  # the what-if controls, made for each submitted document
WHATIF_VOLUME = "whatif-volume"  # dict id type: {"type": WHATIF_VOLUME, "path": "workloads[0].requests_per_month"}
WHATIF_ERROR = "whatif-error"  # what is wrong with a what-if volume, same keys as WHATIF_VOLUME
WHATIF_NOTE = "results-whatif-note"  # why a what-if changed the strategy or not; problems with the weights
REPORT_BUTTON = "report-button"  # dict id type: {"type": REPORT_BUTTON, "format": "html"|"md"|"pdf"}
REPORT_DOWNLOAD = "report-download"
REPORT_STATUS = "report-status"
CHOICE_CARD = "choice-card"  # dict id type: {"type": CHOICE_CARD, "workload": index}
ALTERNATIVES = "alternatives"  # dict id type: {"type": ALTERNATIVES, "workload": index}
CHART_TABS = "chart-tabs"  # dict id type: {"type": CHART_TABS, "workload": index}
CHART = "chart"  # the selected chart of a workload: {"type": CHART, "workload": index}

# Catalog page
CATALOG_TABLE = "catalog-table"
CATALOG_COUNT = "catalog-count"
CATALOG_COMPARE = "catalog-compare"
FILTER_SEARCH = "catalog-filter-search"
FILTER_PROVIDER = "catalog-filter-provider"
FILTER_KIND = "catalog-filter-kind"
FILTER_MODALITY = "catalog-filter-modality"
FILTER_LANGUAGE = "catalog-filter-language"
FILTER_OPEN_WEIGHTS = "catalog-filter-open-weights"
FILTER_MAX_PRICE = "catalog-filter-max-price"
QUALITY_FAMILY = "catalog-quality-family"

REQ_FORM = "req"  # the "form" key of WEIGHT ids on the requirements page
WHATIF_FORM = "whatif"  # ... and on the results page


def field(path: str) -> dict[str, str]:
    """A form field's id; ``key`` (the last part of the path) lets a callback address one field of every workload."""
    return {"type": FIELD, "key": path.rsplit(".", 1)[-1], "path": path}


def message(path: str) -> dict[str, str]:
    return {"type": MESSAGE, "path": path}


def weight(form: str, criterion: str) -> dict[str, str]:
    return {"type": WEIGHT, "form": form, "criterion": criterion}


def weight_share(form: str, criterion: str) -> dict[str, str]:
    return {"type": WEIGHT_SHARE, "form": form, "criterion": criterion}


def remove_workload(index: int) -> dict[str, object]:
    return {"type": REMOVE_WORKLOAD, "index": index}


def whatif_volume(path: str) -> dict[str, str]:
    return {"type": WHATIF_VOLUME, "path": path}


def whatif_error(path: str) -> dict[str, str]:
    return {"type": WHATIF_ERROR, "path": path}


def report_button(fmt: str) -> dict[str, str]:
    return {"type": REPORT_BUTTON, "format": fmt}


def nav_link(page: str) -> dict[str, str]:
    return {"type": NAV_LINK, "page": page}


def choice_card(workload: int) -> dict[str, object]:
    return {"type": CHOICE_CARD, "workload": workload}


def alternatives(workload: int) -> dict[str, object]:
    return {"type": ALTERNATIVES, "workload": workload}


def chart_tabs(workload: int) -> dict[str, object]:
    return {"type": CHART_TABS, "workload": workload}


def chart(workload: int) -> dict[str, object]:
    return {"type": CHART, "workload": workload}


def all_fields(key: object = ALL) -> dict[str, object]:
    """Every form field (or, with ``key``, that field of every workload): for pattern-matching callbacks."""
    return {"type": FIELD, "key": key, "path": ALL}


def all_weights(form: str) -> dict[str, object]:
    """The weight sliders of one form (``REQ_FORM`` or ``WHATIF_FORM``)."""
    return {"type": WEIGHT, "form": form, "criterion": ALL}


def dom_id(component_id: str | dict) -> str:
    """The DOM ``id`` Dash gives a component (dict ids are JSON with sorted keys and no spaces).

    >>> dom_id(field("workloads[0].name"))
    '{"key":"name","path":"workloads[0].name","type":"field"}'
    >>> dom_id("url")
    'url'
    """
    if isinstance(component_id, str):
        return component_id
    return json.dumps(component_id, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
