"""Load model profiles from catalog directories into an immutable :class:`Catalog`.

A catalog directory holds ``sources.yaml`` (named sources, ``sources.py``) and model files (``models/*.yaml`` or
``*.yaml``/``*.json`` at its top): each a mapping with optional ``defaults`` (merged into every
profile of the file) and a ``models`` list. The shipped catalog is loaded first; each ``--catalog``
directory then adds profiles or replaces those with the same id. An error in a user's file names
the file and line and never alters the shipped catalog. Large model files are parsed by the fast
path of ``fastyaml.py`` (with its cache).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

from pydantic import ValidationError

from selector.catalog.fastyaml import (
    CACHE_MIN_BYTES as CACHE_MIN_BYTES,  # re-exported (moved to fastyaml.py)
    _parse_model_file,
    cache_dir as cache_dir,
)
from selector.catalog.import_marker import check_import_complete
from selector.catalog.paths import shipped_catalog_dir
from selector.catalog.profile_types import ModelProfile, Source
from selector.catalog.provenance import SCHEMA_FILE, entries_sha256, file_sha256, models_sha256
from selector.catalog.reference import Reference, load_reference
from selector.catalog.reference_models import TABLES
from selector.catalog.sanity import profile_problems, text_problem
from selector.catalog.schema import profile_model
from selector.catalog.sources import RESERVED_FILES, _load_sources, _resolve_sources, _validate_sources
from selector.errors import InputError, Problem
from selector.requirements.messages import problems_from
from selector.yamlio import CATALOG_LIMITS, cap_problems, forget_nodes, line_of, read_text

MODEL_FILE_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Catalog:
    """An immutable set of validated profiles, keyed by id, with where each came from."""

    profiles: tuple[ModelProfile, ...]
    sources: Mapping[str, Source]
    origin: Mapping[str, str]  # profile id → file it was read from
    sha256: str  # every data file that shaped it (selector/catalog/provenance.py)
    directories: tuple[str, ...] = field(default_factory=tuple)
    reference: Reference | None = field(default=None, repr=False)  # reference data, bound to these profiles
    models_sha256: str = ""  # the model files alone
    files: tuple[tuple[str, str], ...] = field(default=(), repr=False)  # (label, SHA-256) of each file hashed
    _by_id: Mapping[str, ModelProfile] = field(init=False, repr=False, compare=False)
    replaced: tuple[str, ...] = ()  # shipped ids a --catalog directory replaced (reported, never silent)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", MappingProxyType({p.id: p for p in self.profiles}))
        if self.reference is not None:
            object.__setattr__(self, "reference", self.reference.bound(self.get))

    def reference_data(self) -> Reference:
        """The reference data this catalog's answers are computed with (default: the shipped tables),
        resolving the model names it holds (default embedding model, latency calibration) in this catalog."""
        if self.reference is None:
            object.__setattr__(self, "reference", load_reference().bound(self.get))
        assert self.reference is not None
        return self.reference

    def __len__(self) -> int:
        return len(self.profiles)

    def __iter__(self) -> Iterator[ModelProfile]:
        return iter(self.profiles)

    def __contains__(self, model_id: object) -> bool:
        return model_id in self._by_id

    def get(self, model_id: str) -> ModelProfile | None:
        return self._by_id.get(model_id)

    def providers(self) -> list[str]:
        return sorted({p.provider for p in self.profiles})

    def source_of(self, profile: ModelProfile, figure: str) -> Source | None:
        """The resolved source object for a profile's figure group."""
        # read with a plain str: the figure groups (Literal keys) are strings, and an unknown one is absent
        ref = cast("Mapping[str, Source | str]", profile.sources or {}).get(figure)
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


def _read_model_file(path: Path, text: str | None = None) -> tuple[list[dict[str, Any]], dict[str, Any], str]:
    text = read_text(path, CATALOG_LIMITS) if text is None else text
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


def _validate_profiles(
    path: Path, raw: list[Any], meta: dict[str, Any], text: str, known_sources: Mapping[str, Source]
) -> list[ModelProfile]:
    model = profile_model()
    defaults = meta["defaults"]
    out: list[ModelProfile] = []
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


def _load_dir(directory: Path, base_sources: Mapping[str, Source]
              ) -> tuple[list[tuple[ModelProfile, str]], dict[str, Source], list[bytes]]:
    if not directory.is_dir():
        raise InputError.single(str(directory), "", "catalog directory not found")
    check_import_complete(directory)
    sources = dict(base_sources)
    sources.update(_load_sources(directory))
    profiles: list[tuple[ModelProfile, str]] = []
    digests: list[bytes] = []
    sources_key = hashlib.sha256(repr(sorted(sources.items())).encode()).hexdigest()
    for path in _model_files(directory):
        resolved, text = _read_and_validate(path, sources, sources_key)
        profiles.extend((profile, str(path)) for profile in resolved)
        digests.append(hashlib.sha256(text.encode()).digest())
    return profiles, sources, digests


# The modules whose code decides which profiles a file's text validates to (the cache key hashes their source).
_VALIDATION_MODULES = ("selector.catalog.load", "selector.catalog.fastyaml", "selector.catalog.profile_types",
                       "selector.catalog.schema", "selector.catalog.sanity", "selector.catalog.sources",
                       "selector.requirements.messages", "selector.yamlio")


def _read_and_validate(path: Path, known_sources: Mapping[str, Source], sources_key: str
                       ) -> tuple[list[ModelProfile], str]:
    """A model file's validated profiles, their source names resolved, and the file's text.

    The result is cached by the file's content, the sources it may cite (``sources_key``, a digest of
    ``known_sources``) and the validating code (``pickle_cache.py``), so the 4,400 profiles of a litellm
    import are parsed and validated once per version of their files; any problem is raised afresh each time.
    """
    import pydantic

    from selector.catalog.pickle_cache import cached_text_result

    text = read_text(path, CATALOG_LIMITS)

    def compute() -> list[ModelProfile]:
        raw, meta, _ = _read_model_file(path, text)
        file_sources = dict(known_sources)
        if meta["sources"]:
            file_sources.update(_validate_sources(meta["sources"], str(path), text))
        return [_resolve_sources(p, file_sources) for p in _validate_profiles(path, raw, meta, text, file_sources)]

    extra = f"{pydantic.VERSION}\0{path.suffix.lower()}\0{sources_key}"
    return cached_text_result(text, "profiles", _VALIDATION_MODULES, compute, extra=extra), text


def _reference_dir(dirs: list[Path], include_shipped: bool, reference: str | Path | None) -> Path:
    """The reference tables to use: as given; else the shipped ones, or, without the shipped catalog,
    those of the first directory that has a ``reference/`` of its own."""
    if reference is not None:
        return Path(reference)
    if not include_shipped:
        for d in dirs:
            if (d / "reference" / f"{TABLES[0]}.yaml").is_file():
                return d / "reference"
    return shipped_catalog_dir() / "reference"


def load_catalog(extra: Iterable[str | Path] = (), *, include_shipped: bool = True,
                 reference: str | Path | None = None) -> Catalog:
    """Load the shipped catalog, then each extra directory in order (later ids replace earlier), and the
    reference tables (``reference``, default: see :func:`_reference_dir`). ``sha256`` covers every file read."""
    try:
        return _load_catalog(extra, include_shipped, reference)
    finally:
        forget_nodes()


def _load_catalog(extra: Iterable[str | Path], include_shipped: bool, reference: str | Path | None) -> Catalog:
    dirs = ([shipped_catalog_dir()] if include_shipped else []) + [Path(d) for d in extra]
    by_id: dict[str, ModelProfile] = {}
    origin: dict[str, str] = {}
    replaced: list[str] = []
    shipped = shipped_catalog_dir() if include_shipped else None
    sources: dict[str, Source] = {}
    model_digests: list[bytes] = []
    files: list[tuple[str, str]] = [(SCHEMA_FILE.as_posix(), file_sha256(shipped_catalog_dir() / SCHEMA_FILE))]
    for i, directory in enumerate(dirs):
        profiles, dir_sources, digests = _load_dir(directory, sources)
        sources.update(dir_sources)
        for profile, path in profiles:
            if shipped is not None and directory != shipped and profile.id in by_id \
                    and Path(origin[profile.id]).is_relative_to(shipped):
                replaced.append(profile.id)
            by_id[profile.id] = profile
            origin[profile.id] = path
        model_digests.extend(digests)
        files.extend((f"catalog[{i}]/{name}", file_sha256(directory / name))
                     for name in sorted(RESERVED_FILES) if (directory / name).is_file())
        files.extend((f"catalog[{i}]/model-file[{j}]", d.hex()) for j, d in enumerate(digests))
    if not by_id:
        raise InputError.single(", ".join(map(str, dirs)), "", "no model profiles found")
    ref = load_reference(_reference_dir(dirs, include_shipped, reference))
    files.extend((f"reference/{name}", sha) for name, sha in ref.files)
    return Catalog(
        profiles=tuple(by_id.values()),
        sources=MappingProxyType(sources),
        origin=MappingProxyType(origin),
        sha256=entries_sha256(files),
        directories=tuple(str(d) for d in dirs),
        reference=ref,
        models_sha256=models_sha256(model_digests),
        files=tuple(files),
        replaced=tuple(sorted(set(replaced))),
    )
