"""One benchmark per quality family, and the fitted cross-walks into it.

``catalog/reference/quality_benchmarks.yaml`` names, for every task family, the single benchmark
whose raw figures stand for it, the transform that maps a raw figure to 0..1, and the other
benchmarks a figure may be *cross-walked* from. A cross-walk is a straight line fitted by least
squares on the curated models that have both benchmarks; it is used only when the fit is good enough
(``crosswalk_rules``), and its residual standard error becomes the figure's uncertainty. A figure from
another benchmark is never used as is. A model with neither is ``unknown``.

Everything here is a pure function of the data file (and, for coverage, of the catalog's profiles).
``python -m selector.catalog.crosswalk`` writes the fits and the coverage summary to
``quality_coverage.yaml``; a test fails when that file is stale.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from selector.catalog.paths import reference_dir
from selector.yamlio import CATALOG_LIMITS, read_text

BENCHMARKS_FILE = "quality_benchmarks.yaml"
COVERAGE_FILE = "quality_coverage.yaml"
STATUSES = ("measured", "crosswalked", "unknown")
TRANSFORMS = ("elo_expected", "fraction", "percent")


def load(path: str | Path | None = None) -> dict[str, Any]:
    """The parsed data file (``catalog/reference/quality_benchmarks.yaml`` unless a path is given)."""
    from selector.catalog.pickle_cache import cached_document  # parsed once per version of the file

    where = Path(path) if path else reference_dir() / BENCHMARKS_FILE
    doc = cached_document(read_text(where, CATALOG_LIMITS), str(where), CATALOG_LIMITS)
    if not isinstance(doc, dict):
        raise TypeError(f"{path or BENCHMARKS_FILE}: expected a mapping at the top")
    return doc


@dataclass(frozen=True)
class Line:
    """A least-squares line y = slope * x + intercept over ``n`` pairs, with its correlation and
    residual standard error ``rse`` = sqrt(sum of squared residuals / (n - 2)), in units of y."""

    slope: float
    intercept: float
    n: int
    r: float
    rse: float

    def predict(self, x: float) -> float:
        return self.slope * x + self.intercept


def fit_line(pairs: Sequence[tuple[float, float]]) -> Line:
    """Ordinary least squares of y on x.

    >>> ln = fit_line([(1, 2), (2, 3), (3, 5), (4, 6)])
    >>> round(ln.slope, 4), round(ln.intercept, 4), ln.n, round(ln.r, 4), round(ln.rse, 4)
    (1.4, 0.5, 4, 0.9899, 0.3162)
    """
    n = len(pairs)
    if n < 3:
        raise ValueError(f"a cross-walk needs at least 3 pairs, got {n}")
    mx = statistics.fmean(x for x, _ in pairs)
    my = statistics.fmean(y for _, y in pairs)
    sxx = sum((x - mx) ** 2 for x, _ in pairs)
    syy = sum((y - my) ** 2 for _, y in pairs)
    sxy = sum((x - mx) * (y - my) for x, y in pairs)
    if sxx == 0 or syy == 0:
        raise ValueError("a cross-walk needs spread in both benchmarks")
    slope = sxy / sxx
    intercept = my - slope * mx
    ssr = sum((y - (slope * x + intercept)) ** 2 for x, y in pairs)
    return Line(slope, intercept, n, sxy / math.sqrt(sxx * syy), math.sqrt(ssr / (n - 2)))


def to_unit(transform: Mapping[str, Any], raw: float) -> float:
    """Map a raw figure to 0..1 with the benchmark's documented transform.

    ``elo_expected``: 1 / (1 + 10 ** ((anchor - raw) / scale)), the Elo expected score against the
    anchor entry (strictly increasing, never reaches 1). ``fraction``: raw. ``percent``: raw / 100.

    >>> to_unit({"kind": "elo_expected", "anchor": 1300, "scale": 400}, 1300)
    0.5
    >>> round(to_unit({"kind": "elo_expected", "anchor": 1300, "scale": 400}, 1700), 4)
    0.9091
    >>> to_unit({"kind": "percent"}, 73.3)
    0.733
    """
    kind = transform["kind"]
    if kind == "elo_expected":
        return float(1.0 / (1.0 + 10.0 ** ((float(transform["anchor"]) - raw) / float(transform["scale"]))))
    if kind == "fraction":
        return float(raw)
    if kind == "percent":
        return float(raw) / 100.0
    raise ValueError(f"unknown transform kind {kind!r} (allowed: {', '.join(TRANSFORMS)})")


@dataclass(frozen=True)
class Crosswalk:
    """A fitted cross-walk from one benchmark into a family's benchmark, and whether it may be used."""

    source: str
    target: str
    line: Line
    usable: bool


def fit_crosswalk(data: Mapping[str, Any], source: str, target: str) -> Crosswalk | None:
    """Fit ``target`` raw on ``source`` raw over the models with both; None with fewer than 3 pairs."""
    src, tgt = data["figures"].get(source, {}), data["figures"].get(target, {})
    pairs = [(float(src[m]["raw"]), float(tgt[m]["raw"])) for m in sorted(set(src) & set(tgt))]
    if len(pairs) < 3:
        return None
    line = fit_line(pairs)
    rules = data["crosswalk_rules"]
    return Crosswalk(source, target, line, line.n >= rules["min_n"] and line.r >= rules["min_r"])


@dataclass(frozen=True)
class QualityFigure:
    """A model's quality for one family: measured on the family's benchmark, cross-walked into it, or unknown.

    ``raw`` is on the benchmark's scale; ``value``, ``low`` and ``high`` are on 0..1 (``low``/``high``: the
    published 95% bounds of a measured rating, or the cross-walk's prediction minus/plus its residual
    standard error; None when the source gives no interval).
    """

    family: str
    slug: str
    status: str
    benchmark: str
    raw: float | None = None
    value: float | None = None
    low: float | None = None
    high: float | None = None
    via: str | None = None
    via_raw: float | None = None
    crosswalk: Crosswalk | None = None
    source: str | None = None
    date: Any = None


def family_figure(data: Mapping[str, Any], family: str, slug: str) -> QualityFigure:
    """The figure ``slug`` gets for ``family``: its own measurement, else the first declared cross-walk
    that is usable and that the model has a figure for, else unknown."""
    fam = data["families"][family]
    bench = fam["benchmark"]
    transform = data["benchmarks"][bench]["transform"]
    own = data["figures"].get(bench, {}).get(slug)
    if own is not None:
        ci = own.get("ci95")
        low, high = (to_unit(transform, ci[0]), to_unit(transform, ci[1])) if ci else (None, None)
        return QualityFigure(family, slug, "measured", bench, own["raw"], to_unit(transform, own["raw"]), low, high,
                             source=own["source"], date=own["date"])
    for source in fam.get("crosswalks", []):
        other = data["figures"].get(source, {}).get(slug)
        if other is None:
            continue
        cw = fit_crosswalk(data, source, bench)
        if cw is None or not cw.usable:
            continue
        raw = cw.line.predict(float(other["raw"]))
        return QualityFigure(family, slug, "crosswalked", bench, raw, to_unit(transform, raw),
                             to_unit(transform, raw - cw.line.rse), to_unit(transform, raw + cw.line.rse),
                             via=source, via_raw=other["raw"], crosswalk=cw, source=other["source"], date=other["date"])
    return QualityFigure(family, slug, "unknown", bench)


def unknown_prior(data: Mapping[str, Any], family: str, slugs: Iterable[str]) -> tuple[float, float, float] | None:
    """The documented rule for an unknown figure: (median, lowest, highest) of the known 0..1 values of
    ``slugs`` in ``family`` — a point estimate with the widest interval any curated model spans."""
    values = sorted(f.value for s in set(slugs) if (f := family_figure(data, family, s)).value is not None)
    return (statistics.median(values), values[0], values[-1]) if values else None


def check(data: Mapping[str, Any]) -> list[str]:
    """Structural problems of the data file, as messages (empty when sound).

    Each family names exactly one benchmark; every benchmark and cross-walk it names exists; every
    figure of a benchmark comes from that benchmark's source, with a raw number and a date; every
    model a figure is given for is a slug of ``catalog_ids`` or of ``reference_models`` (models outside
    the catalog whose figures only feed cross-walk fits).
    """
    out: list[str] = []
    benches, sources, figures = data["benchmarks"], data["sources"], data["figures"]
    slugs = set(data["catalog_ids"].values()) | set(data.get("reference_models", {}).get("slugs", []))
    for family, spec in data["families"].items():
        bench = spec.get("benchmark")
        if not isinstance(bench, str) or bench not in benches:
            out.append(f"families.{family}.benchmark: {bench!r} must be one benchmark id "
                       f"(allowed: {', '.join(benches)})")
        for src in spec.get("crosswalks", []):
            if src not in benches or src == bench:
                out.append(f"families.{family}.crosswalks: {src!r} is not another declared benchmark")
        other = spec.get("with_retrieval")
        if other is not None and (other not in data["families"] or other == family):
            out.append(f"families.{family}.with_retrieval: {other!r} is not another declared family "
                       f"(allowed: {', '.join(f for f in data['families'] if f != family)})")
    for bench, spec in benches.items():
        if spec["source"] not in sources:
            out.append(f"benchmarks.{bench}.source: {spec['source']!r} is not in sources")
        t = spec.get("transform") or {}
        if t.get("kind") not in TRANSFORMS:
            out.append(f"benchmarks.{bench}.transform.kind: {t.get('kind')!r} (allowed: {', '.join(TRANSFORMS)})")
        elif t["kind"] == "elo_expected" and not all(isinstance(t.get(k), (int, float)) for k in ("anchor", "scale")):
            out.append(f"benchmarks.{bench}.transform: elo_expected needs a numeric anchor and scale")
    for bench, rows in figures.items():
        if bench not in benches:
            out.append(f"figures.{bench}: not a declared benchmark")
            continue
        for slug, fig in rows.items():
            where = f"figures.{bench}.{slug}"
            if slug not in slugs:
                out.append(f"{where}: {slug!r} is neither a catalog model's slug (catalog_ids) nor a reference model")
            if fig.get("source") != benches[bench]["source"]:
                out.append(f"{where}.source: {fig.get('source')!r} differs from the benchmark's "
                           f"{benches[bench]['source']!r}")
            if not isinstance(fig.get("raw"), (int, float)) or isinstance(fig.get("raw"), bool):
                out.append(f"{where}.raw: a number is required")
            if not isinstance(fig.get("date"), dt.date):
                out.append(f"{where}.date: a date (YYYY-MM-DD) is required")
            if not fig.get("entry"):
                out.append(f"{where}.entry: the row read from the source is required")
    return out


def applies(family_spec: Mapping[str, Any], profile: Any) -> bool:
    """Whether a catalog profile is rated in a family (``applies_to``: a kind, or 'llm with image input')."""
    target = family_spec["applies_to"]
    if target == "llm with image input":
        return bool(profile.kind == "llm" and "image" in profile.input_modalities)
    return bool(profile.kind == target)


def profile_quality(data: Mapping[str, Any], profile: Any) -> dict[str, QualityFigure]:
    """Every family a catalog profile is rated in, with its figure (measured, cross-walked or unknown)."""
    slug = data["catalog_ids"][profile.id]
    return {family: family_figure(data, family, slug)
            for family, spec in data["families"].items() if applies(spec, profile)}


def coverage(data: Mapping[str, Any], profiles: Iterable[Any]) -> dict[str, dict[str, Any]]:
    """Per family: which curated catalog ids are measured, cross-walked (and from what) or unknown."""
    profiles = list(profiles)
    out: dict[str, dict[str, Any]] = {}
    for family, spec in data["families"].items():
        rows: dict[str, Any] = {"benchmark": spec["benchmark"], "measured": [], "crosswalked": {}, "unknown": []}
        for p in sorted((p for p in profiles if applies(spec, p)), key=lambda p: p.id.lower()):
            fig = family_figure(data, family, data["catalog_ids"][p.id])
            if fig.status == "crosswalked":
                rows["crosswalked"][p.id] = fig.via
            else:
                rows[fig.status].append(p.id)
        rows["counts"] = {s: len(rows[s]) for s in STATUSES}
        out[family] = rows
    return out


def fits(data: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Every declared cross-walk with its fit (n, r, slope, intercept, residual standard error)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for family, spec in data["families"].items():
        rows = []
        for source in spec.get("crosswalks", []):
            cw = fit_crosswalk(data, source, spec["benchmark"])
            if cw is None:
                rows.append({"from": source, "n": 0, "usable": False})
                continue
            ln = cw.line
            rows.append({"from": source, "n": ln.n, "r": round(ln.r, 3), "slope": _sig(ln.slope),
                         "intercept": _sig(ln.intercept), "rse": _sig(ln.rse), "usable": cw.usable})
        out[family] = rows
    return out


def _sig(x: float) -> float:
    """Six significant digits (slopes between an Elo scale and a share are of order 1e-3)."""
    return float(f"{x:.6g}")


def report(data: Mapping[str, Any], profiles: Iterable[Any]) -> str:
    """The text of ``quality_coverage.yaml``."""
    doc = {"fits": fits(data), "coverage": coverage(data, profiles)}
    return ("# Generated by `python -m selector.catalog.crosswalk` from quality_benchmarks.yaml and the shipped\n"
            "# catalog; do not edit by hand. fits: declared cross-walks, target raw = slope * source raw + intercept,\n"
            "# rse in the target's raw units. coverage: curated catalog ids per family and status.\n"
            + yaml.safe_dump(doc, sort_keys=False, width=110))


def main() -> None:  # pragma: no cover - a maintenance command
    from selector.catalog import load_catalog

    text = report(load(), load_catalog().profiles)
    (reference_dir() / COVERAGE_FILE).write_text(text, encoding="utf-8")
    sys.stdout.write(f"{COVERAGE_FILE} rewritten\n")


if __name__ == "__main__":  # pragma: no cover
    main()
