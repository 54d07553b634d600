"""The schema of the reference data files: re-exported from :mod:`selector.catalog.reference_models`."""

from __future__ import annotations

from selector.catalog.reference_models import (
    PROJECT_DEFAULT,
    CpuItem,
    Figure,
    FigureFile,
    GpuItem,
    Instance,
    StoreItem,
    TableFile,
    freeze,
)

__all__ = ["PROJECT_DEFAULT", "CpuItem", "Figure", "FigureFile", "GpuItem", "Instance", "StoreItem", "TableFile",
           "freeze"]
