"""``selector recommend req.yaml``: a recommendation per workload (docs/cli.md); exit 0, 2 or 3."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from selector.cli.common import CatalogOption, err, get_catalog, handle_errors, terminal_safe
from selector.collector import paused
from selector.errors import EXIT_INFEASIBLE, InputError

if TYPE_CHECKING:
    from selector.result import Recommendation


class Format(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


def _table_text(rec: Recommendation) -> str:
    from selector.cli.recommend_text import table_text

    return table_text(rec)


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


@handle_errors
def recommend(
    requirements: Path = typer.Argument(..., help="Requirements file (YAML or JSON; fields: `selector schema`, "
                                      "docs/requirements.md)."),
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
    with paused():  # loading, reporting and output too, not only recommend() (selector.collector)
        _recommend(requirements, fmt, report, catalog, top, strict, seed, samples, solver, time_limit, evidence)


def _recommend(requirements: Path, fmt: Format, report: Path | None, catalog: list[Path], top: int, strict: bool,
               seed: int, samples: int, solver: str | None, time_limit: float, evidence: Path | None) -> None:
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
        from selector.catalog.validate import check_catalog  # only here: it brings the maintained-data readers

        warnings = check_catalog(cat)
        if warnings:
            for w in warnings:
                err(f"warning: {w.render()}")
            raise InputError.single("catalog", "--strict", f"{len(warnings)} catalog warning(s)")
    rendered = report is not None or fmt in (Format.markdown, Format.html)  # the JSON and the table need no views
    rec = run(req, cat, Settings(top=top, smaa_samples=samples, seed=seed, solver=solver, time_limit=time_limit,
                                 evidence=measured, views=rendered),
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


