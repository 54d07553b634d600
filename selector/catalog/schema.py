"""The pydantic ``ModelProfile`` and the schema data in ``catalog/schema/profile.yaml`` it comes from.

The schema file is the single source of the profile's fields: their types, units, bounds, which
source group cites them, and their descriptions (used by ``docs/catalog.md`` and the dashboard).
:func:`build_profile_model` builds the model from it at run time; :mod:`selector.catalog.profile_types`
holds the same classes generated as source (``python -m selector.catalog.profile_gen``), so type checkers
and editors know every field, and a test holds the two equal. :func:`profile_model` is the generated one.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from functools import cache
from types import GenericAlias
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.config import JsonDict

from selector.catalog.paths import shipped_catalog_dir
from selector.catalog.profile_types import ModelProfile

STALE_AFTER_DAYS = 180  # issue #3: a figure older than 180 days is flagged stale (catalog validate, reports)


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True)  # as profile_types


@cache
def schema_data() -> dict[str, Any]:
    """The parsed ``profile.yaml``."""
    with open(shipped_catalog_dir() / "schema" / "profile.yaml", encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


@cache
def enums() -> dict[str, type[StrEnum]]:
    return {name: StrEnum(name, {v: v for v in values})  # type: ignore[misc]  # members known only at run time
            for name, values in schema_data()["enums"].items()}


def _parse_type(spec: str, objects: dict[str, type[BaseModel]]) -> Any:
    en = enums()
    if spec == "str":
        return str
    if spec == "int":
        return int
    if spec == "float":
        return float
    if spec == "bool":
        return bool
    if spec == "date":
        return dt.date
    if spec in en:
        return Literal[tuple(en[spec].__members__)]
    if spec.startswith("list[") and spec.endswith("]"):
        return GenericAlias(list, (_parse_type(spec[5:-1], objects),))  # list[item], built at run time
    if spec.startswith("map[") and spec.endswith("]"):
        key, value = (s.strip() for s in spec[4:-1].split(","))
        return GenericAlias(dict, (_parse_type(key, objects), _parse_type(value, objects)))
    if spec.startswith("object:"):
        return objects[spec.split(":", 1)[1]]
    if spec == "sources":  # figure group → a source object, or the name of one in sources.yaml
        return GenericAlias(dict, (_parse_type("figure", objects), objects["source"] | str))
    raise ValueError(f"unknown type {spec!r} in catalog/schema/profile.yaml")


def _field(spec: dict[str, Any], objects: dict[str, type[BaseModel]]) -> tuple[Any, Any]:
    typ = _parse_type(spec["type"], objects)
    extra: JsonDict = {k: spec[k] for k in ("unit", "figure") if k in spec}
    bounds = {k: spec[k] for k in ("ge", "le") if k in spec}
    if spec["type"].startswith("map[") and bounds:  # bounds apply to the values of a map
        from typing import Annotated

        key_t, value_t = typ.__args__
        typ = dict[key_t, Annotated[value_t, Field(**bounds)]]  # type: ignore[valid-type]
        bounds = {}
    desc = spec.get("description")
    if spec.get("required"):
        return typ, Field(description=desc, json_schema_extra=extra or None, **bounds)
    default: Any = spec.get("default")
    if isinstance(default, list):
        default_list = list(default)
        return typ | None, Field(
            default_factory=lambda: list(default_list), description=desc, json_schema_extra=extra or None, **bounds
        )
    return typ | None, Field(default=default, description=desc, json_schema_extra=extra or None, **bounds)


def _build(name: str, fields: list[dict[str, Any]], objects: dict[str, type[BaseModel]], doc: str) -> type[BaseModel]:
    definitions = {f["name"]: _field(f, objects) for f in fields}
    model = create_model(name, __base__=_Frozen, __doc__=doc, **definitions)  # type: ignore[call-overload]
    return model


def profile_model() -> type[ModelProfile]:
    """The ``ModelProfile`` pydantic model: the generated class, equal to :func:`build_profile_model`'s."""
    return ModelProfile


@cache
def build_profile_model() -> type[BaseModel]:
    """The ``ModelProfile`` pydantic model built from the schema data at run time (cached)."""
    data = schema_data()
    objects: dict[str, type[BaseModel]] = {}
    for obj_name, obj in data["objects"].items():
        class_name = "".join(part.capitalize() for part in obj_name.split("_"))
        objects[obj_name] = _build(class_name, obj["fields"], objects, obj.get("description", ""))
    return _build("ModelProfile", data["fields"], objects, "One model on one serving platform.")


def field_specs() -> list[dict[str, Any]]:
    """The profile's field specifications (for docs, the dashboard and validation)."""
    return list(schema_data()["fields"])


def figure_fields() -> dict[str, str]:
    """Field name → the source group that must cite it."""
    return {f["name"]: f["figure"] for f in schema_data()["fields"] if "figure" in f}


def field_names() -> list[str]:
    return [f["name"] for f in schema_data()["fields"]]
