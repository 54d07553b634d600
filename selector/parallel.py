"""Independent pure work on two cores: fork once; the parent and the child take the items, a chunk at a time, from
one queue until it is empty; the child sends its results back pickled; the results come back in the items' order,
equal to a serial run.

Used where one call does thousands of independent pure computations: the options of every (workload, profile)
pair, and in a portfolio the flip searches (one per workload and input) and the report's views of every
workload (docs/benchmarks.md). :func:`split_start` begins such work in the child while the caller does something
else first: the recommender starts the flip searches before the solve, which runs in the parent meanwhile.
Nothing is shared but what the fork copies; the child writes nothing but its results and leaves with
``os._exit``, so no buffer, handler or cleanup of the parent runs twice.

It runs serially (in the calling process, exactly the same calls) whenever forking is not safe or not worth it:

* ``SELECTOR_WORKERS=1`` (any value other than an integer above 1 is read as 1; unset: two workers when the
  machine has two cores or more);
* no ``os.fork`` or not Linux (macOS forks unsafely under some system libraries, Windows cannot);
* another thread is running (a server, a test harness): a fork copies only the calling thread, and a lock
  another thread holds would stay locked in the child;
* inside a child already, or fewer items than ``min_items``.

A child that fails in any way (an exception, a signal, a result that does not unpickle) costs nothing but
time: the parent computes the child's items itself, so an error is raised in the parent with its own type
and message, as a serial run would raise it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")
R = TypeVar("R")

ENV = "SELECTOR_WORKERS"
_in_child = False


def workers() -> int:
    """How many processes :func:`split_map` may use: 1 or 2 (``SELECTOR_WORKERS``, else the core count)."""
    raw = os.environ.get(ENV)
    if raw is None:
        return 2 if (os.cpu_count() or 1) >= 2 else 1
    try:
        return 2 if int(raw) > 1 else 1
    except ValueError:
        return 1


_started = 0  # children of split_start still running: while one is, another fork would only compete for the cores


def can_fork() -> bool:
    """Whether forking here is safe and useful: Linux with ``os.fork``, this thread alone, not in a child already,
    no child of :func:`split_start` still at work."""
    return (hasattr(os, "fork") and sys.platform.startswith("linux") and not _in_child and not _started
            and threading.active_count() == 1)


# the work queue is a pipe holding one 4-byte chunk number per chunk, written whole before the fork: it must fit
# in the pipe's buffer (64 KiB on Linux), so items are grouped into at most this many chunks
MAX_CHUNKS = 16_000
_INDEX = struct.Struct("<I")


def _drain(fn: Callable[[Any], Any], items: Sequence[Any], chunks: Sequence[tuple[int, int]], queue: int,
           sink: Callable[[tuple[int, list[Any]]], None] | None = None,
           poll: Callable[[], None] | None = None) -> dict[int, list[Any]]:
    """Take chunk numbers from the queue until it is empty (both processes do, so neither waits for the
    other while work is left), computing each chunk's items; each chunk done goes to ``sink`` if given (the
    child pickles it there and then, so that time is shared out by the queue too), else into the mapping.
    ``poll`` is called after each chunk (the parent takes in what the child has sent so far)."""
    done: dict[int, list[Any]] = {}
    while True:
        raw = os.read(queue, _INDEX.size)  # a pipe read of 4 bytes takes exactly one whole number
        if len(raw) < _INDEX.size:
            return done
        (k,) = _INDEX.unpack(raw)
        start, end = chunks[k]
        results = [fn(x) for x in items[start:end]]
        if sink is None:
            done[k] = results
        else:
            sink((k, results))
        if poll is not None:
            poll()


# The child's results travel as it goes: each chunk is one record (its length in 4 bytes, then one pickle of
# (chunk number, results), all written by one pickler so that an object repeated across chunks is written once),
# sent as far as the pipe takes it without waiting; the parent reads and unpickles what has come between its
# own chunks, so the transfer and half the unpickling overlap the work instead of following it.
POLL_SECONDS = 0.002  # how often either side tries the pipe between chunks
_PIPE_BYTES = 1 << 20  # asked of the kernel for the results pipe (Linux allows 1 MiB unprivileged by default)


class _Sender:
    """The child's end of the results pipe (``fd``; ``None``: kept in memory only)."""

    def __init__(self, fd: int | None) -> None:
        from selector.catalog.pickle_cache import pickler

        self.out = bytearray()
        self.complete = 0  # bytes of whole records
        self.sent = 0
        self.fd = fd
        self._last = 0.0
        self._pickler = pickler(self)  # type: ignore[arg-type]  # it needs only write()
        if fd is not None:
            os.set_blocking(fd, False)

    def write(self, data: bytes) -> int:  # the pickler's file
        self.out += data
        return len(data)

    def send(self, entry: tuple[int, list[Any]]) -> None:
        mark = len(self.out)
        self.out += b"\0" * _INDEX.size
        self._pickler.dump(entry)
        _INDEX.pack_into(self.out, mark, len(self.out) - mark - _INDEX.size)
        self.complete = len(self.out)
        now = time.monotonic()
        if now - self._last >= POLL_SECONDS:
            self._last = now
            self._flush()

    def _flush(self) -> None:
        if self.fd is None:
            return
        while self.sent < self.complete:
            view = memoryview(self.out)
            part = view[self.sent:self.complete]
            try:
                self.sent += os.write(self.fd, part)
            except BlockingIOError:
                return
            finally:
                part.release()
                view.release()

    def close(self) -> None:
        """Send the rest, waiting for the reader as needed, and close the pipe."""
        if self.fd is None:
            return
        os.set_blocking(self.fd, True)
        self._flush()
        os.close(self.fd)
        self.fd = None


class _Stream:
    """The parent's reading of the records: fed bytes as they come, it unpickles each whole record with one
    unpickler (so an object the child wrote once is one object here too); a record that does not unpickle, or
    is not a (chunk number, list) pair, ends the reading (what came before it stands)."""

    def __init__(self) -> None:
        self.buf = bytearray()
        self.next = 0  # where the next record starts
        self.pos = self.limit = 0  # the unpickler's place in the record being read
        self.got: dict[int, list[Any]] = {}
        self.broken = False
        self._reader: pickle.Unpickler | None = pickle.Unpickler(self)

    def feed(self, data: bytes) -> None:
        self.buf += data
        while not self.broken and len(self.buf) - self.next >= _INDEX.size:
            (size,) = _INDEX.unpack_from(self.buf, self.next)
            end = self.next + _INDEX.size + size
            if len(self.buf) < end:
                return
            self.pos, self.limit = self.next + _INDEX.size, end
            try:
                entry = self._reader.load() if self._reader is not None else None
            except Exception:  # noqa: BLE001 - a broken stream: what was read before it stands
                entry = None
            if self.pos != end or not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], list)):
                self.broken = True
                self._reader = None
                return
            self.got[entry[0]] = entry[1]
            self.next = end
        if self.next and (self.next == len(self.buf) or self.next > _PIPE_BYTES):  # what is read is let go
            del self.buf[:self.next]
            self.next = 0

    # the unpickler's file, bounded by the record being read
    def read(self, n: int = -1) -> bytes:
        end = self.limit if n < 0 else min(self.limit, self.pos + n)
        data = bytes(self.buf[self.pos:end])
        self.pos = end
        return data

    def readinto(self, target: bytearray | memoryview) -> int:
        n = min(len(target), self.limit - self.pos)
        target[:n] = self.buf[self.pos:self.pos + n]
        self.pos += n
        return n

    def readline(self) -> bytes:
        found = self.buf.find(b"\n", self.pos, self.limit)
        return self.read(self.limit - self.pos if found < 0 else found + 1 - self.pos)

    def close(self) -> None:
        self._reader = None  # the unpickler holds this object's methods: the cycle is broken here


class _Receiver:
    """The parent's end of the results pipe: :meth:`poll` between chunks (without waiting), :meth:`rest` at the
    end (to the end of the stream, then the pipe is closed)."""

    def __init__(self, fd: int) -> None:
        self.fd: int | None = fd
        self.stream = _Stream()
        self._last = 0.0
        os.set_blocking(fd, False)

    def poll(self) -> None:
        now = time.monotonic()
        if now - self._last < POLL_SECONDS or self.fd is None:
            return
        self._last = now
        while True:
            try:
                data = os.read(self.fd, _PIPE_BYTES)
            except BlockingIOError:
                return
            if not data:
                return
            self.stream.feed(data)

    def rest(self) -> dict[int, list[Any]]:
        if self.fd is not None:
            os.set_blocking(self.fd, True)
            with os.fdopen(self.fd, "rb") as handle:
                self.fd = None
                self.stream.feed(handle.read())
        self.stream.close()
        return self.stream.got

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        self.stream.close()


def _child(fn: Callable[[Any], Any], items: Sequence[Any], chunks: Sequence[tuple[int, int]], queue: int,
           write_fd: int) -> None:
    """In the forked child: compute what it takes from the queue, sending each chunk as it is done (records,
    above), leave; never returns."""
    global _in_child

    code = 1
    try:
        _in_child = True
        sender = _Sender(write_fd)
        _drain(fn, items, chunks, queue, sender.send)
        sender.close()
        code = 0
    except BaseException:  # noqa: BLE001 - the parent recomputes these items and raises what they raise
        code = 1
    finally:
        os._exit(code)


def _received(data: bytes) -> dict[int, list[Any]]:
    """The chunks in a whole stream of records; whatever is truncated or broken is left out (the parent computes
    those chunks itself)."""
    stream = _Stream()
    stream.feed(data)
    stream.close()
    return stream.got


def _records(entries: Sequence[tuple[int, list[Any]]]) -> bytes:
    """The stream a child sends for ``entries`` (tests)."""
    sender = _Sender(None)
    for entry in entries:
        sender.send(entry)
    return bytes(sender.out)


def _filled_queue(n: int) -> int | None:
    """The read end of a pipe holding the chunk numbers 0..n-1, its write end closed (so readers see its end
    once it is empty); ``None`` when the pipe cannot hold them all (a pipe may be created smaller than 64 KiB,
    when the user already holds many): the write is non-blocking, so it never waits for a reader."""
    queue, fill = os.pipe()
    data = b"".join(_INDEX.pack(k) for k in range(n))
    try:
        os.set_blocking(fill, False)
        written = os.write(fill, data)
    except OSError:  # BlockingIOError included
        written = -1
    finally:
        os.close(fill)
    if written != len(data):
        os.close(queue)
        return None
    return queue


class Pending(Generic[R]):
    """Work :func:`split_start` has begun: a forked child taking chunks from the queue (or, serially, nothing
    yet). :meth:`finish` joins in and returns the results; leaving a ``with`` block without it stops the child.
    """

    def __init__(self, fn: Callable[[Any], R], items: list[Any], chunks: list[tuple[int, int]] | None = None,
                 queue: int | None = None, read_fd: int | None = None, pid: int | None = None) -> None:
        self._fn, self._items, self._chunks = fn, items, chunks
        self._queue, self._read_fd, self._pid = queue, read_fd, pid
        self._open = True
        if pid is not None:
            global _started
            _started += 1

    @overload
    def finish(self) -> list[R]: ...

    @overload
    def finish(self, skip: Callable[[Any], bool]) -> list[R | None]: ...

    def finish(self, skip: Callable[[Any], bool] | None = None) -> list[R] | list[R | None]:
        """Take the chunks left in the queue until it is empty, then the child's; a chunk the child did not
        send back is computed here (so an error is raised here, with its own type and message). ``skip``:
        the items no longer wanted (known only now): not computed here, and their results are ``None``."""
        if not self._open:
            raise RuntimeError("finish() was called already")
        self._open = False
        if skip is None:
            return self._finish(self._fn)
        results = self._finish(lambda x: None if skip(x) else self._fn(x))
        return [None if skip(x) else r for x, r in zip(self._items, results, strict=True)]

    def _finish(self, fn: Callable[[Any], Any]) -> list[Any]:
        items = self._items
        if self._pid is None:
            return [fn(x) for x in items]
        try:
            return self._join(fn)
        finally:
            _child_done()

    def _join(self, fn: Callable[[Any], Any]) -> list[Any]:
        items = self._items
        chunks, queue, read_fd, pid = self._chunks or [], self._queue, self._read_fd, self._pid
        if queue is None or read_fd is None or pid is None:  # pragma: no cover - set together by split_start
            raise RuntimeError("no child to join")
        reaped = False
        receiver = _Receiver(read_fd)
        try:
            done = _drain(fn, items, chunks, queue, poll=receiver.poll)
            got = receiver.rest()
            _, status = os.waitpid(pid, 0)
            reaped = True
            if os.waitstatus_to_exitcode(status) == 0:
                done.update(got)
            for k, (start, end) in enumerate(chunks):  # what a failed child took: computed here, errors raised here
                if k not in done or len(done[k]) != end - start:
                    done[k] = [fn(x) for x in items[start:end]]
        finally:
            os.close(queue)
            receiver.close()
            if not reaped:  # the parent failed or was interrupted first: the child is stopped, never left behind
                _stop(pid)
        return [value for k in range(len(chunks)) for value in done[k]]

    def cancel(self) -> None:
        """Stop the child, if any, and close the pipes, without results (nothing is computed)."""
        if not self._open:
            return
        self._open = False
        pid = self._pid
        if pid is None:
            return
        try:
            for fd in (self._queue, self._read_fd):
                if fd is not None:
                    os.close(fd)
            _stop(pid)
        finally:
            _child_done()

    def __enter__(self) -> Pending[R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cancel()


def _child_done() -> None:
    global _started
    _started = max(0, _started - 1)


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _widen(fd: int) -> None:
    """Ask for a pipe of :data:`_PIPE_BYTES` (fewer waits on either side); the default stays if refused."""
    import fcntl

    with contextlib.suppress(OSError):
        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE_BYTES)


def split_start(fn: Callable[[T], R], items: Sequence[T], *, min_items: int = 2, chunk: int = 1) -> Pending[R]:
    """:func:`split_map` begun: a forked child starts on the items at once, while the caller goes on with other
    work; ``finish()`` on the result joins in and returns ``[fn(x) for x in items]``. Use it in a ``with``
    block so that an error in between stops the child. When forking is not safe or not worth it, nothing
    starts and ``finish()`` computes every item (the same calls)."""
    items = list(items)
    n = len(items)
    if n < max(2, min_items) or workers() < 2 or not can_fork():
        return Pending(fn, items)
    size = max(1, chunk, -(-n // MAX_CHUNKS))
    chunks = [(start, min(start + size, n)) for start in range(0, n, size)]
    queue = _filled_queue(len(chunks))
    if queue is None:  # the pipe could not hold every chunk number: nothing shared, nothing lost
        return Pending(fn, items)
    read_fd, write_fd = os.pipe()
    _widen(write_fd)
    try:
        pid = os.fork()
    except OSError:
        for fd in (queue, read_fd, write_fd):
            os.close(fd)
        return Pending(fn, items)
    if pid == 0:  # pragma: no cover - the child leaves through os._exit, out of coverage's sight
        try:
            os.close(read_fd)
            _child(fn, items, chunks, queue, write_fd)
        finally:  # whatever happens, the child never runs on into the caller's code
            os._exit(1)
    os.close(write_fd)
    return Pending(fn, items, chunks, queue, read_fd, pid)


def split_map(fn: Callable[[T], R], items: Sequence[T], *, min_items: int = 2, chunk: int = 1) -> list[R]:
    """``[fn(x) for x in items]``, shared with a forked child when forking is safe (module docstring): both
    processes take chunks of ``chunk`` items in turn from a common queue until none is left, so the one that
    runs faster (fewer pages to copy, cheaper items) does more. ``fn`` must be pure and its results picklable."""
    with split_start(fn, items, min_items=min_items, chunk=chunk) as pending:
        return pending.finish()
