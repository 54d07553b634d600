"""What-if on the results page: new weights or request volumes on top of the submitted document."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from dashboard.logic.form import format_number, get_in, parse_number, set_in, weights_for_sliders, workload_count
from dashboard.logic.schema import form_spec

VOLUME_KEY = "requests_per_month"


def volume_paths(doc: dict[str, Any]) -> list[str]:
    """The request-volume field of every workload of ``doc``.

    >>> volume_paths({"workloads": [{}, {}]})
    ['workloads[0].requests_per_month', 'workloads[1].requests_per_month']
    """
    return [f"workloads[{i}].{VOLUME_KEY}" for i in range(min(workload_count(doc), form_spec().max_workloads))]


def apply(doc: dict[str, Any], weights: dict[str, Any], volumes: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``doc`` with the given weights and volumes (what a person typed; validation reports the rest).

    >>> d = apply({"workloads": [{"name": "a", "requests_per_month": 5}]}, {"cost": 1},
    ...           {"workloads[0].requests_per_month": "7,000"})
    >>> d["weights"], d["workloads"][0]["requests_per_month"]
    ({'cost': 1}, 7000)
    """
    out = copy.deepcopy(doc) if isinstance(doc, dict) else {}
    kept = {k: v for k, v in weights.items() if v is not None}
    if kept:
        out["weights"] = {**(out.get("weights") if isinstance(out.get("weights"), dict) else {}), **kept}
    valid = set(volume_paths(out))
    for path, value in volumes.items():
        if path in valid and value not in (None, ""):
            set_in(out, path, parse_number(value))
    return out


def volume_values(doc: dict[str, Any]) -> dict[str, str]:
    """Each workload's volume as input text."""
    return {p: format_number(get_in(doc, p)) for p in volume_paths(doc)}


@dataclass(frozen=True)
class Change:
    """A what-if edit: the new document, and what the requirements form must show to follow it."""

    doc: dict[str, Any]
    sliders: dict[str, float]  # the form's weight sliders
    form_volumes: dict[str, str]  # path → text, only for the form's volume fields that differ


def change(doc: Any, weights: dict[str, Any], volumes: dict[str, Any], form_volumes: dict[str, Any]) -> Change | None:
    """Apply what-if edits to the stored document; ``None`` when nothing changes (or nothing is stored).

    >>> doc = {"workloads": [{"name": "a", "requests_per_month": 5}]}
    >>> c = change(doc, {}, {"workloads[0].requests_per_month": "50"}, {"workloads[0].requests_per_month": "5"})
    >>> c.doc["workloads"][0]["requests_per_month"], c.form_volumes
    (50, {'workloads[0].requests_per_month': '50'})
    >>> change(doc, {}, {"workloads[0].requests_per_month": "5"}, {}) is None
    True
    """
    if not isinstance(doc, dict):
        return None
    new = apply(doc, weights, volumes)
    if new == doc:
        return None
    shown = volume_values(new)
    return Change(new, weights_for_sliders(new),
                  {p: v for p, v in shown.items() if p in form_volumes and form_volumes[p] != v})
