"""Keep the Markdown pages readable as plain Markdown and true to the code.

Two kinds of block are kept in sync (``python -m selector.cli.docs_sync`` rewrites them; tests fail when
they drift):

* a **file block**: a fenced block whose info string names a repository file,
  ```` ```yaml title="examples/support-faq-rag.yaml" ````, holds that file's text, copied (so GitHub
  and any Markdown viewer show it; no include markers);
* an **output block**: a fenced ``text`` block right after ``<!-- output of: selector ARGS -->`` holds
  what ``selector ARGS`` prints (stderr, then stdout), run from the repository root.
"""

from __future__ import annotations

import re
import shlex
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_FILE_BLOCK = re.compile(r'^(?P<fence>```+)(?P<lang>[\w-]*) title="(?P<path>[^"]+)"\n(?P<body>.*?)^(?P=fence)[ \t]*$',
                         re.M | re.S)
_OUTPUT_BLOCK = re.compile(r"^<!-- output of: selector (?P<args>[^\n]*?) -->\n(?P<fence>```+)text\n(?P<body>.*?)"
                           r"^(?P=fence)[ \t]*$", re.M | re.S)


@dataclass(frozen=True)
class Block:
    """One synced block: what it names (a path or the command's arguments), the text shown, where."""

    source: str
    shown: str
    start: int
    end: int


def file_blocks(text: str) -> Iterator[Block]:
    """The file blocks of ``text`` whose title is a file of the repository.

    >>> [b.source for b in file_blocks('```yaml title="README.md"\\nx\\n```\\n')]
    ['README.md']
    """
    for m in _FILE_BLOCK.finditer(text):
        if (ROOT / m["path"]).is_file():
            yield Block(m["path"], m["body"], m.start("body"), m.end("body"))


def output_blocks(text: str) -> Iterator[Block]:
    for m in _OUTPUT_BLOCK.finditer(text):
        yield Block(m["args"], m["body"], m.start("body"), m.end("body"))


def file_text(path: str) -> str:
    body = (ROOT / path).read_text(encoding="utf-8")
    return body if body.endswith("\n") else body + "\n"


def normalise(text: str) -> str:
    """Output as compared with a page: no trailing spaces, run timestamps as ``<time>``.

    >>> normalise("at 2026-12-02T23:01:05.123Z  \\n")
    'at <time>\\n'
    """
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?", "<time>", text)
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def command_output(args: str) -> str:
    """What ``selector ARGS`` prints, stderr first (its progress lines come before the answer)."""
    import os

    from typer.testing import CliRunner

    from selector.cli.app import app

    cwd = os.getcwd()
    os.chdir(ROOT)  # the pages' commands name files relative to the repository root
    try:
        result = CliRunner().invoke(app, shlex.split(args), env={"COLUMNS": "100", "NO_COLOR": "1"})
    finally:
        os.chdir(cwd)
    return normalise(result.stderr + result.stdout)


def sync(text: str) -> str:
    """``text`` with every file block and output block rewritten from its source."""
    for kind in (file_blocks, output_blocks):
        for block in sorted(kind(text), key=lambda b: b.start, reverse=True):
            fresh = file_text(block.source) if kind is file_blocks else command_output(block.source)
            text = text[: block.start] + fresh + text[block.end:]
    return text


def pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def main(argv: list[str]) -> None:  # pragma: no cover - a maintenance command
    for page in [Path(a) for a in argv] or pages():
        text = page.read_text(encoding="utf-8")
        fresh = sync(text)
        if fresh != text:
            page.write_text(fresh, encoding="utf-8")
            print(f"updated {page}")


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
