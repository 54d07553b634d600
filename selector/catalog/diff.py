"""``selector catalog diff OLD NEW``: what changed between two catalog directories (pure comparison).

Profiles are matched by id. Every schema field is compared except ``sources`` (a figure's citation:
shown only through the figures it cites) and ``notes``; mappings (quality, regional prices) and lists
(languages, regions) are compared whole.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from selector.catalog.load import Catalog
from selector.catalog.schema import field_names

SKIPPED = frozenset({"sources", "notes"})


@dataclass(frozen=True)
class FieldChange:
    profile: str
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class CatalogDiff:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[FieldChange, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"added": list(self.added), "removed": list(self.removed),
                "changed": [{"profile": c.profile, "field": c.field, "old": plain(c.old), "new": plain(c.new)}
                            for c in self.changed]}


def plain(value: Any) -> Any:
    """A field value as JSON-ready data (dates as ISO text, nested models as mappings)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def diff_catalogs(old: Catalog, new: Catalog) -> CatalogDiff:
    old_ids, new_ids = {p.id for p in old}, {p.id for p in new}
    fields = [f for f in field_names() if f not in SKIPPED and f != "id"]
    changed: list[FieldChange] = []
    for profile in new:
        before = old.get(profile.id)
        if before is None:
            continue
        for field in fields:
            a, b = plain(getattr(before, field, None)), plain(getattr(profile, field, None))
            if a != b:
                changed.append(FieldChange(profile.id, field, a, b))
    return CatalogDiff(tuple(sorted(new_ids - old_ids)), tuple(sorted(old_ids - new_ids)),
                       tuple(sorted(changed, key=lambda c: (c.profile, c.field))))
