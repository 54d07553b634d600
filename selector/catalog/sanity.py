"""Checks on a profile that its schema's types cannot express (issue #18): printable ids, ISO 639-1
language codes, parameter counts that agree, and figures small enough to keep the cost arithmetic finite.

Each check returns ``(field, message)`` pairs; the loader reports them with the file, record and line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

# No published figure is near this (the dearest price seen on 2026-11-26 is $600 per 1M output tokens,
# the longest context 10.5M tokens); beyond it, costs times request volumes overflow to infinity.
MAX_FIGURE = 1e12
_LANGUAGE = re.compile(r"[a-z]{2}")


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be an id (empty, or with a control or unprintable character).

    >>> text_problem("gpt-4o"), text_problem("")
    (None, 'is empty')
    >>> text_problem("a\\nb")
    'contains a control or unprintable character (U+000A)'
    >>> text_problem("x\\ud800")
    'contains a control or unprintable character (U+D800)'
    """
    if not value:
        return "is empty"
    for ch in value:
        if not ch.isprintable() or 0xD800 <= ord(ch) <= 0xDFFF:
            return f"contains a control or unprintable character (U+{ord(ch):04X})"
    return None


def _numbers(value: Any, path: str) -> Iterator[tuple[str, float]]:
    if isinstance(value, BaseModel):
        value = dict(value)
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _numbers(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _numbers(item, f"{path}[{i}]")
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield path, float(value)


def profile_problems(profile: BaseModel) -> list[tuple[str, str]]:
    """What is wrong with a schema-valid profile, as (field, message) pairs."""
    out: list[tuple[str, str]] = []
    for name in ("id", "provider"):
        why = text_problem(getattr(profile, name, "") or "")
        if why:
            out.append((name, f"{getattr(profile, name, '')!r} {why}; expected printable text"))
    for i, code in enumerate(getattr(profile, "languages", None) or []):
        if not _LANGUAGE.fullmatch(code):
            out.append((f"languages[{i}]", f"got {code!r}; expected an ISO 639-1 language code: two lowercase "
                        "letters such as en, de, ja"))
    params, active = getattr(profile, "params_billion", None), getattr(profile, "active_params_billion", None)
    if params is not None and active is not None and active > params:
        out.append(("active_params_billion", f"got {active:g}, more than params_billion ({params:g}); the "
                    "parameters active per token are a part of all parameters"))
    for path, number in _numbers(dict(profile), ""):
        if not math.isfinite(number) or abs(number) > MAX_FIGURE:
            out.append((path, f"got {number:g}; figures must be at most {MAX_FIGURE:g} in size"))
    return out
