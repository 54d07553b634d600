"""selector.parallel.split_map: the same results as a serial map, in order, from two processes when forking is
safe, serial otherwise; a failing child costs time, never a result; no child is left behind."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from selector import parallel
from selector.parallel import split_map


@pytest.fixture
def forkable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forking allowed here whatever the test runner's own threads (pytest-xdist runs one beside each test)."""
    if not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        pytest.skip("fork on Linux only")
    monkeypatch.setenv(parallel.ENV, "2")
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)


def _no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def square_and_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def test_two_processes_give_the_serial_results_in_order(forkable: None) -> None:
    items = list(range(25))
    got = split_map(square_and_pid, items)
    assert [v for v, _ in got] == [x * x for x in items]
    me = os.getpid()
    assert {pid for _, pid in got[0::2]} == {me}  # the even items here
    assert len({pid for _, pid in got[1::2]}) == 1 and got[1][1] != me  # the odd ones in one child
    assert _no_children_left()


@pytest.mark.parametrize("value", ["1", "0", "-3", "many", ""])
def test_one_worker_or_an_unreadable_setting_runs_serially(forkable: None, monkeypatch: pytest.MonkeyPatch,
                                                          value: str) -> None:
    monkeypatch.setenv(parallel.ENV, value)
    assert parallel.workers() == 1
    got = split_map(square_and_pid, range(10))
    assert {pid for _, pid in got} == {os.getpid()}


def test_unset_means_two_workers_on_two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(parallel.ENV, raising=False)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    assert parallel.workers() == 2
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 1)
    assert parallel.workers() == 1


def test_another_thread_running_means_serial(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parallel.ENV, "2")
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert not parallel.can_fork()
        got = split_map(square_and_pid, range(10))
    finally:
        stop.set()
        t.join()
    assert {pid for _, pid in got} == {os.getpid()}


def test_too_few_items_means_serial(forkable: None) -> None:
    got = split_map(square_and_pid, range(5), min_items=6)
    assert {pid for _, pid in got} == {os.getpid()}
    assert split_map(square_and_pid, []) == []


def test_a_failing_child_is_made_up_for_by_the_parent(forkable: None) -> None:
    me = os.getpid()

    def fails_in_child(x: int) -> int:
        if os.getpid() != me:
            raise RuntimeError("only in the child")
        return x + 1

    assert split_map(fails_in_child, range(9)) == [x + 1 for x in range(9)]
    assert _no_children_left()


def test_a_child_result_that_does_not_pickle_is_computed_here(forkable: None) -> None:
    me = os.getpid()

    def unpicklable_in_child(x: int) -> object:
        return (lambda: x) if os.getpid() != me else x

    assert split_map(unpicklable_in_child, range(6)) == list(range(6))


def test_an_error_is_raised_here_with_its_type(forkable: None) -> None:
    def bad(x: int) -> int:
        if x == 3:  # an odd item: the child's, so the parent raises it when it computes the child's share
            raise ValueError("item 3 is bad")
        return x

    with pytest.raises(ValueError, match="item 3 is bad"):
        split_map(bad, range(6))
    assert _no_children_left()


def test_an_interrupted_parent_stops_its_child(forkable: None) -> None:
    me = os.getpid()

    def slow_child(x: int) -> int:
        if os.getpid() != me:
            import time

            time.sleep(30)  # would outlive the test if it were not stopped
        elif x == 4:
            raise KeyboardInterrupt
        return x

    with pytest.raises(KeyboardInterrupt):
        split_map(slow_child, range(8))
    assert _no_children_left()


def test_a_child_does_not_fork_again(forkable: None) -> None:
    def nested(x: int) -> list[int]:
        return [pid for _, pid in split_map(square_and_pid, range(4))]

    got = split_map(nested, range(4))
    for pids in got[1::2]:  # the child's calls stayed in the child
        assert len(set(pids)) == 1 and pids[0] != os.getpid()
    for pids in got[0::2]:  # the parent's forked as usual
        assert len(set(pids)) == 2

