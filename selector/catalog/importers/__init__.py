"""Importers: turn a public model catalog into profile files ``selector`` can load with ``--catalog``.

Each importer (:mod:`~selector.catalog.importers.litellm`, :mod:`~selector.catalog.importers.models_dev`)
maps one source's records to profile dicts and raises :class:`Skipped` for a record it cannot map.
This module holds what they share: checking each record against the profile schema (a failing record
is skipped and counted, never fatal), the plausibility bounds, and writing one YAML file per provider
plus a ``sources.yaml`` that names the source every figure cites.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from selector.catalog import import_marker
from selector.catalog.schema import profile_model
from selector.errors import InputError

Progress = Callable[[str], None]

# Plausibility bounds: a figure beyond these is a data error, and the record is skipped. They sit far
# above every published figure seen on 2026-11-26 (dearest: $600 per 1M output tokens, o1-pro; $0.60 per
# image; longest context: 10.5M tokens, Llama 4 Scout), so they only catch unit slips and typos.
MAX_USD_PER_1M_TOKENS = 10_000.0
MAX_USD_PER_IMAGE = 100.0
MAX_TOKENS = 100_000_000

GENERATED_MARK = import_marker.GENERATED_MARK

_Dumper: type[yaml.CSafeDumper] | type[yaml.SafeDumper]
try:  # libyaml's emitter, bundled in PyYAML wheels: ~10x faster than the pure-Python one
    _Dumper = yaml.CSafeDumper
except AttributeError:  # pragma: no cover
    _Dumper = yaml.SafeDumper


class Skipped(Exception):
    """A record that cannot become a profile; ``reason`` is the counted, human-readable cause."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote and what it left out (reason → count)."""

    profiles: int
    files: tuple[Path, ...]
    skipped: Mapping[str, int] = field(default_factory=dict)
    source_name: str = ""

    def summary(self) -> str:
        """The lines the CLI prints.

        >>> print(ImportResult(3, (Path("a.yaml"), Path("b.yaml")), {"mode 'rerank' has no catalog kind": 2}).summary())
        3 profiles written to 2 files
        skipped 2 records:
          2  mode 'rerank' has no catalog kind
        """
        lines = [f"{self.profiles:,} profiles written to {len(self.files):,} files"]
        total = sum(self.skipped.values())
        if total:
            lines.append(f"skipped {total:,} records:")
            width = len(f"{max(self.skipped.values()):,}")
            lines.extend(f"  {n:>{width},}  {reason}" for reason, n in
                         sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0])))
        return "\n".join(lines)


def per_1m(usd_per_token: Any, what: str) -> float | None:
    """USD per token → USD per 1M tokens, rounded to 10 significant digits (no float noise).

    >>> per_1m(2.5e-06, "x"), per_1m(1.75e-08, "x"), per_1m(None, "x")
    (2.5, 0.0175, None)
    """
    return number(usd_per_token, what, scale=1e6)


def number(value: Any, what: str, scale: float = 1.0) -> float | None:
    """A finite number times ``scale`` (10 significant digits), ``None`` for ``None``, else :class:`Skipped`.

    >>> number(3, "x"), number(None, "x")
    (3.0, None)
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or abs(value) == float("inf"):
        raise Skipped(f"{what} is not a finite number")
    return float(f"{value * scale:.10g}")


def token_count(value: Any, what: str) -> int | None:
    """A token limit as an int; 0 and missing mean 'not stated' (null).

    >>> token_count(128000, "x"), token_count(0, "x"), token_count(None, "x"), token_count(8191.0, "x")
    (128000, None, None, 8191)
    """
    if value is None or value == 0:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value \
            or abs(value) == float("inf") or value != int(value):
        raise Skipped(f"{what} is not a whole number")
    return int(value)


def check_plausible(record: Mapping[str, Any]) -> None:
    """Raise :class:`Skipped` for a figure beyond the plausibility bounds above."""
    for name in ("input_usd_per_1m_tokens", "output_usd_per_1m_tokens"):
        value = record.get(name)
        if value is not None and value > MAX_USD_PER_1M_TOKENS:
            raise Skipped(f"implausible {name} (> {MAX_USD_PER_1M_TOKENS:,.0f})")
    value = record.get("usd_per_image")
    if value is not None and value > MAX_USD_PER_IMAGE:
        raise Skipped(f"implausible usd_per_image (> {MAX_USD_PER_IMAGE:,.0f})")
    for name in ("context_window", "max_output_tokens"):
        value = record.get(name)
        if value is not None and value > MAX_TOKENS:
            raise Skipped(f"implausible {name} (> {MAX_TOKENS:,})")


MAX_TEXT = 300  # characters of an id, name or provider; longer is a data error


def check_text(record: Mapping[str, Any]) -> None:
    """Raise :class:`Skipped` for text that cannot be written or used: lone surrogates (invalid Unicode),
    control characters or an over-long value in an id, name or provider."""
    from selector.catalog.sanity import text_problem

    stack: list[Any] = [record]
    while stack:
        value = stack.pop()
        if isinstance(value, Mapping):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, (list, tuple)):
            stack.extend(value)
        elif isinstance(value, str) and any(0xD800 <= ord(c) <= 0xDFFF for c in value):
            raise Skipped("text with a lone surrogate (invalid Unicode)")
    for name in ("id", "name", "provider"):
        value = record.get(name)
        if isinstance(value, str):
            if len(value) > MAX_TEXT:
                raise Skipped(f"{name} longer than {MAX_TEXT} characters")
            why = text_problem(value)
            if why:
                raise Skipped(f"{name} {why}")


def check_schema(record: Mapping[str, Any], defaults: Mapping[str, Any]) -> None:
    """Validate a record (with its file's defaults) against the profile schema, or raise :class:`Skipped`.

    The reason names the first failing field and the rule (e.g. ``fails the schema:
    input_usd_per_1m_tokens: greater_than_equal``) so reasons group into useful counts.
    """
    check_plausible(record)
    check_text({**defaults, **record})
    try:
        profile_model().model_validate({**defaults, **record})
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"][:1]) or "record"
        raise Skipped(f"fails the schema: {loc}: {first['type']}") from None


def date_or_skip(value: Any, what: str) -> dt.date | None:
    """``YYYY-MM-DD`` (or a date) → date; ``YYYY-MM`` → the 1st of that month; else :class:`Skipped`.

    >>> date_or_skip("2024-05-13", "x"), date_or_skip("2024-05", "x"), date_or_skip(None, "x")
    (datetime.date(2024, 5, 13), datetime.date(2024, 5, 1), None)
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return dt.date.fromisoformat(text + "-01")
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Skipped(f"invalid {what} (not YYYY-MM-DD)") from None


def check_out_dir(out: Path, force: bool) -> None:
    """Refuse a file, or a non-empty directory without ``force`` (checked before any slow work)."""
    if out.exists() and not out.is_dir():
        raise InputError.single(str(out), "--out", "exists and is not a directory")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise InputError.single(str(out), "--out", "directory is not empty; choose a new directory or pass "
                                "--force to replace the files an earlier import wrote there")


def prepare_out_dir(out: Path, force: bool) -> None:
    """Check ``out`` again and create its parent; nothing in ``out`` is touched until the new catalog is
    complete (:func:`write_catalog` swaps it in)."""
    check_out_dir(out, force)
    try:
        out.absolute().parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError.single(str(out), "--out", f"cannot create directory ({exc.strerror})") from None


def _is_generated(path: Path) -> bool:
    return import_marker.is_generated(path)


def file_stem(provider: str) -> str:
    """A safe file name for a provider (``vertex_ai-language-models`` stays readable).

    >>> file_stem("Vertex AI/../x"), file_stem("bedrock_converse")
    ('vertex-ai-..-x', 'bedrock_converse')
    """
    stem = re.sub(r"[^a-z0-9._-]+", "-", provider.lower()).strip("-.")
    if len(stem) > 100:  # file names are limited to 255 bytes: keep them short and still distinct
        digest = hashlib.sha256(provider.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        stem = stem[:80].rstrip("-.") + "-" + digest
    return stem or "unknown"


def write_catalog(
    out: Path,
    by_provider: Mapping[str, list[dict[str, Any]]],
    *,
    command: str,
    source_name: str,
    source: Mapping[str, Any],
    describe: Callable[[str], str],
    defaults: Mapping[str, Any],
    today: dt.date,
) -> tuple[Path, ...]:
    """Write ``sources.yaml`` and one ``<provider>.yaml`` per provider; return the model files written."""
    header = f"{GENERATED_MARK} {command}` on {today.isoformat()}. Re-run the import to refresh it.\n"
    paths: dict[str, Path] = {}
    for provider in sorted(by_provider):
        stem = file_stem(provider)
        while stem in {p.stem for p in paths.values()} or stem == "sources":  # names differing only in punctuation
            stem += "_"
        paths[provider] = out / f"{stem}.yaml"
    kept = _kept_entries(out)
    clashes = [p.name for p in (out / "sources.yaml", *paths.values()) if p.name in kept]
    if clashes:  # not written by an import, so not ours to replace
        raise InputError.single(str(out), "--out", f"{', '.join(clashes[:5])} exist(s) and were not written by an "
                                "import; move them away or choose another directory")
    parent = out.absolute().parent
    for stale in [*parent.glob(f".{out.name}.importing-*"), *parent.glob(f".{out.name}.previous-*")]:
        shutil.rmtree(stale, ignore_errors=True)  # left by an import that was killed
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.importing-", dir=out.absolute().parent))
    current = staging / "sources.yaml"
    try:
        sizes = {"sources.yaml": _dump(current, {source_name: dict(source)}, header, flow=False)}
        for provider, path in paths.items():
            doc = {"provider": provider, "description": describe(provider), "defaults": dict(defaults),
                   "models": by_provider[provider]}
            current = staging / path.name
            sizes[path.name] = _dump(current, doc, header + "# Field meanings: catalog/schema/profile.yaml.\n")
        for name in kept:  # the user's own files stay where they were
            current = staging / name
            _carry(out / name, current)
        current = staging / import_marker.MARKER
        marker = import_marker.marker_doc(command, sizes)
        _write_synced(current, (json.dumps(marker, indent=1) + "\n").encode("utf-8"))
        _fsync_dir(staging)
        current = out
        _swap_in(staging, out)
    except OSError as exc:  # a full disk, a read-only directory: the previous catalog is untouched
        shutil.rmtree(staging, ignore_errors=True)
        raise InputError.single(str(current), "--out", f"cannot write the catalog ({exc.strerror or exc}); "
                                f"{out} is unchanged") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return tuple(paths.values())


def _kept_entries(out: Path) -> list[str]:
    """The entries of an existing ``out`` an import did not write (carried over unchanged)."""
    if not out.is_dir():
        return []
    return sorted(p.name for p in out.iterdir()
                  if p.name != import_marker.MARKER and not (p.suffix == ".yaml" and _is_generated(p)))


def _carry(src: Path, dst: Path) -> None:
    """A user's file or directory into the staging directory: a hard link where possible, else a copy."""
    if src.is_symlink():
        os.symlink(os.readlink(src), dst)
    elif src.is_dir():
        shutil.copytree(src, dst, symlinks=True, copy_function=_link_or_copy)
    else:
        _link_or_copy(str(src), str(dst))


def _link_or_copy(src: str, dst: str) -> str:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)
    return dst


def _write_synced(path: Path, data: bytes) -> int:
    with open(path, "xb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return len(data)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


_RENAME_EXCHANGE = 2  # linux/fs.h


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``); False if unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd = -100
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the filesystem or kernel cannot
        return False
    raise OSError(errno, os.strerror(errno), str(b))


def _swap_in(staging: Path, out: Path) -> None:
    """Make the complete staging directory ``out``. A new ``out`` is one rename; an existing one is
    exchanged atomically where the kernel can (else two renames a moment apart), then removed."""
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now the previous catalog
        return
    old = staging.with_name(staging.name.replace(".importing-", ".previous-"))
    os.rename(out, old)
    os.rename(staging, out)
    shutil.rmtree(old, ignore_errors=True)


def _dump(path: Path, doc: Any, header: str, flow: bool | None = None) -> int:
    """YAML with leaf lists and mappings inline (``flow=None``), or all in block style (``flow=False``);
    returns the bytes written."""
    text = yaml.dump(doc, Dumper=_Dumper, sort_keys=False, default_flow_style=flow, allow_unicode=True,
                     width=120)
    return _write_synced(path, (header + text).encode("utf-8"))


def group_records(records: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """(provider, record) pairs → provider → records, in input order."""
    out: dict[str, list[dict[str, Any]]] = {}
    for provider, record in records:
        out.setdefault(provider, []).append(record)
    return out


def wheel_version(zf: zipfile.ZipFile, path: Path, dist: str) -> str | None:
    """A wheel's version: the ``Version:`` of its ``<dist>-*.dist-info/METADATA``, else its file name's."""
    for name in zf.namelist():
        if name.startswith(f"{dist}-") and name.endswith(".dist-info/METADATA"):
            version = metadata_version(zf.read(name).decode("utf-8", "replace"))
            if version:
                return version
    parts = path.name.split("-")  # <dist>-<version>-<python>-<abi>-<platform>.whl
    return parts[1] if len(parts) >= 3 and parts[0] == dist else None


def metadata_version(text: str) -> str | None:
    """The ``Version:`` header of a dist-info METADATA file.

    >>> metadata_version("Metadata-Version: 2.1\\nName: litellm\\nVersion: 1.110.2\\n\\nbody")
    '1.110.2'
    """
    for line in text.splitlines():
        if not line.strip():
            return None
        if line.startswith("Version:"):
            return line.split(":", 1)[1].strip() or None
    return None


def installed_version(path: Path, package: str, dist: str) -> str | None:
    """The version of ``dist`` when ``path`` is a file inside its installed ``package`` directory."""
    if path.parent.name != package:
        return None
    for found in importlib.metadata.distributions(name=dist, path=[str(path.parent.parent)]):
        return found.version
    return None
