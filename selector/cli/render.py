"""How the CLI prints numbers and tables: one rule per kind of figure, every line within 100 columns.

The rules (docs/cli.md, "Numbers in the terminal"):

* **money** in US dollars to the cent, with thousands separators (``$1,166.12``); an amount below one
  dollar keeps three significant figures so a per-token price is not rounded away (``$0.035``);
* **quality** (the catalog's 0..1 scale) to two decimals, **scores** to three (they rank options, and
  near ties must stay visible);
* **latency** in ms below ten seconds, then in s, min or h (a 24-hour batch window reads ``24 h``);
* other numbers with thousands separators and at most four significant figures.

Tables wrap their long text cells (model ids, notes) onto further lines instead of widening the table;
the full ids are in ``--format json``.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Collection, Sequence
from typing import Any

WIDTH = 100  # columns every line of table output fits (tests/cli/test_widths.py)
MISSING = "-"
_BREAK_AFTER = re.compile(r"(?<=[/\-_.:,; ])")


def money(value: float | None, unit: str = "$") -> str:
    """US dollars to the cent; below $1, three significant figures (at least two decimals).

    >>> money(1166.123), money(0.0), money(0.035), money(0.24), money(0.5), money(-12.5), money(None)
    ('$1,166.12', '$0.00', '$0.035', '$0.24', '$0.50', '-$12.50', '-')
    >>> money(3.43088, unit="")
    '3.43'
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return MISSING
    sign = "-" if value < 0 else ""
    v = abs(float(value))
    if v == 0 or v >= 1:
        text = f"{v:,.2f}"
    else:
        decimals = max(2, 2 - math.floor(math.log10(v)))
        text = f"{v:.{decimals}f}"
        while text.endswith("0") and len(text.partition(".")[2]) > 2:
            text = text[:-1]
    return f"{sign}{unit}{text}"


def quality(value: float | None) -> str:
    """The 0..1 quality scale to two decimals.

    >>> quality(0.4906), quality(None)
    ('0.49', '-')
    """
    return MISSING if value is None or not math.isfinite(value) else f"{value:.2f}"


def score(value: float | None) -> str:
    """An objective score to three decimals.

    >>> score(0.71966)
    '0.720'
    """
    return MISSING if value is None or not math.isfinite(value) else f"{value:.3f}"


def number(value: Any) -> str:
    """Any other figure: separators, at most four significant figures, no trailing ``.0``; yes/no for
    booleans, ``-`` for a missing value.

    >>> number(128000), number(13.348), number(0.4), number(4.2e22), number(True), number(None)
    ('128,000', '13.35', '0.4', '4.2e+22', 'yes', '-')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if not isinstance(value, (int, float)):
        return str(value)
    if value and not 1e-3 <= abs(value) < 1e15:
        return f"{value:.4g}"
    if float(value).is_integer() or abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{float(f'{value:.4g}'):g}"


def wrap_text(text: str, width: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``width`` characters, after a separator where one is near.

    >>> wrap_text("fireworks_ai/accounts/fireworks/models/llama-v3p1-8b-instruct", 24)
    ['fireworks_ai/accounts/', 'fireworks/models/llama-', 'v3p1-8b-instruct']
    """
    width = max(width, 1)
    pieces: list[str] = []
    rest = text
    while len(rest) > width:
        cuts = [m.start() for m in _BREAK_AFTER.finditer(rest, 1, width)]
        cut = cuts[-1] if cuts and cuts[-1] > width // 3 else width
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    pieces.append(rest)
    return pieces


def wrap_line(text: str, width: int = WIDTH, indent: int | None = None) -> list[str]:
    """One output line wrapped at words, continuation lines indented under the text after ``label: ``.

    >>> wrap_line("note: " + "word " * 30, width=40)[:2]
    ['note: word word word word word word word', '      word word word word word word word']
    """
    if len(text) <= width:
        return [text]
    if indent is None:
        label = re.match(r"\s*[^\s:]{1,30}: ", text)
        indent = len(label.group()) if label else len(text) - len(text.lstrip()) + 2
    lead = text[: len(text) - len(text.lstrip())]
    lines = textwrap.wrap(text.lstrip(), width=width, initial_indent=lead, subsequent_indent=" " * indent,
                          break_long_words=False, break_on_hyphens=False)
    out: list[str] = []
    for line in lines:  # a word longer than the line (a long id or URL) is cut at a separator
        if len(line) <= width:
            out.append(line)
            continue
        pad = line[: len(line) - len(line.lstrip())]
        out += [pad + piece for piece in wrap_text(line.lstrip(), width - len(pad))]
    return out


def fit(text: str, width: int = WIDTH) -> str:
    r"""Every line of ``text`` wrapped to ``width`` (prose output of commands: warnings, comparisons).

    >>> print(fit("short\nwarning: " + "x " * 50, width=30))
    short
    warning: x x x x x x x x x x x
             x x x x x x x x x x x
             x x x x x x x x x x x
             x x x x x x x x x x x
             x x x x x x
    """
    return "\n".join(piece for line in text.splitlines() for piece in wrap_line(line, width))


def grid(rows: Sequence[Sequence[str]], columns: Sequence[str], *, width: int = WIDTH,
         wrap: Collection[str] = (), right: Collection[str] = (), min_wrap: int = 12) -> str:
    """A plain-text table of already formatted cells that fits ``width`` columns.

    When the natural table is wider, the ``wrap`` columns (widest first) are narrowed and their cells
    continue on further lines; other columns keep their width. Columns named in ``right`` are
    right-aligned (numbers). Lines carry no trailing spaces.

    >>> print(grid([["a-very-long-model-id", "$1.00"]], ["model", "$/month"], width=21, wrap=["model"],
    ...            right=["$/month"]))
    model         $/month
    ------------  -------
    a-very-long-    $1.00
    model-id
    """
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(columns)]
    sep = 2
    over = sum(widths) + sep * (len(columns) - 1) - width
    wrappable = [i for i, c in enumerate(columns) if c in wrap]
    while over > 0 and wrappable:
        i = max(wrappable, key=lambda j: widths[j])
        floor = max(min_wrap, len(columns[i]))
        if widths[i] <= floor:
            wrappable.remove(i)
            continue
        cut = min(over, widths[i] - floor)
        widths[i] -= cut
        over -= cut

    def line(cells: Sequence[str]) -> str:
        parts = [c.rjust(w) if name in right else c.ljust(w) for c, w, name in zip(cells, widths, columns, strict=True)]
        return (" " * sep).join(parts).rstrip()

    out = [line(list(columns)), line(["-" * w for w in widths])]
    for row in rows:
        pieces = [wrap_text(cell, w) if len(cell) > w else [cell] for cell, w in zip(row, widths, strict=True)]
        for k in range(max(len(p) for p in pieces)):
            out.append(line([p[k] if k < len(p) else "" for p in pieces]))
    return "\n".join(out)
