"""Write ``selector/catalog/profile_types.py``: the profile classes as Python source, from the schema data.

``catalog/schema/profile.yaml`` stays the one source of the profile's fields. :mod:`selector.catalog.schema`
builds the pydantic models from it at run time; this module renders the same models as a typed module, so
that type checkers and editors know every field (``profile.context_window`` is an ``int | None``, not
``Any``). ``tests/catalog/test_profile_types.py`` fails when the generated file and the schema drift apart
(same text, same JSON schema as the run-time build). Regenerate with::

    python -m selector.catalog.profile_gen
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from selector.catalog.schema import schema_data

TARGET = Path(__file__).with_name("profile_types.py")
HEADER = '''"""The model-profile classes, generated from ``catalog/schema/profile.yaml``: do not edit.

Regenerate with ``python -m selector.catalog.profile_gen`` (a test fails when this file is stale).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    # defer_build: the validator is built at the first validation, not at import; a catalog read from the
    # pickle cache (selector.catalog.pickle_cache) never validates, and every command start is spared it
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True)
'''
SCALARS = {"str": "str", "int": "int", "float": "float", "bool": "bool", "date": "dt.date"}
WIDTH = 120  # the code's line length; a longer field is written one argument per line


def class_name(obj_name: str) -> str:
    """``fine_tuning`` → ``FineTuning`` (the run-time build names its classes the same way)."""
    return "".join(part.capitalize() for part in obj_name.split("_"))


def _type(spec: str, enums: dict[str, list[str]]) -> str:
    if spec in SCALARS:
        return SCALARS[spec]
    if spec in enums:
        return class_name(spec)
    if spec.startswith("list[") and spec.endswith("]"):
        return f"list[{_type(spec[5:-1], enums)}]"
    if spec.startswith("map[") and spec.endswith("]"):
        key, value = (s.strip() for s in spec[4:-1].split(","))
        return f"dict[{_type(key, enums)}, {_type(value, enums)}]"
    if spec.startswith("object:"):
        return class_name(spec.split(":", 1)[1])
    if spec == "sources":
        return "dict[Figure, Source | str]"
    raise ValueError(f"unknown type {spec!r} in catalog/schema/profile.yaml")


def _field(spec: dict[str, Any], enums: dict[str, list[str]], factories: list[str]) -> str:
    """One field, with the same type, default, bounds and schema extras as the run-time build.

    A list default becomes a typed factory function, appended to ``factories``.
    """
    typ = _type(spec["type"], enums)
    bounds: dict[str, Any] = {k: spec[k] for k in ("ge", "le") if k in spec}
    if spec["type"].startswith("map[") and bounds:  # bounds apply to the values of a map
        key_t, value_t = typ[5:-1].split(", ", 1)
        typ = f"dict[{key_t}, Annotated[{value_t}, Field({_kwargs(bounds)})]]"
        bounds = {}
    extra = {k: spec[k] for k in ("unit", "figure") if k in spec}
    kwargs: dict[str, Any] = {}
    if not spec.get("required"):
        typ += " | None"
        default = spec.get("default")
        if isinstance(default, list):
            factory = f"_default_{spec['name']}"
            factories.append(f"def {factory}() -> {typ[:-len(' | None')]}:\n    return {_py(default)}")
            kwargs["default_factory"] = factory
        else:
            kwargs["default"] = default
    if spec.get("description") is not None:
        kwargs["description"] = spec["description"]
    if extra:
        kwargs["json_schema_extra"] = extra
    kwargs.update(bounds)
    args = [f"{k}={v if k == 'default_factory' else _py(v)}" for k, v in kwargs.items()]
    line = f"    {spec['name']}: {typ} = Field({', '.join(args)})"
    if len(line) <= WIDTH:
        return line
    return f"    {spec['name']}: {typ} = Field(\n" + "".join(f"        {a},\n" for a in args) + "    )"


def _kwargs(values: dict[str, Any]) -> str:
    return ", ".join(f"{k}={_py(v)}" for k, v in values.items())


def _py(value: Any) -> str:
    """A Python literal for a YAML scalar, list or mapping (strings in double quotes)."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_py(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_py(k)}: {_py(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _class(name: str, doc: str, fields: list[dict[str, Any]], enums: dict[str, list[str]]) -> str:
    factories: list[str] = []
    body = [_field(f, enums, factories) for f in fields]
    lines = [*(f"\n\n{f}" for f in factories), "", "", f"class {name}(_Frozen):", f"    {_docstring(doc)}", ""]
    return "\n".join([*lines, *body]) + "\n"


def _docstring(doc: str) -> str:
    return '"""' + doc.replace("\\", "\\\\").replace('"""', '\\"\\"\\"') + '"""' if doc else '""""""'


def render() -> str:
    """The text of ``profile_types.py`` for the current schema data."""
    data = schema_data()
    enums: dict[str, list[str]] = {name: list(values) for name, values in data["enums"].items()}
    out = [HEADER, ""]
    for name, values in enums.items():
        out.append(f"{class_name(name)} = Literal[{', '.join(_py(v) for v in values)}]")
    for obj_name, obj in data["objects"].items():
        out.append(_class(class_name(obj_name), obj.get("description", ""), obj["fields"], enums).rstrip("\n"))
    out.append(_class("ModelProfile", "One model on one serving platform.", data["fields"], enums).rstrip("\n"))
    return "\n".join(out) + "\n"


def main() -> None:
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
