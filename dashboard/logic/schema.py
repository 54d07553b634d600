"""The requirements form, read from the JSON schema of :class:`selector.requirements.Requirements`.

Nothing here repeats a field of the requirements model: labels, help text, units, bounds, defaults
and the choices of a dropdown all come from ``Requirements.model_json_schema()``. The layout turns
these specs into components; :mod:`dashboard.logic.form` turns widget values back into a document.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from selector.requirements import Requirements, Workload

# Widgets a field can get, decided from its JSON-schema type.
NUMBER, INTEGER, TEXT, TEXT_LIST, CHOICE, MULTI_CHOICE, SWITCH = (
    "number", "integer", "text", "text_list", "choice", "multi_choice", "switch",
)


@dataclass(frozen=True)
class FieldSpec:
    """One leaf field of the form."""

    key: str  # name inside its object, e.g. "corpus_tokens"
    path: str  # dotted path relative to the object the form renders, e.g. "knowledge.corpus_tokens"
    label: str
    help: str
    widget: str
    unit: str | None = None
    options: tuple[str, ...] = ()
    required: bool = False
    nullable: bool = False
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class GroupSpec:
    """A nested object (budget, knowledge, data, weights) with its fields."""

    key: str
    path: str
    label: str
    help: str
    fields: tuple[FieldSpec, ...]


@dataclass(frozen=True)
class FormSpec:
    """The whole form: portfolio-level items, the weights, and the items of one workload."""

    portfolio: tuple[FieldSpec | GroupSpec, ...]
    weights: GroupSpec
    workload: tuple[FieldSpec | GroupSpec, ...]
    workloads_help: str
    max_workloads: int


def humanise(key: str) -> str:
    """``requests_per_month`` → ``Requests per month``; a trailing unit word is dropped (the unit is shown apart).

    >>> humanise("requests_per_month")
    'Requests per month'
    >>> humanise("one_off_usd")
    'One-off'
    """
    words = key.split("_")
    if words[-1] in {"usd", "ms"}:  # the unit is shown beside the label
        words = words[:-1]
    text = " ".join(words).replace("one off", "one-off")
    return text[:1].upper() + text[1:]


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref:
        target = schema["$defs"][ref.rsplit("/", 1)[-1]]
        return {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _non_null(schema: dict[str, Any], node: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The non-null alternative of ``anyOf: [X, null]`` and whether null is allowed."""
    variants = node.get("anyOf")
    if not variants:
        return _resolve(schema, node), False
    kept = [v for v in variants if v.get("type") != "null"]
    inner = _resolve(schema, kept[0]) if kept else {}
    outer = {k: v for k, v in node.items() if k != "anyOf"}
    return {**inner, **outer}, len(kept) < len(variants)


def _widget(schema: dict[str, Any], node: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    if "enum" in node:
        return CHOICE, tuple(node["enum"])
    kind = node.get("type")
    if kind == "array":
        items = _resolve(schema, node.get("items", {}))
        return (MULTI_CHOICE, tuple(items["enum"])) if "enum" in items else (TEXT_LIST, ())
    return {"number": NUMBER, "integer": INTEGER, "boolean": SWITCH}.get(kind, TEXT), ()


def _field(schema: dict[str, Any], key: str, prefix: str, node: dict[str, Any], required: bool) -> FieldSpec:
    node, nullable = _non_null(schema, node)
    widget, options = _widget(schema, node)
    items = _resolve(schema, node.get("items", {})) if node.get("type") == "array" else {}
    return FieldSpec(
        key=key, path=f"{prefix}{key}", label=humanise(key), help=node.get("description", ""), widget=widget,
        unit=node.get("unit"), options=options, required=required, nullable=nullable, default=node.get("default"),
        minimum=node.get("minimum"), maximum=node.get("maximum"), exclusive_minimum=node.get("exclusiveMinimum"),
        pattern=node.get("pattern") or items.get("pattern"),
    )


def _items(schema: dict[str, Any], obj: dict[str, Any], prefix: str = "") -> tuple[FieldSpec | GroupSpec, ...]:
    out: list[FieldSpec | GroupSpec] = []
    required = set(obj.get("required", ()))
    for key, raw in obj.get("properties", {}).items():
        node, _ = _non_null(schema, raw)
        if node.get("type") == "object":
            fields = tuple(f for f in _items(schema, node, f"{prefix}{key}.") if isinstance(f, FieldSpec))
            out.append(GroupSpec(key, f"{prefix}{key}", humanise(key),
                                 raw.get("description") or node.get("description", ""), fields))
        else:
            out.append(_field(schema, key, prefix, raw, key in required))
    return tuple(out)


@cache
def form_spec() -> FormSpec:
    """The form of the requirements file, read once from the schema."""
    schema = Requirements.model_json_schema()
    top = _items(schema, schema)
    workloads = schema["properties"]["workloads"]
    workload = _resolve(schema, workloads["items"])
    weights = next(g for g in top if isinstance(g, GroupSpec) and g.key == "weights")
    portfolio = tuple(i for i in top if i.key not in ("weights", "workloads"))
    return FormSpec(portfolio, weights, tuple(_factory_default(i) for i in _items(schema, workload)),
                    workloads.get("description", ""), int(workloads.get("maxItems", 1)))


def _factory_default(item: FieldSpec | GroupSpec) -> FieldSpec | GroupSpec:
    """A default made by a factory (``languages: [en]``) is not in the JSON schema; read it off the model."""
    if isinstance(item, GroupSpec) or item.default is not None or item.key not in Workload.model_fields:
        return item
    factory = Workload.model_fields[item.key].default_factory
    value = factory() if factory is not None else None
    return FieldSpec(**{**item.__dict__, "default": value}) if value else item


def workload_fields(index: int) -> tuple[FieldSpec, ...]:
    """Every leaf field of workload ``index`` with its full path (``workloads[1].knowledge.corpus_tokens``)."""
    return tuple(with_prefix(f, f"workloads[{index}].") for f in leaves(form_spec().workload))


def portfolio_fields() -> tuple[FieldSpec, ...]:
    return leaves(form_spec().portfolio)


def leaves(items: tuple[FieldSpec | GroupSpec, ...]) -> tuple[FieldSpec, ...]:
    out: list[FieldSpec] = []
    for item in items:
        out.extend(item.fields if isinstance(item, GroupSpec) else (item,))
    return tuple(out)


def with_prefix(spec: FieldSpec, prefix: str) -> FieldSpec:
    """The same field under a parent path (``workloads[2].`` + ``knowledge.corpus_tokens``)."""
    return FieldSpec(**{**spec.__dict__, "path": prefix + spec.path})


def spec_for(path: str) -> FieldSpec | None:
    """The spec of a full field path, e.g. ``workloads[3].data.labelled_examples`` or ``budget.monthly_usd``."""
    if path.startswith("workloads["):
        index, _, rest = path[len("workloads["):].partition("].")
        for spec in leaves(form_spec().workload):
            if spec.path == rest and index.isdigit():
                return with_prefix(spec, f"workloads[{index}].")
        return None
    return next((s for s in (*portfolio_fields(), *form_spec().weights.fields) if s.path == path), None)


def bounds_text(spec: FieldSpec) -> str:
    """Bounds in words for help text.

    >>> s = FieldSpec("x", "x", "X", "", "number", unit="ms", minimum=None, maximum=86400000, exclusive_minimum=0)
    >>> bounds_text(s)
    '> 0 and ≤ 86,400,000 ms'
    >>> bounds_text(FieldSpec("q", "q", "Q", "", "number", unit="0..1", minimum=0, maximum=1))
    '0 to 1'
    """
    lo = spec.minimum if spec.minimum is not None else spec.exclusive_minimum
    unit = "" if spec.unit in (None, "relative", "0..1") else f" {spec.unit}"
    if lo is None and spec.maximum is None:
        return ""
    if spec.exclusive_minimum is not None and spec.minimum is None:
        low = f"> {_num(spec.exclusive_minimum)}"
        return f"{low} and ≤ {_num(spec.maximum)}{unit}" if spec.maximum is not None else low + unit
    if spec.maximum is None:
        return f"≥ {_num(lo)}{unit}"
    return f"{_num(lo)} to {_num(spec.maximum)}{unit}"


def _num(x: float | None) -> str:
    if x is None:
        return ""
    if abs(x) >= 1e9:
        return f"{x:.0e}".replace("e+", "e")
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:g}"
