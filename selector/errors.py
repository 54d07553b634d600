"""Errors by kind, and the exit codes of the contract.

Every error ``selector`` raises on purpose is a :class:`SelectorError`, and its kind decides the exit
code: bad input is an :class:`InputError` (file, field path, what was given and what is allowed; exit
2); a missing part of the environment is an :class:`EnvironmentMissing` (no chromium for a PDF, no
solver, a solver that crashed; exit 1, naming what is missing and how to get it). Infeasible
requirements are an answer, not an error: ``recommend`` exits 3 with its diagnosis. Anything else is
a bug: the CLI says so and exits 1, without a traceback unless ``--debug`` is given.
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_ENVIRONMENT = 1  # a missing part of the environment, or a bug
EXIT_INVALID = 2
EXIT_INFEASIBLE = 3


class SelectorError(Exception):
    """Base of every error ``selector`` raises on purpose; ``exit_code`` is what the CLI exits with."""

    exit_code = EXIT_ENVIRONMENT


class EnvironmentMissing(SelectorError):
    """Something the machine lacks (a browser, a solver, an optional package), and how to get it."""

    exit_code = EXIT_ENVIRONMENT

    def __init__(self, what: str, how: str) -> None:
        super().__init__(what, how)
        self.what = what
        self.how = how

    def __str__(self) -> str:
        return f"{self.what}; {self.how}"


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


class InputError(SelectorError):
    """Bad user input (requirements file, catalog file, CLI option). Exit code 2, no traceback."""

    exit_code = EXIT_INVALID

    def __init__(self, source: str | None, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(source, problems)
        self.source = source
        self.problems = tuple(problems)

    def __str__(self) -> str:
        return "\n".join(p.render(self.source) for p in self.problems) or f"{self.source}: invalid input"

    @classmethod
    def single(cls, source: str | None, field_path: str, message: str, line: int | None = None) -> InputError:
        return cls(source, (Problem(field_path, message, line),))
