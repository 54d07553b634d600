"""Turn pydantic validation errors into messages a person can act on.

Each message names the field path (``workloads[0].requests_per_month``), what was given and what is
allowed; an unknown key gets the nearest valid name.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from selector.errors import Problem

_T = TypeVar("_T")

_PATTERN_HINTS = {
    r"^[a-z]{2}$": "expected an ISO 639-1 language code: two lowercase letters such as en, de, ja",
    r"^[a-z]{2}(-[a-z]+)+-\d$": "expected a cloud region id such as us-east-1 or eu-west-3",
    r"^[a-z0-9][a-z0-9.+\-]*$": "expected a provider id as in the catalog (lowercase, e.g. amazon-bedrock, openai)",
}


def dotted(loc: Iterable[Any]) -> str:
    """``("workloads", 0, "task")`` → ``workloads[0].task``.

    >>> dotted(("workloads", 0, "knowledge", "corpus_tokens"))
    'workloads[0].knowledge.corpus_tokens'
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def suggest(name: str, valid: Iterable[str]) -> str | None:
    """The nearest valid name, if any is close.

    >>> suggest("requests_per_mnth", ["requests_per_month", "input_tokens"])
    'requests_per_month'
    """
    matches = difflib.get_close_matches(str(name), sorted(valid), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """Follow a location through nested pydantic models to the model that owns its last key."""
    model: Any = root
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            return None
        model = _inner_model(field.annotation)
        if model is None:
            return None
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _find_type(annotation: Any, base: type[_T]) -> type[_T] | None:
    """The first class deriving from ``base`` inside an annotation (``list[X] | None`` → X), if any."""
    if isinstance(annotation, type) and issubclass(annotation, base):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _find_type(arg, base)
        if found is not None:
            return found
    return None


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    return _find_type(annotation, BaseModel)


def _allowed_for(root: type[BaseModel], loc: tuple[Any, ...]) -> list[str] | None:
    model = _model_at(root, loc)
    key = loc[-1] if loc else None
    if isinstance(key, int):  # an item of a list: look at the list's field
        model = _model_at(root, loc[:-1])
        key = loc[-2] if len(loc) > 1 else None
    if model is None or key is None:
        return None
    field = model.model_fields.get(key)
    if field is None:
        return None
    enum = _enum_in(field.annotation)
    return [m.value for m in enum] if enum else None


def _enum_in(annotation: Any) -> type[Enum] | None:
    return _find_type(annotation, Enum)


def _given(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def problems_from(error: ValidationError, root: type[BaseModel],
                  limit: int | None = None) -> list[tuple[tuple[Any, ...], Problem]]:
    """Convert a pydantic error to (location, Problem) pairs with human wording (the first ``limit``)."""
    out = []
    errors = error.errors(include_url=False)
    for err in errors if limit is None else errors[:limit]:
        loc = tuple(err.get("loc", ()))
        kind = err.get("type", "")
        given = err.get("input")
        ctx = err.get("ctx") or {}
        path = dotted(loc)
        if kind == "extra_forbidden":
            owner = _model_at(root, loc)
            valid = list(owner.model_fields) if owner else []
            near = suggest(str(loc[-1]), valid)
            hint = f"; did you mean {near}?" if near else ""
            msg = f"unknown key{hint} (allowed here: {', '.join(valid)})"
        elif kind == "missing":
            msg = "required field is missing"
        elif kind == "enum":
            allowed = _allowed_for(root, loc) or [str(ctx.get("expected", ""))]
            near = suggest(str(given), allowed)
            hint = f"; did you mean {near}?" if near else ""
            msg = f"got {_given(given)}{hint} (allowed: {', '.join(allowed)})"
        elif kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
            words = {
                "greater_than_equal": ">=", "greater_than": ">", "less_than_equal": "<=", "less_than": "<",
            }[kind]
            bound = next(iter(ctx.values()), "")
            msg = f"got {_given(given)}; must be {words} {bound}"
        elif kind == "finite_number":
            msg = f"got {_given(given)}; must be a finite number"
        elif kind in {"float_parsing", "int_parsing", "float_type", "int_type", "int_from_float"}:
            msg = f"got {_given(given)}; expected a number" + (" (whole)" if "int" in kind else "")
        elif kind in {"bool_parsing", "bool_type"}:
            msg = f"got {_given(given)}; expected true or false"
        elif kind in {"list_type"}:
            msg = f"got {_given(given)}; expected a list, e.g. [a, b]"
        elif kind in {"model_type", "model_attributes_type", "dict_type"}:
            msg = f"got {_given(given)}; expected a mapping of keys to values"
        elif kind == "string_pattern_mismatch":
            pattern = str(ctx.get("pattern"))
            msg = f"got {_given(given)}; {_PATTERN_HINTS.get(pattern, 'must match ' + pattern)}"
        elif kind in {"too_short", "too_long"}:
            msg = err.get("msg", kind).replace("List", "list").replace("Value", "value")
            msg = f"got {_given(given)}; {msg}" if kind == "too_long" else msg
        elif kind in {"string_type"}:
            msg = f"got {_given(given)}; expected text"
        elif kind in {"string_too_short", "string_too_long"}:
            msg = f"got {_given(given)}; {err.get('msg', kind).lower()}"
        else:
            text = err.get("msg", kind)
            text = text.removeprefix("Value error, ")
            msg = text
        out.append((loc, Problem(path, msg)))
    return out
