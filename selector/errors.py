"""Errors a user can cause, and the exit codes of the contract (spec §2).

Every error raised for bad input is an :class:`InputError`: it carries the file, the field path
and a message that says what was given and what is allowed. The CLI prints it and exits 2.
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_INVALID = 2
EXIT_INFEASIBLE = 3


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where, and what."""

    field: str
    message: str
    line: int | None = None

    def render(self, source: str | None = None) -> str:
        where = source or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class InputError(Exception):
    """Bad user input (requirements file, catalog file, CLI option). Exit code 2, no traceback."""

    def __init__(self, source: str | None, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(source, problems)
        self.source = source
        self.problems = tuple(problems)

    def __str__(self) -> str:
        return "\n".join(p.render(self.source) for p in self.problems) or f"{self.source}: invalid input"

    @classmethod
    def single(cls, source: str | None, field_path: str, message: str, line: int | None = None) -> "InputError":
        return cls(source, (Problem(field_path, message, line),))
