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
    None, "--catalog", help="Extra catalog directory: adds profiles or replaces those with the same id.",
    show_default=False,
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
    return load_catalog(list(dirs or []))


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


def table(rows: list[dict[str, Any]], columns: Sequence[str], max_width: int = 48) -> str:
    """A plain-text table (no colour, so it pipes well); numbers without exponents, missing values as -.

    >>> rows = [{"a": 11430.25, "b": float("nan"), "c": 0.8739}]
    >>> print(table(rows, ["a", "b", "c"]))  # doctest: +NORMALIZE_WHITESPACE
    a       b  c
    ------  -  ------
    11,430  -  0.8739
    """
    def cell(v: Any) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return "-"
        if isinstance(v, float):
            return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.4g}"
        text = terminal_safe(str(v))
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    grid = [[cell(r.get(c)) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(g[i]) for g in grid]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(v.ljust(w) for v, w in zip(g, widths, strict=True)) for g in grid)
    return "\n".join(lines)


def err(message: str) -> None:
    typer.echo(terminal_safe(message), err=True)


def stdout_is_tty() -> bool:
    return sys.stdout.isatty()
