"""Load model profiles from catalog directories into an immutable :class:`Catalog`.

A catalog directory holds ``sources.yaml`` (named sources) and model files (``models/*.yaml`` or
``*.yaml``/``*.json`` at its top): each a mapping with optional ``defaults`` (merged into every
profile of the file) and a ``models`` list. The shipped catalog is loaded first; each ``--catalog``
directory then adds profiles or replaces those with the same id. An error in a user's file names
the file and line and never alters the shipped catalog.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from yaml.constructor import SafeConstructor

from selector.catalog.paths import shipped_catalog_dir
from selector.catalog.import_marker import check_import_complete
from selector.catalog.sanity import profile_problems, text_problem
from selector.catalog.schema import profile_model
from selector.errors import InputError, Problem
from selector.requirements.messages import problems_from
from selector.safeio import read_bytes
from selector.yamlio import (
    CATALOG_LIMITS, CoreLoader, Limits, cap_problems, line_of, parse_document, read_text, remember_nodes,
    forget_nodes,
)

MODEL_FILE_SUFFIXES = (".yaml", ".yml", ".json")
RESERVED_FILES = {"sources.yaml", "sources.yml", "sources.json"}


@dataclass(frozen=True)
class Catalog:
    """An immutable set of validated profiles, keyed by id, with where each came from."""

    profiles: tuple[BaseModel, ...]
    sources: Mapping[str, BaseModel]
    origin: Mapping[str, str]  # profile id → file it was read from
    sha256: str
    directories: tuple[str, ...] = field(default_factory=tuple)
    replaced: tuple[str, ...] = ()  # shipped ids a --catalog directory replaced (reported, never silent)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", MappingProxyType({p.id: p for p in self.profiles}))

    def __len__(self) -> int:
        return len(self.profiles)

    def __iter__(self):
        return iter(self.profiles)

    def __contains__(self, model_id: object) -> bool:
        return model_id in self._by_id  # type: ignore[attr-defined]

    def get(self, model_id: str) -> BaseModel | None:
        return self._by_id.get(model_id)  # type: ignore[attr-defined]

    def providers(self) -> list[str]:
        return sorted({p.provider for p in self.profiles})

    def source_of(self, profile: BaseModel, figure: str) -> BaseModel | None:
        """The resolved source object for a profile's figure group."""
        ref = (profile.sources or {}).get(figure)
        if ref is None:
            return None
        if isinstance(ref, str):
            return self.sources.get(ref)
        return ref


def _model_files(directory: Path) -> list[Path]:
    files: list[Path] = []
    for sub in (directory, directory / "models"):
        if sub.is_dir():
            files.extend(
                p for p in sorted(sub.iterdir())  # m.YAML counts as much as m.yaml, everywhere
                if p.suffix.lower() in MODEL_FILE_SUFFIXES and p.name.lower() not in RESERVED_FILES
                and (p.is_file() or p.is_symlink() or p.exists())  # a FIFO or a dangling link is refused by name
            )
    return files


def _source_model() -> type[BaseModel]:
    return profile_model().model_fields["sources"].annotation.__args__[1].__args__[0]  # dict[figure, Source | str]


def _load_sources(directory: Path) -> dict[str, BaseModel]:
    out: dict[str, BaseModel] = {}
    for name in sorted(RESERVED_FILES):
        path = directory / name
        if not (path.exists() or path.is_symlink()):
            continue
        text = read_text(path, CATALOG_LIMITS)
        doc = parse_document(text, str(path), CATALOG_LIMITS) or {}
        if not isinstance(doc, dict):
            raise InputError.single(str(path), "", "expected a mapping of source name → {title, url, retrieved}")
        out.update(_validate_sources(doc, str(path), text))
    return out


def _validate_sources(doc: Mapping[str, Any], source: str, text: str | None) -> dict[str, BaseModel]:
    model = _source_model()
    out: dict[str, BaseModel] = {}
    problems: list[Problem] = []
    for key, value in doc.items():
        try:
            out[str(key)] = model.model_validate(value)
        except ValidationError as exc:
            for loc, problem in problems_from(exc, model):
                full = (key, *loc)
                problems.append(Problem(f"{key}.{problem.field}".rstrip("."), problem.message,
                                        line_of(text, full) if text else None))
    if problems:
        raise InputError(source, tuple(problems))
    return out


def _read_model_file(path: Path) -> tuple[list[dict[str, Any]], dict[str, Any], str]:
    text = read_text(path, CATALOG_LIMITS)
    doc = _parse_model_file(text, str(path))
    if doc is None:  # an empty or comments-only file holds no profiles
        return [], {"defaults": {}, "sources": {}}, text
    if isinstance(doc, list):
        doc = {"models": doc}
    if not isinstance(doc, dict) or not isinstance(doc.get("models", []), list):
        raise InputError.single(str(path), "models", "expected a mapping with a 'models' list of profiles")
    unknown = set(doc) - {"models", "defaults", "provider", "description", "sources"}
    if unknown:
        key = sorted(unknown)[0]
        raise InputError.single(str(path), key, "unknown top-level key (allowed: models, defaults, provider, "
                                "description, sources)", line_of(text, (key,)))
    defaults = doc.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise InputError.single(str(path), "defaults", "expected a mapping of profile fields",
                                line_of(text, ("defaults",)))
    if doc.get("provider"):
        defaults = {"provider": doc["provider"], **defaults}
    inline_sources = doc.get("sources") or {}
    return list(doc.get("models") or []), {"defaults": defaults, "sources": inline_sources}, text


# --- a faster path for plain YAML model files ------------------------------------------------------
#
# An imported catalog holds thousands of profiles, and PyYAML's generic constructor spends more time
# than libyaml's parser. Plain data (mappings, sequences and core scalars, no aliases, merge keys or
# explicit tags) is built here in one walk, within the same depth and size limits; anything else, and
# any failure, goes through ``parse_document`` unchanged, so results and error messages are the same.

_TAG = "tag:yaml.org,2002:"
_SCALARS = {f"{_TAG}{name}": getattr(SafeConstructor, f"construct_yaml_{name}")
            for name in ("int", "float", "bool", "null", "timestamp")}
_SCALARS.update({f"{_TAG}int": CoreLoader.yaml_constructors[f"{_TAG}int"],  # YAML 1.2 core, as parse_document
                 f"{_TAG}float": CoreLoader.yaml_constructors[f"{_TAG}float"]})
_BaseLoader = CoreLoader


class _NotPlain(Exception):
    """The document needs the standard path (alias, merge key, explicit tag, or a limit reached)."""


class _MemoLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, resolving each distinct plain scalar's implicit tag once per document."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._tags: dict[tuple[Any, Any], str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = self._tags.get(key)
        if tag is None:
            tag = self._tags[key] = super().resolve(kind, value, implicit)
        return tag


CACHE_MIN_BYTES = 16_000  # smaller files parse about as fast as a cache lookup


def cache_dir() -> Path | None:
    """Where parsed large catalog files are cached (``SELECTOR_CACHE_DIR``, else the XDG cache);
    ``SELECTOR_NO_CACHE=1`` turns the cache off."""
    if os.environ.get("SELECTOR_NO_CACHE"):
        return None
    base = os.environ.get("SELECTOR_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "selector")
    return Path(base) / "parsed"


def _parse_model_file(text: str, source: str, limits: Limits = CATALOG_LIMITS) -> Any:
    """Parse a model file, reusing a JSON copy of an earlier parse of the *same text* for large files.

    The cache is keyed by the SHA-256 of the file's text, so an edited file is always parsed afresh;
    a cache that cannot be read or written is ignored. Validation always runs on the result.
    """
    where = cache_dir() if len(text) >= CACHE_MIN_BYTES else None
    if where is None:
        return _parse_uncached(text, source, limits)
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    cached = where / f"{key}.json"
    try:  # a regular file of bounded size only: a FIFO or a huge file in the cache must not block or bloat
        return json.loads(read_bytes(cached, 4 * limits.max_bytes).decode("utf-8"))["doc"]
    except (InputError, OSError, ValueError, KeyError, TypeError):
        pass
    doc = _parse_uncached(text, source, limits)
    try:
        where.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"doc": doc}, default=_json_default), encoding="utf-8")
        os.replace(tmp, cached)
    except (OSError, TypeError, ValueError):
        pass
    return doc


def _json_default(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"not cacheable: {type(value).__name__}")


def _parse_uncached(text: str, source: str, limits: Limits = CATALOG_LIMITS) -> Any:
    """What ``parse_document`` returns for a model file, built faster when the YAML is plain data."""
    if not source.endswith(".json"):
        try:
            return _plain_document(text, limits)
        except Exception:  # noqa: BLE001 - any surprise: the standard path decides, with its messages
            pass
    return parse_document(text, source, limits)


def _plain_document(text: str, limits: Limits) -> Any:
    loader = _MemoLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        doc = _build_plain(node, loader, limits)
        remember_nodes(text, node)  # error messages look lines up in this graph instead of composing again
        return doc
    finally:
        loader.dispose()


def _build_plain(root: yaml.Node, constructor: SafeConstructor, limits: Limits) -> Any:
    seen: set[int] = set()
    scalar, sequence = yaml.ScalarNode, yaml.SequenceNode

    def build(node: yaml.Node, depth: int) -> Any:
        if depth > limits.max_depth or len(seen) >= limits.max_nodes or id(node) in seen:
            raise _NotPlain  # too deep / too big / an alias: parse_document refuses or expands it
        seen.add(id(node))
        tag, kind = node.tag, type(node)
        if kind is scalar:
            if tag == _TAG + "str":
                return node.value
            if tag not in _SCALARS:
                raise _NotPlain
            return _SCALARS[tag](constructor, node)
        if kind is sequence:
            if tag != _TAG + "seq":
                raise _NotPlain
            return [build(item, depth + 1) for item in node.value]
        if tag != _TAG + "map":
            raise _NotPlain
        out = {}
        for key, value in node.value:
            if type(key) is not scalar or (key.tag != _TAG + "str" and key.tag not in _SCALARS):
                raise _NotPlain  # merge keys (<<), complex keys
            out[build(key, depth + 1)] = build(value, depth + 1)
        return out

    return build(root, 1)


def _validate_profiles(
    path: Path, raw: list[Any], meta: dict[str, Any], text: str, known_sources: Mapping[str, BaseModel]
) -> list[BaseModel]:
    model = profile_model()
    defaults = meta["defaults"]
    out: list[BaseModel] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            problems.append(Problem(f"models[{i}]", "expected a mapping of profile fields",
                                    line_of(text, ("models", i))))
            continue
        merged = {**defaults, **item}
        try:
            profile = model.model_validate(merged)
        except ValidationError as exc:
            ident = item.get("id", f"#{i}")
            for loc, problem in problems_from(exc, model):
                in_item = loc and loc[0] in item
                line = line_of(text, ("models", i, *loc) if in_item else ("defaults", *loc)) \
                    or line_of(text, ("models", i))
                problems.append(Problem(f"models[{i}] ({ident}).{problem.field}", problem.message, line))
            continue
        for name, message in profile_problems(profile):
            ident = profile.id if not text_problem(profile.id) else f"#{i}"
            problems.append(Problem(f"models[{i}] ({ident}).{name}", message,
                                    line_of(text, ("models", i, name.split(".")[0].split("[")[0]))))
        if profile.id in seen:
            problems.append(Problem(f"models[{i}].id", f"duplicate id {profile.id!r} in this file",
                                    line_of(text, ("models", i, "id"))))
        seen.add(profile.id)
        for figure, ref in (profile.sources or {}).items():
            if isinstance(ref, str) and ref not in known_sources:
                problems.append(Problem(
                    f"models[{i}] ({profile.id}).sources.{figure}",
                    f"unknown source name {ref!r}; define it in sources.yaml or inline",
                    line_of(text, ("models", i, "sources", figure)),
                ))
        out.append(profile)
    if problems:
        raise InputError(str(path), cap_problems(problems))
    return out


def _load_dir(directory: Path, base_sources: Mapping[str, BaseModel]) -> tuple[list[tuple[BaseModel, str]], dict[str, BaseModel], list[bytes]]:
    if not directory.is_dir():
        raise InputError.single(str(directory), "", "catalog directory not found")
    check_import_complete(directory)
    sources = dict(base_sources)
    sources.update(_load_sources(directory))
    profiles: list[tuple[BaseModel, str]] = []
    digests: list[bytes] = []
    for path in _model_files(directory):
        raw, meta, text = _read_model_file(path)
        file_sources = dict(sources)
        if meta["sources"]:
            file_sources.update(_validate_sources(meta["sources"], str(path), text))
        for profile in _validate_profiles(path, raw, meta, text, file_sources):
            profiles.append((_resolve_sources(profile, file_sources), str(path)))
        digests.append(hashlib.sha256(text.encode()).digest())
    return profiles, sources, digests


def _resolve_sources(profile: BaseModel, sources: Mapping[str, BaseModel]) -> BaseModel:
    """Replace source names by the source objects so a profile is self-contained."""
    refs = profile.sources or {}
    if not any(isinstance(v, str) for v in refs.values()):
        return profile
    resolved = {k: (sources[v] if isinstance(v, str) else v) for k, v in refs.items()}
    return profile.model_copy(update={"sources": resolved})


def load_catalog(extra: Iterable[str | Path] = (), *, include_shipped: bool = True) -> Catalog:
    """Load the shipped catalog, then each extra directory in order (later ids replace earlier)."""
    try:
        return _load_catalog(extra, include_shipped)
    finally:
        forget_nodes()


def _load_catalog(extra: Iterable[str | Path], include_shipped: bool) -> Catalog:
    dirs = ([shipped_catalog_dir()] if include_shipped else []) + [Path(d) for d in extra]
    by_id: dict[str, BaseModel] = {}
    origin: dict[str, str] = {}
    replaced: list[str] = []
    shipped = shipped_catalog_dir() if include_shipped else None
    sources: dict[str, BaseModel] = {}
    digest = hashlib.sha256()
    for directory in dirs:
        profiles, dir_sources, digests = _load_dir(directory, sources)
        sources.update(dir_sources)
        for profile, path in profiles:
            if shipped is not None and directory != shipped and profile.id in by_id \
                    and Path(origin[profile.id]).is_relative_to(shipped):
                replaced.append(profile.id)
            by_id[profile.id] = profile
            origin[profile.id] = path
        for d in digests:
            digest.update(d)
    if not by_id:
        raise InputError.single(", ".join(map(str, dirs)), "", "no model profiles found")
    return Catalog(
        profiles=tuple(by_id.values()),
        sources=MappingProxyType(sources),
        origin=MappingProxyType(origin),
        sha256=digest.hexdigest(),
        directories=tuple(str(d) for d in dirs),
        replaced=tuple(sorted(set(replaced))),
    )
