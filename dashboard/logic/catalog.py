"""The catalog explorer: table rows, filters, and the side-by-side comparison with sources and dates."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from selector.catalog import Catalog
from selector.catalog.query import Filters, matches, profile_dict, to_frame
from selector.labels import format_number

LANGUAGES_SHOWN = 3  # codes listed in a table cell before "+N more"
COMPARE_MAX = 4  # models side by side; more would not fit a 1280-px screen

# The comparison's rows: (label, profile key); nested keys use dots.
COMPARE_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "name"), ("provider", "provider"), ("creator", "creator"), ("kind", "kind"),
    ("input modalities", "input_modalities"), ("output modalities", "output_modalities"),
    ("languages", "languages"), ("context window (tokens)", "context_window"),
    ("max output tokens", "max_output_tokens"), ("parameters (billion)", "params_billion"),
    ("open weights", "open_weights"), ("licence", "licence"), ("tool calling", "tool_calling"),
    ("interpretability", "interpretability"), ("hosting", "hosting"),
    ("input USD / 1M tokens", "input_usd_per_1m_tokens"), ("output USD / 1M tokens", "output_usd_per_1m_tokens"),
    ("USD / image", "usd_per_image"), ("batch discount", "batch_discount"), ("time to first token (ms)", "ttft_ms"),
    ("output tokens / s", "output_tokens_per_s"), ("fine-tuning methods", "fine_tuning.methods"),
    ("fine-tuning USD / 1M training tokens", "fine_tuning.usd_per_1m_training_tokens"),
    ("regions", "regions"), ("released", "release_date"), ("deprecated", "deprecation_date"),
    ("knowledge cutoff", "knowledge_cutoff"),
)


@dataclass(frozen=True)
class CatalogFilters:
    """What the explorer filters on; empty means no filter."""

    search: str = ""
    providers: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    modality: str | None = None
    language: str | None = None
    open_weights: bool | None = None
    max_price: float | None = None  # USD per 1M input tokens


def make_filters(search: Any = None, providers: Any = None, kinds: Any = None, modality: Any = None,
                 language: Any = None, open_weights: Any = None, max_price: Any = None) -> CatalogFilters:
    """Filters from widget values, ignoring anything malformed (never raises).

    >>> make_filters(providers=["openai"], open_weights="yes", max_price="abc").open_weights
    True
    >>> make_filters(max_price="2.5").max_price, make_filters(language=" JA ").language
    (2.5, 'ja')
    """
    try:
        price = float(max_price) if max_price not in (None, "") else None
    except (TypeError, ValueError):
        price = None
    if price is not None and not math.isfinite(price):
        price = None
    def as_tuple(v: Any) -> tuple[str, ...]:
        return tuple(str(i) for i in v) if isinstance(v, list) else ()

    def text(v: Any) -> str:
        return v.strip().lower() if isinstance(v, str) else ""

    return CatalogFilters(
        search=text(search)[:200], providers=as_tuple(providers), kinds=as_tuple(kinds),
        modality=text(modality) or None, language=text(language)[:8] or None,
        open_weights={"yes": True, "no": False}.get(text(open_weights)), max_price=price,
    )


def filter_profiles(catalog: Catalog, f: CatalogFilters) -> list:
    """Profiles passing every filter; the shared ones are :func:`selector.catalog.query.matches`."""
    shared = Filters(language=f.language, modality=f.modality, open_weights=f.open_weights, max_price=f.max_price)
    out = []
    for p in catalog:
        if f.providers and p.provider not in f.providers:
            continue
        if f.kinds and p.kind not in f.kinds:
            continue
        if f.search and f.search not in f"{p.id} {p.name} {p.provider}".lower():
            continue
        if matches(p, shared):
            out.append(p)
    return out


def quality_families(catalog: Catalog) -> list[str]:
    """Quality families present in the catalog: ``general`` first, then the most covered."""
    counts: dict[str, int] = {}
    for p in catalog:
        for fam in p.quality or {}:
            counts[fam] = counts.get(fam, 0) + 1
    return sorted(counts, key=lambda f: (f != "general", -counts[f], f))


def _languages(text: Any, first: str | None = None) -> str:
    """The first few language codes and how many more; ``first`` (the language filtered on) leads.

    >>> _languages("en,ar,nl,ja,ko"), _languages("en,ar,nl,ja,ko", "ja"), _languages(None)
    ('en, ar, nl +2', 'ja, en, ar +2', 'not stated')
    """
    if not isinstance(text, str) or not text:
        return "not stated"
    codes = text.split(",")
    if first and first in codes:
        codes = [first, *(c for c in codes if c != first)]
    extra = len(codes) - LANGUAGES_SHOWN
    return ", ".join(codes[:LANGUAGES_SHOWN]) + (f" +{extra}" if extra > 0 else "")


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars from the frame
        return value.item()
    return value


def table_rows(profiles: list, family: str = "general", language: str | None = None) -> list[dict[str, Any]]:
    """One row per profile for the DataTable (numbers stay numeric so the table sorts them); the language
    filtered on, if any, is listed first in the languages column."""
    if not profiles:
        return []
    frame = to_frame(profiles)
    rows = []
    for rec in frame.to_dict("records"):
        rec = {k: _clean(v) for k, v in rec.items()}
        rows.append({
            "id": rec["id"], "provider": rec["provider"], "kind": rec["kind"],
            "input": (rec["input_modalities"] or "").replace(",", ", "),
            "output": (rec["output_modalities"] or "").replace(",", ", "),
            "languages": _languages(rec.get("languages"), language),
            "input_price": rec["input_usd_per_1m_tokens"], "output_price": rec["output_usd_per_1m_tokens"],
            "image_price": rec["usd_per_image"], "context": rec["context_window"],
            "open_weights": "yes" if rec["open_weights"] else "no",
            "quality": None if rec.get(f"quality.{family}") is None else round(rec[f"quality.{family}"], 3),
        })
    return rows


def _at(data: dict[str, Any], key: str) -> Any:
    for part in key.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "—"
    return format_number(value)


def _quality(value: Any) -> str:
    """A quality score with the table's three decimals (0.4302 → 0.430), or a dash.

    >>> _quality(0.4302), _quality(0.8), _quality(None)
    ('0.430', '0.800', '—')
    """
    return f"{value:.3f}" if isinstance(value, (int, float)) and not isinstance(value, bool) else _cell(value)


def compare(catalog: Catalog, model_ids: list[str]) -> dict[str, Any]:
    """Side-by-side rows of the first :data:`COMPARE_MAX` models, their quality per family and their sources.

    Rows that no compared model fills are left out.
    """
    profiles = [p for p in (catalog.get(i) for i in model_ids[:COMPARE_MAX]) if p is not None]
    data = [profile_dict(p) for p in profiles]
    rows = [{"field": label, **{p.id: _cell(_at(d, key)) for p, d in zip(profiles, data, strict=True)}}
            for label, key in COMPARE_FIELDS]
    rows = [r for r in rows if any(r[p.id] != "—" for p in profiles)]  # rows none of them fills say nothing
    families = sorted({f for p in profiles for f in (p.quality or {})})
    rows += [{"field": f"quality: {fam}", **{p.id: _quality((p.quality or {}).get(fam)) for p in profiles}}
             for fam in families]
    sources: dict[tuple, dict[str, str]] = {}  # figure groups citing the same source share a row
    for p in profiles:
        for figure in sorted(p.sources or {}):
            src = catalog.source_of(p, figure)
            if src is None:
                continue
            key = (p.id, src.title, src.url or "", src.retrieved, src.as_of, bool(src.estimate))
            row = sources.setdefault(key, {
                "model": p.id, "figures": "", "source": src.title, "url": src.url or "",
                "retrieved": src.retrieved.isoformat() if src.retrieved else "",
                "as_of": src.as_of.isoformat() if src.as_of else "", "estimate": "estimate" if src.estimate else ""})
            row["figures"] = f"{row['figures']}, {figure}" if row["figures"] else figure
    return {"models": [p.id for p in profiles], "rows": rows, "sources": list(sources.values()),
            "dropped": max(0, len(model_ids) - COMPARE_MAX)}
