"""The maintained price maps a curated profile is checked against and refreshed from, read offline.

Two maps, both from installed packages and never imported (importing would reach for the network):

- litellm's ``model_prices_and_context_window_backup.json`` (found as
  :func:`selector.catalog.importers.litellm.default_path` finds it);
- pydantic's ``genai-prices`` (MIT): its bundled ``genai_prices/data.py`` is *parsed* with :mod:`ast`
  (literal values only, nothing executed), giving per provider the models, their ``match`` rules,
  dated price changes (``StartDateConstraint``), cache read/write prices, tiers (the base price is
  taken) and batch price variants.

How a profile finds its entries is data: ``catalog/maintained/keys.yaml`` (the rule and an override
table). :func:`entries_for` returns what each map says about a profile as a :class:`MapFigures`:
prices per 1M tokens, batch and cache prices, retirement date, with the source's version and the date
the figure is in force (genai-prices) or the map's build date (litellm).
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib.util
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from selector.catalog.importers import installed_version
from selector.catalog.importers.litellm import MEMBER, default_path, read_price_map
from selector.catalog.paths import shipped_catalog_dir
from selector.errors import InputError
from selector.yamlio import CATALOG_LIMITS, parse_document, read_text

KEYS_FILE = Path("maintained") / "keys.yaml"
LITELLM = "litellm"
GENAI_PRICES = "genai-prices"
GENAI_MEMBER = "genai_prices/data.py"
LITELLM_URL = re.compile(r"^litellm==(?P<version>[^:]+):[^#]*#(?P<key>.+)$")
# The price fields a map can give, in the profile's own names (per 1M tokens, or per image; batch as a discount).
PRICE_FIELDS = ("input_usd_per_1m_tokens", "output_usd_per_1m_tokens", "usd_per_image", "batch_discount",
                "cache_read_usd_per_1m_tokens", "cache_write_usd_per_1m_tokens", "batch_cache_read_usd_per_1m_tokens",
                "long_context_threshold_tokens", "long_context_input_usd_per_1m_tokens",
                "long_context_output_usd_per_1m_tokens", "long_context_cache_read_usd_per_1m_tokens")
LONG_CONTEXT_KEY = re.compile(r"^input_cost_per_token_above_(?P<k>\d+)k_tokens$")
DATE_FIELDS = ("deprecation_date",)
FIELDS = PRICE_FIELDS + DATE_FIELDS


@dataclass(frozen=True)
class MapFigures:
    """What one maintained map says about one profile (``None`` = the map does not give it)."""

    source: str  # "litellm" or "genai-prices"
    version: str | None
    entry: str  # the litellm key, or "<provider>/<model id>" in genai-prices
    as_of: dt.date | None  # the day the figure is in force (genai-prices price change) or the map was built
    input_usd_per_1m_tokens: float | None = None
    output_usd_per_1m_tokens: float | None = None
    usd_per_image: float | None = None
    batch_input_usd_per_1m_tokens: float | None = None
    batch_output_usd_per_1m_tokens: float | None = None
    batch_discount: float | None = None
    cache_read_usd_per_1m_tokens: float | None = None
    cache_write_usd_per_1m_tokens: float | None = None
    batch_cache_read_usd_per_1m_tokens: float | None = None
    long_context_threshold_tokens: float | None = None  # a whole number of tokens (kept float like the prices)
    long_context_input_usd_per_1m_tokens: float | None = None
    long_context_output_usd_per_1m_tokens: float | None = None
    long_context_cache_read_usd_per_1m_tokens: float | None = None
    deprecation_date: dt.date | None = None

    @property
    def citation(self) -> str:
        """``package==version:path#entry``, as a profile's source url cites it."""
        member = MEMBER if self.source == LITELLM else GENAI_MEMBER
        package = "litellm" if self.source == LITELLM else "genai-prices"
        return f"{package}=={self.version or 'unknown'}:{member}#{self.entry}"

    @property
    def label(self) -> str:
        return f"{self.source} {self.version or '(version unknown)'}"

    def value(self, field: str) -> float | dt.date | None:
        value: float | dt.date | None = getattr(self, field, None)
        return value


@dataclass(frozen=True)
class LitellmMap:
    entries: Mapping[str, Any]
    version: str | None
    built: dt.date | None  # the build date of the installed package (its SBOM timestamp), if it has one


@dataclass(frozen=True)
class GenaiModel:
    id: str
    match: Any  # the parsed match clause
    prices: Any  # a ModelPrice mapping, or a list of ConditionalPrice mappings
    variants: tuple[Any, ...]


@dataclass(frozen=True)
class GenaiPrices:
    providers: Mapping[str, tuple[GenaiModel, ...]]
    version: str | None


@dataclass(frozen=True)
class Rules:
    """The mapping rule of ``catalog/maintained/keys.yaml``."""

    providers: Mapping[str, Mapping[str, Any]]
    keys: Mapping[str, str | None]
    models: Mapping[str, str | None]


@dataclass(frozen=True)
class Maps:
    litellm: LitellmMap | None
    genai: GenaiPrices | None
    rules: Rules


# --- reading the maps ----------------------------------------------------------------------------


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _per_1m(value: Any) -> float | None:
    number = _num(value)
    return None if number is None else round(number * 1e6, 9)


def sbom_date(dist_info: Path) -> dt.date | None:
    """The build date a package's CycloneDX SBOM records (``metadata.timestamp``), if it ships one."""
    for sbom in sorted(dist_info.glob("sboms/*.json")):
        try:
            stamp = json.loads(sbom.read_text(encoding="utf-8"))["metadata"]["timestamp"]
            return dt.date.fromisoformat(str(stamp)[:10])
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return None


def read_litellm(path: Path | None = None) -> LitellmMap:
    """litellm's price map (default: the installed package's), its version and build date."""
    path = Path(path) if path is not None else default_path()
    data, version = read_price_map(path)
    built = None
    if version:
        built = sbom_date(path.parent.parent / f"litellm-{version}.dist-info")
    return LitellmMap(entries=data, version=version, built=built)


def genai_prices_path() -> Path:
    """``genai_prices/data.py`` of the installed package, located without importing it."""
    try:
        spec = importlib.util.find_spec("genai_prices")
    except (ImportError, ValueError):
        spec = None
    for location in list(spec.submodule_search_locations or []) if spec else []:
        path = Path(location) / "data.py"
        if path.is_file():
            return path
    raise InputError.single("genai-prices", "", "the genai-prices package is not installed here, so its price "
                            "data cannot be read: run `make venv` (it installs genai-prices without its dependencies)")


class _Literal(ast.NodeVisitor):
    """Evaluates the literal subset of genai-prices' data module: calls become {"type": name, **kwargs}."""

    def eval(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.List | ast.Tuple):
            return [self.eval(e) for e in node.elts]
        if isinstance(node, ast.Dict):
            return {self.eval(k): self.eval(v) for k, v in zip(node.keys, node.values, strict=True) if k is not None}
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -self.eval(node.operand)
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            args = [self.eval(a) for a in node.args]
            if name == "Decimal":
                return Decimal(str(args[0]))
            if name == "date":
                return dt.date(*args)
            if name == "time":
                return dt.time(*args)
            out: dict[str, Any] = {"type": name}
            if args:
                out["args"] = args
            out.update({kw.arg: self.eval(kw.value) for kw in node.keywords if kw.arg})
            return out
        raise ValueError(f"not a literal: {ast.dump(node)[:80]}")


def read_genai_prices(path: Path | None = None) -> GenaiPrices:
    """genai-prices' bundled providers and models, parsed from its data module (default: the installed one)."""
    path = Path(path) if path is not None else genai_prices_path()
    text = read_text(path, CATALOG_LIMITS)
    try:
        tree = ast.parse(text, filename=str(path))
        value = next(n.value for n in tree.body if isinstance(n, ast.AnnAssign | ast.Assign) and n.value is not None
                     and _target(n) == "providers")
        providers = _Literal().eval(value)
    except (SyntaxError, StopIteration, ValueError, TypeError, IndexError) as exc:
        raise InputError.single(str(path), "providers", f"not genai-prices' data module ({exc})") from None
    out: dict[str, tuple[GenaiModel, ...]] = {}
    for provider in providers:
        models = tuple(GenaiModel(str(m["id"]), m.get("match"), m.get("prices", []),
                                  tuple(m.get("price_variants") or ())) for m in provider.get("models", []))
        out[str(provider["id"])] = models
    return GenaiPrices(providers=out, version=installed_version(path, "genai_prices", "genai-prices"))


def _target(node: ast.AnnAssign | ast.Assign) -> str | None:
    target = node.target if isinstance(node, ast.AnnAssign) else node.targets[0]
    return target.id if isinstance(target, ast.Name) else None


def read_rules(catalog_dir: Path | None = None) -> Rules:
    """The mapping rule of ``<catalog_dir>/maintained/keys.yaml`` (default: the shipped one)."""
    path = (catalog_dir or shipped_catalog_dir()) / KEYS_FILE
    if not path.is_file():
        path = shipped_catalog_dir() / KEYS_FILE
    doc = parse_document(read_text(path), str(path)) or {}
    if not isinstance(doc, dict):
        raise InputError.single(str(path), "", "expected a mapping with providers, keys and models")
    for name in ("providers", "keys", "models"):
        if not isinstance(doc.get(name) or {}, dict):
            raise InputError.single(str(path), name, "expected a mapping")
    return Rules(providers=doc.get("providers") or {}, keys=doc.get("keys") or {}, models=doc.get("models") or {})


@cache
def installed_maps() -> Maps:
    """Both maps from the installed packages, with the shipped rule (a map that is not installed is ``None``)."""
    litellm: LitellmMap | None
    genai: GenaiPrices | None
    try:
        litellm = read_litellm()
    except InputError:
        litellm = None
    try:
        genai = read_genai_prices()
    except InputError:
        genai = None
    return Maps(litellm, genai, read_rules())


# --- finding a profile's entries ---------------------------------------------------------------


def _cited_key(profile: Any) -> str | None:
    for figure in ("prices", "dates"):
        source = (profile.sources or {}).get(figure)
        url = getattr(source, "url", None)
        match = LITELLM_URL.match(url) if isinstance(url, str) else None
        if match:
            return match.group("key")
    return None


def litellm_key(profile: Any, maps: Maps) -> tuple[str | None, str]:
    """The profile's litellm key and the rule that found it ("cited", "override", "id", "none")."""
    entries = maps.litellm.entries if maps.litellm else {}
    cited = _cited_key(profile)
    if cited is not None and cited in entries:
        return cited, "cited"
    if profile.id in maps.rules.keys:
        key = maps.rules.keys[profile.id]
        return (key, "override") if key is None or key in entries else (None, "none")
    rule = maps.rules.providers.get(profile.provider) or {}
    owners = tuple(rule.get("litellm_providers") or ())
    for prefix in rule.get("prefixes") or [""]:
        key = f"{prefix}{profile.id}" if not profile.id.startswith(prefix) else profile.id
        entry = entries.get(key)
        if isinstance(entry, dict) and str(entry.get("litellm_provider", "")).startswith(owners):
            return key, "id"
    return None, "none"


def _is_match(clause: Any, text: str) -> bool:
    if not isinstance(clause, dict):
        return False
    kind = clause.get("type")
    if kind == "ClauseEquals":
        return text.lower() == str(clause["equals"]).lower()
    if kind == "ClauseStartsWith":
        return text.lower().startswith(str(clause["starts_with"]).lower())
    if kind == "ClauseEndsWith":
        return text.lower().endswith(str(clause["ends_with"]).lower())
    if kind == "ClauseContains":
        return str(clause["contains"]).lower() in text.lower()
    if kind == "ClauseRegex":
        return re.search(str(clause["regex"]), text) is not None
    if kind == "ClauseOr":
        return any(_is_match(c, text) for c in clause.get("or_", []))
    if kind == "ClauseAnd":
        return all(_is_match(c, text) for c in clause.get("and_", []))
    return False


def genai_model(profile: Any, maps: Maps) -> tuple[str, GenaiModel] | None:
    """The genai-prices (provider id, model) of a profile, or ``None``."""
    if maps.genai is None:
        return None
    if profile.id in maps.rules.models:
        ref = maps.rules.models[profile.id]
        if ref is None:
            return None
        provider_id, _, model_id = ref.partition("/")
        found = next((m for m in maps.genai.providers.get(provider_id, ()) if m.id == model_id), None)
        return (provider_id, found) if found else None
    rule = maps.rules.providers.get(profile.provider) or {}
    provider_id = str(rule.get("genai_prices") or "")
    if not provider_id:
        return None
    ref = profile.id
    for prefix in rule.get("prefixes") or []:
        if prefix and ref.startswith(prefix):
            ref = ref[len(prefix):]
            break
    ref = ref.lower()
    for model in maps.genai.providers.get(provider_id, ()):
        if _is_match(model.match, ref):
            return provider_id, model
    return None


# --- what each map says --------------------------------------------------------------------------


def litellm_figures(key: str, lm: LitellmMap) -> MapFigures:
    entry = lm.entries[key]
    seen = {key}
    while isinstance(entry.get("alias_of"), str) and entry["alias_of"] in lm.entries and entry["alias_of"] not in seen:
        seen.add(entry["alias_of"])
        entry = {**lm.entries[entry["alias_of"]], **{k: v for k, v in entry.items() if k != "alias_of"}}
    inp, out = _per_1m(entry.get("input_cost_per_token")), _per_1m(entry.get("output_cost_per_token"))
    b_in = _per_1m(entry.get("input_cost_per_token_batches"))
    b_out = _per_1m(entry.get("output_cost_per_token_batches"))
    retirement = entry.get("deprecation_date")
    try:
        retired = dt.date.fromisoformat(retirement) if isinstance(retirement, str) else None
    except ValueError:
        retired = None
    return MapFigures(
        source=LITELLM, version=lm.version, entry=key, as_of=lm.built,
        input_usd_per_1m_tokens=inp, output_usd_per_1m_tokens=out,
        usd_per_image=_num(entry.get("output_cost_per_image")),
        batch_input_usd_per_1m_tokens=b_in, batch_output_usd_per_1m_tokens=b_out,
        batch_discount=_discount(b_in, inp),
        cache_read_usd_per_1m_tokens=_per_1m(entry.get("cache_read_input_token_cost")),
        cache_write_usd_per_1m_tokens=_per_1m(entry.get("cache_creation_input_token_cost")),
        batch_cache_read_usd_per_1m_tokens=_per_1m(entry.get("cache_read_input_token_cost_batches")),
        deprecation_date=retired,
        **_litellm_long_context(entry),
    )


def _litellm_long_context(entry: Mapping[str, Any]) -> dict[str, Any]:
    """The lowest ``*_above_<N>k_tokens`` tier of a litellm entry: threshold N × 1,000 and its prices.

    >>> _litellm_long_context({"input_cost_per_token_above_200k_tokens": 2.5e-06,
    ...                        "output_cost_per_token_above_200k_tokens": 1.5e-05})["long_context_threshold_tokens"]
    200000.0
    """
    found = sorted(int(m.group("k")) for m in map(LONG_CONTEXT_KEY.match, entry) if m)
    if not found:
        return {}
    k = found[0]
    return {"long_context_threshold_tokens": float(k * 1000),
            "long_context_input_usd_per_1m_tokens": _per_1m(entry.get(f"input_cost_per_token_above_{k}k_tokens")),
            "long_context_output_usd_per_1m_tokens": _per_1m(entry.get(f"output_cost_per_token_above_{k}k_tokens")),
            "long_context_cache_read_usd_per_1m_tokens":
                _per_1m(entry.get(f"cache_read_input_token_cost_above_{k}k_tokens"))}


def _discount(batch: float | None, on_demand: float | None) -> float | None:
    """1 - batch / on-demand price.

    >>> _discount(1.25, 2.5)
    0.5
    """
    if batch is None or not on_demand:
        return None
    return round(1 - batch / on_demand, 6)


def _tier(value: Any) -> tuple[float, float] | None:
    """The first tier of a genai-prices TieredPrices: (threshold in tokens, price per 1M), else ``None``."""
    if not isinstance(value, dict) or value.get("type") != "TieredPrices":
        return None
    tiers = [t for t in value.get("tiers") or [] if isinstance(t, dict)]
    if not tiers:
        return None
    first = min(tiers, key=lambda t: t.get("start", 0))
    price = first.get("price")
    start = first.get("start")
    if not isinstance(start, int) or not isinstance(price, Decimal | int | float):
        return None
    return float(start), float(price)


def _price(value: Any) -> float | None:
    """A genai-prices price: a Decimal, or a TieredPrices whose base price is taken."""
    if isinstance(value, dict) and value.get("type") == "TieredPrices":
        value = value.get("base")
    return float(value) if isinstance(value, Decimal | int | float) and not isinstance(value, bool) else None


def _in_force(prices: Any, today: dt.date) -> tuple[Mapping[str, Any], dt.date | None]:
    """The ModelPrice in force on ``today`` and the date it started (``None`` when undated)."""
    if isinstance(prices, dict):
        return prices, None
    chosen: tuple[Mapping[str, Any], dt.date | None] = ({}, None)
    for conditional in prices if isinstance(prices, list) else []:
        constraint = conditional.get("constraint")
        start = constraint.get("start_date") if isinstance(constraint, dict) else None
        if constraint is None or (isinstance(start, dt.date) and start <= today):
            chosen = (conditional.get("prices") or {}, start if isinstance(start, dt.date) else None)
    return chosen


def genai_figures(provider_id: str, model: GenaiModel, genai: GenaiPrices, today: dt.date) -> MapFigures:
    prices, since = _in_force(model.prices, today)
    inp, out = _price(prices.get("input_mtok")), _price(prices.get("output_mtok"))
    batch: Mapping[str, Any] = {}
    for variant in model.variants:
        constraint = variant.get("constraint")
        start = constraint.get("start_date") if isinstance(constraint, dict) else None
        if variant.get("when") == {"processing": "batch"} and (not isinstance(start, dt.date) or start <= today):
            batch = variant.get("prices") or {}
    b_in, b_out = _price(batch.get("input_mtok")), _price(batch.get("output_mtok"))
    tiers = {name: _tier(prices.get(name)) for name in ("input_mtok", "output_mtok", "cache_read_mtok")}
    long_in = tiers["input_mtok"]
    long_context: dict[str, Any] = {}
    if long_in is not None:
        long_context = {"long_context_threshold_tokens": long_in[0], "long_context_input_usd_per_1m_tokens": long_in[1],
                        **{field: t[1] for field, t in (("long_context_output_usd_per_1m_tokens", tiers["output_mtok"]),
                           ("long_context_cache_read_usd_per_1m_tokens", tiers["cache_read_mtok"])) if t is not None}}
    return MapFigures(
        source=GENAI_PRICES, version=genai.version, entry=f"{provider_id}/{model.id}", as_of=since,
        input_usd_per_1m_tokens=inp, output_usd_per_1m_tokens=out,
        batch_input_usd_per_1m_tokens=b_in, batch_output_usd_per_1m_tokens=b_out,
        batch_discount=_discount(b_in, inp),
        cache_read_usd_per_1m_tokens=_price(prices.get("cache_read_mtok")),
        cache_write_usd_per_1m_tokens=_price(prices.get("cache_write_mtok")),
        batch_cache_read_usd_per_1m_tokens=_price(batch.get("cache_read_mtok")),
        **long_context,
    )


def entries_for(profile: Any, maps: Maps, today: dt.date | None = None) -> tuple[MapFigures, ...]:
    """What litellm (first) and genai-prices say about ``profile``; empty when neither has it."""
    today = today or dt.date.today()
    out: list[MapFigures] = []
    if maps.litellm is not None:
        key, _ = litellm_key(profile, maps)
        if key is not None:
            out.append(litellm_figures(key, maps.litellm))
    found = genai_model(profile, maps)
    if found is not None and maps.genai is not None:
        out.append(genai_figures(found[0], found[1], maps.genai, today))
    return tuple(out)


# --- comparing ----------------------------------------------------------------------------------

TOLERANCE = 0.05  # issue #14: a difference over 5% must be explained


@dataclass(frozen=True)
class Difference:
    """A curated figure that a map gives differently (or a retirement date the profile lacks)."""

    profile: str
    field: str
    curated: float | dt.date | None
    mapped: float | dt.date
    map: MapFigures
    relative: float | None  # |curated - mapped| / mapped for numbers; None for dates

    def describe(self) -> str:
        rel = f" ({self.relative:.0%} apart)" if self.relative is not None else ""
        curated = "none" if self.curated is None else self.curated
        return f"{self.field}: curated {curated}, {self.map.label} {self.map.entry}: {self.mapped}{rel}"


def relative_difference(curated: float, mapped: float) -> float:
    """|curated - mapped| / mapped (0 when both are 0, 1 when only the map's is 0).

    >>> round(relative_difference(0.30, 0.33), 4)
    0.0909
    """
    if mapped == 0:
        return 0.0 if curated == 0 else 1.0
    return abs(curated - mapped) / abs(mapped)


def differences(profile: Any, figures: MapFigures, tolerance: float = TOLERANCE) -> list[Difference]:
    """Curated prices more than ``tolerance`` from the map's (both given), and retirement dates the map
    records that the profile lacks or gives differently."""
    out: list[Difference] = []
    for field in PRICE_FIELDS:
        mapped, curated = figures.value(field), getattr(profile, field, None)
        if not isinstance(mapped, float) or not isinstance(curated, int | float):
            continue
        rel = relative_difference(float(curated), mapped)
        if rel > tolerance:
            out.append(Difference(profile.id, field, float(curated), mapped, figures, rel))
    mapped_date = figures.deprecation_date
    if mapped_date is not None and profile.deprecation_date != mapped_date:
        out.append(Difference(profile.id, "deprecation_date", profile.deprecation_date, mapped_date, figures, None))
    return out


# --- the explained exceptions and the whole-catalog check ---------------------------------------

EXCEPTIONS_FILE = Path("maintained") / "exceptions.yaml"


@dataclass(frozen=True)
class Exception_:
    profile: str
    field: str
    map: str
    reason: str


def read_exceptions(catalog_dir: Path | None = None) -> dict[tuple[str, str, str], Exception_]:
    """``<catalog_dir>/maintained/exceptions.yaml`` (default: the shipped one), keyed by (profile, field, map)."""
    path = (catalog_dir or shipped_catalog_dir()) / EXCEPTIONS_FILE
    if not path.is_file():
        path = shipped_catalog_dir() / EXCEPTIONS_FILE
    doc = parse_document(read_text(path), str(path)) or []
    if not isinstance(doc, list):
        raise InputError.single(str(path), "", "expected a list of {profile, field, map, reason}")
    out: dict[tuple[str, str, str], Exception_] = {}
    for i, row in enumerate(doc):
        missing = [k for k in ("profile", "field", "map", "reason") if not isinstance(row, dict) or not row.get(k)]
        if missing:
            raise InputError.single(str(path), f"[{i}]", f"missing {', '.join(missing)} (each row needs profile, "
                                    "field, map and a reason)")
        if row["map"] not in (LITELLM, GENAI_PRICES) or row["field"] not in FIELDS:
            raise InputError.single(str(path), f"[{i}]", f"map must be {LITELLM} or {GENAI_PRICES} and field one of "
                                    f"{', '.join(FIELDS)}; got {row['map']!r}, {row['field']!r}")
        out[(str(row["profile"]), str(row["field"]), str(row["map"]))] = Exception_(
            str(row["profile"]), str(row["field"]), str(row["map"]), str(row["reason"]))
    return out


@dataclass(frozen=True)
class CrossCheck:
    """Every curated profile against the maps: how many were compared, the differences explained by the
    exceptions table and those that are not."""

    compared: tuple[str, ...]  # profiles with at least one map entry
    by_map: Mapping[str, int]  # map -> profiles it has
    explained: tuple[tuple[Difference, Exception_], ...]
    unexplained: tuple[Difference, ...]


def cross_check(catalog: Any, maps: Maps, exceptions: Mapping[tuple[str, str, str], Exception_],
                today: dt.date | None = None) -> CrossCheck:
    compared: list[str] = []
    by_map: dict[str, int] = {LITELLM: 0, GENAI_PRICES: 0}
    explained: list[tuple[Difference, Exception_]] = []
    unexplained: list[Difference] = []
    for profile in catalog:
        figures = entries_for(profile, maps, today)
        if figures:
            compared.append(profile.id)
        for fig in figures:
            by_map[fig.source] += 1
            for diff in differences(profile, fig):
                reason = exceptions.get((profile.id, diff.field, fig.source))
                if reason is not None:
                    explained.append((diff, reason))
                else:
                    unexplained.append(diff)
    return CrossCheck(tuple(compared), by_map, tuple(explained), tuple(unexplained))


def newer(curated_date: dt.date | None, map_date: dt.date | None) -> str:
    """Which of the two is newer, in words."""
    if curated_date is None or map_date is None:
        return "cannot tell which is newer (" + ("the curated source" if curated_date is None else "the map") + \
            " is undated)"
    if curated_date > map_date:
        return "the curated source is newer"
    if map_date > curated_date:
        return "the map is newer"
    return "both are dated the same day"
