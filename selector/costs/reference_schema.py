"""Pydantic schema of the reference data files (``catalog/reference/*.yaml``): strict, every figure sourced.

A figure whose source is ``"project default"`` must say why (``rationale``); a vector store billed by
capacity units must give all of its unit figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

PROJECT_DEFAULT = "project default"


def freeze(value: Any) -> Any:
    """Mappings become read-only proxies and lists tuples, recursively.

    >>> freeze({"tasks": ["reasoning"]})["tasks"]
    ('reasoning',)
    """
    if isinstance(value, Mapping):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Figure(_Strict):
    """One sourced value."""

    value: Any = Field(description="Number, text, list or mapping.")
    unit: str | None = None
    source: str = Field(min_length=1, description="URL, owner/repo@commit:path, paper, or 'project default'.")
    retrieved: dt.date
    source_grade: Literal["primary", "secondary", "derived"] | None = None
    derivation: str | None = None
    rationale: str | None = None
    note: str | None = None

    @field_validator("value")
    @classmethod
    def _read_only(cls, value: Any) -> Any:
        return freeze(value)

    @model_validator(mode="after")
    def _default_has_rationale(self) -> Figure:
        if self.is_project_default and not (self.rationale or "").strip():
            raise ValueError("a 'project default' figure needs a rationale: say why this value")
        return self

    @property
    def is_project_default(self) -> bool:
        return self.source.strip().lower() == PROJECT_DEFAULT


class FigureFile(_Strict):
    description: str
    figures: dict[str, Figure]


class Instance(_Strict):
    instance: str
    gpus: int = Field(ge=1)
    usd_per_hour: float = Field(gt=0)
    source: str = Field(min_length=1)
    retrieved: dt.date
    note: str | None = None


class GpuItem(_Strict):
    name: str
    training_cluster: Figure
    memory_gb: Figure
    peak_bf16_tflops: Figure
    memory_bandwidth_tb_s: Figure
    instances: list[Instance] = Field(min_length=1)


class CpuItem(_Strict):
    vcpus: int = Field(ge=1)
    memory_gib: float = Field(gt=0)
    usd_per_hour: Figure


class StoreItem(_Strict):
    name: str
    pricing_structure: str
    fixed_usd_per_month: Figure
    latency_ms: Figure
    usd_per_unit_hour: Figure | None = None
    min_units: Figure | None = None
    unit_step: Figure | None = None
    memory_gb_per_unit: Figure | None = None
    vector_memory_share: Figure | None = None
    copies: Figure | None = None
    queries_per_s_per_unit: Figure | None = None
    storage_usd_per_gb_month: Figure | None = None
    max_documents: Figure | None = None
    max_queries_per_day: Figure | None = None
    tokens_per_document: Figure | None = None

    @model_validator(mode="after")
    def _units_complete(self) -> StoreItem:
        unit_fields = ("usd_per_unit_hour", "min_units", "unit_step", "memory_gb_per_unit",
                       "vector_memory_share", "copies", "queries_per_s_per_unit")
        given = [f for f in unit_fields if getattr(self, f) is not None]
        if given and len(given) != len(unit_fields):
            missing = sorted(set(unit_fields) - set(given))
            raise ValueError(f"a store billed by capacity units needs all of {', '.join(unit_fields)}; "
                             f"missing {', '.join(missing)}")
        return self


class TableFile(_Strict):
    description: str
    items: dict[str, Any]
