"""An evaluation file uploaded beside the requirements (``recommend --evidence`` in the dashboard).

The validated evidence text travels with the submitted document under :data:`KEY`, so every view of the
result (results page, what-if, charts, report downloads) is solved with it; :func:`split` takes it off
again before the requirements are validated.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selector.errors import InputError
from selector.evaluate.evidence import Evidence, parse_evidence

KEY = "_evidence"  # never a requirements key (those are validated with extra="forbid")
MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class LoadedEvidence:
    text: str | None  # the evidence file's text when it is valid
    message: str  # what to show beside the upload button
    ok: bool


def decode_evidence(contents: str | None, filename: str | None) -> LoadedEvidence:
    """``dcc.Upload`` contents → a validated evidence file, or the problems as one message. Never raises."""
    source = Path(filename or "evidence.yaml").name
    if not contents or "," not in contents:
        return LoadedEvidence(None, f"{source}: empty upload", False)
    data = contents.split(",", 1)[1]
    if len(data) * 3 // 4 > MAX_BYTES:
        return LoadedEvidence(None, f"{source}: larger than {MAX_BYTES:,} bytes", False)
    try:
        text = base64.b64decode(data, validate=True).decode("utf-8-sig")
    except (binascii.Error, ValueError):
        return LoadedEvidence(None, f"{source}: not a UTF-8 text file; upload the evidence.yaml that "
                                    "selector evaluate --out wrote", False)
    try:
        ev = parse_evidence(text, source)
    except InputError as exc:
        return LoadedEvidence(None, str(exc), False)
    info = ev.doc.evaluation
    return LoadedEvidence(text, f"{source}: {len(ev.doc.measurements)} measurement(s) of {info.task} "
                                f"({info.metric}, {info.examples} examples, {info.date}); the next "
                                "recommendation uses them in place of the catalog prior", True)


def attach(doc: dict[str, Any], text: str | None) -> dict[str, Any]:
    """The submitted document with the evidence text beside it (unchanged when there is none)."""
    return {**doc, KEY: {"text": text}} if text else doc


def split(doc: Any) -> tuple[Any, Evidence | None]:
    """(the requirements document, the evidence it carries or ``None``)."""
    if not isinstance(doc, dict) or KEY not in doc:
        return doc, None
    rest = {k: v for k, v in doc.items() if k != KEY}
    carried = doc[KEY]
    text = carried.get("text") if isinstance(carried, dict) else None
    if not isinstance(text, str):
        return rest, None
    try:
        return rest, parse_evidence(text, "uploaded evidence")
    except InputError:
        return rest, None
