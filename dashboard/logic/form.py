"""The requirements document ↔ the values of the form's widgets.

The document is the plain mapping a ``req.yaml`` parses to. Widgets hold text for numbers (so that
whatever a person types reaches validation and gets a message, instead of being dropped by the
browser), lists for multi-choice dropdowns and ``["yes"]``/``[]`` for switches. An empty widget
leaves its key out of the document, so the schema's default applies and a downloaded file stays short.
"""

from __future__ import annotations

import copy
import itertools
import math
import re
from typing import Any

from selector.requirements import Requirements

from dashboard.logic.schema import (
    CHOICE,
    INTEGER,
    MULTI_CHOICE,
    NUMBER,
    SWITCH,
    TEXT_LIST,
    FieldSpec,
    form_spec,
    portfolio_fields,
    spec_for,
    workload_fields,
)

SWITCH_ON = "yes"
_INDEX = re.compile(r"\[(\d+)\]")
_MISSING = object()

# What "Add workload" starts from: only the required keys of a workload, everything else defaults.
NEW_WORKLOAD_TASK = "chat"


def split_path(path: str) -> tuple[str | int, ...]:
    """``workloads[0].knowledge.corpus_tokens`` → ``("workloads", 0, "knowledge", "corpus_tokens")``.

    >>> split_path("workloads[12].data.labelled_examples")
    ('workloads', 12, 'data', 'labelled_examples')
    >>> split_path("")
    ()
    """
    parts: list[str | int] = []
    for chunk in path.split(".") if path else ():
        name, *indices = _INDEX.split(chunk)
        if name:
            parts.append(name)
        parts.extend(int(i) for i in indices if i)
    return tuple(parts)


def get_in(doc: Any, path: str, default: Any = None) -> Any:
    """The value at a dotted path, or ``default`` when any step is missing or of the wrong kind.

    >>> get_in({"workloads": [{"knowledge": {"corpus_tokens": 5}}]}, "workloads[0].knowledge.corpus_tokens")
    5
    >>> get_in({"workloads": "oops"}, "workloads[0].name", "-")
    '-'
    """
    node = doc
    for part in split_path(path):
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return default
        elif not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def set_in(doc: dict[str, Any], path: str, value: Any) -> None:
    """Set a value at a dotted path, creating mappings and list items on the way."""
    parts = split_path(path)
    node: Any = doc
    for part, nxt in itertools.pairwise(parts):
        empty: Any = [] if isinstance(nxt, int) else {}
        if isinstance(part, int):
            while len(node) <= part:
                node.append({})
            if not isinstance(node[part], type(empty)):
                node[part] = empty
        elif not isinstance(node.get(part), type(empty)):
            node[part] = empty
        node = node[part]
    node[parts[-1]] = value


def parse_number(text: Any, integer: bool = False) -> Any:
    """What a person typed in a number field → a number, or the text itself for validation to report.

    Thousands separators (``200,000``, ``200 000``, ``200_000``) and exponents (``2e5``) are read.

    >>> parse_number("200,000"), parse_number(" 2e5 "), parse_number("12", integer=True)
    (200000, 200000, 12)
    >>> parse_number("0.25"), parse_number("lots")
    (0.25, 'lots')
    >>> parse_number("1.5", integer=True)
    1.5
    """
    if isinstance(text, bool) or text is None:
        return text
    if isinstance(text, (int, float)):
        value: Any = text
    else:
        cleaned = re.sub(r"[,_\s]", "", str(text))
        try:
            value = float(cleaned)
        except ValueError:
            return str(text).strip()
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def format_number(value: Any) -> str:
    """A number as a person would type it (no ``.0``, no exponent below 1e15).

    >>> format_number(200000.0), format_number(0.25), format_number(5e13), format_number("x")
    ('200000', '0.25', '50000000000000', 'x')
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) and abs(value) >= 1e15 else str(value)


def to_widget(spec: FieldSpec, raw: Any) -> Any:
    """A document value → the value its widget shows (``None``/``[]`` when absent or not representable)."""
    if spec.widget == SWITCH:
        return [SWITCH_ON] if raw is True else []
    if spec.widget == MULTI_CHOICE:
        items = raw if isinstance(raw, list) else []
        return [str(i) for i in items if str(i) in spec.options]
    if spec.widget == CHOICE:
        return raw if isinstance(raw, str) and raw in spec.options else None
    if raw is None or raw is _MISSING:
        return None if spec.widget == CHOICE else ""
    if spec.widget == TEXT_LIST:
        return ", ".join(str(i) for i in raw) if isinstance(raw, list) else str(raw)
    if spec.widget in (NUMBER, INTEGER):
        return format_number(raw)
    return str(raw)


def from_widget(spec: FieldSpec, value: Any) -> Any:
    """A widget value → the document value, or ``_MISSING`` to leave the key out."""
    if spec.widget == SWITCH:
        on = isinstance(value, list) and SWITCH_ON in value
        return True if on else (_MISSING if spec.default is False else False)
    if spec.widget == MULTI_CHOICE:
        return list(value) if isinstance(value, list) and value else _MISSING
    if value is None or (isinstance(value, str) and not value.strip()) or value == []:
        return _MISSING
    if spec.widget == TEXT_LIST:
        text = ",".join(map(str, value)) if isinstance(value, list) else str(value)
        items = [i for i in re.split(r"[,\s;]+", text) if i]
        return items or _MISSING
    if spec.widget in (NUMBER, INTEGER):
        return parse_number(value, integer=spec.widget == INTEGER)
    return value.strip() if isinstance(value, str) else value


def form_paths(workload_count: int) -> tuple[str, ...]:
    """Every field path of a form with ``workload_count`` workloads (weights excluded: they are sliders)."""
    paths = [s.path for s in portfolio_fields()]
    for i in range(workload_count):
        paths.extend(s.path for s in workload_fields(i))
    return tuple(paths)


def form_to_doc(paths: list[str], values: list[Any], weights: dict[str, Any] | None = None) -> dict[str, Any]:
    """The document the form describes. Never raises, whatever the values.

    ``paths`` are the field paths of the widgets (from their ids), ``values`` their values in the same
    order; ``weights`` maps criterion → slider value.

    >>> doc = form_to_doc(["horizon_months", "workloads[0].name", "workloads[0].task", "workloads[0].languages"],
    ...                   ["24", "faq", "chat", "en, ja"], {"quality": 0.5, "cost": None})
    >>> doc["horizon_months"], doc["weights"], doc["workloads"]
    (24, {'quality': 0.5}, [{'name': 'faq', 'task': 'chat', 'languages': ['en', 'ja']}])
    >>> list(doc)  # in the order of a requirements file
    ['horizon_months', 'weights', 'workloads']
    """
    doc: dict[str, Any] = {}
    count = 0
    for path, value in zip(paths, values, strict=False):
        parts = split_path(path)
        if len(parts) > 1 and parts[0] == "workloads" and isinstance(parts[1], int):
            count = max(count, parts[1] + 1)
        spec = spec_for(path)
        if spec is None:
            continue
        converted = from_widget(spec, value)
        if converted is not _MISSING:
            set_in(doc, path, converted)
    if count:
        items = doc.setdefault("workloads", [])
        items.extend({} for _ in range(count - len(items)))
    kept = {k: parse_number(v) for k, v in (weights or {}).items() if v is not None and v != ""}
    if kept:
        doc["weights"] = kept
    return {k: doc[k] for k in Requirements.model_fields if k in doc}  # the file's order, for the download


def widget_values(doc: dict[str, Any], paths: list[str]) -> list[Any]:
    """The widget value of each path in ``doc`` (the inverse of :func:`form_to_doc`)."""
    out = []
    for path in paths:
        spec = spec_for(path)
        out.append(None if spec is None else to_widget(spec, get_in(doc, path, _MISSING)))
    return out


def workload_count(doc: dict[str, Any]) -> int:
    items = doc.get("workloads") if isinstance(doc, dict) else None
    return len(items) if isinstance(items, list) else 0


def new_workload_name(doc: dict[str, Any]) -> str:
    """``workload-N`` with the first N not taken.

    >>> new_workload_name({"workloads": [{"name": "workload-1"}, {"name": "workload-2"}]})
    'workload-3'
    """
    taken = {w.get("name") for w in doc.get("workloads", []) if isinstance(w, dict)}
    n = 1
    while f"workload-{n}" in taken:
        n += 1
    return f"workload-{n}"


def add_workload(doc: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``doc`` with one more workload (required keys filled, the rest left to defaults)."""
    out = copy.deepcopy(doc)
    items = out.get("workloads") if isinstance(out.get("workloads"), list) else []
    if len(items) >= form_spec().max_workloads:
        return out
    item: dict[str, Any] = {"name": new_workload_name(out), "task": NEW_WORKLOAD_TASK}
    out["workloads"] = [*items, item]
    return out


def remove_workload(doc: dict[str, Any], index: int) -> dict[str, Any]:
    """A copy of ``doc`` without workload ``index``; the last workload is never removed."""
    out = copy.deepcopy(doc)
    items = out.get("workloads") if isinstance(out.get("workloads"), list) else []
    if len(items) > 1 and 0 <= index < len(items):
        out["workloads"] = items[:index] + items[index + 1:]
    return out


def weights_for_sliders(doc: dict[str, Any]) -> dict[str, float]:
    """Slider positions (0..1) for the document's weights; schema defaults for missing ones.

    Weights are relative, so a file with weights above 1 is scaled down to fit the sliders
    without changing what they mean.

    >>> weights_for_sliders({"weights": {"quality": 4, "cost": 2, "latency": 0, "interpretability": 0}})
    {'quality': 1.0, 'cost': 0.5, 'latency': 0.0, 'interpretability': 0.0}
    """
    raw = doc.get("weights") if isinstance(doc, dict) else None
    raw = raw if isinstance(raw, dict) else {}
    out = {}
    for spec in form_spec().weights.fields:
        value = raw.get(spec.key, spec.default)
        out[spec.key] = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and \
            math.isfinite(value) and value >= 0 else float(spec.default)
    top = max(out.values(), default=0.0)
    if top > 1:
        out = {k: v / top for k, v in out.items()}
    return out
