"""The ``selector`` console script: switch Python's cyclic garbage collector off, then import and run the CLI.

A one-shot command allocates hundreds of thousands of objects while it imports typer, pydantic and numpy and
loads the catalog, and almost none of them are garbage in reference cycles (reference counting frees them);
the collector would walk the growing heap again and again for nothing (docs/benchmarks.md: 10-20 ms of
one workload over the litellm import, the same peak memory). This module imports nothing else first, so
the imports run without it too. The dashboard's long-running server turns it back on
(:mod:`selector.cli.dashboard_cmd`); :func:`selector.cli.app.main` freezes the heap at exit, and where nothing
else would run at exit the process ends without the interpreter's teardown (:func:`_leave`).

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

    try:
        run()
    except SystemExit as exc:
        _leave(exc.code)
        raise
    _leave(0)


def _leave(code: object) -> None:
    """End the process now, once its output is flushed, when nothing else would run at exit: no ``atexit``
    callback registered (logging, temporary directories, coverage and browser-driving libraries register
    one), no other thread, an integer exit code. What it spares is the interpreter's teardown, which frees every
    object the command built one by one (about 20 ms of a recommendation over the litellm import:
    docs/benchmarks.md). Otherwise, or if flushing fails (a closed pipe), the exit takes its usual course."""
    import atexit
    import sys
    import threading

    pending = getattr(atexit, "_ncallbacks", None)
    if pending is None or pending() or threading.active_count() != 1:
        return
    if not (code is None or (isinstance(code, int) and not isinstance(code, bool))):
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(code or 0)
