"""Where the shipped catalog lives: ``catalog/`` in a source tree, ``selector/_catalog`` in a wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def shipped_catalog_dir() -> Path:
    """The catalog directory installed with the package (wheel) or beside it (source tree)."""
    here = Path(__file__).resolve().parent.parent  # selector/
    for candidate in (here / "_catalog", here.parent / "catalog"):
        if (candidate / "schema" / "profile.yaml").is_file():
            return candidate
    raise FileNotFoundError(  # pragma: no cover - a broken install
        f"the shipped catalog is missing (looked in {here / '_catalog'} and {here.parent / 'catalog'})"
    )


@cache
def reference_dir() -> Path:
    return shipped_catalog_dir() / "reference"
