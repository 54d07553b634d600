"""selector.collector.paused: the cyclic collector is off inside, back as it was after the last overlapping
pause, whatever the nesting, the threads or the exceptions; recommend() runs inside one."""

from __future__ import annotations

import gc
import threading

import pytest

from selector.collector import paused


@pytest.fixture(autouse=True)
def _restore():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


@pytest.mark.parametrize("enabled", [True, False])
def test_nested_pauses_restore_the_state_they_found(enabled):
    (gc.enable if enabled else gc.disable)()
    with paused():
        assert not gc.isenabled()
        with pytest.raises(KeyError), paused():
            raise KeyError("boom")
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled() is enabled


def test_overlapping_pauses_in_threads_never_leave_the_collector_off():
    """Thread A pauses, B pauses, A ends first, B ends: the collector is on again only after B, and on."""
    gc.enable()
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def a():
        with paused():
            a_in.set()
            b_in.wait(10)
        a_out.set()

    def b():
        a_in.wait(10)
        with paused():
            b_in.set()
            a_out.wait(10)
            seen["after A ended, inside B"] = gc.isenabled()

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == {"after A ended, inside B": False}
    assert gc.isenabled()


def test_recommend_runs_with_the_collector_paused(catalog, monkeypatch):
    import selector.recommend as rec_module
    from selector.requirements import parse_requirements

    during = []
    real = rec_module.build_options
    monkeypatch.setattr(rec_module, "build_options", lambda *a, **k: during.append(gc.isenabled()) or real(*a, **k))
    gc.enable()
    rec_module.recommend(parse_requirements("task: chat\nrequests_per_month: 1000\n"), catalog,
                         rec_module.Settings(smaa_samples=50))
    assert during == [False] and gc.isenabled()


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_what_the_pause_leaves_joins_the_oldest_generation_and_its_cycles_are_still_collected():
    """After the pause nothing waits in the youngest generation (the first allocations do not walk the
    pause's survivors), and a cycle dropped during the pause is freed by the next full collection."""
    import weakref

    gc.enable()
    gc.collect()
    with paused():
        a, b = _Node(), _Node()
        a.other, b.other = b, a  # a cycle reference counting alone cannot free
        gone = weakref.ref(a)
        kept = [[i] for i in range(50_000)]  # survivors of the pause
        del a, b
    assert gc.get_count()[0] < gc.get_threshold()[0]
    assert gone() is not None  # not collected yet: no walk ran at the end of the pause
    gc.collect()
    assert gone() is None and len(kept) == 50_000


def test_objects_someone_else_froze_stay_frozen():
    """An application that froze its objects (gc.freeze before forking workers) keeps them frozen: the pause
    then leaves the generations as they are."""
    gc.enable()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with paused():
            _ = [[i] for i in range(1_000)]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
