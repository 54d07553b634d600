"""Named sources of a catalog directory (``sources.yaml``) and inline ones: validated, then resolved into
each profile so it is self-contained (moved from ``load.py``, which uses them)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from selector.catalog.profile_types import ModelProfile, Source
from selector.errors import InputError, Problem
from selector.requirements.messages import problems_from
from selector.yamlio import CATALOG_LIMITS, line_of, parse_document, read_text

RESERVED_FILES = {"sources.yaml", "sources.yml", "sources.json"}


def _source_model() -> type[Source]:
    return Source  # the value type of a profile's ``sources``: dict[figure, Source | str]


def _load_sources(directory: Path) -> dict[str, Source]:
    out: dict[str, Source] = {}
    for name in sorted(RESERVED_FILES):
        path = directory / name
        if not path.is_file():
            continue
        text = read_text(path, CATALOG_LIMITS)
        doc = parse_document(text, str(path), CATALOG_LIMITS) or {}
        if not isinstance(doc, dict):
            raise InputError.single(str(path), "", "expected a mapping of source name → {title, url, retrieved}")
        out.update(_validate_sources(doc, str(path), text))
    return out


def _validate_sources(doc: Mapping[str, Any], source: str, text: str | None) -> dict[str, Source]:
    model = _source_model()
    out: dict[str, Source] = {}
    problems: list[Problem] = []
    for key, value in doc.items():
        try:
            out[str(key)] = model.model_validate(value)
        except ValidationError as exc:
            for loc, problem in problems_from(exc, model):
                full = (key, *loc)
                problems.append(Problem(f"{key}.{problem.field}".rstrip("."), problem.message,
                                        line_of(text, full) if text else None))
    if problems:
        raise InputError(source, tuple(problems))
    return out


def _resolve_sources(profile: ModelProfile, sources: Mapping[str, Source]) -> ModelProfile:
    """Replace source names by the source objects so a profile is self-contained."""
    refs = profile.sources or {}
    if not any(isinstance(v, str) for v in refs.values()):
        return profile
    resolved = {k: (sources[v] if isinstance(v, str) else v) for k, v in refs.items()}
    return profile.model_copy(update={"sources": resolved})
