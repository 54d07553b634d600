"""What ``catalog_sha256`` covers: every data file that shaped an answer.

The digest runs over, in order: the profile schema (``schema/profile.yaml``); for each catalog
directory (the shipped one first, then each ``--catalog``), its ``sources`` file and every model
file; then each reference table (``reference/*.yaml``) the answer was computed with. Each entry is
labelled by its kind and its place, so moving a figure from one file to another changes the hash too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

SCHEMA_FILE = Path("schema") / "profile.yaml"


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes (hex)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def entries_sha256(entries: Iterable[tuple[str, str]]) -> str:
    """One digest over labelled file digests ``(label, sha256 hex)``, in the order given.

    >>> a = entries_sha256([("schema", "00"), ("models/0", "11")])
    >>> a == entries_sha256([("schema", "00"), ("models/0", "12")]), len(a)
    (False, 64)
    """
    digest = hashlib.sha256()
    for label, sha in entries:
        digest.update(f"{label}\0{sha}\n".encode())
    return digest.hexdigest()


def models_sha256(model_digests: Iterable[bytes]) -> str:
    """The digest of the model files alone (what ``quality_calibration.yaml`` records it was fitted on)."""
    digest = hashlib.sha256()
    for d in model_digests:
        digest.update(d)
    return digest.hexdigest()
