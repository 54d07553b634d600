"""A cache of results computed from a file's text, keyed by the SHA-256 of that text (and of the code that
computes them), in the same directory as the parsed-YAML cache (``fastyaml.cache_dir``).

Two uses, both for speed only (issue #15 point 11):

- parsed reference documents (``latency_measured.yaml``, ``quality_benchmarks.yaml``): the exact Python
  objects ``parse_document`` returns, dates included (the JSON cache of model files turns them into text);
- validated catalog profiles of one model file (``load.py``): the ``ModelProfile`` objects that passed the
  schema and the sanity bounds, so a large imported catalog is validated once per version of its files;
- the checked reference tables (``reference.py``) and tables of evidence (``reasoning.yaml``).

Invalidation is by content: the key hashes the text, a *salt* naming what was computed from it, and the
source of the modules whose code decides the result (:func:`code_fingerprint`), so an edited file or an
edited validator is always recomputed. Only successful results are stored; a failure raises as before, with
its usual message. A cache entry is a pickle, so it is read only from a regular file owned by the current
user that no one else can write (a cache someone else could write could run code); anything else, any
read or write error, or ``SELECTOR_NO_CACHE=1`` means computing afresh.
"""

from __future__ import annotations

import contextlib
import copyreg
import hashlib
import importlib.util
import os
import pickle
import stat
import sys
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from types import MappingProxyType
from typing import IO, Any, TypeVar

from selector.catalog.fastyaml import cache_dir

T = TypeVar("T")
MAX_ENTRY_BYTES = 256 * 1024 * 1024
FORMAT = "v1"


def read_only(items: Mapping[Any, Any]) -> MappingProxyType[Any, Any]:
    """A read-only view of a copy of ``items``: how a pickled ``MappingProxyType`` is rebuilt."""
    return MappingProxyType(dict(items))


# read-only views (the frozen values of reference figures) are stored as their items; only this cache's own
# pickler knows it (the process-wide copyreg table is left alone)
_DISPATCH = {**copyreg.dispatch_table, MappingProxyType: lambda view: (read_only, (dict(view),))}


def pickler(handle: IO[bytes]) -> pickle.Pickler:
    """A pickler writing to ``handle`` as this cache stores values (read-only views as their items)."""
    out = pickle.Pickler(handle, protocol=pickle.HIGHEST_PROTOCOL)
    out.dispatch_table = _DISPATCH
    return out


def dump(value: Any, handle: IO[bytes]) -> None:
    """Pickle ``value`` to ``handle`` as this cache stores it (read-only views as their items)."""
    pickler(handle).dump(value)


@cache
def code_fingerprint(modules: tuple[str, ...]) -> str:
    """SHA-256 over the source files of the named modules (and the Python version, pickle's format)."""
    digest = hashlib.sha256(f"{FORMAT}\0{sys.version}\0".encode())
    for name in modules:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        digest.update(name.encode() + b"\0")
        if origin and os.path.isfile(origin):
            with open(origin, "rb") as handle:
                digest.update(handle.read())
        else:  # no source to hash: a key that never repeats, so nothing is reused
            digest.update(os.urandom(16))
    return digest.hexdigest()


def content_key(text: str, salt: str, modules: Iterable[str], extra: str = "") -> str:
    """The cache key of what ``modules`` compute from ``text`` (``extra``: any other input, as text)."""
    digest = hashlib.sha256(salt.encode() + b"\0" + code_fingerprint(tuple(modules)).encode() + b"\0")
    digest.update(extra.encode() + b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _safe_to_read(fd: int) -> bool:
    info = os.fstat(fd)
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return stat.S_ISREG(info.st_mode) and mine and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) \
        and info.st_size <= MAX_ENTRY_BYTES


def cached(key: str, compute: Callable[[], T]) -> T:
    """``compute()``, or its result stored under ``key`` by an earlier run."""
    where = cache_dir()
    if where is None:
        return compute()
    path = where / f"{key}.pickle"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            if _safe_to_read(fd):
                with os.fdopen(fd, "rb", closefd=False) as handle:
                    value: T = pickle.load(handle)  # own, private cache file (module doc)
                    return value
        finally:
            os.close(fd)
    except Exception:  # noqa: BLE001 - a missing, unreadable or stale entry: compute afresh
        pass
    value = compute()
    try:
        where.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            dump(value, handle)
        os.replace(tmp, path)
    except Exception:  # noqa: BLE001 - a cache that cannot be written is simply not used
        with contextlib.suppress(OSError, NameError):
            tmp.unlink(missing_ok=True)
    return value


def cached_text_result(text: str, salt: str, modules: Iterable[str], compute: Callable[[], T],
                       extra: str = "", min_bytes: int = 0) -> T:
    """``compute()`` cached by ``text``'s content (texts shorter than ``min_bytes`` are not worth it)."""
    if len(text) < min_bytes:
        return compute()
    return cached(content_key(text, salt, modules, extra), compute)


def _parse_any(text: str, source: str, limits: Any) -> Any:
    from selector.yamlio import parse_document

    return parse_document(text, source, limits)


def cached_document(text: str, source: str, limits: Any, min_bytes: int = 16_000) -> Any:
    """``parse_document(text, source, limits)``, from the cache when this text was parsed before."""
    return cached_text_result(text, "document", ("selector.yamlio",), lambda: _parse_any(text, source, limits),
                              extra=repr(limits), min_bytes=min_bytes)
