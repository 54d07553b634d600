"""Memoisation by identity (selector/costs/memo.py) and the throttled file-version check."""

from __future__ import annotations

from dataclasses import dataclass

from selector.costs import memo


@dataclass(frozen=True)
class Thing:
    n: int


def test_by_identity_reuses_only_for_the_same_objects():
    calls: list[tuple[int, str]] = []

    @memo.by_identity(maxsize=4)
    def f(thing: Thing, label: str) -> tuple[int, str]:
        calls.append((thing.n, label))
        return thing.n, label

    a, b = Thing(1), Thing(1)
    assert f(a, "x") == (1, "x") and f(a, "x") == (1, "x")
    assert len(calls) == 1
    assert f(b, "x") == (1, "x") and len(calls) == 2  # equal but another object: computed again
    assert f(a, "y") == (1, "y") and len(calls) == 3  # strings by value
    for i in range(6):  # past maxsize the store is emptied, results stay right
        assert f(Thing(i), "z") == (i, "z")
    assert f(a, "x") == (1, "x")


def test_value_arguments_are_keyed_by_type():
    @memo.by_identity()
    def kind(x: object) -> str:
        return type(x).__name__

    assert kind(1) == "int" and kind(1.0) == "float" and kind(True) == "bool"


def test_file_version_sees_an_edit_after_the_interval(tmp_path, monkeypatch):
    path = tmp_path / "f.yaml"
    assert memo.file_version(str(path)) is None
    path.write_text("a: 1\n")
    monkeypatch.setattr(memo, "RESTAT_SECONDS", 0.0)
    first = memo.file_version(str(path))
    assert first is not None
    os_time = first + 10**9
    import os

    os.utime(path, ns=(os_time, os_time))
    assert memo.file_version(str(path)) == os_time
    assert memo.file_version(str(tmp_path)) is None  # a directory is not a data file
