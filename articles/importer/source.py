"""Read one source file: regular files only, never more than a hard byte limit.

A path can name something that is not a file: a FIFO (opening it for reading waits for a writer
forever), a character device such as /dev/zero (endless bytes; its `st_size` is 0, so a size check
on the path passes), a socket, a folder, or a symlink to any of these. The file is opened with
O_NONBLOCK (a FIFO opens at once instead of waiting) and the kind is checked on the open descriptor
(`fstat`), so a path swapped between the check and the read cannot slip through. Symlinks to
regular files are followed: a folder of saved posts may well hold them.

Reading stops after `limit + 1` bytes whatever the file claims to hold: a file that grows while it
is read, or a file system that reports a wrong size, is still refused as too large.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .parsed import ImportFormatError

CHUNK = 1024 * 1024

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not an ordinary file")
    return f"is {kind}, not a regular file; only saved .txt or .html files can be imported"


def describe_size(limit: int) -> str:
    if limit >= 1024 * 1024 and limit % (1024 * 1024) == 0:
        return f"{limit // (1024 * 1024)} MB"
    if limit >= 1024 and limit % 1024 == 0:
        return f"{limit // 1024} KB"
    return f"{limit} bytes"


def read_source(path: Path | str, limit: int) -> bytes:
    """The bytes of the regular file at `path` (at most `limit`), or an ImportFormatError."""
    try:
        # stat first, so that a device is not even opened (opening some devices has effects)
        problem = _not_regular(os.stat(path).st_mode)
    except FileNotFoundError:
        raise ImportFormatError("no such file") from None
    except OSError as exc:
        raise ImportFormatError(f"cannot be read ({exc.strerror or exc})") from None
    if problem:
        raise ImportFormatError(problem)

    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise ImportFormatError("no such file") from None
    except OSError as exc:
        raise ImportFormatError(f"cannot be read ({exc.strerror or exc})") from None
    try:
        problem = _not_regular(os.fstat(fd).st_mode)  # what was opened, not what the path named
        if problem:
            raise ImportFormatError(problem)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            try:
                chunk = os.read(fd, min(CHUNK, limit + 1 - size))
            except OSError as exc:
                if exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK):  # not a regular file after all
                    raise ImportFormatError("cannot be read without waiting") from None
                raise ImportFormatError(f"cannot be read ({exc.strerror or exc})") from None
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise ImportFormatError(
                f"the file is larger than {describe_size(limit)}; is it really a saved post?"
            )
        return b"".join(chunks)
    finally:
        os.close(fd)
