"""Safe reading of YAML and JSON documents, with limits and line numbers.

Only YAML's safe subset is ever constructed. Before anything is built, the node graph is walked
with limits on nesting depth and on the number of nodes *after alias expansion*, so a "billion
laughs" document is refused in milliseconds instead of exhausting memory. Limits live in
:data:`LIMITS` and are documented in ``docs/reliability.md``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from selector.errors import InputError

_Loader: type[yaml.CSafeLoader] | type[yaml.SafeLoader]
try:  # libyaml is bundled in PyYAML wheels; fall back to the pure-Python loader if absent
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class Limits:
    """Bounds on a document a user hands us."""

    max_bytes: int = 5_000_000
    max_depth: int = 40
    max_nodes: int = 200_000


LIMITS = Limits()
CATALOG_LIMITS = Limits(max_bytes=60_000_000, max_depth=40, max_nodes=5_000_000)


def read_text(path: Path, limits: Limits = LIMITS) -> str:
    """Read a UTF-8 text file within the size limit, or raise :class:`InputError`."""
    src = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError.single(src, "", "file not found") from None
    except OSError as exc:
        raise InputError.single(src, "", f"cannot read file ({exc.strerror})") from None
    if path.is_dir():
        raise InputError.single(src, "", "is a directory, expected a YAML or JSON file")
    if size > limits.max_bytes:
        raise InputError.single(
            src, "", f"file is {size:,} bytes; the limit is {limits.max_bytes:,} bytes"
        )
    try:  # never trust st_size alone: /dev/zero, /dev/urandom and pipes report 0 and never end
        with path.open("rb") as fh:
            raw = fh.read(limits.max_bytes + 1)
    except OSError as exc:
        raise InputError.single(src, "", f"cannot read file ({exc.strerror})") from None
    if len(raw) > limits.max_bytes:
        raise InputError.single(src, "", f"more than {limits.max_bytes:,} bytes; refused")
    if b"\x00" in raw:
        raise InputError.single(src, "", "binary data (NUL byte); expected a UTF-8 YAML or JSON text file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.single(
            src, "", f"not UTF-8 text (invalid byte at offset {exc.start}); save the file as UTF-8"
        ) from None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_graph(node: yaml.Node, limits: Limits, source: str) -> None:
    """Check the composed node graph within depth and size limits, counting values *after* alias expansion.

    Each distinct node is visited once and its expanded size and height are memoised, so a "billion
    laughs" document is refused in time proportional to its text, whatever the limits. A recursive
    alias (a node that contains itself) expands without end and is refused the same way.
    """
    too_many = f"document expands to more than {limits.max_nodes:,} values (YAML aliases?); refused"
    size: dict[int, int] = {}
    height: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    while stack:
        current, children_done = stack.pop()
        key = id(current)
        if key in size:
            continue
        children = _children(current)
        if not children_done:
            open_nodes.add(key)
            stack.append((current, True))
            for child in children:
                if id(child) in open_nodes:  # a node inside itself: infinite expansion
                    raise InputError.single(source, "", "a YAML alias refers to a value that contains it "
                                            "(endless expansion); refused", child.start_mark.line + 1)
                if id(child) not in size:
                    stack.append((child, False))
            continue
        open_nodes.discard(key)
        size[key] = 1 + sum(size[id(c)] for c in children)
        height[key] = 1 + max((height[id(c)] for c in children), default=0)
        if size[key] > limits.max_nodes:
            raise InputError.single(source, "", too_many)
        if height[key] > limits.max_depth:
            deepest = current
            for _ in range(limits.max_depth):  # follow the tallest branch to a node past the limit
                deepest = max(_children(deepest), key=lambda c: height[id(c)])
            raise InputError.single(source, "", f"nesting deeper than {limits.max_depth} levels; refused",
                                    deepest.start_mark.line + 1)


def _check_value(value: Any, limits: Limits, source: str) -> None:
    """The same depth and size limits for a document parsed as JSON (counted per container, so a
    long list is refused before its items are looked at)."""
    count = 1
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        current, depth = stack.pop()
        if depth + (1 if current else 0) > limits.max_depth:  # its items sit one level deeper
            raise InputError.single(source, "", f"nesting deeper than {limits.max_depth} levels; refused")
        items = list(current.values()) if isinstance(current, dict) else current
        count += len(current) * (2 if isinstance(current, dict) else 1)  # a mapping's keys count too
        if count > limits.max_nodes:
            raise InputError.single(source, "", f"document has more than {limits.max_nodes:,} values; refused")
        stack.extend([(item, depth + 1) for item in items if isinstance(item, (dict, list))])


def parse_document(text: str, source: str, limits: Limits = LIMITS) -> Any:
    """Parse YAML (a superset of JSON) safely; raise :class:`InputError` with the line on failure."""
    if len(text.encode("utf-8", "ignore")) > limits.max_bytes:
        raise InputError.single(source, "", f"document larger than {limits.max_bytes:,} bytes; refused")
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")) and source.endswith(".json"):
        try:
            value = json.loads(text, parse_constant=_reject_constant)
        except json.JSONDecodeError as exc:
            raise InputError.single(source, "", f"invalid JSON: {exc.msg}", exc.lineno) from None
        except ValueError as exc:
            raise InputError.single(source, "", str(exc)) from None
        except RecursionError:
            raise InputError.single(source, "", f"nesting deeper than {limits.max_depth} levels; refused") from None
        _check_value(value, limits, source)
        return value
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError.single(source, "", f"invalid YAML: {problem}", line) from None
    except RecursionError:
        raise InputError.single(source, "", f"nesting deeper than {limits.max_depth} levels; refused") from None
    if node is None:
        return None
    _check_graph(node, limits, source)
    loader = _Loader("")
    try:
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError.single(source, "", f"invalid YAML value: {getattr(exc, 'problem', exc)}", line) from None
    except (ValueError, OverflowError) as exc:  # e.g. a date such as 2024-13-45
        raise InputError.single(source, "", f"invalid value: {exc}", _failing_scalar_line(node)) from None
    except (IndexError, KeyError, AttributeError, TypeError):  # PyYAML's constructors on e.g. `!!float` alone
        line = _failing_scalar_line(node)
        raise InputError.single(
            source, "", "a value cannot be read as the type its explicit tag names (e.g. `!!float` on text "
            "or on nothing); remove the tag or fix the value", line,
        ) from None
    finally:
        loader.dispose()


def _failing_scalar_line(root: yaml.Node) -> int | None:
    """The 1-based line of the first scalar that the safe constructor cannot build (for error messages)."""
    stack = [root]
    seen: set[int] = set()
    probe = _Loader("")
    try:
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, yaml.ScalarNode):
                try:
                    probe.construct_object(node, deep=True)
                except Exception:  # noqa: BLE001 - any failure is the one we are looking for
                    return node.start_mark.line + 1
            elif isinstance(node, yaml.MappingNode):
                stack.extend(v for pair in reversed(node.value) for v in reversed(pair))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(reversed(node.value))
        return None
    finally:
        probe.dispose()


def _reject_constant(name: str) -> float:
    raise ValueError(f"invalid JSON number {name}; use a finite number")


def load_document(path: Path, limits: Limits = LIMITS) -> Any:
    """Read and parse a YAML or JSON file safely."""
    return parse_document(read_text(path, limits), str(path), limits)


def line_of(text: str, path: tuple[Any, ...]) -> int | None:
    """Return the 1-based line where the value at ``path`` (keys and list indexes) starts.

    Used only to decorate error messages, so failures return ``None`` instead of raising.

    >>> line_of("a: 1\\nb:\\n  - x\\n  - y: 2\\n", ("b", 1, "y"))
    4
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return None
    line = None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if getattr(key, "value", None) == str(step):
                    line = key.start_mark.line + 1
                    node = value
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            return line
    return line if line is not None else (node.start_mark.line + 1 if node is not None else None)
