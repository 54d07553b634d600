"""Requirements checked against the catalog they run on: names that only the catalog can confirm.

``allowed_providers`` lists provider/platform ids (the profiles' ``provider`` field); a name the catalog
does not know is a typo or a provider it does not carry, and is refused with the nearest known id rather
than silently excluding every model (exit 2).
"""

from __future__ import annotations

from collections.abc import Iterable

from selector.errors import InputError, Problem
from selector.requirements.messages import suggest
from selector.requirements.models import Requirements


def catalog_providers(profiles: Iterable[object]) -> tuple[str, ...]:
    """The distinct ``provider`` ids of a catalog's profiles, sorted."""
    return tuple(sorted({str(getattr(p, "provider", "")) for p in profiles} - {""}))


def check_providers(req: Requirements, profiles: Iterable[object], source: str = "<requirements>") -> None:
    """Raise :class:`InputError` naming each ``workloads[i].allowed_providers[j]`` the catalog does not know,
    with the nearest known id and the full list of allowed ones."""
    known = catalog_providers(profiles)
    problems = []
    for i, w in enumerate(req.workloads):
        for j, name in enumerate(w.allowed_providers or ()):
            if name in known:
                continue
            near = suggest(name, known)
            hint = f"; did you mean {near}?" if near else ""
            problems.append(Problem(f"workloads[{i}].allowed_providers[{j}]",
                                    f"got {name!r}{hint} (providers in this catalog: {', '.join(known)})"))
    if problems:
        raise InputError(source, tuple(problems))
