"""The optional metric packages: imported when a metric needs them, named when they are missing."""

from __future__ import annotations

import importlib
from types import ModuleType

EXTRA = "evaluate"
INSTALL = "pip install 'selector[evaluate]'  (in a source checkout: make venv, or pip install -e '.[evaluate]')"


class MissingPackage(RuntimeError):
    """A metric's package is not installed: the CLI prints how to install it and exits 1."""

    def __init__(self, package: str, metric: str, install: str = INSTALL) -> None:
        super().__init__(f"the {metric} metric needs the package {package!r}, which is not installed; "
                         f"install the {EXTRA!r} extra: {install}")
        self.package = package


def need(module: str, package: str, metric: str, install: str = INSTALL) -> ModuleType:
    """Import ``module`` or raise :class:`MissingPackage` naming the pip package and the extra."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingPackage(package, metric, install) from None
