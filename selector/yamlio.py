"""Safe reading of YAML and JSON documents, with limits and line numbers.

Only YAML's safe subset is ever constructed. Before anything is built, the node graph is walked
with limits on nesting depth and on the number of nodes *after alias expansion*, so a "billion
laughs" document is refused in milliseconds instead of exhausting memory. Limits live in
:data:`LIMITS` and are documented in ``docs/reliability.md``.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from selector.errors import InputError, Problem
from selector.safeio import read_bytes

if TYPE_CHECKING:
    _SafeLoader = yaml.CSafeLoader
else:  # libyaml is bundled in PyYAML wheels; fall back to the pure-Python loader if absent
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# YAML 1.2 core schema for plain scalars (https://yaml.org/spec/1.2.2/#1032-tag-resolution): only
# true/false are booleans (no yes/no/on/off), no sexagesimal numbers (1:30:00 stays text), 017 is
# seventeen, 0o17 is octal, 1e3 is a number. Dates (YYYY-MM-DD) are still read as dates.
_TAG = "tag:yaml.org,2002:"
_CORE_RESOLVERS = (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
              r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
)


def _core_resolvers(base: dict[Any, Any]) -> dict[Any, Any]:
    """libyaml's SafeLoader resolvers with the bool/int/float/null entries of YAML 1.2 core."""
    out: dict[Any, Any] = {}
    for first, entries in base.items():
        kept = [(tag, rx) for tag, rx in entries if tag.removeprefix(_TAG) not in ("bool", "int", "float", "null")]
        if kept:
            out[first] = kept
    for name, pattern, firsts in reversed(_CORE_RESOLVERS):  # inserted in front: int is tried before float
        for ch in firsts:
            out.setdefault(ch, []).insert(0, (_TAG + name, re.compile(pattern)))
    return out


def _line(event: Any) -> int | None:
    """1-based line of a parser event, where PyYAML records one."""
    mark = getattr(event, "start_mark", None)
    return None if mark is None else int(mark.line) + 1


def _construct_int(loader: Any, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    if not re.fullmatch(r"[-+]?[0-9]+", text):  # an explicit !!int on other text
        return int(loader.construct_yaml_int(node))
    return int(text, 10)


def _construct_float(loader: Any, node: yaml.ScalarNode) -> float:
    text = loader.construct_scalar(node)
    lowered = text.lower()
    if lowered.lstrip("+-") == ".inf":
        return -math.inf if lowered.startswith("-") else math.inf
    if lowered == ".nan":
        return math.nan
    try:
        return float(text)
    except ValueError:  # an explicit !!float on text PyYAML reads (1_000.5, 1:30)
        return float(loader.construct_yaml_float(node))


class CoreLoader(_SafeLoader):
    """The safe loader with YAML 1.2 core resolution of booleans, numbers and nulls."""

    yaml_implicit_resolvers = _core_resolvers(_SafeLoader.yaml_implicit_resolvers)


CoreLoader.add_constructor(_TAG + "int", _construct_int)
CoreLoader.add_constructor(_TAG + "float", _construct_float)
_Loader = CoreLoader

MAX_PROBLEMS = 50  # problems reported per input; the rest are counted ("...and N more")


@dataclass(frozen=True)
class Limits:
    """Bounds on a document a user hands us."""

    max_bytes: int = 5_000_000
    max_depth: int = 40
    max_nodes: int = 200_000
    max_width: int | None = None  # items of one list; None: only max_nodes applies
    max_keys: int | None = None  # keys of one mapping; None: only max_nodes applies

    def width(self, is_map: bool) -> int | None:
        return self.max_keys if is_map else self.max_width


# No requirements mapping has more than 25 keys and no list more than 500 items (workloads), so a
# mapping of more than 64 keys or a list of more than 1,000 items is refused as soon as it is seen.
LIMITS = Limits(max_width=1_000, max_keys=64)
PRESCAN_BYTES = 256_000  # larger documents are scanned event by event before they are composed
CATALOG_LIMITS = Limits(max_bytes=60_000_000, max_depth=40, max_nodes=5_000_000)


def read_text(path: Path, limits: Limits = LIMITS) -> str:
    """Read a UTF-8 text file within the size limit, or raise :class:`InputError`.

    Only a regular file is read (``stat.S_ISREG``): a FIFO, a device or a socket would block or never
    end, so it is refused by name before it is opened; the read itself is bounded too.
    """
    src = str(path)
    if path.is_dir():
        raise InputError.single(src, "", "is a directory, expected a YAML or JSON file")
    raw = read_bytes(path, limits.max_bytes)
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


def _check_tree(root: yaml.Node, limits: Limits, source: str) -> None:
    """:func:`_check_graph` for a document without aliases (a tree): one plain walk."""
    count = 0
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    mapping, sequence = yaml.MappingNode, yaml.SequenceNode
    while stack:
        node, depth = stack.pop()
        count += 1
        kind = type(node)
        if kind is mapping or kind is sequence:
            _check_width(node, limits, source)
            if depth >= limits.max_depth and node.value:
                raise InputError.single(source, "", f"nesting deeper than {limits.max_depth} levels; refused",
                                        node.start_mark.line + 1)
            children = [n for pair in node.value for n in pair] if kind is mapping else node.value
            count += len(children)
            if count > limits.max_nodes:
                raise InputError.single(source, "", f"document expands to more than {limits.max_nodes:,} values "
                                        "(YAML aliases?); refused")
            stack.extend((c, depth + 1) for c in children if type(c) is mapping or type(c) is sequence)


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
            _check_width(current, limits, source)
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


def _width_error(width: int, is_map: bool, limits: Limits, source: str, line: int | None) -> InputError:
    what = f"a mapping with more than {limits.max_keys:,} keys" if is_map \
        else f"a list with more than {limits.max_width:,} items"
    return InputError.single(source, "", f"{what} ({width:,} or more); no field allows that many; refused", line)


def _check_width(node: yaml.Node, limits: Limits, source: str) -> None:
    if not isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        return
    bound = limits.width(isinstance(node, yaml.MappingNode))
    if bound is not None and len(node.value) > bound:
        raise _width_error(len(node.value), isinstance(node, yaml.MappingNode), limits, source,
                           node.start_mark.line + 1)


def _prescan(text: str, limits: Limits, source: str) -> None:
    """Depth, width and value-count limits on the parser's events, before anything is composed, so a
    huge or wide document is refused after reading only as much of it as it takes to see the breach."""
    stack: list[list[Any]] = []  # [is_mapping, children so far]
    count = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            kind = type(event)
            if kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.ScalarEvent, yaml.AliasEvent):
                count += 1
                if stack:
                    top = stack[-1]
                    top[1] += 1
                    items = top[1] // 2 if top[0] else top[1]
                    bound = limits.width(top[0])
                    if bound is not None and items > bound:
                        raise _width_error(items, top[0], limits, source, _line(event))
                if count > limits.max_nodes:
                    raise InputError.single(source, "", f"document has more than {limits.max_nodes:,} values; "
                                            "refused", _line(event))
                if kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
                    stack.append([kind is yaml.MappingStartEvent, 0])
                    if len(stack) > limits.max_depth:
                        raise InputError.single(source, "", f"nesting deeper than {limits.max_depth} levels; "
                                                "refused", _line(event))
            elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                stack.pop()
    except (yaml.YAMLError, RecursionError):
        return  # composing reports the syntax error with its usual message


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
        bound = limits.width(isinstance(current, dict))
        if bound is not None and len(current) > bound:
            raise _width_error(len(current), isinstance(current, dict), limits, source, None)
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
    if len(text) > PRESCAN_BYTES:
        _prescan(text, limits, source)
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
    if "*" in text:  # possibly an alias: count values after expansion
        _check_graph(node, limits, source)
    else:
        _check_tree(node, limits, source)
    remember_nodes(text, node)  # reused by line_index for this document's error messages
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

    Used only to decorate error messages, so failures return ``None`` instead of raising. The text is
    composed once and indexed (:func:`line_index`), so reporting many problems stays linear.

    >>> line_of("a: 1\\nb:\\n  - x\\n  - y: 2\\n", ("b", 1, "y"))
    4
    """
    index = line_index(text)
    steps = tuple(p if isinstance(p, int) else str(p) for p in path)
    for depth in range(len(steps), 0 if steps else -1, -1):  # the deepest prefix of the path that exists
        found = index.get(steps[:depth])
        if found is not None:
            return found
    return None


_NODES: dict[str, yaml.Node] = {}  # the last document composed, by its text


def remember_nodes(text: str, node: yaml.Node) -> None:
    """Keep the node graph of the last document composed, for :func:`line_index` (one entry only)."""
    _NODES.clear()
    _NODES[text] = node


def forget_nodes() -> None:
    """Drop the remembered graph and the line indexes (called when a load is done, so a large
    document's graph is not kept alive)."""
    _NODES.clear()
    line_index.cache_clear()


@functools.lru_cache(maxsize=4)
def line_index(text: str) -> dict[tuple[Any, ...], int]:
    """Every key and item path of a YAML document → its 1-based line; one compose, one walk.

    Cached for the last few texts (one document's problems are all looked up at once); the node graph
    :func:`parse_document` composed for the same text is reused.
    """
    root = _NODES.get(text)
    if root is None:
        try:
            root = yaml.compose(text, Loader=_Loader)
        except (yaml.YAMLError, RecursionError):
            return {}
    if root is None:
        return {}
    index: dict[tuple[Any, ...], int] = {(): root.start_mark.line + 1}
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, tuple[Any, ...]]] = [(root, ())]
    while stack:
        node, prefix = stack.pop()
        if id(node) in seen or len(prefix) > 64:  # aliases are indexed once; the depth limit applies anyway
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    here = (*prefix, str(key.value))
                    index.setdefault(here, key.start_mark.line + 1)
                    stack.append((value, here))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                here = (*prefix, i)
                index.setdefault(here, item.start_mark.line + 1)
                stack.append((item, here))
    return index


def cap_problems(problems: list[Problem] | tuple[Problem, ...], limit: int = MAX_PROBLEMS) -> tuple[Problem, ...]:
    """At most ``limit`` problems, and a last line counting the rest.

    >>> [p.message for p in cap_problems([Problem("a", "x")] * 3, 2)]
    ['x', 'x', '...and 1 more problem(s) not shown; fix these and run again']
    """
    if len(problems) <= limit:
        return tuple(problems)
    rest = len(problems) - limit
    return (*problems[:limit], Problem("", f"...and {rest:,} more problem(s) not shown; fix these and run again"))
