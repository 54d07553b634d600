"""The ``selector`` console script: switch Python's cyclic garbage collector off, then import and run the CLI.

A one-shot command allocates hundreds of thousands of objects while it imports typer, pydantic and numpy and
loads the catalog, and almost none of them are garbage in reference cycles (reference counting frees them);
the collector would walk the growing heap again and again for nothing (docs/benchmarks.md: 10-20 ms of
one workload over the litellm import, the same peak memory). This module imports nothing else first, so
the imports run without it too. The dashboard's long-running server turns it back on
(:mod:`selector.cli.dashboard_cmd`); :func:`selector.cli.app.main` freezes the heap at exit.

It also tells pydantic not to look for plugins (``PYDANTIC_DISABLE_PLUGINS``, unless the environment sets it
already): selector uses none, and the look is a scan of every installed package's entry points when the
first model class is built, about 6 ms of every command. Set ``PYDANTIC_DISABLE_PLUGINS=`` (empty) to have
pydantic load its plugins (logfire, for one) inside selector.
"""

from __future__ import annotations

import gc
import os


def main() -> None:
    gc.disable()
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from selector.cli.app import main as run

    run()
