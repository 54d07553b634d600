"""Safe file access: regular-file checks before reads, bounded reads, atomic writes.

Every file ``selector`` reads from a user is checked to be a regular file first (``stat.S_ISREG``), so
a FIFO, a device or a socket is refused instead of blocking or streaming forever; every read is
bounded, compressed input included. Every file it writes goes to a temporary file in the same
directory that replaces the target with :func:`os.replace` only when complete, so a crash, a kill or
a full disk leaves the previous file intact. docs/reliability.md lists the guarantees.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from selector.errors import InputError


def require_regular(path: Path, field: str = "", what: str = "file") -> os.stat_result:
    """``stat`` a path (following symlinks) and refuse anything but a regular file, naming it.

    >>> require_regular(Path("/dev/null")).st_size
    Traceback (most recent call last):
    ...
    selector.errors.InputError: /dev/null: is a character device, not a regular file; expected a file
    """
    src = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError.single(src, field, f"{what} not found") from None
    except OSError as exc:
        raise InputError.single(src, field, f"cannot read {what} ({exc.strerror or exc})") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError.single(src, field, f"is {kind_of(st.st_mode)}, not a regular file; expected a {what}")
    return st


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words.

    >>> kind_of(stat.S_IFIFO), kind_of(stat.S_IFDIR)
    ('a FIFO (named pipe)', 'a directory')
    """
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISREG, "a regular file")):
        if test(mode):
            return name
    return "a special file"


def _open_regular(path: Path) -> io.BufferedReader:
    """Open for reading without blocking on a FIFO swapped in after the check (O_NONBLOCK), then
    re-check the opened descriptor, so the check and the read are about the same file."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError.single(str(path), "", f"is {kind_of(mode)}, not a regular file; expected a file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bytes(path: Path, max_bytes: int, field: str = "", what: str = "file") -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, or :class:`InputError` naming it."""
    st = require_regular(path, field, what)
    src = str(path)
    if st.st_size > max_bytes:
        raise InputError.single(src, field, f"{what} is {st.st_size:,} bytes; the limit is {max_bytes:,} bytes")
    try:
        with _open_regular(path) as fh:
            raw = fh.read(max_bytes + 1)
    except InputError:
        raise
    except OSError as exc:
        raise InputError.single(src, field, f"cannot read {what} ({exc.strerror or exc})") from None
    if len(raw) > max_bytes:
        raise InputError.single(src, field, f"{what} has more than {max_bytes:,} bytes; refused")
    return raw


def gunzip_bounded(raw: bytes, max_bytes: int, source: str, field: str = "") -> bytes:
    """Decompress gzip data, refusing output beyond ``max_bytes`` (read in chunks: a gzip bomb never
    reaches memory)."""
    out = bytearray()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as fh:
            while chunk := fh.read(1 << 20):
                out += chunk
                if len(out) > max_bytes:
                    raise InputError.single(source, field, f"decompresses to more than {max_bytes:,} bytes; refused")
    except (OSError, EOFError) as exc:
        raise InputError.single(source, field, f"cannot read it as gzip: {exc}") from None
    return bytes(out)


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same existing file (hard links and symlinks included)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_target(path: Path, field: str, inputs: Iterable[Path] = ()) -> None:
    """Refuse an output path that is an input, a symlink, or anything but a regular file or nothing,
    or whose directory is missing; checked *before* any slow work, so nothing is printed first."""
    src = str(path)
    for given in inputs:
        if given is not None and (same_file(path, Path(given)) or Path(given).absolute() == path.absolute()):
            raise InputError.single(src, field, f"is the input file {given}; choose another output path")
    if path.is_symlink():
        raise InputError.single(src, field, "is a symbolic link; give the real path (links are not followed)")
    try:
        st = path.lstat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise InputError.single(src, field, f"cannot write here ({exc.strerror or exc})") from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise InputError.single(src, field, f"is {kind_of(st.st_mode)}, not a regular file; refused")
    parent = path.absolute().parent
    if not parent.is_dir():
        raise InputError.single(src, field, f"directory {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError.single(src, field, f"directory {parent} is not writable")


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``; on success it replaces ``path`` atomically (``os.replace``),
    on any failure it is removed and ``path`` is left as it was."""
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.absolute().parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        mode = path.stat().st_mode & 0o7777 if path.is_file() and not path.is_symlink() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def atomic_write(path: Path, data: bytes | str, encoding: str = "utf-8") -> None:
    """Write ``data`` to ``path`` all at once or not at all."""
    payload = data.encode(encoding) if isinstance(data, str) else data
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        fh.write(payload)
        fh.flush()

