"""Validate the form's document with the library and put each message beside the field it is about."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from selector.errors import InputError, Problem
from selector.requirements import Requirements, requirements_from_dict

FORM_SOURCE = "form"
_TRAILING_INDEX = re.compile(r"\[\d+\]$")


@dataclass(frozen=True)
class Checked:
    """The outcome of validating a document: the requirements, or the problems with it."""

    requirements: Requirements | None
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.requirements is not None


def check(doc: Any, source: str = FORM_SOURCE, text: str | None = None) -> Checked:
    """Validate with :func:`selector.requirements.requirements_from_dict`; never raises for bad input.

    ``text`` is the file the document was parsed from, if any: messages then carry line numbers.
    """
    try:
        return Checked(requirements_from_dict(doc, source, text))
    except InputError as exc:
        return Checked(None, exc.problems or (Problem("", "invalid requirements"),))


def slot_for(path: str, slots: set[str]) -> str:
    """The nearest message slot for a problem's field path: itself, else its parents, else the form ("").

    >>> slot_for("workloads[0].languages[1]", {"workloads[0].languages", "workloads[0]"})
    'workloads[0].languages'
    >>> slot_for("workloads[2].knowledge.bogus", {"workloads[2].knowledge", "workloads[2]"})
    'workloads[2].knowledge'
    >>> slot_for("weights", {"budget"})
    ''
    """
    current = path
    while current:
        if current in slots:
            return current
        trimmed = _TRAILING_INDEX.sub("", current)
        current = trimmed if trimmed != current else current.rpartition(".")[0]
    return ""


def place(problems: tuple[Problem, ...], slots: set[str]) -> dict[str, list[str]]:
    """Messages per slot. A message placed at a parent of its field names the part it is about.

    >>> place((Problem("workloads[0].languages[1]", "got 'EN'"), Problem("budget.x", "unknown key")),
    ...       {"workloads[0].languages", "budget"})
    {'workloads[0].languages': ["entry 2: got 'EN'"], 'budget': ['x: unknown key']}
    """
    out: dict[str, list[str]] = {}
    for p in problems:
        slot = slot_for(p.field, slots)
        out.setdefault(slot, []).append(f"{_relative(p.field, slot)}{p.message}")
    return out


def _relative(field: str, slot: str) -> str:
    """How a problem's field reads from its slot: nothing, ``entry 2: `` or ``typo: ``."""
    if field == slot:
        return ""
    rest = field[len(slot):].lstrip(".") if slot and field.startswith(slot) else field
    item = _TRAILING_INDEX.fullmatch(rest)
    if item:
        return f"entry {int(rest[1:-1]) + 1}: "
    return f"{rest or 'requirements'}: "


def slot_messages(checked: Checked, slots: list[str]) -> list[str]:
    """The text of each message slot, in the order given ("" where all is well)."""
    placed = place(checked.problems, set(slots))
    return [" ".join(placed.get(s, [])) for s in slots]


def summary(checked: Checked) -> str:
    """One line for the top of the form."""
    if checked.ok:
        n = len(checked.requirements.workloads)
        return f"Ready: {n} workload{'s' if n != 1 else ''}, all fields valid."
    n = len(checked.problems)
    return f"{n} problem{'s' if n != 1 else ''} to fix; each is shown in red beside its field."
