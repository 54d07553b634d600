"""The report's content, built once from a Recommendation; each format only renders it.

Reading order: the bottom line (:mod:`selector.report.bottomline`), one part per workload with only what
differs (:mod:`selector.report.workloads`), then what the workloads share, said once: guidance and
exclusions (:mod:`selector.report.shared`), and provenance. Blocks are plain data
(:mod:`selector.report.blocks`); text from users and the catalog stays raw here and is escaped by each
renderer.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from selector.catalog.reference import load_reference
from selector.report.blocks import Bullets, Chart, ChartRow, Heading, Para, Report, Section, Table
from selector.report.fmt import money

if TYPE_CHECKING:
    from selector.result import Recommendation

__all__ = ["SECTION_KEYS", "Bullets", "Chart", "ChartRow", "Heading", "Para", "Report", "Section", "Table",
           "build_report", "guidance", "usd"]


SECTION_KEYS = ("summary", "workloads", "guidance", "exclusions", "provenance")


def guidance() -> dict[str, Any]:
    """``guidance.yaml`` as parsed, validated by :mod:`selector.catalog.reference`."""
    return load_reference().document("guidance")  # type: ignore[no-any-return]


def usd(x: float) -> str:
    """Dollars as the report prints them (:func:`selector.report.fmt.money`)."""
    return money(x)


def _provenance(rec: Recommendation) -> Section:
    blocks: list[Any] = [Table(tuple(rec.provenance), (tuple(str(v) for v in rec.provenance.values()),),
                               "what produced this report", role="provenance")]
    if rec.figure_dates:
        stale = [f for f in rec.figure_dates if f["stale"]]
        if stale:
            blocks.append(Para(f"Warning: {len(stale)} figure group(s) behind the chosen models are more than 180 days "
                               "old; re-check them before committing budget: " +
                               ", ".join(sorted({f"{f['model']} {f['figure']}" for f in stale})) + "."))
        blocks.append(Table(
            ("model", "figures", "source", "dated", "age (days)", "status"),
            tuple((f["model"], f["figure"], f"{f['source']} {f['url']}".strip(), f["date"], f["age_days"],
                   ("STALE" if f["stale"] else "ok") + (" · estimate" if f["estimate"] else ""))
                  for f in rec.figure_dates),
            "sources of the chosen models' figures", collapsed=True,
        ))
    return Section("provenance", "Provenance", tuple(blocks))


def _summary(rec: Recommendation) -> Section:
    """The bottom line, then the conflicts and any measured-against-prior evaluation."""
    from selector.report.bottomline import bottom_line
    from selector.report.evaluation import evaluation_blocks  # recommend --evidence: prior against measured

    blocks: list[Any] = list(bottom_line(rec))
    if len(rec.workloads) > 1:
        blocks.append(Para("A shared charge (one vector store, say) is counted once; each row holds its share."))
    for c in rec.conflicts:
        blocks.append(Para(f"Conflict: {c['constraint']}: {c['message']}"))
    blocks.extend(evaluation_blocks(rec))
    return Section("summary", "Bottom line", tuple(blocks))


def build_report(rec: Recommendation) -> Report:
    """All sections, in reading order: the bottom line, each workload, then what they share."""
    from selector.report.shared import exclusions_section, guidance_section
    from selector.report.workloads import workloads_section

    name = getattr(rec.requirements, "name", None) or "requirements"
    subtitle = (f"{len(rec.workloads)} workload(s), {rec.horizon_months}-month horizon; "
                f"generated {rec.provenance.get('generated_at', dt.datetime.now(dt.UTC).isoformat())}")
    sections = (_summary(rec), workloads_section(rec), guidance_section(rec), exclusions_section(rec),
                _provenance(rec))
    return Report(f"selector report: {name}", subtitle, sections)
