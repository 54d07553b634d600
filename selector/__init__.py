"""selector: choose the AI model and the customization strategy for each workload.

The library flows one way::

    requirements ─┐
    catalog ──────┴─► options ─► costs ─► scoring ─► optimise ─► Recommendation

The CLI (:mod:`selector.cli`) and the dashboard (``dashboard/``) are thin shells over it.
"""



def _installed_version() -> str:
    """The installed distribution's version: ``Version:`` of the first ``selector-*.dist-info/METADATA`` on
    ``sys.path`` (what ``importlib.metadata.version`` finds, read without importing it and its e-mail parser,
    about 0.1 s of every command's start); anything unusual is left to ``importlib.metadata``."""
    import os
    import sys

    for entry in sys.path:
        try:
            names = sorted(n for n in os.listdir(entry or ".") if n.startswith("selector-")
                           and n.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
        if len(names) == 1 and names[0].endswith(".dist-info"):
            try:
                with open(os.path.join(entry or ".", names[0], "METADATA"), encoding="utf-8") as handle:
                    head = [next(handle, "") for _ in range(3)]
            except OSError:
                break
            if head[1].strip() == "Name: selector" and head[2].startswith("Version: "):
                return head[2][len("Version: "):].strip()
        if names:
            break
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("selector")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
        return "0.0.0+source"


__version__ = _installed_version()

__all__ = ["__version__"]
