"""``selector recommend req.yaml``: the contract of spec §2."""

from __future__ import annotations

import json
import re
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from selector.cli.common import CatalogOption, err, get_catalog, handle_errors, table, terminal_safe
from selector.errors import EXIT_INFEASIBLE, InputError

if TYPE_CHECKING:
    from selector.result import Recommendation


class Format(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


def _table_text(rec: Recommendation) -> str:
    lines = []
    for w in rec.workloads:
        lines.append(f"== {_one_line(w.name)} ==")
        if w.choice:
            c = w.choice
            o = c.option
            method = f" ({o.candidate.method})" if o.candidate.method and o.strategy.fine_tunes else ""
            tier = o.cost.assumptions.get("inference.service_tier") if o.hosting == "on_demand_api" else None
            lines.append(f"choice: {o.model} · {o.strategy}{method} · {o.hosting}" + (f" ({tier})" if tier else ""))
            lines.append(f"  ${w.monthly_cost_usd:,.2f}/month, ${w.one_off_cost_usd:,.2f} one-off, "
                         f"TCO ${c.tco_usd:,.2f}; quality {o.quality:.2f}; {o.latency_ms:,.0f} ms; score {c.score:.3f}")
        else:
            lines.append("choice: none")
        if w.alternatives:
            rows = [{"model": a.option.model, "strategy": a.option.strategy, "hosting": a.option.hosting,
                     "$/month": a.option.cost.monthly_usd, "TCO $": a.tco_usd, "quality": a.option.quality,
                     "ms": a.option.latency_ms, "score": a.score} for a in w.alternatives]
            lines.append("runners-up:")
            lines.append(table(rows, list(rows[0])))
        from selector.options.reasons import exclusion_counts

        counts = list(exclusion_counts(w.excluded).items())
        if counts:
            lines.append(f"excluded: {len(w.excluded)} models (" +
                         ", ".join(f"{n} by {code.value}" for code, n in counts[:6]) + ")")
        lines.extend(f"note: {_one_line(n)}" for n in w.notes)
        lines.append("")
    t = rec.totals
    lines.append(f"totals: ${t['monthly_cost_usd']:,.2f}/month, ${t['one_off_cost_usd']:,.2f} one-off, "
                 f"TCO ${t['tco_usd']:,.2f} over {rec.horizon_months} months")
    for charge in rec.shared_charges:  # each shared charge whole; the workloads above carry their shares
        lines.append(f"shared: {_one_line(str(charge['key']))} ${charge['monthly_usd']:,.2f}/month, split between "
                     + ", ".join(_one_line(str(n)) for n in charge["workloads"]))
    for conflict in rec.conflicts:
        lines.append(f"conflict: {_one_line(str(conflict['constraint']))}: {_one_line(str(conflict['message']))}")
    return "\n".join(lines)


def _solver_name(solver: str | None) -> str | None:
    """``--solver`` checked (case-insensitively) before anything is built."""
    if solver is None:
        return None
    from selector.optimise.solve import available_solvers

    names = {n.lower(): n for n in available_solvers()}
    if solver.lower() not in names:
        raise InputError.single("--solver", "solver", f"{solver!r} is not available here (available: "
                                f"{', '.join(names.values()) or 'none'})")
    return names[solver.lower()]


def _one_line(text: str) -> str:
    r"""User text on one terminal line: line breaks shown as escapes, so a name cannot forge a line.

    >>> _one_line("a\nchoice: x\r\u2028")
    'a\\nchoice: x\\r\\u2028'
    """
    return _LINE_BREAKS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


_LINE_BREAKS = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


@handle_errors
def recommend(
    requirements: Path = typer.Argument(..., help="Requirements file (YAML or JSON, spec §1)."),
    fmt: Format = typer.Option(Format.table, "--format", help="Output format."),
    report: Path = typer.Option(None, "--report", help="Write the trade-off report (.html, .md or .pdf)."),
    catalog: list[Path] = CatalogOption,
    top: int = typer.Option(3, "--top", min=0, max=50, help="Alternatives per workload."),
    strict: bool = typer.Option(False, "--strict", help="Catalog warnings (stale or unsourced figures) are errors."),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed of the sensitivity analysis."),
    samples: int = typer.Option(2000, "--samples", min=100, max=200_000, help="SMAA samples."),
    solver: str | None = typer.Option(None, "--solver", help="HiGHS or PULP_CBC_CMD (default: the first available)."),
    time_limit: float = typer.Option(60.0, "--time-limit", min=1, max=86_400, help="Solver time limit in seconds."),
    evidence: Path = typer.Option(None, "--evidence", help="Measured quality from selector evaluate --out: "
                                                           "replaces the catalog prior of what it measured."),
) -> None:
    """Recommend a model, strategy and hosting per workload; exit 3 when nothing qualifies."""
    from selector.catalog.validate import check_catalog
    from selector.recommend import Settings, recommend as run
    from selector.requirements import load_requirements

    if report is not None and report.suffix.lower() not in (".html", ".md", ".pdf"):
        raise InputError.single("--report", "report", f"got {report.name!r}; the suffix must be .html, .md or .pdf")
    if report is not None:  # before any work, so nothing is printed before a refusal
        from selector.safeio import check_target

        check_target(report, "--report", [requirements])
    solver = _solver_name(solver)
    req = load_requirements(requirements)
    cat = get_catalog(catalog)
    from selector.requirements.catalog_check import check_providers

    check_providers(req, cat, str(requirements))  # a provider the catalog does not carry: exit 2, by file
    measured = None
    if evidence is not None:
        from selector.evaluate.evidence import load_evidence

        measured = load_evidence(evidence)
    if strict:
        warnings = check_catalog(cat)
        if warnings:
            for w in warnings:
                err(f"warning: {w.render()}")
            raise InputError.single("catalog", "--strict", f"{len(warnings)} catalog warning(s)")
    rec = run(req, cat, Settings(top=top, smaa_samples=samples, seed=seed, solver=solver, time_limit=time_limit,
                                 evidence=measured),
              progress=lambda m: err(f"… {m}"))  # a SolverError (exit 1) reaches main() with its advice
    if report is not None:  # written before the answer is printed: a failure never follows an answer
        from selector.report import write_report

        try:
            write_report(rec, report)
        except OSError as exc:  # a missing or read-only directory, a full disk: the user's to fix
            raise InputError.single(str(report), "--report", f"cannot write the report ({exc.strerror or exc}); "
                                    "any previous file there is unchanged") from None
    if fmt is Format.json:
        typer.echo(json.dumps(rec.to_dict(), indent=2, ensure_ascii=False, allow_nan=False))
    elif fmt is Format.table:
        typer.echo(terminal_safe(_table_text(rec)))
    else:
        from selector.report import render

        typer.echo(render(rec, "md" if fmt is Format.markdown else "html"))
    if report is not None:
        err(f"report written to {report}")
    if rec.status != "optimal":
        raise typer.Exit(EXIT_INFEASIBLE)


