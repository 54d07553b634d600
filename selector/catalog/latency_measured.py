"""Measured latency of LLM endpoints (``catalog/reference/latency_measured.yaml``): load, check, join, count.

The file holds time to first token and output speed per (model, variant, provider endpoint) with method,
prompt shape, date and the public page of each figure; a ``catalog_map`` joins curated catalog ids to
those rows. This module only reads and checks the data; the cost models decide how to use it.

>>> data = load_measured_latency()
>>> row = data.endpoint("gpt-4.1-mini")
>>> (row.provider, row.scope, row.ttft_s.p50 > 0, row.output_tokens_per_s.p50 > 0)
('openai', 'endpoint', True, True)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from selector.catalog.paths import reference_dir
from selector.errors import InputError
from selector.yamlio import CATALOG_LIMITS, read_text

FILE_NAME = "latency_measured.yaml"
PERCENTILES = ("p5", "p25", "p50", "p75", "p95")
SCOPES = ("endpoint", "first_party", "median_across_providers", "unattributed")
DATE_KINDS = ("snapshot", "measured", "not_before")
STATUSES = ("measured", "stale")
MEASURED_SINCE = dt.date(2025, 1, 1)
# the prompt shape a lookup prefers when several were measured: AA's 1k workload first (closest to a chat turn)
PREFERRED_SHAPES = ("aa-1k", "aa-website-default", "aa-10k")
MAX_TTFT_S = 600.0  # ten minutes: longer than any published first-token time, reasoning included
MAX_TOKENS_PER_S = 5000.0  # above the fastest published single-stream speed (~3,000 t/s)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9.+\-]*$")
_URL = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class Percentiles:
    """Published percentiles of one figure; a missing percentile is ``None``, never interpolated."""

    p50: float | None = None
    p5: float | None = None
    p25: float | None = None
    p75: float | None = None
    p95: float | None = None


@dataclass(frozen=True)
class LatencyRow:
    model: str
    variant: str
    provider: str
    scope: str
    method: str
    prompt_shape: str
    measured: dt.date
    date_kind: str
    url: str
    status: str
    ttft_s: Percentiles | None = None
    output_tokens_per_s: Percentiles | None = None
    ttft_answer_s: float | None = None
    e2e_500_tokens_s: float | None = None
    via: str | None = None
    date_basis: str | None = None
    api_id: str | None = None  # the provider's model ID, where the source gives it

    @property
    def complete(self) -> bool:
        """Both a median time to first token and a median output speed."""
        return bool(self.ttft_s and self.ttft_s.p50 and self.output_tokens_per_s and self.output_tokens_per_s.p50)


@dataclass(frozen=True)
class CatalogLink:
    catalog_id: str
    model: str
    provider: str
    variant: str
    alt_variants: tuple[str, ...] = ()
    sibling: tuple[str, str] | None = None  # (model, variant) of the nearest measured sibling
    note: str | None = None


@dataclass(frozen=True)
class Coverage:
    """How many catalog endpoints have a complete measurement dated on or after ``since``."""

    total: int
    endpoint: tuple[str, ...]  # measured at that very provider endpoint
    model_level: tuple[str, ...]  # measured for the model (any endpoint), the endpoint ones included
    since: dt.date

    @property
    def missing(self) -> int:
        return self.total - len(self.model_level)


@dataclass(frozen=True)
class MeasuredLatency:
    api: tuple[LatencyRow, ...]
    catalog_map: Mapping[str, CatalogLink]
    contracted: tuple[Mapping[str, Any], ...]
    vendor_published: tuple[Mapping[str, Any], ...]
    serving: tuple[Mapping[str, Any], ...]
    providers: Mapping[str, str]
    source: str
    _by_model: Mapping[tuple[str, str], tuple[LatencyRow, ...]] = field(default_factory=dict, repr=False)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled with its read-only mappings as plain dicts (``MappingProxyType`` does not pickle), so a
        checked file is cached by content (``pickle_cache``) and rebuilt read-only."""
        return (_rebuild, (self.api, dict(self.catalog_map), *(tuple(dict(i) for i in items) for items in
                (self.contracted, self.vendor_published, self.serving)), dict(self.providers), self.source,
                dict(self._by_model)))

    def rows(self, model: str, variant: str | None = None) -> tuple[LatencyRow, ...]:
        if variant is not None:
            return self._by_model.get((model, variant), ())
        return tuple(r for r in self.api if r.model == model)

    def endpoint(self, catalog_id: str, since: dt.date = MEASURED_SINCE,
                 prompt_shape: str | None = None) -> LatencyRow | None:
        """The complete measurement of exactly this catalog endpoint (its provider, its variant), if any.

        A figure the source gives for this endpoint by name beats a model-level first-party figure; then the
        prompt shape (``prompt_shape`` if given, else the order of :data:`PREFERRED_SHAPES`), then the newest.
        """
        link = self.catalog_map.get(catalog_id)
        if link is None:
            return None
        hits = [r for r in self.rows(link.model, link.variant) if r.provider == link.provider
                and r.scope in ("endpoint", "first_party") and _usable(r, since)]
        return _best(hits, prompt_shape)

    def model_level(self, catalog_id: str, since: dt.date = MEASURED_SINCE,
                    prompt_shape: str | None = None) -> LatencyRow | None:
        """The exact endpoint's measurement, else the best complete one of the same model and variant."""
        exact = self.endpoint(catalog_id, since, prompt_shape)
        if exact is not None:
            return exact
        link = self.catalog_map.get(catalog_id)
        if link is None:
            return None
        return _best([r for r in self.rows(link.model, link.variant) if _usable(r, since)], prompt_shape)

    def coverage(self, catalog_ids: Iterable[str], since: dt.date = MEASURED_SINCE) -> Coverage:
        ids = sorted(set(catalog_ids))
        return Coverage(len(ids), tuple(i for i in ids if self.endpoint(i, since)),
                        tuple(i for i in ids if self.model_level(i, since)), since)


def _rebuild(api: tuple[LatencyRow, ...], links: dict[str, CatalogLink], contracted: tuple[dict[str, Any], ...],
             vendor_published: tuple[dict[str, Any], ...], serving: tuple[dict[str, Any], ...],
             providers: dict[str, str], source: str,
             by_model: dict[tuple[str, str], tuple[LatencyRow, ...]]) -> MeasuredLatency:
    def ro(items: tuple[dict[str, Any], ...]) -> tuple[Mapping[str, Any], ...]:
        return tuple(MappingProxyType(i) for i in items)

    return MeasuredLatency(api, MappingProxyType(links), ro(contracted), ro(vendor_published), ro(serving),
                           MappingProxyType(providers), source, MappingProxyType(by_model))


def _usable(row: LatencyRow, since: dt.date) -> bool:
    return row.complete and row.status == "measured" and row.measured >= since


def _best(rows: list[LatencyRow], prompt_shape: str | None) -> LatencyRow | None:
    if prompt_shape is not None:
        rows = [r for r in rows if r.prompt_shape == prompt_shape]
    if not rows:
        return None
    order = {shape: i for i, shape in enumerate(PREFERRED_SHAPES)}
    return min(rows, key=lambda r: (r.scope != "endpoint", order.get(r.prompt_shape, len(order)),
                                    -r.measured.toordinal()))


class _Checker:
    """Collects the first problem as an :class:`InputError` naming the file and the field."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, message: str) -> InputError:
        return InputError.single(self.source, where, message)

    def mapping(self, value: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(where, f"expected a mapping, got {type(value).__name__}")
        return value

    def text(self, raw: Mapping[str, Any], key: str, where: str, allowed: Iterable[str] | None = None) -> str:
        value = raw.get(key)
        if not isinstance(value, str) or not value:
            raise self.fail(f"{where}.{key}", "required text is missing")
        if allowed is not None and value not in allowed:
            raise self.fail(f"{where}.{key}", f"{value!r} is not allowed (allowed: {', '.join(allowed)})")
        return value

    def number(self, value: Any, where: str, upper: float) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= upper:
            raise self.fail(where, f"expected a number in (0, {upper:g}], got {value!r}")
        return float(value)

    def date(self, raw: Mapping[str, Any], key: str, where: str) -> dt.date:
        value = raw.get(key)
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise self.fail(f"{where}.{key}", f"expected a date (YYYY-MM-DD), got {value!r}")
        return value

    def url(self, raw: Mapping[str, Any], where: str) -> str:
        value = self.text(raw, "url", where)
        if not _URL.match(value):
            raise self.fail(f"{where}.url", f"expected an http(s) URL, got {value!r}")
        return value

    def percentiles(self, value: Any, where: str, upper: float) -> Percentiles | None:
        if value is None:
            return None
        raw = self.mapping(value, where)
        unknown = sorted(set(raw) - set(PERCENTILES))
        if unknown:
            raise self.fail(where, f"unknown percentile(s) {', '.join(unknown)} (allowed: {', '.join(PERCENTILES)})")
        if "p50" not in raw:
            raise self.fail(where, "p50 is required")
        got = {k: self.number(raw[k], f"{where}.{k}", upper) for k in PERCENTILES if k in raw}
        ordered = [got[k] for k in PERCENTILES if k in got]
        if ordered != sorted(ordered):
            raise self.fail(where, f"percentiles must not decrease from p5 to p95: {got}")
        return Percentiles(**got)


def _row(c: _Checker, raw: Any, where: str, lookups: Mapping[str, Mapping[str, Any]]) -> LatencyRow:
    raw = c.mapping(raw, where)
    model = c.text(raw, "model", where)
    if not _SLUG.match(model):
        raise c.fail(f"{where}.model", f"{model!r} is not a lowercase slug")
    provider = c.text(raw, "provider", where, lookups["providers"])
    scope = c.text(raw, "scope", where, SCOPES)
    expected = {"median_across_providers": "multi", "unattributed": "unknown"}.get(scope)
    if expected and provider != expected:
        raise c.fail(f"{where}.provider", f"scope {scope} needs provider {expected!r}, got {provider!r}")
    if not expected and provider in ("multi", "unknown"):
        raise c.fail(f"{where}.provider", f"scope {scope} needs a real provider, got {provider!r}")
    date_kind = c.text(raw, "date_kind", where, DATE_KINDS)
    if date_kind == "not_before" and not raw.get("date_basis"):
        raise c.fail(f"{where}.date_basis", "a not_before date needs date_basis (how the bound was read)")
    row = LatencyRow(
        model=model, variant=c.text(raw, "variant", where), provider=provider, scope=scope,
        method=c.text(raw, "method", where, lookups["methods"]),
        prompt_shape=c.text(raw, "prompt_shape", where, lookups["prompt_shapes"]),
        measured=c.date(raw, "measured", where), date_kind=date_kind, url=c.url(raw, where),
        status=c.text(raw, "status", where, STATUSES),
        ttft_s=c.percentiles(raw.get("ttft_s"), f"{where}.ttft_s", MAX_TTFT_S),
        output_tokens_per_s=c.percentiles(raw.get("output_tokens_per_s"), f"{where}.output_tokens_per_s",
                                          MAX_TOKENS_PER_S),
        ttft_answer_s=None if raw.get("ttft_answer_s") is None
        else c.number(raw["ttft_answer_s"], f"{where}.ttft_answer_s", MAX_TTFT_S),
        e2e_500_tokens_s=None if raw.get("e2e_500_tokens_s") is None
        else c.number(raw["e2e_500_tokens_s"], f"{where}.e2e_500_tokens_s", MAX_TTFT_S * 2),
        via=raw.get("via"), date_basis=raw.get("date_basis"), api_id=raw.get("api_id"),
    )
    if row.ttft_s is None and row.output_tokens_per_s is None and row.ttft_answer_s is None:
        raise c.fail(where, "a row needs ttft_s, output_tokens_per_s or ttft_answer_s")
    if row.measured < MEASURED_SINCE and date_kind != "not_before" and row.status != "stale":
        raise c.fail(f"{where}.status", f"measured {row.measured} is before {MEASURED_SINCE}: mark it stale")
    return row


def _link(c: _Checker, catalog_id: str, raw: Any, providers: Mapping[str, str]) -> CatalogLink:
    where = f"catalog_map.{catalog_id}"
    raw = c.mapping(raw, where)
    sibling = raw.get("sibling")
    if sibling is not None:
        sibling = c.mapping(sibling, f"{where}.sibling")
        sibling = (c.text(sibling, "model", f"{where}.sibling"), c.text(sibling, "variant", f"{where}.sibling"))
    alt = raw.get("alt_variants") or []
    if not isinstance(alt, list) or not all(isinstance(a, str) for a in alt):
        raise c.fail(f"{where}.alt_variants", "expected a list of variant names")
    return CatalogLink(catalog_id, c.text(raw, "model", where), c.text(raw, "provider", where, providers),
                       c.text(raw, "variant", where), tuple(alt), sibling, raw.get("note"))


def parse_measured_latency(doc: Any, source: str) -> MeasuredLatency:
    """Check a parsed document and build :class:`MeasuredLatency`; raise :class:`InputError` on the first fault."""
    c = _Checker(source)
    doc = c.mapping(doc, "")
    if doc.get("schema_version") != 1:
        raise c.fail("schema_version", f"expected 1, got {doc.get('schema_version')!r}")
    lookups = {k: c.mapping(doc.get(k), k) for k in ("providers", "methods", "prompt_shapes")}
    api_raw = doc.get("api")
    if not isinstance(api_raw, list) or not api_raw:
        raise c.fail("api", "expected a non-empty list of rows")
    rows = tuple(_row(c, raw, f"api[{i}]", lookups) for i, raw in enumerate(api_raw))
    seen: dict[tuple[str, str, str, str, str], int] = {}
    for i, r in enumerate(rows):
        key = (r.model, r.variant, r.provider, r.method, r.prompt_shape)
        if key in seen:
            raise c.fail(f"api[{i}]",
                         f"duplicate of api[{seen[key]}] (same model, variant, provider, method, prompt shape)")
        seen[key] = i
    by_model: dict[tuple[str, str], list[LatencyRow]] = {}
    for r in rows:
        by_model.setdefault((r.model, r.variant), []).append(r)
    links = {cid: _link(c, str(cid), raw, lookups["providers"])
             for cid, raw in c.mapping(doc.get("catalog_map"), "catalog_map").items()}
    for link in links.values():
        if link.sibling and (link.sibling not in by_model):
            raise c.fail(f"catalog_map.{link.catalog_id}.sibling",
                         f"no api row for sibling {link.sibling[0]!r} variant {link.sibling[1]!r}")
    sections: dict[str, tuple[Mapping[str, Any], ...]] = {}
    for section in ("contracted", "vendor_published", "serving"):
        items = doc.get(section) or []
        if not isinstance(items, list):
            raise c.fail(section, "expected a list")
        for i, item in enumerate(items):
            item = c.mapping(item, f"{section}[{i}]")
            c.url(item, f"{section}[{i}]")
            c.date(item, "measured", f"{section}[{i}]")
            c.text(item, "date_kind", f"{section}[{i}]", DATE_KINDS)
            c.text(item, "method", f"{section}[{i}]", lookups["methods"])
        sections[section] = tuple(MappingProxyType(dict(item)) for item in items)
    return MeasuredLatency(
        api=rows, catalog_map=MappingProxyType(links), contracted=sections["contracted"],
        vendor_published=sections["vendor_published"], serving=sections["serving"],
        providers=MappingProxyType(dict(lookups["providers"])), source=source,
        _by_model=MappingProxyType({k: tuple(v) for k, v in by_model.items()}),
    )


@cache
def _load(path: str) -> MeasuredLatency:
    from selector.catalog.pickle_cache import cached_document, cached_text_result

    text = read_text(Path(path), CATALOG_LIMITS)  # the 0.9 MB file is parsed and checked once per version

    def compute() -> MeasuredLatency:
        return parse_measured_latency(cached_document(text, path, CATALOG_LIMITS), path)

    return cached_text_result(text, "measured_latency", (__name__, "selector.yamlio", "selector.catalog.fastyaml"),
                              compute, extra=path)


def load_measured_latency(path: str | Path | None = None) -> MeasuredLatency:
    """The checked measured-latency data (cached per path; default: the shipped reference file)."""
    return _load(str(Path(path) if path is not None else reference_dir() / FILE_NAME))
