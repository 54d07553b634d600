"""Helpers shared by CLI commands: loading the catalog, printing tables, safe CSV."""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import typer

from selector.catalog import Catalog, load_catalog
from selector.errors import SelectorError

CatalogOption = typer.Option(
    None, "--catalog", help="Extra catalog directory: adds profiles or replaces those with the same id "
    "(repeat for several).", show_default=False, metavar="DIR",
)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
# C0/C1 control characters (but newline and tab) and Unicode bidirectional overrides: printed to a
# terminal they could clear the screen, forge hyperlinks or reorder text (docs/reliability.md).
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a :class:`SelectorError` into a message on stderr and its exit code (no traceback):
    2 for bad input, 1 for a missing part of the environment."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SelectorError as exc:
            typer.echo(f"error: {terminal_safe(str(exc))}", err=True)
            raise typer.Exit(exc.exit_code) from None

    return wrapper


def get_catalog(dirs: Sequence[Path] | None) -> Catalog:
    cat = load_catalog(list(dirs or []))
    if cat.replaced:
        more = len(cat.replaced) - 10
        shown = ", ".join(cat.replaced[:10]) + (f" and {more:,} more" if more > 0 else "")
        err(f"warning: --catalog replaces {len(cat.replaced):,} shipped profile(s) with the same id: {shown} "
            "(listed under provenance.replaced)")
    return cat


def echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False, default=str))


def csv_safe(value: Any) -> Any:
    """Neutralise spreadsheet formulas in text cells (CSV injection): prefix with a quote.

    Leading spaces do not protect a formula (spreadsheets may trim them on import), so the first
    non-blank character decides.

    >>> csv_safe("=cmd|' /C calc'!A0")
    "'=cmd|' /C calc'!A0"
    >>> csv_safe("  @SUM(A1)"), csv_safe("gpt-4o")
    ("'  @SUM(A1)", 'gpt-4o')
    >>> csv_safe(-3.5)
    -3.5
    """
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def terminal_safe(text: str) -> str:
    r"""Show control characters and bidi overrides as escapes, so text cannot drive the terminal.

    >>> print(terminal_safe("ok\x1b[2J\u202eevil\nnext"))
    ok\x1b[2J\u202eevil
    next
    """
    return _TERMINAL_UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def write_csv(rows: Iterable[Mapping[Any, Any]], columns: Sequence[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_safe(v) for k, v in row.items()})
    return buf.getvalue()


def table(rows: list[dict[str, Any]], columns: Sequence[str], max_width: int = 48,
          wrap: Sequence[str] | None = None, right: Sequence[str] = ()) -> str:
    """A plain-text table (no colour, so it pipes well) within 100 columns; numbers without exponents,
    missing values as -. Text longer than ``max_width`` is cut with …, unless its column is in ``wrap``
    (default: the first column), whose cells continue on further lines when the table is too wide.

    >>> rows = [{"a": 11430.25, "b": float("nan"), "c": 0.8739}]
    >>> print(table(rows, ["a", "b", "c"]))  # doctest: +NORMALIZE_WHITESPACE
    a       b  c
    ------  -  ------
    11,430  -  0.8739
    """
    from selector.cli.render import grid

    wrapped = set(columns[:1] if wrap is None else wrap)

    def cell(v: Any, column: str) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return "-"
        if isinstance(v, bool):
            return "yes" if v else "no"
        if isinstance(v, float):
            return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.4g}"
        text = terminal_safe(str(v))
        return text if column in wrapped or len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cell(r.get(c), c) for c in columns] for r in rows]
    return grid(cells, columns, wrap=wrapped, right=right)


def err(message: str) -> None:
    typer.echo(terminal_safe(message), err=True)


def stdout_is_tty() -> bool:
    return sys.stdout.isatty()
