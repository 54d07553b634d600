"""Generate the CLI reference (``docs/cli.md``) from the ``--help`` of every command and sub-command.

``python -m selector.cli.docs`` rewrites the generated block of ``docs/cli.md``; a test fails when the
block and the CLI disagree, so the reference cannot drift from the code. The help is rendered the way
a user sees it, at a fixed width and without colour, so the output does not depend on the terminal.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

BEGIN = "<!-- BEGIN GENERATED: command help (python -m selector.cli.docs) -->"
END = "<!-- END GENERATED -->"
WIDTH = 80  # columns the help is rendered at: a classic terminal, and what fits the docs page
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_ENV = {"COLUMNS": str(WIDTH), "LINES": "50", "NO_COLOR": "1", "TERM": "dumb", "TERMINAL_WIDTH": str(WIDTH),
        "FORCE_COLOR": None, "PY_COLORS": None, "GITHUB_ACTIONS": None}


def commands(root: Any = None, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every visible command as (path of names below ``selector``, command), parents before children.

    >>> [" ".join(p) for p, _ in commands()][:2]
    ['', 'recommend']
    """
    if root is None:
        import typer

        from selector.cli.app import app

        root = typer.main.get_command(app)
    yield path, root
    for name, sub in getattr(root, "commands", {}).items():
        if not getattr(sub, "hidden", False):
            yield from commands(sub, (*path, name))


@contextlib.contextmanager
def _plain_rich() -> Iterator[None]:
    """Fix typer's rich console to WIDTH columns, no colour, not a terminal; restore afterwards."""
    try:
        from typer import rich_utils
    except ImportError:  # pragma: no cover - typer without rich prints click's plain help
        yield
        return
    names = ("MAX_WIDTH", "FORCE_TERMINAL", "COLOR_SYSTEM")
    saved = {k: getattr(rich_utils, k) for k in names if hasattr(rich_utils, k)}
    rich_utils.MAX_WIDTH, rich_utils.FORCE_TERMINAL, rich_utils.COLOR_SYSTEM = WIDTH, False, None
    try:
        yield
    finally:
        for k, v in saved.items():
            setattr(rich_utils, k, v)


def help_text(path: tuple[str, ...]) -> str:
    """The ``--help`` output of ``selector <path>``, without colour and trailing spaces."""
    from typer.testing import CliRunner

    from selector.cli.app import app

    with _plain_rich():
        result = CliRunner().invoke(app, [*path, "--help"], env=_ENV, color=False)
    if result.exit_code != 0:
        raise RuntimeError(f"`selector {' '.join(path)} --help` exited {result.exit_code}: {result.output}")
    lines = [_ANSI.sub("", line).rstrip() for line in result.output.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def reference_markdown() -> str:
    """One section per command: its name as a heading and its help in a text block.

    Sub-commands are one heading level below their group (``selector catalog import litellm`` is a
    level-4 heading).
    """
    out: list[str] = []
    for path, _ in commands():
        name = " ".join(("selector", *path))
        level = "#" * min(2 + max(len(path) - 1, 0), 4)
        out += [f"{level} `{name}`", "", "```text", help_text(path), "```", ""]
    return "\n".join(out).rstrip()


def render_block() -> str:
    return f"{BEGIN}\n{reference_markdown()}\n{END}"


def update(path: Path) -> None:
    """Rewrite the generated block of ``path`` in place."""
    text = path.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    path.write_text(text[:start] + render_block() + text[end:], encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    update(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "docs" / "cli.md")
