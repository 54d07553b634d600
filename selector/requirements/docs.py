"""Generate the requirements reference (``docs/requirements.md``) and the examples page
(``docs/examples.md``) from the pydantic schema and the files in ``examples/``.

``python -m selector.requirements.docs`` rewrites the generated blocks of both pages; a test fails
when a block and its source disagree, so the docs cannot drift from validation or from the examples.
Every field is listed with its type, unit, default, bounds and description (all read from
:meth:`Requirements.model_json_schema`) and with an example: the value a file in ``examples/`` gives
it, or for the few fields no example sets, a value from :data:`EXTRA_EXAMPLES` (checked by a test to
validate).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from selector.requirements import models
from selector.requirements.load import normalise_shorthand
from selector.requirements.models import Requirements

BEGIN = "<!-- BEGIN GENERATED: requirements fields (python -m selector.requirements.docs) -->"
EXAMPLES_BEGIN = "<!-- BEGIN GENERATED: examples (python -m selector.requirements.docs) -->"
END = "<!-- END GENERATED -->"
ROOT = Path(__file__).resolve().parents[2]

# Objects of the schema: (dotted prefix of their fields, $defs name, heading).
SECTIONS = (
    ("", None, "Top level"),
    ("budget.", "Budget", "`budget`"),
    ("weights.", "Weights", "`weights`"),
    ("workloads[].", "Workload", "`workloads[]`: one entry per workload"),
    ("workloads[].knowledge.", "Knowledge", "`workloads[].knowledge`"),
    ("workloads[].data.", "TrainingData", "`workloads[].data`"),
)

# Examples for fields that no file in examples/ sets (the drift test validates them).
EXTRA_EXAMPLES: dict[str, Any] = {
    "region": "us-east-1",
    "workloads[].input_modalities": ["text", "image"],
    "workloads[].output_modalities": ["text"],
    "workloads[].min_context_tokens": 32000,
    "workloads[].min_quality": 0.7,
    "workloads[].traffic_growth_per_month": 0.05,
    "workloads[].max_ttft_ms": 800,
    "workloads[].latency_percentile": "p90",
    "workloads[].cacheable_prompt_tokens": 500,
    "workloads[].reasoning_effort": "low",
    "workloads[].data.labelling_budget_usd": 500,
}


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _inline(value: Any) -> str:
    """A value as it would be written in YAML, on one line.

    >>> _inline(["ja", "en"]), _inline(True), _inline(2e6), _inline(None)
    ('[ja, en]', 'true', '2000000', 'null')
    """
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    text = yaml.safe_dump(value, default_flow_style=True, width=10_000, allow_unicode=True).strip()
    return text.removesuffix("...").strip()


def _number(value: float) -> str:
    """A bound for humans: thousands separators, powers of ten past a billion.

    >>> _number(86_400_000), _number(1e12), _number(0.5)
    ('86,400,000', '1e12', '0.5')
    """
    if abs(value) >= 1e9:
        mantissa, exponent = f"{value:e}".split("e")
        return f"{mantissa.rstrip('0').rstrip('.')}e{int(exponent)}"
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


def _schema() -> dict[str, Any]:
    return Requirements.model_json_schema()


def _ref_name(spec: dict[str, Any]) -> str | None:
    ref = spec.get("$ref") or (spec.get("items") or {}).get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else None


def _non_null(spec: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The non-null branch of an ``anyOf [..., null]`` and whether null is allowed."""
    if "anyOf" in spec:
        branches = [b for b in spec["anyOf"] if b.get("type") != "null"]
        nullable = len(branches) < len(spec["anyOf"])
        merged = {**{k: v for k, v in spec.items() if k != "anyOf"}, **(branches[0] if branches else {})}
        return merged, nullable
    return spec, False


_SCALARS = {"number": "number", "integer": "integer", "string": "text", "boolean": "true/false"}


def _type(spec: dict[str, Any], defs: dict[str, Any]) -> str:
    inner, nullable = _non_null(spec)
    name = _ref_name(inner)
    if inner.get("type") == "array":
        item = inner.get("items", {})
        ref = _ref_name(inner)
        kind = f"list of [{ref}](#allowed-values)" if ref else f"list of {_SCALARS.get(item.get('type'), 'any')}"
    elif name and "enum" in defs.get(name, {}):
        kind = f"[{name}](#allowed-values)"
    elif name:
        kind = "object"
    else:
        scalar = inner.get("type", "any")
        kind = _SCALARS.get(scalar, scalar)
    return kind + (" or null" if nullable else "")


def _bounds(spec: dict[str, Any]) -> str:
    inner, _ = _non_null(spec)
    parts = []
    for key, sign in (("minimum", "≥"), ("exclusiveMinimum", ">"), ("maximum", "≤"), ("exclusiveMaximum", "<")):
        if key in inner:
            parts.append(f"{sign} {_number(inner[key])}")
    for key, label in (("minItems", "at least {} item(s)"), ("maxItems", "at most {} items"),
                       ("minLength", "at least {} character(s)"), ("maxLength", "at most {} characters")):
        if key in inner:
            parts.append(label.format(inner[key]))
    pattern = inner.get("pattern") or inner.get("items", {}).get("pattern")
    if pattern:
        parts.append(f"matches `{pattern}`")
    return ", ".join(parts)


def _default(def_name: str | None, name: str, spec: dict[str, Any], required: bool) -> str:
    if required:
        return "required"
    if "default" in spec:
        return f"`{_inline(spec['default'])}`"
    if name.endswith("_modalities"):
        return "from the task"
    if _ref_name(spec) and "enum" not in _schema()["$defs"][_ref_name(spec)]:
        return "see below"
    field = getattr(models, def_name or "Requirements").model_fields[name]  # a default_factory
    return f"`{_inline(field.get_default(call_default_factory=True))}`"


def _fields(defs: dict[str, Any], def_name: str | None) -> tuple[dict[str, Any], set[str], str]:
    if def_name is None:
        schema = _schema()
        return schema["properties"], set(schema.get("required", [])), schema.get("description", "")
    obj = defs[def_name]
    return obj["properties"], set(obj.get("required", [])), obj.get("description", "")


def _walk(doc: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted path, value) of every leaf of a requirements document; lists other than ``workloads``
    are leaves."""
    for key, value in doc.items():
        if isinstance(value, dict):
            yield from _walk(value, f"{prefix}{key}.")
        elif key == "workloads" and isinstance(value, list):
            for item in value:
                yield from _walk(item, f"{prefix}workloads[].")
        else:
            yield f"{prefix}{key}", value


def example_files() -> list[Path]:
    """The shipped examples, sorted by name."""
    return sorted((ROOT / "examples").glob("*.yaml"))


def collected_examples() -> dict[str, tuple[Any, str]]:
    """Dotted field path → (a value an example file gives it, that file's stem); first file wins."""
    out: dict[str, tuple[Any, str]] = {}
    for path in example_files():
        doc = normalise_shorthand(yaml.safe_load(path.read_text(encoding="utf-8")))
        for key, value in _walk(doc):
            out.setdefault(key, (value, path.stem))
    return out


def _example(path: str, found: dict[str, tuple[Any, str]]) -> str:
    leaf = path.rsplit(".", 1)[-1]
    if path in found:
        value, stem = found[path]
        return f"`{leaf}: {_inline(value)}` ([{stem}](examples.md#{stem}))"
    if path in EXTRA_EXAMPLES:
        return f"`{leaf}: {_inline(EXTRA_EXAMPLES[path])}`"
    raise KeyError(f"no example for {path}: set it in an examples/ file or add it to EXTRA_EXAMPLES")


def fields_markdown() -> str:
    """Every field of the requirements file, one table per object, then the allowed values."""
    defs = _schema()["$defs"]
    found = collected_examples()
    lines: list[str] = []
    for prefix, def_name, heading in SECTIONS:
        props, required, description = _fields(defs, def_name)
        lines += [f"### {heading}", "", _cell(description), "",
                  "| field | type | unit | default | bounds | description | example |",
                  "|---|---|---|---|---|---|---|"]
        for name, spec in props.items():
            inner, _ = _non_null(spec)
            ref = _ref_name(inner)
            desc = spec.get("description") or (defs[ref].get("description", "") if ref else "")
            path = f"{prefix}{name}"
            example = "see below" if (ref and inner.get("type") != "array" and "enum" not in defs[ref]) \
                or name == "workloads" else _example(path, found)
            lines.append(f"| `{name}` | {_type(spec, defs)} | {_cell(spec.get('unit', ''))} | "
                         f"{_default(def_name, name, spec, name in required)} | {_cell(_bounds(spec))} | "
                         f"{_cell(desc)} | {example} |")
        lines.append("")
    lines += ["### Allowed values", ""]
    for name, spec in defs.items():
        if "enum" in spec:
            lines.append(f"- `{name}`: " + ", ".join(f"`{v}`" for v in spec["enum"]))
    return "\n".join(lines).rstrip()


def _shows(path: Path) -> str:
    """The leading comment of an example file (what it shows), as one paragraph."""
    comment = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        comment.append(line.lstrip("#").strip())
    text = " ".join(c for c in comment if c)
    text = re.sub(r"^Shows:\s*", "", re.sub(r"Expected exit code: \d\s*", "", text))
    return text[:1].upper() + text[1:]


def examples_markdown() -> str:
    """One section per example file: what it shows, then the file itself (copied, so the page reads as plain
    Markdown; the docs test regenerates the page and fails when a copy is stale)."""
    lines: list[str] = []
    for path in example_files():
        rel = path.relative_to(ROOT).as_posix()
        lines += [f"## {path.stem} {{#{path.stem}}}", "", _shows(path), "",
                  f"```yaml title=\"{rel}\"", path.read_text(encoding="utf-8").rstrip("\n"), "```", "",
                  "```bash", f"selector recommend {rel}", "```", ""]
    return "\n".join(lines).rstrip()


def _replace(text: str, begin: str, body: str) -> str:
    start, end = text.index(begin), text.index(END, text.index(begin)) + len(END)
    return text[:start] + f"{begin}\n{body}\n{END}" + text[end:]


def render(text: str, page: str) -> str:
    """``text`` with its generated block rewritten (``page`` is ``requirements`` or ``examples``)."""
    if page == "requirements":
        return _replace(text, BEGIN, fields_markdown())
    return _replace(text, EXAMPLES_BEGIN, examples_markdown())


def update(docs: Path) -> None:
    for page in ("requirements", "examples"):
        path = docs / f"{page}.md"
        path.write_text(render(path.read_text(encoding="utf-8"), page), encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    update(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs")
