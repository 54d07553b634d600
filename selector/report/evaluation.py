"""The report's blocks for ``recommend --evidence``: prior against measured quality, and whether the pick changed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from selector.result import Recommendation


def evaluation_blocks(rec: Recommendation) -> tuple[Any, ...]:
    """A paragraph and a table per workload that the user's evaluation measured; nothing without evidence."""
    from selector.report.content import Para, Table

    cited: Any = rec.provenance.get("evaluation")
    if not cited:
        return ()
    blocks: list[Any] = [Para(f"Measured quality: your evaluation {cited['file']} (sha256 {cited['sha256'][:12]}, "
                              f"{cited['date']}, {cited['examples']} examples, {cited['metric']}) replaces the "
                              "catalog prior of the options it measured (evidence grade: measured).")]
    for w in rec.workloads:
        cmp = (w.explanation or {}).get("evaluation")
        if not cmp or not cmp["rows"]:
            continue
        verdict = (f"changed the pick from {cmp['prior_choice'] or 'nothing'} to {cmp['choice'] or 'nothing'}"
                   if cmp["pick_changed"] else f"confirms the pick ({cmp['choice']})")
        blocks.append(Para(f"{w.name}: the measured quality {verdict}."))
        blocks.append(Table(
            ("model", "strategy", "prior", "measured", "95% interval", "examples"),
            tuple((r["model"], r["strategy"], "-" if r["prior"] is None else f"{r['prior']:.3f}",
                   f"{r['measured']:.3f}", f"[{r['ci95'][0]:.3f}, {r['ci95'][1]:.3f}]", r["examples"])
                  for r in cmp["rows"]),
            f"{w.name}: catalog prior against measured quality"))
    return tuple(blocks)
