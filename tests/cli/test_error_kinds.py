"""Errors by kind: input errors exit 2, a missing part of the environment exits 1 naming it, a bug exits 1
saying it is a bug, with no traceback unless --debug is given."""

from __future__ import annotations

from pathlib import Path

import pytest

from selector.cli import app as cli
from selector.errors import EXIT_ENVIRONMENT, EXIT_INVALID, EnvironmentMissing, InputError, SelectorError

EXAMPLE = str(Path(__file__).resolve().parents[2] / "examples" / "generic-chat-low-volume.yaml")


def _run(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    return exit_info.value.code, capsys.readouterr()


def _break_recommend(monkeypatch, exc: Exception) -> None:
    def broken(*args, **kwargs):
        raise exc

    monkeypatch.setattr("selector.recommend.recommend", broken)


def test_kinds_carry_their_exit_codes():
    assert issubclass(InputError, SelectorError) and InputError(None).exit_code == EXIT_INVALID == 2
    env = EnvironmentMissing("no chromium on PATH", "install Debian's chromium")
    assert env.exit_code == EXIT_ENVIRONMENT == 1 and str(env) == "no chromium on PATH; install Debian's chromium"


def test_a_bug_says_so_without_a_traceback(monkeypatch, capsys):
    _break_recommend(monkeypatch, ZeroDivisionError("division by zero"))
    code, out = _run(["recommend", EXAMPLE], capsys)
    assert code == 1
    assert "This is a bug in selector" in out.err and "--debug" in out.err
    assert "Traceback" not in out.err and "ZeroDivisionError: division by zero" in out.err


def test_debug_shows_the_bug(monkeypatch, capsys):
    _break_recommend(monkeypatch, ZeroDivisionError("division by zero"))
    with pytest.raises(ZeroDivisionError):
        cli.main(["--debug", "recommend", EXAMPLE])


def test_missing_environment_exits_1_naming_it(monkeypatch, capsys):
    _break_recommend(monkeypatch, EnvironmentMissing("the HiGHS solver is missing", "pip install 'pulp[highs]'"))
    code, out = _run(["recommend", EXAMPLE], capsys)
    assert code == 1 and "error: the HiGHS solver is missing; pip install 'pulp[highs]'" in out.err
    assert "bug" not in out.err


def test_input_error_exits_2(capsys, tmp_path):
    bad = tmp_path / "req.yaml"
    bad.write_text("task: chat\nrequests_per_month: -5\n", encoding="utf-8")
    code, out = _run(["recommend", str(bad)], capsys)
    assert code == 2 and "requests_per_month" in out.err and "Traceback" not in out.err
