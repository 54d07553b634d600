"""Import litellm's model price map (``model_prices_and_context_window_backup.json``) as profiles.

The JSON is read from the installed ``litellm`` package directory (found without importing litellm,
which would reach for the network), from a path to the JSON, or from inside a litellm wheel. Every
entry whose ``mode`` maps to a catalog kind becomes a profile with the litellm key as its id:

=======================================  =================================================
litellm                                  profile
=======================================  =================================================
mode chat / completion / responses       kind ``llm``
mode embedding / image_generation        kind ``embedding`` / ``image`` (others skipped)
litellm_provider                         provider (a few renamed to the shipped names)
supported_modalities, supports_vision,   input_modalities
supports_audio_input, supports_video_input
supported_output_modalities              output_modalities (``llm``)
max_input_tokens / max_output_tokens     context_window / max_output_tokens (0 = unknown)
input/output_cost_per_token              input/output_usd_per_1m_tokens (USD per token x 1e6)
output_cost_per_image                    usd_per_image
input_cost_per_token_batches             batch_discount = 1 - batch / input price
supports_function_calling                tool_calling (absent = unknown, null)
deprecation_date                         deprecation_date
alias_of                                 the target entry's fields, with a note
=======================================  =================================================

Languages, parameters, licence, quality and latency are not in the price map and stay null.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import zipfile
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from selector.catalog.importers import (
    ImportResult,
    Progress,
    Skipped,
    check_out_dir,
    check_schema,
    date_or_skip,
    group_records,
    installed_version,
    number,
    per_1m,
    prepare_out_dir,
    token_count,
    wheel_version,
    write_catalog,
)
from selector.errors import InputError
from selector.yamlio import CATALOG_LIMITS, read_text

MEMBER = "litellm/model_prices_and_context_window_backup.json"
SOURCE_NAME = "litellm-import"

KINDS = {"chat": "llm", "completion": "llm", "responses": "llm", "embedding": "embedding",
         "image_generation": "image"}
# litellm provider names that the shipped catalog spells differently; others are kept as litellm has them.
PROVIDERS = {"bedrock": "amazon-bedrock", "bedrock_converse": "amazon-bedrock", "gemini": "google",
             "cohere_chat": "cohere", "text-completion-openai": "openai"}
INPUTS = ("text", "image", "audio", "video")
OUTPUTS = {"text": "text", "code": "text", "image": "image", "audio": "audio"}
INPUT_FLAGS = {"supports_vision": "image", "supports_image_input": "image",
               "supports_embedding_image_input": "image", "supports_audio_input": "audio",
               "supports_video_input": "video"}
# Every profile of a file shares these. The one source is cited for every figure group at file level (not
# per profile): the citation is the same for all, and ~4,400 repeated mappings would slow loading by ~20%.
FILE_DEFAULTS = {
    "open_weights": None,  # unknown in the price map, not false
    "tool_calling": None,  # set where litellm states supports_function_calling
    "sources": dict.fromkeys(("prices", "context", "modalities", "capabilities", "dates"), SOURCE_NAME),
}
MAX_ALIAS_DEPTH = 8


def default_path() -> Path:
    """The price map inside the installed litellm package, located without importing it."""
    try:
        spec = importlib.util.find_spec("litellm")
    except (ImportError, ValueError):
        spec = None
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        path = Path(location) / Path(MEMBER).name
        if path.is_file():
            return path
    raise InputError.single("litellm", "--path", "the litellm package is not installed here, so its price map "
                            "cannot be found: pass --path to model_prices_and_context_window_backup.json or to "
                            "a litellm wheel, or run `make setup` (it installs litellm without its dependencies)")


def read_price_map(path: Path) -> tuple[dict[str, Any], str | None]:
    """The parsed price map and litellm's version (``None`` when it cannot be told)."""
    if path.suffix in (".whl", ".zip"):
        text, version = _read_wheel(path)
    else:
        text, version = read_text(path, CATALOG_LIMITS), installed_version(path, "litellm", "litellm")
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise InputError.single(str(path), "", f"invalid JSON: {exc.msg}", exc.lineno) from None
    except (ValueError, RecursionError) as exc:
        raise InputError.single(str(path), "", f"invalid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InputError.single(str(path), "", "expected a JSON object of model name → fields (litellm's price map)")
    return data, version


def _reject_constant(name: str) -> float:
    raise ValueError(f"non-finite number {name}")


def _read_wheel(path: Path) -> tuple[str, str | None]:
    try:
        with zipfile.ZipFile(path) as zf:
            try:
                info = zf.getinfo(MEMBER)
            except KeyError:
                raise InputError.single(str(path), "", f"no {MEMBER} in this archive; is it a litellm wheel?") from None
            if info.file_size > CATALOG_LIMITS.max_bytes:
                raise InputError.single(str(path), "", f"{MEMBER} is {info.file_size:,} bytes; the limit is "
                                        f"{CATALOG_LIMITS.max_bytes:,}")
            raw = zf.read(info)
            version = wheel_version(zf, path, "litellm")
    except FileNotFoundError:
        raise InputError.single(str(path), "", "file not found") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError.single(str(path), "", f"not a readable wheel (zip) file: {exc}") from None
    try:
        return raw.decode("utf-8"), version
    except UnicodeDecodeError:
        raise InputError.single(str(path), MEMBER, "not UTF-8 text") from None


def _resolve_alias(key: str, entry: Mapping[str, Any], data: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    """An entry with ``alias_of`` takes its target's fields (its own fields win)."""
    target_key = None
    merged = dict(entry)
    seen = {key}
    while "alias_of" in merged:
        target_key = merged.pop("alias_of")
        target = data.get(target_key) if isinstance(target_key, str) else None
        if not isinstance(target, dict):
            raise Skipped("alias_of names no entry")
        if target_key in seen or len(seen) > MAX_ALIAS_DEPTH:
            raise Skipped("alias_of loop")
        seen.add(target_key)
        merged = {**target, **merged}
    return merged, target_key


def _modalities(entry: Mapping[str, Any], kind: str) -> tuple[list[str], list[str]]:
    given = entry.get("supported_modalities")
    inputs = {m for m in given if m in INPUTS} if isinstance(given, list) and given else {"text"}
    inputs |= {modality for flag, modality in INPUT_FLAGS.items() if entry.get(flag) is True}
    if kind == "embedding":
        outputs = ["embedding"]
    elif kind == "image":
        outputs = ["image"]
    else:
        given_out = entry.get("supported_output_modalities")
        mapped = {OUTPUTS[m] for m in given_out if m in OUTPUTS} if isinstance(given_out, list) else set()
        outputs = [m for m in ("text", "image", "audio") if m in mapped] or ["text"]
    return [m for m in INPUTS if m in inputs] or ["text"], outputs


def to_profile(key: str, entry: Any, data: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """One price-map entry → (provider, profile record), or :class:`Skipped` with the reason."""
    if key == "sample_spec":
        raise Skipped("sample_spec (litellm's field documentation)")
    if not isinstance(entry, dict):
        raise Skipped("not a JSON object")
    entry, alias_of = _resolve_alias(key, entry, data)
    mode = entry.get("mode")
    if mode is None:
        raise Skipped("no mode (not a model entry, e.g. a price tier or routing rules)")
    kind = KINDS.get(mode) if isinstance(mode, str) else None
    if kind is None:
        raise Skipped(f"mode {mode!r} has no catalog kind")
    litellm_provider = entry.get("litellm_provider")
    if not isinstance(litellm_provider, str) or not litellm_provider.strip():
        raise Skipped("no litellm_provider")
    provider = PROVIDERS.get(litellm_provider, litellm_provider)
    prefix = f"{litellm_provider}/"
    inputs, outputs = _modalities(entry, kind)
    record: dict[str, Any] = {
        "id": key,
        "name": key[len(prefix):] if key.startswith(prefix) and len(key) > len(prefix) else key,
        "kind": kind,
        "input_modalities": inputs,
        "output_modalities": outputs,
        "context_window": token_count(entry.get("max_input_tokens"), "max_input_tokens"),
        "max_output_tokens": token_count(entry.get("max_output_tokens"), "max_output_tokens"),
        "input_usd_per_1m_tokens": per_1m(entry.get("input_cost_per_token"), "input_cost_per_token"),
        "output_usd_per_1m_tokens": per_1m(entry.get("output_cost_per_token"), "output_cost_per_token"),
        "usd_per_image": number(entry.get("output_cost_per_image"), "output_cost_per_image"),
        "batch_discount": _batch_discount(entry),
        "tool_calling": entry.get("supports_function_calling"),
        "deprecation_date": date_or_skip(entry.get("deprecation_date"), "deprecation_date"),
        "notes": [f"alias of {alias_of} in the litellm price map"] if alias_of else None,
    }
    record = {k: v for k, v in record.items() if v is not None}
    check_schema(record, {**FILE_DEFAULTS, "provider": provider})
    return provider, record


def _batch_discount(entry: Mapping[str, Any]) -> float | None:
    """1 - batch price / on-demand price, from the input token prices.

    >>> _batch_discount({"input_cost_per_token": 2.5e-06, "input_cost_per_token_batches": 1.25e-06})
    0.5
    """
    batch, on_demand = entry.get("input_cost_per_token_batches"), entry.get("input_cost_per_token")
    if batch is None or not on_demand:
        return None
    batch = number(batch, "input_cost_per_token_batches")
    on_demand = number(on_demand, "input_cost_per_token")
    return round(1 - batch / on_demand, 6) if batch is not None and on_demand else None


def convert(data: Mapping[str, Any], skip_ids: frozenset[str] = frozenset()
            ) -> tuple[dict[str, list[dict[str, Any]]], Counter[str]]:
    """The whole price map → provider → profile records, and skipped reasons → counts.

    ``skip_ids`` are ids the shipped catalog already curates (sourced quality, latency, customization):
    importing them would replace that curated profile with a bare one, so they are skipped and counted.
    """
    skipped: Counter[str] = Counter()
    pairs = []
    for key, entry in data.items():
        if str(key) in skip_ids:
            skipped["already curated in the shipped catalog"] += 1
            continue
        try:
            pairs.append(to_profile(str(key), entry, data))
        except Skipped as exc:
            skipped[exc.reason] += 1
    return group_records(pairs), skipped


def source_entry(version: str | None, path: Path, today: dt.date) -> dict[str, Any]:
    """The named source every imported figure cites."""
    note = ("USD per token x 1e6. Context figures are provider-reported and sometimes wrong. "
            "Imported by `selector catalog import litellm`.")
    if version:
        url = f"litellm=={version}:{MEMBER}"
    else:
        url = path.name
        note += f" litellm version unknown (read from a file named {path.name})."
    return {"title": "litellm model price map", "url": url, "retrieved": today, "note": note}


def import_litellm(out: Path, path: Path | None = None, *, force: bool = False, today: dt.date | None = None,
                   progress: Progress | None = None, skip_ids: frozenset[str] = frozenset()) -> ImportResult:
    """Read the price map (default: the installed litellm's), write profiles into ``out``."""
    today = today or dt.date.today()
    note = progress or (lambda _msg: None)
    check_out_dir(out, force)
    path = Path(path) if path is not None else default_path()
    note(f"reading {path}")
    data, version = read_price_map(path)
    prepare_out_dir(out, force)
    note(f"mapping {len(data):,} litellm entries")
    by_provider, skipped = convert(data, skip_ids)
    label = f"litellm=={version}" if version else f"litellm ({path.name})"
    files = write_catalog(
        out, by_provider, command="litellm", source_name=SOURCE_NAME,
        source=source_entry(version, path, today), defaults=FILE_DEFAULTS, today=today,
        describe=lambda provider: f"{provider} models imported from the litellm model price map ({label}).",
    )
    return ImportResult(sum(len(v) for v in by_provider.values()), files, dict(skipped), SOURCE_NAME)
