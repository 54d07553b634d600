"""Memoisation by identity for pure functions of immutable objects (issue #15 point 11: fast pricing).

A workload prices thousands of options, and many of their inputs are the same objects for a whole family:
the prompt overhead depends only on (workload, strategy, reference data), an API model's speed only on
(profile, measurement file). :func:`by_identity` remembers such a function's result for the very objects
it was called with (``is``, not ``==``: frozen pydantic models and dataclasses, whose content cannot change),
and for strings, numbers and ``None`` by value. The cache holds the arguments themselves, so an id is never
reused while its entry lives; it is emptied when it reaches ``maxsize``. Only functions whose result depends
on nothing but their arguments, and whose result is not mutated by callers, may be wrapped.
"""

from __future__ import annotations

import functools
import os
import stat
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

F = TypeVar("F", bound=Callable[..., Any])
_VALUE_TYPES = frozenset({str, int, float, bool, type(None)})


def by_identity(maxsize: int = 8192) -> Callable[[F], F]:
    """Decorator: cache ``fn(*args)`` (positional arguments only) keyed by the arguments' identities."""

    def wrap(fn: F) -> F:
        store: dict[tuple[Any, ...], tuple[tuple[Any, ...], Any]] = {}

        @functools.wraps(fn)
        def call(*args: Any) -> Any:
            key = tuple([(type(a), a) if type(a) in _VALUE_TYPES else id(a) for a in args])
            hit = store.get(key)
            if hit is not None:  # an id in the key is of an object the entry itself keeps alive: the same one
                return hit[1]
            value = fn(*args)
            if len(store) >= maxsize:
                store.clear()
            store[key] = (args, value)
            return value

        call.cache_clear = store.clear  # type: ignore[attr-defined]
        return cast("F", call)

    return wrap


def by_id(maxsize: int = 8192) -> Callable[[F], F]:
    """Decorator: cache ``fn(*args)`` keyed by the arguments' identities alone, strings and numbers included
    (cheaper than :func:`by_identity`'s key). The cache holds the arguments, so an id in a key is of the very
    object it was made for; equal values that are distinct objects are separate entries (computed again, never
    confused). For functions whose arguments are shared objects: frozen models, enum members, ``True`` and
    ``False``, ``None``."""

    def wrap(fn: F) -> F:
        store: dict[tuple[int, ...], tuple[tuple[Any, ...], Any]] = {}

        @functools.wraps(fn)
        def call(*args: Any) -> Any:
            key = tuple(map(id, args))
            hit = store.get(key)
            if hit is not None:  # the entry keeps its arguments alive: the same objects
                return hit[1]
            value = fn(*args)
            if len(store) >= maxsize:
                store.clear()
            store[key] = (args, value)
            return value

        call.cache_clear = store.clear  # type: ignore[attr-defined]
        return cast("F", call)

    return wrap


RESTAT_SECONDS = 1.0  # a data file edited while the process runs is seen again within this time
_versions: dict[str, tuple[float, int | None]] = {}


def file_version(path: str) -> int | None:
    """The file's modification time in ns (None when it is not a regular file), looked up at most once per
    :data:`RESTAT_SECONDS` per path: the reference files beside a catalog are consulted for every priced
    option, and one ``stat`` each cost more than the arithmetic they feed."""
    now = time.monotonic()
    seen = _versions.get(path)
    if seen is not None and now - seen[0] < RESTAT_SECONDS:
        return seen[1]
    try:
        info = os.stat(path)
        version = info.st_mtime_ns if stat.S_ISREG(info.st_mode) else None
    except OSError:
        version = None
    _versions[path] = (now, version)
    return version
