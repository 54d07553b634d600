"""Catalog checks beyond the schema: every figure cited, no citation too old, and curated prices and
retirement dates in line with the maintained maps (:func:`maintained_warnings`).

Schema errors stop loading (:func:`selector.catalog.load.load_catalog` raises); these checks give
*warnings*, which ``selector catalog validate --strict`` (and ``recommend --strict``) turn into errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from selector.catalog.load import Catalog
from selector.catalog.maintained import Exception_, Maps, cross_check, installed_maps, newer, read_exceptions
from selector.catalog.schema import STALE_AFTER_DAYS, figure_fields


@dataclass(frozen=True)
class Warning_:
    """One catalog warning: which profile, which figure group, what is wrong."""

    model: str
    figure: str
    message: str
    file: str | None = None

    def render(self) -> str:
        where = f"{self.file}: " if self.file else ""
        return f"{where}{self.model}: {self.figure}: {self.message}"


def check_catalog(catalog: Catalog, today: dt.date | None = None) -> list[Warning_]:
    """Warnings for figures without a source and sources older than :data:`STALE_AFTER_DAYS`."""
    today = today or dt.date.today()
    figures = figure_fields()
    out: list[Warning_] = []
    for profile in catalog:
        file = catalog.origin.get(profile.id)
        needed = sorted({fig for name, fig in figures.items() if _present(getattr(profile, name))})
        for figure in needed:
            source: Any = catalog.source_of(profile, figure)
            if source is None:
                out.append(Warning_(profile.id, figure, "figure has no source (add sources."
                                    f"{figure}: <name or {{title, url, retrieved}}>)", file))
                continue
            dated = source.as_of or source.retrieved
            age = (today - dated).days
            if age > STALE_AFTER_DAYS:
                out.append(Warning_(profile.id, figure, f"source {source.title!r} is {age} days old "
                                    f"(dated {dated}); re-check it", file))
    return out


def _present(value: object) -> bool:
    if value is None or value == [] or value == {}:
        return False
    return value is not False  # a False flag is the schema default, not a claim to cite


def coverage(catalog: Catalog) -> dict[str, int]:
    """Counts used by ``validate``'s summary: quality is counted from the one-benchmark-per-family file
    (measured or cross-walked in at least one family) and latency from the measurement file (a complete,
    dated 2025+ measurement of the profile's own endpoint), falling back to the profiles' own fields."""
    from pathlib import Path

    from selector.catalog import crosswalk
    from selector.catalog.latency_measured import load_measured_latency

    ref_dir = Path(catalog.reference_data().directory)
    rated: set[str] = set()
    if (ref_dir / crosswalk.BENCHMARKS_FILE).is_file():
        data = crosswalk.load(ref_dir / crosswalk.BENCHMARKS_FILE)
        rated = {p.id for p in catalog if p.id in data["catalog_ids"]
                 and any(f.status != "unknown" for f in crosswalk.profile_quality(data, p).values())}
    measured: set[str] = set()
    if (ref_dir / "latency_measured.yaml").is_file():
        lat = load_measured_latency(ref_dir / "latency_measured.yaml")
        measured = {p.id for p in catalog if lat.endpoint(p.id) is not None}
    return {
        "profiles": len(catalog),
        "providers": len(catalog.providers()),
        "with_prices": sum(1 for p in catalog if p.input_usd_per_1m_tokens is not None or p.usd_per_image is not None
                           or getattr(p, "usd_per_1k_searches", None) is not None),
        "with_quality": sum(1 for p in catalog if p.id in rated or (not rated and p.quality)),
        "with_latency": sum(1 for p in catalog if p.id in measured or p.output_tokens_per_s is not None),
    }


def maintained_warnings(catalog: Catalog, maps: Maps | None = None,
                        exceptions: Mapping[tuple[str, str, str], Exception_] | None = None,
                        today: dt.date | None = None) -> tuple[list[Warning_], int]:
    """Curated prices more than 5% from litellm's or genai-prices' figure, and retirement dates litellm records
    differently or the profile lacks, naming both figures, both sources and which is newer; differences listed
    in ``maintained/exceptions.yaml`` are explained and not warned about (their count is returned)."""
    maps = maps if maps is not None else installed_maps()
    exceptions = exceptions if exceptions is not None else read_exceptions()
    check = cross_check(catalog, maps, exceptions, today)
    out: list[Warning_] = []
    for diff in check.unexplained:
        profile = catalog.get(diff.profile)
        group = "dates" if diff.field == "deprecation_date" else "prices"
        source: Any = catalog.source_of(profile, group) if profile is not None else None
        dated = (source.as_of or source.retrieved) if source is not None else None
        cited = f"{source.title!r} dated {dated}" if source is not None else "no source"
        map_date = f"dated {diff.map.as_of}" if diff.map.as_of else "undated"
        rel = f", {diff.relative:.0%} apart" if diff.relative is not None else ""
        curated = "none recorded" if diff.curated is None else str(diff.curated)
        out.append(Warning_(diff.profile, group, f"{diff.field} {curated} ({cited}) disagrees with {diff.map.label} "
                            f"{diff.map.entry}: {diff.mapped} ({map_date}){rel}; "
                            f"{newer(dated, diff.map.as_of)}", catalog.origin.get(diff.profile)))
    return out, len(check.explained)
