"""selector: choose the AI model and the customization strategy for each workload.

The library flows one way::

    requirements ─┐
    catalog ──────┴─► options ─► costs ─► scoring ─► optimise ─► Recommendation

The CLI (:mod:`selector.cli`) and the dashboard (``dashboard/``) are thin shells over it.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("selector")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+source"

__all__ = ["__version__"]
