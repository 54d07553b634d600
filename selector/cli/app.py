"""The ``selector`` command: a thin shell over the library.

Every user mistake becomes a message on stderr and exit code 2 (docs/cli.md), never a traceback.
"""

from __future__ import annotations

import gc
import json
import os
import sys

import typer

from selector import __version__
from selector.cli import catalog_cmd, dashboard_cmd, estimate_cmd, evaluate_cmd, help_style, recommend_cmd
from selector.errors import EXIT_ENVIRONMENT, SelectorError

help_style.install()  # flags show no <bool> type in --help

app = typer.Typer(
    name="selector",
    help="Choose the AI model and the customization strategy for each workload, from your own traffic, "
    "data and budget.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(catalog_cmd.app, name="catalog")
app.add_typer(estimate_cmd.app, name="estimate")
app.command("recommend")(recommend_cmd.recommend)
app.command("dashboard")(dashboard_cmd.dashboard)
app.add_typer(evaluate_cmd.app, name="evaluate")


def _debug_requested(argv: list[str] | None) -> bool:
    """``--debug`` anywhere before the command's own arguments, or SELECTOR_DEBUG=1 in the environment."""
    args = sys.argv[1:] if argv is None else argv
    return "--debug" in args or bool(os.environ.get("SELECTOR_DEBUG"))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"selector {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
    debug: bool = typer.Option(False, "--debug", help="Show the traceback of an internal error (a bug)."),
) -> None:
    """selector: model and customization-strategy recommendations with costs you can audit."""


@app.command()
def schema() -> None:
    """Print the JSON schema of the requirements file (every field with its unit and bounds)."""
    from selector.requirements.models import Requirements

    typer.echo(json.dumps(Requirements.model_json_schema(), indent=2))


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app; every error exits with its kind's code and a message, never a traceback.

    Input errors exit 2, a missing part of the environment exits 1 naming what is missing and how to get
    it, and anything else is a bug: exit 1 with "this is a bug" (the traceback only with ``--debug``).
    """
    try:
        _run(argv)
    finally:
        if argv is None:  # the process ends here: spare it the last full collection (docs/benchmarks.md)
            gc.freeze()  # everything alive moves out of the collector's reach; memory is freed as usual


def _run(argv: list[str] | None) -> None:
    try:
        app(args=argv, standalone_mode=True)
    except SelectorError as exc:
        from selector.cli.common import terminal_safe

        typer.echo(f"error: {terminal_safe(str(exc))}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # the one broad handler: a bug, not a user mistake
        if _debug_requested(argv):
            raise
        typer.echo(f"internal error: {type(exc).__name__}: {exc}\n"
                   "This is a bug in selector, not in your input. Re-run with --debug for the traceback "
                   "and report it with the requirements file.", err=True)
        sys.exit(EXIT_ENVIRONMENT)
