"""The fast path for plain YAML model files and its cache of parsed large files.

Moved from ``load.py`` (which re-exports ``cache_dir`` and ``CACHE_MIN_BYTES``); results and errors are those of
:func:`selector.yamlio.parse_document`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.constructor import SafeConstructor

from selector.yamlio import CATALOG_LIMITS, Limits, parse_document

# --- a faster path for plain YAML model files ------------------------------------------------------
#
# An imported catalog holds thousands of profiles, and PyYAML's generic constructor spends more time
# than libyaml's parser. Plain data (mappings, sequences and core scalars, no aliases, merge keys or
# explicit tags) is built here in one walk, within the same depth and size limits; anything else, and
# any failure, goes through ``parse_document`` unchanged, so results and error messages are the same.

_TAG = "tag:yaml.org,2002:"
_SCALARS = {f"{_TAG}{name}": getattr(SafeConstructor, f"construct_yaml_{name}")
            for name in ("int", "float", "bool", "null", "timestamp")}
if TYPE_CHECKING:
    _BaseLoader = yaml.CSafeLoader
else:  # libyaml's loader where PyYAML has it (its wheels do), else the pure-Python one
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _NotPlain(Exception):
    """The document needs the standard path (alias, merge key, explicit tag, or a limit reached)."""


class _MemoLoader(_BaseLoader):
    """The safe loader, resolving each distinct plain scalar's implicit tag once per document."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._tags: dict[tuple[Any, Any], str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is not yaml.ScalarNode:
            return self._resolve(kind, value, implicit)
        key = (value, implicit)
        tag = self._tags.get(key)
        if tag is None:
            tag = self._tags[key] = self._resolve(kind, value, implicit)
        return tag

    def _resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        tag: str = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]  # unannotated in types-PyYAML
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
    try:
        return json.loads(cached.read_text(encoding="utf-8"))["doc"]
    except (OSError, ValueError, KeyError, TypeError):
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
        return None if node is None else _build_plain(node, loader, limits)
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
