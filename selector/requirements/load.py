"""Read a requirements file (YAML or JSON) into :class:`Requirements`, with human errors."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from selector.errors import InputError, Problem
from selector.requirements.messages import dotted, problems_from, suggest
from selector.requirements.models import TOP_KEYS, WORKLOAD_KEYS, Requirements
from selector.yamlio import MAX_PROBLEMS, cap_problems, forget_nodes, line_of, parse_document, read_text

_SHORTHAND_ONLY = WORKLOAD_KEYS - TOP_KEYS  # keys that can only belong to a workload


def normalise_shorthand(doc: dict[str, Any]) -> dict[str, Any]:
    """A single workload may put its keys at the top level (docs/requirements.md): move them under ``workloads``.

    >>> normalise_shorthand({"name": "a", "task": "chat", "requests_per_month": 5})["workloads"][0]["task"]
    'chat'
    """
    if "workloads" in doc or not (set(doc) & _SHORTHAND_ONLY):
        return doc
    top = {k: v for k, v in doc.items() if k in TOP_KEYS}
    workload = {k: v for k, v in doc.items() if k not in TOP_KEYS or k == "name"}
    workload.setdefault("name", doc.get("name") or "workload")
    top["workloads"] = [workload]
    return top


def requirements_from_dict(doc: Any, source: str = "<requirements>", text: str | None = None) -> Requirements:
    """Validate a parsed document; raise :class:`InputError` naming file, field and what is allowed."""
    if doc is None:
        raise InputError.single(source, "", "the document is empty; expected a mapping with 'workloads'")
    if not isinstance(doc, dict):
        raise InputError.single(
            source, "", f"expected a mapping of keys (name, budget, workloads, ...), got {type(doc).__name__}"
        )
    bad_keys = [k for k in doc if not isinstance(k, str)]
    if bad_keys:
        raise InputError.single(source, str(bad_keys[0]), "keys must be text")
    shaped = normalise_shorthand(doc)
    try:
        return Requirements.model_validate(shaped)
    except ValidationError as exc:
        problems = []
        shorthand = shaped is not doc
        for loc, problem in problems_from(exc, Requirements, limit=MAX_PROBLEMS + 1):
            if shorthand and loc[:2] == ("workloads", 0):  # point at the key the user actually wrote
                loc = loc[2:]
                problem = Problem(dotted(loc) or "workload", problem.message)
            line = line_of(text, loc) if text is not None else None
            problems.append(Problem(problem.field, problem.message, line))
        if not problems:  # pragma: no cover - pydantic always reports at least one
            problems.append(Problem("", str(exc)))
        hidden = exc.error_count() - len(problems)
        problems = list(cap_problems(problems))
        if hidden > 0:  # problems_from stopped early: count the rest in the last line
            problems[-1] = Problem("", f"...and {exc.error_count() - MAX_PROBLEMS:,} more problem(s) not shown; "
                                   "fix these and run again")
        raise InputError(source, tuple(problems)) from None


def load_requirements(path: str | Path) -> Requirements:
    """Load and validate ``req.yaml`` / ``req.json``.

    Raises :class:`InputError` (exit code 2 in the CLI) for anything wrong with the file.
    """
    p = Path(path)
    text = read_text(p)
    try:
        return requirements_from_dict(parse_document(text, str(p)), str(p), text)
    finally:
        forget_nodes()


def parse_requirements(text: str, source: str = "<requirements>") -> Requirements:
    """Validate requirements given as YAML/JSON text (used by the dashboard's upload)."""
    try:
        return requirements_from_dict(parse_document(text, source), source, text)
    finally:
        forget_nodes()


def requirements_sha256(req: Requirements) -> str:
    """A stable hash of the validated requirements (provenance)."""
    return hashlib.sha256(req.model_dump_json().encode()).hexdigest()


__all__ = [
    "load_requirements",
    "normalise_shorthand",
    "parse_requirements",
    "requirements_from_dict",
    "requirements_sha256",
    "suggest",
]
