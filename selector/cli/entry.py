"""The ``selector`` console script: switch Python's cyclic garbage collector off, then import and run the CLI.

A one-shot command allocates hundreds of thousands of objects while it imports typer, pydantic and numpy and
loads the catalog, and almost none of them are garbage in reference cycles (reference counting frees them);
the collector would walk the growing heap again and again for nothing (docs/benchmarks.md: 10-20 ms of
one workload over the litellm import, the same peak memory). This module imports nothing else first, so
the imports run without it too. The dashboard's long-running server turns it back on
(:mod:`selector.cli.dashboard_cmd`); :func:`selector.cli.app.main` freezes the heap at exit.
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()
    from selector.cli.app import main as run

    run()
