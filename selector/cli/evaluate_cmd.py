"""``selector evaluate DATA --task TASK`` and ``selector evaluate plan req.yaml`` (docs/evaluation.md).

``evaluate DATA`` is the group's default command: any first argument that is not a sub-command's name
is the data file (``selector evaluate run DATA`` is the same).
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from typer.core import TyperGroup

from selector.cli.common import CatalogOption, err, get_catalog, handle_errors, terminal_safe
from selector.cli.render import fit, money
from selector.errors import InputError

if TYPE_CHECKING:
    from selector.evaluate.run import EvaluationResult


class _DataFirst(TyperGroup):
    """``evaluate DATA ...`` runs the ``run`` sub-command; ``evaluate plan ...`` the planner."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # typer vendors its own click
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(cls=_DataFirst, no_args_is_help=True, add_completion=False,
                  help="Measure quality on your own examples (selector evaluate DATA --task TASK), plan the pilot "
                       "(selector evaluate plan req.yaml), then decide with recommend --evidence.")


class Format(StrEnum):
    table = "table"
    json = "json"


def _system_table(result: EvaluationResult) -> str:
    """One row per (model, metric): the value and its 95% interval, three decimals; the cost per correct
    answer by the money rule. Long model ids wrap, so the table fits 100 columns."""
    from selector.cli.render import grid

    rows: list[list[str]] = []
    for s in result.systems:
        first = [s.model, str(s.strategy), f"{s.examples:,}"]
        for m, v in s.metrics.items():
            lo, hi = s.ci95[m]
            rows.append([*first, m, f"{v:.3f}", f"[{lo:.3f}, {hi:.3f}]"])
            first = ["", "", ""]
        if "cost_usd_per_correct" in s.costs:
            rows.append([*first, "$/correct", money(s.costs["cost_usd_per_correct"], ""), ""])
    return grid(rows, ["model", "strategy", "n", "metric", "value", "95% interval"], wrap=("model",),
                right=("n", "value"))


def _text(result: EvaluationResult) -> str:
    lines = [fit(f"task {result.task}: {result.examples} examples, {len(result.systems)} model(s); quality = "
                 f"{result.spec.primary}; 95% intervals from {result.resamples} bootstrap resamples "
                 f"(seed {result.seed})")]
    if result.systems:
        lines.append(_system_table(result))
    for p in result.pairwise:
        a, b = p["a"], p["b"]
        mc = f"; McNemar p = {p['mcnemar']['p_value']:.3g}" if "mcnemar" in p else ""
        lines.append(fit(f"{a['model']} ({a['strategy']}) vs {b['model']} ({b['strategy']}): {p['metric']} "
                         f"{p['difference']:+.3f} [{p['ci95'][0]:+.3f}, {p['ci95'][1]:+.3f}]{mc} — {p['verdict']}"))
    lines.extend(fit(f"note: {n}") for n in result.notes)
    return "\n".join(lines)


def _metric_list(text: str | None) -> tuple[str, ...]:
    return tuple(m.strip() for m in (text or "").split(",") if m.strip())


def _exit_missing(exc: Exception) -> NoReturn:
    err(f"error: {exc}")
    raise typer.Exit(1)


@app.command("run")
@handle_errors
def run(
    data: Path = typer.Argument(..., help="JSONL or CSV: one row per (example, model) with id, model, prediction, "
                                          "reference [, strategy, latency_ms, cost_usd]."),
    task: str = typer.Option(..., "--task", help="classification | extraction | question_answering | "
                                                 "summarization | translation"),
    metrics: str = typer.Option(None, "--metrics", help="Comma-separated metrics (default: the task's). "
                                                        "accuracy, precision_macro, recall_macro, f1_macro, "
                                                        "exact_match, token_f1, rouge1, rouge2, rougeL, bleu, "
                                                        "chrf, bertscore_f1."),
    fmt: Format = typer.Option(Format.table, "--format", help="Output format."),
    out: Path = typer.Option(None, "--out", help="Write the measured quality as an evidence file for "
                                                 "recommend --evidence."),
    catalog: list[Path] = CatalogOption,
    seed: int = typer.Option(0, "--seed", min=0, help="Seed of the bootstrap resamples."),
    resamples: int = typer.Option(None, "--resamples", min=100, max=100_000,
                                  help="Bootstrap resamples (default 1000)."),
    bertscore_model: Path = typer.Option(None, "--bertscore-model",
                                         help="A BERTScore model already on disk; never downloaded."),
) -> None:
    """Score every model in DATA on the task's metrics, with 95% intervals and paired comparisons.

    The same as selector evaluate DATA --task TASK.
    """
    from selector.evaluate.deps import MissingPackage
    from selector.evaluate.evidence import write_evidence
    from selector.evaluate.rows import check_file, load_rows
    from selector.evaluate.run import Settings, evaluate

    check_file(data)  # size and kind from the file's metadata, before the catalog loads: refused at once
    cat = get_catalog(catalog)
    rows = load_rows(data, task, [p.id for p in cat])
    try:
        result = evaluate(rows, Settings(_metric_list(metrics), seed, resamples,
                                         str(bertscore_model) if bertscore_model else None))
    except MissingPackage as exc:
        _exit_missing(exc)
    if fmt is Format.json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False, allow_nan=False))
    else:
        typer.echo(terminal_safe(_text(result)))
    if out is not None:
        try:
            write_evidence(result, out)
        except OSError as exc:
            why = exc.strerror or exc
            raise InputError.single(str(out), "--out", f"cannot write the evidence file ({why})") from None
        err(f"evidence written to {out} (use: selector recommend REQ.yaml --evidence {out})")


@app.command("plan")
@handle_errors
def plan(
    requirements: Path = typer.Argument(..., help="Requirements file (YAML or JSON; fields: `selector schema`, "
                                      "docs/requirements.md)."),
    template_dir: Path = typer.Option(Path("."), "--template-dir",
                                      help="Where to write one data template (CSV) per workload."),
    margin: float = typer.Option(None, "--margin", min=0.001, max=0.5,
                                 help="Quality gap to tell apart (default: the prior gap between the choice and "
                                      "its runner-up, at least 0.02)."),
    fmt: Format = typer.Option(Format.table, "--format", help="Output format."),
    catalog: list[Path] = CatalogOption,
    top: int = typer.Option(3, "--top", min=0, max=20, help="Runners-up to test besides the choice."),
) -> None:
    """Per workload: the candidates worth testing, the metric, and how many examples tell them apart."""
    from selector.evaluate.plan import make_plan, write_templates
    from selector.requirements import load_requirements

    req = load_requirements(requirements)
    cat = get_catalog(catalog)
    result = make_plan(req, cat, margin=margin, top=top)
    try:
        written = write_templates(result, template_dir, requirements.stem)
    except OSError as exc:
        raise InputError.single(str(template_dir), "--template-dir", f"cannot write ({exc.strerror or exc})") from None
    if fmt is Format.json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False, allow_nan=False))
    else:
        typer.echo(terminal_safe(fit(result.text())))
    for path in written:
        err(f"template written to {path}")
