"""Filtering and flattening profiles for ``selector catalog list`` and the dashboard explorer."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from selector.catalog.profile_types import ModelProfile
from selector.catalog.schema import field_names
from selector.vocab import Task

if TYPE_CHECKING:
    import pandas as pd

@dataclass(frozen=True)
class Filters:
    """What ``catalog list`` can filter on; ``None`` means no filter."""

    task: str | None = None
    language: str | None = None
    modality: str | None = None
    provider: str | None = None
    open_weights: bool | None = None
    max_price: float | None = None  # USD per 1M input tokens


def matches(profile: ModelProfile, f: Filters) -> bool:
    """Whether a profile passes every filter given."""
    if f.provider and profile.provider != f.provider:
        return False
    if f.open_weights is not None and bool(profile.open_weights) != f.open_weights:
        return False
    if f.language and f.language not in (profile.languages or ["en"]):
        return False
    if f.modality and f.modality not in (*profile.input_modalities, *profile.output_modalities):
        return False
    if f.max_price is not None:
        price = profile.input_usd_per_1m_tokens
        if price is None or price > f.max_price:
            return False
    if f.task:
        kinds = Task(f.task).kinds
        if profile.kind not in kinds:
            return False
        if f.task == "image_understanding" and "image" not in profile.input_modalities:
            return False
    return True


def select(profiles: Iterable[ModelProfile], f: Filters) -> list[ModelProfile]:
    return [p for p in profiles if matches(p, f)]


def profile_dict(profile: ModelProfile) -> dict[str, Any]:
    """A profile as JSON-ready data with the keys of docs/catalog.md (dates as ISO text)."""
    data: dict[str, Any] = json.loads(profile.model_dump_json())
    return data


LIST_COLUMNS = [
    "id", "provider", "kind", "input_modalities", "output_modalities", "context_window",
    "input_usd_per_1m_tokens", "output_usd_per_1m_tokens", "usd_per_image", "open_weights",
    "params_billion", "tool_calling", "interpretability", "quality",
]


def to_frame(profiles: Iterable[ModelProfile]) -> pd.DataFrame:
    """One row per profile, lists joined, quality spread over ``quality.<family>`` columns."""
    import pandas as pd  # imported here: pandas costs ~0.3 s of start-up that most commands do not need

    rows = []
    for p in profiles:
        row: dict[str, Any] = {}
        for name in LIST_COLUMNS:
            value = getattr(p, name)
            if name == "quality":
                for fam, score in (value or {}).items():
                    row[f"quality.{fam}"] = score
                continue
            row[name] = ",".join(value) if isinstance(value, list) else value
        row["languages"] = ",".join(p.languages) if p.languages else None
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame.attrs["name"] = "catalog"
    return frame


def all_fields() -> list[str]:
    return field_names()


def today() -> dt.date:
    return dt.date.today()
