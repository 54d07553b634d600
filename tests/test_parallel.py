"""selector.parallel.split_map: the same results as a serial map, in order, from two processes sharing one queue
when forking is safe, serial otherwise; a failing child costs time, never a result; no child is left behind."""

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


def slow_square_and_pid(x: int) -> tuple[int, int]:
    import time

    time.sleep(0.005)  # long enough that the child, once started, takes its part of the queue
    return x * x, os.getpid()


def test_two_processes_give_the_serial_results_in_order(forkable: None) -> None:
    items = list(range(60))
    got = split_map(slow_square_and_pid, items)
    assert [v for v, _ in got] == [x * x for x in items]
    me = os.getpid()
    pids = {pid for _, pid in got}
    assert me in pids and len(pids) == 2  # both took items from the queue
    assert _no_children_left()


@pytest.mark.parametrize("chunk", [1, 7, 100])
def test_chunks_of_any_size_give_the_same_results(forkable: None, chunk: int) -> None:
    got = split_map(square_and_pid, range(250), chunk=chunk)
    assert [v for v, _ in got] == [x * x for x in range(250)]
    by_pid: dict[int, list[int]] = {}
    for i, (_, pid) in enumerate(got):
        by_pid.setdefault(pid, []).append(i)
    for taken in by_pid.values():  # whole chunks: a process's items come in runs of the chunk size
        starts = [i for i in taken if i % chunk == 0]
        assert len(taken) == sum(min(chunk, 250 - s) for s in starts)


def test_more_items_than_the_queue_holds_are_chunked(forkable: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MAX_CHUNKS", 10)
    got = split_map(square_and_pid, range(1_005))
    assert [v for v, _ in got] == [x * x for x in range(1_005)]


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
        import time

        time.sleep(0.005)
        if os.getpid() != me:
            raise RuntimeError("only in the child")
        return x + 1

    assert split_map(fails_in_child, range(40)) == [x + 1 for x in range(40)]
    assert _no_children_left()


def test_a_child_result_that_does_not_pickle_is_computed_here(forkable: None) -> None:
    me = os.getpid()

    def unpicklable_in_child(x: int) -> object:
        import time

        time.sleep(0.005)
        return (lambda: x) if os.getpid() != me else x

    assert split_map(unpicklable_in_child, range(40)) == list(range(40))


def test_an_error_is_raised_here_with_its_type(forkable: None) -> None:
    def bad(x: int) -> int:
        import time

        time.sleep(0.005)
        if x == 13:  # whichever process takes it, the error reaches the caller as it is
            raise ValueError("item 13 is bad")
        return x

    with pytest.raises(ValueError, match="item 13 is bad"):
        split_map(bad, range(40))
    assert _no_children_left()


def test_an_interrupted_parent_stops_its_child(forkable: None) -> None:
    me = os.getpid()

    def slow_child(x: int) -> int:
        import time

        if os.getpid() != me:
            time.sleep(30)  # would outlive the test if it were not stopped
        time.sleep(0.02)  # the child is started and holds an item before the parent gives up
        if x >= 4:
            raise KeyboardInterrupt
        return x

    with pytest.raises(KeyboardInterrupt):
        split_map(slow_child, range(8))
    assert _no_children_left()


def test_a_child_does_not_fork_again(forkable: None) -> None:
    me = os.getpid()

    def nested(x: int) -> tuple[int, set[int]]:
        import time

        time.sleep(0.01)
        return os.getpid(), {pid for _, pid in split_map(slow_square_and_pid, range(20))}

    got = split_map(nested, range(10))
    assert {outer for outer, _ in got} - {me}, "the child took no item: the test would prove nothing"
    for outer, inner in got:
        if outer != me:  # the child's calls stayed in the child
            assert inner == {outer}



def test_a_queue_the_pipe_cannot_hold_means_serial(forkable: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pipe can be created smaller than the chunk numbers need (Linux gives one page to a user holding many
    pipes): the fill never blocks, and the work runs here."""
    real = os.write

    def short(fd: int, data: bytes) -> int:
        return real(fd, data[:4096]) if len(data) > 4096 else real(fd, data)

    monkeypatch.setattr(parallel.os, "write", short)
    got = split_map(square_and_pid, range(2_000))
    assert [v for v, _ in got] == [x * x for x in range(2_000)]
    assert {pid for _, pid in got} == {os.getpid()}
    assert _no_children_left()


def test_the_child_stream_is_read_back_up_to_a_break() -> None:
    """The child pickles each chunk as it is done, with one pickler (an object repeated across chunks is
    written once), each record framed by its length; what follows a break in the stream is left for the parent
    to compute."""
    shared = {"a": 1.5}
    whole = parallel._records([(0, [shared, 1]), (1, [shared])])
    got = parallel._received(whole)
    assert got == {0: [shared, 1], 1: [shared]}
    assert got[0][0] is got[1][0]  # one object, as in the child
    assert parallel._received(whole[:-3]) == {0: [shared, 1]}  # the second record cut short
    assert parallel._received(b"") == {}
    assert parallel._received(b"not a pickle") == {}
    first = len(parallel._records([(0, [shared, 1])]))
    broken = bytearray(whole)
    broken[first + 6] ^= 0xFF  # a byte of the second record's pickle spoilt: the first stands
    assert parallel._received(bytes(broken)) == {0: [shared, 1]}
    not_pair = parallel._records([(0, [1]), (1, "not a list"), (2, [3])])  # type: ignore[list-item]
    assert parallel._received(not_pair) == {0: [1]}  # the reading ends at a record of another shape


def test_the_stream_is_read_as_it_comes_in_any_pieces() -> None:
    """Fed a byte at a time or all at once, the parent unpickles the same records, each as soon as it is whole."""
    from selector.parallel import _Stream

    entries = [(k, [{"k": k, "name": "x" * k}, float(k)]) for k in range(30)]
    whole = parallel._records(entries)
    stream = _Stream()
    seen = []
    for i in range(len(whole)):
        stream.feed(whole[i:i + 1])
        seen.append(len(stream.got))
    assert stream.got == dict(entries)
    assert seen[-1] == 30 and seen[len(whole) // 2] < 30  # half the bytes: not every record yet
    stream.close()


def test_work_begun_runs_in_the_child_while_the_caller_goes_on(forkable: None) -> None:
    """split_start: the child starts on the queue at once; by the time the caller has spent 0.3 s on other work
    it has taken items (each 5 ms), and finish() joins in and returns everything in order."""
    import time

    me = os.getpid()
    with parallel.split_start(slow_square_and_pid, range(200)) as pending:
        time.sleep(0.3)  # the caller's own work (the solve, in recommend)
        got = pending.finish()
    assert [v for v, _ in got] == [x * x for x in range(200)]
    child = [i for i, (_, pid) in enumerate(got) if pid != me]
    assert child and child[0] == 0  # the child began with the first items, before the caller joined in
    assert _no_children_left()


def test_items_no_longer_wanted_are_skipped_here_and_come_back_as_none(forkable: None) -> None:
    """finish(skip=...): what the caller learned meanwhile (the picks, after the solve) drops items; those are
    not computed here and are None whoever took them, the others are as a serial map gives them."""
    me = os.getpid()
    computed_here: list[int] = []

    def work(x: int) -> int:
        import time

        time.sleep(0.002)
        if os.getpid() == me:
            computed_here.append(x)
        return x + 1

    with parallel.split_start(work, range(100)) as pending:
        got = pending.finish(skip=lambda x: x % 3 == 0)
    assert got == [None if x % 3 == 0 else x + 1 for x in range(100)]
    assert not [x for x in computed_here if x % 3 == 0]
    assert _no_children_left()


def test_leaving_without_finishing_stops_the_child(forkable: None) -> None:
    """An error between split_start and finish (a solver failure, an interrupt) leaves the with block: the
    child is stopped and reaped, nothing is computed here, and finish() cannot be called after."""
    calls: list[int] = []

    def slow(x: int) -> int:
        import time

        calls.append(x)
        time.sleep(30)  # would outlive the test if it were not stopped
        return x

    with pytest.raises(RuntimeError, match="the solve failed"):
        with parallel.split_start(slow, range(10)) as pending:
            raise RuntimeError("the solve failed")
    assert _no_children_left() and calls == []
    with pytest.raises(RuntimeError, match="called already"):
        pending.finish()


def test_work_begun_where_forking_is_not_safe_is_done_at_finish(monkeypatch: pytest.MonkeyPatch) -> None:
    """One worker: nothing starts (no child, no call) until finish() computes every item here, in order."""
    monkeypatch.setenv(parallel.ENV, "1")
    calls: list[int] = []

    def work(x: int) -> tuple[int, int]:
        calls.append(x)
        return square_and_pid(x)

    pending = parallel.split_start(work, range(30))
    assert calls == []
    got = pending.finish()
    assert [v for v, _ in got] == [x * x for x in range(30)] and {p for _, p in got} == {os.getpid()}
    assert calls == list(range(30))
