"""What-if on the results page: new weights or request volumes on top of the submitted document."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from selector.errors import Problem

from dashboard.logic.form import format_number, get_in, parse_number, set_in, weights_for_sliders, workload_count
from dashboard.logic.schema import form_spec, humanise, spec_for
from dashboard.logic.validate import check

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


def plain_message(problem: Problem) -> str:
    """A validation problem in the words of the what-if panel: the field's label, never its path.

    >>> plain_message(Problem("workloads[0].requests_per_month", "got 'abc'; expected a number"))
    "Requests per month: got 'abc'; expected a number"
    >>> plain_message(Problem("weights", "at least one weight must be above 0"))
    'Weights: at least one weight must be above 0'
    """
    spec = spec_for(problem.field)
    name = spec.label if spec else humanise(problem.field.rpartition(".")[2].split("[")[0] or "requirements")
    return f"{name}: {problem.message}"


@dataclass(frozen=True)
class Change:
    """A what-if edit: the new document, and what the requirements form must show to follow it.

    ``doc`` is ``None`` when there is nothing new to solve: the edit changes nothing, or it is invalid
    (then ``errors`` and ``problem`` say why, and the results shown stay as they are).
    """

    doc: dict[str, Any] | None
    sliders: dict[str, float]  # the form's weight sliders
    form_volumes: dict[str, str]  # path → text, only for the form's volume fields that differ
    errors: dict[str, str] = field(default_factory=dict)  # volume path → what is wrong with it
    problem: str = ""  # what is wrong elsewhere (the weights), for the panel

    @property
    def ok(self) -> bool:
        return not self.errors and not self.problem


def change(doc: Any, weights: dict[str, Any], volumes: dict[str, Any], form_volumes: dict[str, Any]) -> Change | None:
    """Apply what-if edits to the stored document; ``None`` when nothing is stored.

    >>> doc = {"name": "p", "workloads": [{"name": "a", "task": "chat", "requests_per_month": 5}]}
    >>> c = change(doc, {}, {"workloads[0].requests_per_month": "50"}, {"workloads[0].requests_per_month": "5"})
    >>> c.doc["workloads"][0]["requests_per_month"], c.form_volumes
    (50, {'workloads[0].requests_per_month': '50'})
    >>> change(doc, {}, {"workloads[0].requests_per_month": "5"}, {}).doc is None
    True
    >>> bad = change(doc, {}, {"workloads[0].requests_per_month": "lots"}, {})
    >>> bad.doc, bad.errors
    (None, {'workloads[0].requests_per_month': "Requests per month: got 'lots'; expected a number"})
    """
    if not isinstance(doc, dict):
        return None
    new = apply(doc, weights, volumes)
    if new == doc:
        return Change(None, {}, {})
    checked = check(new)
    if not checked.ok:
        paths = set(volume_paths(new))
        errors: dict[str, list[str]] = {}
        other = []
        for p in checked.problems:
            (errors.setdefault(p.field, []) if p.field in paths else other).append(plain_message(p))
        return Change(None, {}, {}, {k: " ".join(v) for k, v in errors.items()}, " ".join(other))
    shown = volume_values(new)
    return Change(new, weights_for_sliders(new),
                  {p: v for p, v in shown.items() if p in form_volumes and form_volumes[p] != v})
