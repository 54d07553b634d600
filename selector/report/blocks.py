"""The report's content blocks: plain data that each renderer (Jinja2 HTML template, Markdown) lays out.

Text from users and the catalog stays raw here; the HTML template escapes it (autoescape) and the
Markdown renderer through :func:`selector.report.markdown.md_escape`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True)
class Para:
    text: str
    lead: bool = False  # the bottom line's sentences: set larger
    kind: ClassVar[str] = "para"


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a section (one per workload); ``anchor`` is its id in HTML."""

    text: str
    anchor: str = ""
    kind: ClassVar[str] = "heading"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    kind: ClassVar[str] = "bullets"


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    caption: str = ""
    collapsed: bool = False  # detail for auditors: folded in HTML
    role: str = ""  # a CSS hook ("bottom-line")
    kind: ClassVar[str] = "table"


@dataclass(frozen=True)
class Chart:
    figure: Any  # a plotly Figure
    caption: str
    wide: bool = False  # the whole text width; otherwise half (two side by side)
    kind: ClassVar[str] = "chart"


@dataclass(frozen=True)
class ChartRow:
    """Charts placed side by side (two half-width charts on a printed page)."""

    charts: tuple[Chart, ...]
    kind: ClassVar[str] = "charts"


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: tuple[Any, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    sections: tuple[Section, ...]


def charts_of(report: Report) -> list[Chart]:
    """Every chart of the report, in reading order (inside rows too)."""
    out: list[Chart] = []
    for s in report.sections:
        for b in s.blocks:
            out += list(b.charts) if isinstance(b, ChartRow) else [b] if isinstance(b, Chart) else []
    return out
