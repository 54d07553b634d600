"""Why a what-if changed the strategy, or did not, when a new volume crosses a break-even.

The results page lists break-even volumes: where the cheapest option of another strategy costs the
same over the horizon as the choice. A person who moves a volume past one expects the strategy to
change; when it does not, the page must say why (the cheaper strategy loses on the other criteria, or
the break-even moved because the best deployment at the new volume is a different one).
"""

from __future__ import annotations

from typing import Any

from selector.labels import STRATEGY
from selector.result import Recommendation, Scored, WorkloadResult
from selector.scoring import CRITERIA

from dashboard.logic.form import get_in
from dashboard.logic.whatif import VOLUME_KEY

# A utility gap below this (on the 0..1 scale) is not named as a criterion one option wins on.
UTILITY_GAP = 0.01


def _strategy(value: Any) -> str:
    return STRATEGY.get(str(value), str(value).replace("_", " "))


def _money(x: float) -> str:
    return f"${x:,.0f}" if abs(x) >= 100 else f"${x:,.2f}"


def _volume(doc: Any, index: int) -> float | None:
    value = get_in(doc, f"workloads[{index}].{VOLUME_KEY}")
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def crossed(w: WorkloadResult, before: float, after: float) -> list[dict[str, Any]]:
    """The break-evens of ``w`` (the result before the edit) that lie between the two volumes."""
    lo, hi = sorted((before, after))
    return [dict(b) for b in w.break_even
            if isinstance(b.get("requests_per_month"), (int, float)) and lo < b["requests_per_month"] <= hi]


def cheapest_of(w: WorkloadResult, strategy: Any) -> Scored | None:
    """The feasible option of ``strategy`` in ``w`` with the lowest TCO (ties: the better score)."""
    found = [s for s in w.options if str(s.option.strategy) == str(strategy)]
    return min(found, key=lambda s: (s.tco_usd, -s.score)) if found else None


def _worse_on(a: Scored, b: Scored) -> list[str]:
    """The criteria on which ``a`` is worse than ``b`` (utility 0..1, gaps above ``UTILITY_GAP``)."""
    return [k for k in CRITERIA if b.utilities.get(k, 0.0) - a.utilities.get(k, 0.0) > UTILITY_GAP]


def why_kept(new: WorkloadResult, strategy: Any, horizon: int, expected_cheaper: bool) -> str:
    """Why the choice in ``new`` is still not of ``strategy``, as the end of a sentence.

    ``expected_cheaper``: the crossing was towards ``strategy`` being the cheaper one.
    """
    assert new.choice is not None
    choice, other = new.choice, cheapest_of(new, strategy)
    if other is None:
        return f"no {_strategy(strategy)} option qualifies at this volume"
    gap = other.tco_usd - choice.tco_usd
    scores = f"scores {other.score:.3f} against {choice.score:.3f}"
    if gap < 0:
        worse = _worse_on(other, choice)
        return (f"its cheapest option, {other.option.model}, is {_money(-gap)} cheaper over {horizon} months but "
                f"{scores}" + (f": it is worse on {', '.join(worse)}, which "
                               f"{'outweighs' if len(worse) == 1 else 'outweigh'} the saving at the current "
                               "weights" if worse else ""))
    moved = " (the cheapest deployment changes with the volume, and the break-even with it)" if expected_cheaper else ""
    return (f"at this volume its cheapest option, {other.option.model}, is {_money(gap)} dearer over {horizon} "
            f"months{moved}")


def notes(before: Recommendation | None, after: Recommendation | None, doc_before: Any, doc_after: Any) -> list[str]:
    """One sentence per workload whose choice changed strategy, or whose new volume crossed a break-even."""
    if before is None or after is None:
        return []
    out = []
    for i, (old, new) in enumerate(zip(before.workloads, after.workloads, strict=False)):
        if old.choice is None or new.choice is None:
            continue
        was, now = old.choice.option.strategy, new.choice.option.strategy
        v0, v1 = _volume(doc_before, i), _volume(doc_after, i)
        passes = crossed(old, v0, v1) if v0 is not None and v1 is not None and v0 != v1 else []
        if was != now:
            why = next((f"past the break-even with it at {b['requests_per_month']:,.0f} requests/month"
                        for b in passes if str(b["strategy"]) == str(now)), "")
            out.append(f"{new.name}: the strategy changed from {_strategy(was)} to {_strategy(now)}"
                       + (f" ({why})" if why else "") + f"; {new.choice.option.model} scores "
                       f"{new.choice.score:.3f}.")
            continue
        for b in passes:
            if str(b["strategy"]) == str(now):
                continue
            # the library's note says which side is cheaper above the break-even
            choice_cheaper_above = str(b.get("note", "")).startswith("above it the choice")
            expected = (v1 > v0) != choice_cheaper_above  # type: ignore[operator]
            link = "but" if expected else "and"
            out.append(f"{new.name}: the volume crossed the break-even with {_strategy(b['strategy'])} at "
                       f"{b['requests_per_month']:,.0f} requests/month, {link} the strategy stays "
                       f"{_strategy(now)}: {why_kept(new, b['strategy'], after.horizon_months, expected)}.")
    return out
