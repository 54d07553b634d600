"""``selector catalog refresh``: bring curated prices, batch and cache prices and retirement dates up to the
maintained maps (selector/catalog/maintained.py), offline, keeping each figure's history.

The plan (:func:`plan_refresh`) is pure: for each profile and field, the new figure is litellm's, else
genai-prices' (a retirement date only from litellm). A figure is left alone, and the output says why, when

- it equals the map's (within 0.5%: rounding), or it is absent and the map's is 0 or means nothing for the
  profile's kind (an embedding's output price),
- it is listed in ``maintained/exceptions.yaml`` (a reasoned difference),
- the two maps disagree by more than 5% on it and no exceptions row says which one not to follow, or
- its source group cites a page that is not a maintained map and is dated (``as_of``, else ``retrieved``)
  after the map (litellm: its build date; genai-prices: the day its price came into force), or the map is
  undated: a vendor page newer than the map wins.

:func:`apply_refresh` edits the model files in place, value by value (the rest of each file, comments and
layout included, is kept), re-cites the figure group to the map (the earlier source is kept in the note),
checks the edited catalog loads, and writes each file and ``maintained/history.yaml`` (one row per change:
date, profile, field, old, new, source, file) through a temporary file and ``os.replace``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from selector.catalog.load import Catalog, load_catalog
from selector.catalog.maintained import (
    DATE_FIELDS,
    FIELDS,
    TOLERANCE,
    Exception_,
    MapFigures,
    Maps,
    entries_for,
    read_exceptions,
    relative_difference,
)
from selector.errors import InputError
from selector.yamlio import CATALOG_LIMITS, parse_document, read_text

HISTORY_FILE = Path("maintained") / "history.yaml"
MAP_URL_PREFIXES = ("litellm==", "genai-prices==")
SAME = 0.005  # closer than half a percent is rounding (a curated 0.5333 for 0.533333), not a change
# Figures a map gives that mean nothing for a kind (litellm prices an embedding's output tokens at 0).
NOT_FOR_KIND = {"llm": {"usd_per_image"},
                "embedding": {"output_usd_per_1m_tokens", "cache_read_usd_per_1m_tokens",
                              "cache_write_usd_per_1m_tokens", "usd_per_image"},
                "image": {"input_usd_per_1m_tokens", "output_usd_per_1m_tokens", "batch_discount",
                          "cache_read_usd_per_1m_tokens", "cache_write_usd_per_1m_tokens"}}


@dataclass(frozen=True)
class Change:
    profile: str
    field: str
    old: float | dt.date | None
    new: float | dt.date
    map: MapFigures
    file: str

    def render(self) -> str:
        old = "none" if self.old is None else self.old
        return f"{self.profile}: {self.field} {old} -> {self.new} ({self.map.label}, {self.map.entry})"


@dataclass(frozen=True)
class Kept:
    profile: str
    field: str
    old: float | dt.date | None
    new: float | dt.date
    map: MapFigures
    why: str

    def render(self) -> str:
        return f"{self.profile}: {self.field} kept at {self.old} ({self.map.label} says {self.new}): {self.why}"


@dataclass(frozen=True)
class Plan:
    changes: tuple[Change, ...]
    kept: tuple[Kept, ...]
    profiles: int  # profiles with at least one map entry


def _group(field: str) -> str:
    return "dates" if field in DATE_FIELDS else "prices"


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, dt.date) or isinstance(new, dt.date):
        return bool(old == new)
    return isinstance(old, int | float) and relative_difference(float(old), float(new)) <= SAME


def _is_map(source: Any) -> bool:
    url = getattr(source, "url", None)
    return isinstance(url, str) and url.startswith(MAP_URL_PREFIXES)


def plan_refresh(catalog: Catalog, maps: Maps, exceptions: Mapping[tuple[str, str, str], Exception_],
                 today: dt.date | None = None) -> Plan:
    """What a refresh would change and what it keeps, with the reason (pure)."""
    changes: list[Change] = []
    kept: list[Kept] = []
    profiles = 0
    for profile in catalog:
        figures = entries_for(profile, maps, today)
        if not figures:
            continue
        profiles += 1
        for field in FIELDS:
            chosen = next((f for f in figures if f.value(field) is not None), None)
            if chosen is None or (field in DATE_FIELDS and chosen.source != "litellm"):
                continue
            new = chosen.value(field)
            assert new is not None
            if field in INT_FIELDS and isinstance(new, float):
                new = int(new)
            old = getattr(profile, field, None)
            if old is None and (new == 0 or field in NOT_FOR_KIND.get(profile.kind, ())):
                continue
            if old is not None and _same(old, new):
                continue
            other = next((f for f in figures if f is not chosen and isinstance(f.value(field), float)), None)
            second = other.value(field) if other is not None else None
            if isinstance(new, float) and isinstance(second, float) and other is not None \
                    and (profile.id, field, other.source) not in exceptions \
                    and relative_difference(new, second) > TOLERANCE:
                kept.append(Kept(profile.id, field, old, new, chosen,
                                 f"the maps disagree ({other.label} {other.entry}: {second}); add a row "
                                 f"for the one not followed to maintained/exceptions.yaml, with the reason"))
                continue
            row = exceptions.get((profile.id, field, chosen.source))
            if row is not None:
                kept.append(Kept(profile.id, field, old, new, chosen,
                                 f"listed in maintained/exceptions.yaml: {row.reason}"))
                continue
            source: Any = catalog.source_of(profile, _group(field))
            if old is not None and source is not None and not _is_map(source):
                dated = source.as_of or source.retrieved
                if chosen.as_of is None or (dated is not None and dated > chosen.as_of):
                    map_date = f"dated {chosen.as_of}" if chosen.as_of else "undated"
                    kept.append(Kept(profile.id, field, old, new, chosen,
                                     f"its source {source.title!r} (dated {dated}) is not a maintained "
                                     f"map and is newer than {chosen.label} ({map_date})"))
                    continue
            changes.append(Change(profile.id, field, old, new, chosen, catalog.origin.get(profile.id, "")))
    return Plan(tuple(changes), tuple(kept), profiles)


# --- editing the YAML files value by value ---------------------------------------------------------


INT_FIELDS = frozenset({"long_context_threshold_tokens"})  # a token count: written as a whole number


def _scalar(value: float | dt.date) -> str:
    if isinstance(value, dt.date):
        return f"'{value.isoformat()}'"
    if isinstance(value, int):
        return str(value)
    return str(yaml.safe_dump(round(float(value), 9), default_flow_style=True)).split("\n")[0]


def _end(node: yaml.Node) -> int:
    """Where a value's text ends: a scalar's or a flow collection's own end; a block collection's last value's."""
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.value and not node.flow_style:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return int(node.end_mark.index)


def _find(mapping: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    for k, v in mapping.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k, v
    return None


def _plain(node: yaml.Node) -> dict[str, Any]:
    """A mapping node as plain data (dates kept as ISO text, as the model files write them)."""
    value = _iso(yaml.SafeLoader("").construct_object(node, deep=True))
    return value if isinstance(value, dict) else {}


def _iso(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso(v) for v in value]
    return value


def _line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end < 0 else end


def _block(data: Mapping[str, Any], indent: int) -> str:
    dumped = yaml.safe_dump(dict(data), default_flow_style=False, sort_keys=False, allow_unicode=True, width=110)
    return "\n".join(" " * indent + line for line in dumped.rstrip("\n").split("\n"))


def edit_text(text: str, source: str, values: Mapping[str, Mapping[str, float | dt.date]],
              cites: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> str:
    """``text`` with each profile's fields set (``values``: id -> field -> value) and its source groups
    replaced (``cites``: id -> group -> source mapping); everything else is left as it was."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    found = _find(root, "models") if isinstance(root, yaml.MappingNode) else None
    items = found[1] if found else root
    if not isinstance(items, yaml.SequenceNode):
        raise InputError.single(source, "models", "expected a list of profiles to refresh")
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement)
    defaults = _find(root, "defaults") if isinstance(root, yaml.MappingNode) else None
    found_defaults = _find(defaults[1], "sources") if defaults and isinstance(defaults[1], yaml.MappingNode) else None
    default_sources = _plain(found_defaults[1]) if found_defaults else {}
    for item in items.value:
        ident = _find(item, "id") if isinstance(item, yaml.MappingNode) else None
        if ident is None or not isinstance(item, yaml.MappingNode):
            continue
        pid = ident[1].value
        column = ident[0].start_mark.column
        if item.flow_style and (values.get(pid) or cites.get(pid)):  # `- {id: ..., ...}`: rewritten whole, as a block
            data = _plain(item)
            data.update({k: _iso(v) for k, v in (values.get(pid) or {}).items()})
            if cites.get(pid):  # a profile's own sources replace the defaults' whole (the merge is shallow)
                data["sources"] = {**(data.get("sources") or default_sources), **(cites.get(pid) or {})}
            at = item.start_mark.column
            edits.append((item.start_mark.index, item.end_mark.index, _block(data, at)[at:]))
            continue
        after_item = _line_end(text, _end(item))
        inserts: list[str] = []
        for field, value in (values.get(pid) or {}).items():
            pair = _find(item, field)
            if pair is not None:
                edits.append((pair[1].start_mark.index, pair[1].end_mark.index, _scalar(value)))
            else:
                inserts.append(f"\n{' ' * column}{field}: {_scalar(value)}")
        groups = cites.get(pid) or {}
        sources = _find(item, "sources") if groups else None
        if groups and (sources is None or not isinstance(sources[1], yaml.MappingNode) or sources[1].flow_style):
            # no block mapping to edit in place: write the profile's whole sources mapping as a block (its own
            # groups, or the file defaults' where it has none: a profile's own sources replace the defaults' whole)
            merged = {**(_plain(sources[1]) if sources else default_sources), **groups}
            if sources is None:
                inserts.append(f"\n{' ' * column}sources:\n" + _block(merged, column + 2))
            else:
                edits.append((sources[0].end_mark.index, _end(sources[1]), ":\n" + _block(merged, column + 2)))
        elif groups and sources is not None and isinstance(sources[1], yaml.MappingNode):
            mapping = sources[1]
            inner = mapping.value[0][0].start_mark.column if mapping.value else column + 2
            for group, cite in groups.items():
                pair = _find(mapping, group)
                if pair is not None:
                    edits.append((pair[0].end_mark.index, _end(pair[1]), ":\n" + _block(cite, inner + 2)))
                else:
                    at = _line_end(text, _end(mapping))
                    edits.append((at, at, f"\n{' ' * inner}{group}:\n" + _block(cite, inner + 2)))
        if inserts:
            edits.append((after_item, after_item, "".join(inserts)))
    out = text
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        out = out[:start] + new + out[end:]
    return out


def _cite(profile: Any, group: str, changes: Sequence[Change], catalog: Catalog, today: dt.date) -> dict[str, Any]:
    """The new source of a figure group: the map of its changes, with the earlier source in the note."""
    earlier: Any = catalog.source_of(profile, group)
    first = next((c.map for c in changes if c.map.source == "litellm"), changes[0].map)
    if earlier is not None and _is_map(earlier) and first.source != "litellm":
        # the group cites a map already and only the other map adds figures: keep the citation, name them
        fields = ", ".join(f"{c.field} from {c.map.citation}" for c in changes)
        note = (f"Refreshed by `selector catalog refresh` on {today.isoformat()}: {fields} (history: "
                f"maintained/history.yaml); the group's other figures are from {earlier.url}."
                + (f" {earlier.note}" if earlier.note else ""))
        return {"title": earlier.title, "url": earlier.url, "retrieved": today.isoformat(), "note": note}
    fields = ", ".join(c.field for c in changes)
    others = sorted({f"{c.field} from {c.map.citation}" for c in changes if c.map.citation != first.citation})
    note = f"Refreshed by `selector catalog refresh` on {today.isoformat()}: {fields} from the map"
    if others:
        note += f" ({'; '.join(others)})"
    note += " (history: maintained/history.yaml)."
    if earlier is not None and earlier.url == first.citation:
        note += f" {earlier.note}" if earlier.note else ""
    elif earlier is not None:
        was = earlier.as_of or earlier.retrieved
        note += (f" The group's other figures are from the earlier source: {earlier.title} <{earlier.url or '-'}>, "
                 f"dated {was}." + (f" {earlier.note}" if earlier.note else ""))
    return {"title": f"{first.label} map, entry {first.entry}", "url": first.citation,
            "retrieved": today.isoformat(), "note": note}


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _history_rows(plan: Plan, directory: Path, today: dt.date) -> list[dict[str, Any]]:
    rows = []
    for c in plan.changes:
        rows.append({"date": today.isoformat(), "profile": c.profile, "field": c.field,
                     "old": c.old.isoformat() if isinstance(c.old, dt.date) else c.old,
                     "new": c.new.isoformat() if isinstance(c.new, dt.date) else c.new,
                     "source": c.map.citation, "file": os.path.relpath(c.file, directory)})
    return rows


def apply_refresh(directory: Path, catalog: Catalog, plan: Plan, today: dt.date | None = None) -> list[Path]:
    """Write the plan's changes into the catalog directory and append them to its history; the files written."""
    today = today or dt.date.today()
    if not plan.changes:
        return []
    by_file: dict[str, list[Change]] = {}
    for change in plan.changes:
        by_file.setdefault(change.file, []).append(change)
    new_texts: dict[Path, str] = {}
    for file, changes in by_file.items():
        path = Path(file)
        values: dict[str, dict[str, float | dt.date]] = {}
        per_group: dict[str, dict[str, list[Change]]] = {}
        for c in changes:
            values.setdefault(c.profile, {})[c.field] = c.new
            per_group.setdefault(c.profile, {}).setdefault(_group(c.field), []).append(c)
        cites = {pid: {g: _cite(catalog.get(pid), g, cs, catalog, today) for g, cs in groups.items()}
                 for pid, groups in per_group.items()}
        new_texts[path] = edit_text(read_text(path, CATALOG_LIMITS), str(path), values, cites)
    _check_loads(directory, new_texts, plan)
    history = directory / HISTORY_FILE
    old_rows: list[Any] = []
    if history.is_file():
        old_rows = parse_document(read_text(history), str(history)) or []
        if not isinstance(old_rows, list):
            raise InputError.single(str(history), "", "expected a list of changes (date, profile, field, old, new, "
                                    "source, file)")
    rows = old_rows + _history_rows(plan, directory, today)
    header = ("# Changes `selector catalog refresh` made to this catalog, oldest first: one row per figure\n"
              "# (date, profile, field, old, new, source = the maintained map and entry, file).\n")
    for path, text in new_texts.items():
        _atomic_write(path, text)
    history.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(history, header + yaml.safe_dump(rows, sort_keys=False, allow_unicode=True, width=110))
    return [*new_texts, history]


def _check_loads(directory: Path, new_texts: Mapping[Path, str], plan: Plan) -> None:
    """The edited catalog must load and carry the new figures; otherwise nothing is written."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "catalog"
        shutil.copytree(directory, copy, ignore=shutil.ignore_patterns("reference", ".*"))
        for path, text in new_texts.items():
            (copy / path.resolve().relative_to(directory.resolve())).write_text(text, encoding="utf-8")
        edited = load_catalog([copy], include_shipped=False, reference=_reference(directory))
        for c in plan.changes:
            profile = edited.get(c.profile)
            if profile is None or not _same(getattr(profile, c.field, None), c.new):
                raise RuntimeError(f"refresh edit of {c.profile}.{c.field} in {c.file} did not take; nothing written")


def _reference(directory: Path) -> Path | None:
    ref = directory / "reference"
    return ref if ref.is_dir() else None


def refresh(directory: Path, maps: Maps, *, dry_run: bool = False,
            today: dt.date | None = None) -> tuple[Plan, list[Path]]:
    """Plan a refresh of the catalog in ``directory`` and, unless ``dry_run``, apply it."""
    today = today or dt.date.today()
    if not directory.is_dir():
        raise InputError.single(str(directory), "--catalog-dir", "catalog directory not found")
    catalog = load_catalog([directory], include_shipped=False)
    plan = plan_refresh(catalog, maps, read_exceptions(directory), today)
    written = [] if dry_run else apply_refresh(directory, catalog, plan, today)
    return plan, written
