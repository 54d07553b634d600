"""The ``--help`` screens say what to type: flags show no ``<bool>`` type (there is no value to give).

typer (0.29) labels every flag, ``--help`` included, with ``<bool>``, which reads as if the flag took
``True``/``False``. This hook, installed once by ``selector.cli.app``, shows no type for flags and keeps
every other type label (``<path>``, ``<int>``, choices, ``DIR``) as typer renders it.
"""

from __future__ import annotations

from typing import Any

_INSTALLED = False


def install() -> None:
    """Show no type label for flag options in the help (idempotent)."""
    global _INSTALLED
    if _INSTALLED:
        return
    from typer.core import TyperOption

    original = TyperOption.display_type_rich

    def display_type_rich(self: TyperOption, ctx: Any) -> str | None:
        if getattr(self, "is_flag", False) and self.metavar is None:
            return None
        return original(self, ctx)

    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]
    _INSTALLED = True
