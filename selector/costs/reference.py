"""The cost models' view of the reference data: re-exported from :mod:`selector.catalog.reference`.

The reference tables are loaded and validated in one place, ``selector/catalog/reference.py`` (models
in ``selector/catalog/reference_models.py``); cost kernels receive the loaded :class:`Reference` and
read figures with ``ref.number("<file>.<name>")`` or the typed tables (``ref.training.mfu``).
"""

from __future__ import annotations

from selector.catalog.reference import REQUIRED, CpuInstance, Gpu, Reference, VectorStore, load_reference

__all__ = ["REQUIRED", "CpuInstance", "Gpu", "Reference", "VectorStore", "load_reference"]
