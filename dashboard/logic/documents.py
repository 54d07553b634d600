"""Requirements documents in and out of the dashboard: uploads, the examples folder, the YAML download."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from selector.errors import InputError
from selector.requirements.load import normalise_shorthand
from selector.yamlio import LIMITS, forget_nodes, parse_document

from dashboard.logic.validate import check

# Shown in the form before anything is loaded: one workload with only its required keys set.
STARTER: dict[str, Any] = {"name": "my-portfolio", "workloads": [
    {"name": "assistant", "task": "chat", "requests_per_month": 100_000},
]}


UNKNOWN_KEY = "unknown key"  # how the library's message for a key the schema does not have begins


@dataclass(frozen=True)
class Loaded:
    """A document read from a file, with what the form should say about it."""

    doc: dict[str, Any] | None
    problems: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()  # the problems that are unknown keys: the form has no field to keep them in

    @property
    def ok(self) -> bool:
        return self.doc is not None


def examples_dir() -> Path:
    """``examples/`` of a source checkout (the dashboard lists nothing when it is absent)."""
    return Path(__file__).resolve().parents[2] / "examples"


_EXPECT = re.compile(r"^#\s*Expect")  # "# Expect: ...", "# Expect ticket-summaries: ...", "# Expected exit code: 3"


def shows_text(text: str) -> str:
    r"""The whole ``# Shows:`` comment of an example file, continuation lines included.

    >>> shows_text("# Shows: a long\n# description: with a colon.\n# Expect a: {x: 1}\nname: a\n")
    'a long description: with a colon.'
    >>> shows_text("name: a\n")
    ''
    """
    parts: list[str] = []
    for line in text.splitlines():
        if parts and (not line.startswith("#") or _EXPECT.match(line)):
            break
        if line.startswith("# Shows:"):
            parts.append(line.removeprefix("# Shows:").strip())
        elif parts:
            parts.append(line.lstrip("#").strip())
    return " ".join(p for p in parts if p)


def list_examples(directory: Path | None = None) -> list[dict[str, str]]:
    """One entry per example file: ``value`` its file name, ``name`` its title, ``description`` its whole
    ``# Shows:`` comment and ``label`` the two together (what the picker searches)."""
    directory = directory or examples_dir()
    out = []
    for path in sorted(directory.glob("*.yaml")) if directory.is_dir() else ():
        shows = shows_text(path.read_text(encoding="utf-8"))
        title = path.stem.replace("-", " ")
        out.append({"label": f"{title} — {shows}" if shows else title, "value": path.name, "name": title,
                    "description": shows})
    return out


def read_document(text: str, source: str) -> Loaded:
    """Parse YAML/JSON text into a document for the form, listing every problem the library finds."""
    try:
        raw = parse_document(text, source)
    except InputError as exc:
        return Loaded(None, tuple(p.render(source) for p in exc.problems))
    if not isinstance(raw, dict) or not all(isinstance(k, str) for k in raw):
        return Loaded(None, (f"{source}: expected a mapping of keys (name, budget, workloads, ...)",))
    doc = normalise_shorthand(raw)
    if not isinstance(doc.get("workloads"), list):
        doc = {**doc, "workloads": []}
    try:
        problems = check(raw, source, text).problems
    finally:
        forget_nodes()  # the upload's node graph is not kept alive
    unknown = tuple(p.render(source) for p in problems if p.message.startswith(UNKNOWN_KEY))
    return Loaded(doc, tuple(p.render(source) for p in problems if not p.message.startswith(UNKNOWN_KEY)), unknown)


def load_example(name: str, directory: Path | None = None) -> Loaded:
    """One file of ``examples/`` by its file name (names from :func:`list_examples` only)."""
    directory = directory or examples_dir()
    valid = {o["value"] for o in list_examples(directory)}
    if name not in valid:
        return Loaded(None, (f"no example named {name!r}",))
    path = directory / name
    return read_document(path.read_text(encoding="utf-8"), name)


def decode_upload(contents: str | None, filename: str | None) -> Loaded:
    """``dcc.Upload`` contents (a data URL) → a document; size, encoding and YAML problems become messages."""
    source = Path(filename or "upload").name
    if not contents or "," not in contents:
        return Loaded(None, (f"{source}: empty upload",))
    data = contents.split(",", 1)[1]
    if len(data) * 3 // 4 > LIMITS.max_bytes:
        return Loaded(None, (f"{source}: file is larger than {LIMITS.max_bytes:,} bytes",))
    try:
        raw = base64.b64decode(data, validate=True)
        text = raw.decode("utf-8-sig")
    except (binascii.Error, ValueError):
        return Loaded(None, (f"{source}: not a UTF-8 text file; upload a YAML or JSON requirements file",))
    if "\x00" in text:
        return Loaded(None, (f"{source}: binary data; upload a YAML or JSON requirements file",))
    return read_document(text, source)


def to_yaml(doc: dict[str, Any]) -> str:
    """The document as ``req.yaml`` text (keys in the form's order, plain YAML, no Python tags)."""
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, default_flow_style=None, width=100)


def download_name(doc: dict[str, Any], suffix: str) -> str:
    """A safe file name from the requirements' name.

    >>> download_name({"name": "Customer ops / EU"}, ".yaml")
    'customer-ops-eu.yaml'
    >>> download_name({"name": "../../etc"}, ".pdf")
    'etc.pdf'
    """
    name = doc.get("name") if isinstance(doc, dict) else None
    slug = re.sub(r"[^a-z0-9]+", "-", str(name or "requirements").lower()).strip("-")[:60] or "requirements"
    return f"{slug}{suffix}"
