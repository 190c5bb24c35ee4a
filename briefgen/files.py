"""Reading input files without trusting them: regular files only, size checked before reading.

Seed files, theme files and the output folder's own records are read through :func:`read_limited`.
It never blocks and never reads more than it allows: a FIFO, a device (``/dev/zero`` behind a
symlink), a folder or a file over the limit is refused from its metadata, before any byte is
read, and the open itself is non-blocking, so a file swapped for a FIFO between the check and
the open cannot hang a build that holds the output folder's lock.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO


class UnreadableFile(Exception):
    """A file that cannot or must not be read; ``reason`` is a plain-language explanation.

    Internal: callers turn it into their own error (a seed :class:`~briefgen.errors.Problem`,
    a :class:`~briefgen.errors.ThemeError`, a :class:`~briefgen.errors.DeliveryError`).
    """

    def __init__(self, path: Path, reason: str, *, size: int | None = None) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.size = size
        """Set when the file was refused for its size: the size found."""


class FileMissing(UnreadableFile):
    """Nothing is at the path."""


def describe_kind(mode: int) -> str:
    """What a non-regular file is, in words: 'a folder', 'a FIFO (named pipe)', …"""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def megabytes(size: int) -> str:
    """A size for messages: ``2 MB``, ``10.5 MB``."""
    value = size / 1_048_576
    return f"{value:.0f} MB" if value == int(value) else f"{value:.1f} MB"


def read_limited(path: Path, limit: int, *, follow_symlinks: bool = True) -> bytes:
    """The bytes of the regular file ``path``, which must hold at most ``limit`` bytes.

    Raises :class:`FileMissing` when nothing is there, :class:`UnreadableFile` for an
    unreadable file, anything that is not a regular file (checked before opening, and again on
    the open descriptor by :func:`open_regular`), and files larger
    than ``limit`` (checked from the size first; at most ``limit + 1`` bytes are ever read, so
    a file that grows while being read is refused too). With ``follow_symlinks=False`` a
    symbolic link is refused as well.
    """
    try:
        info = os.stat(path, follow_symlinks=follow_symlinks)
    except FileNotFoundError:
        raise FileMissing(path, "file not found") from None
    except OSError as exc:
        raise UnreadableFile(path, f"cannot read the file: {exc.strerror or exc}") from None
    _check_regular(path, info.st_mode, info.st_size, limit)
    try:
        stream = open_regular(path, follow_symlinks=follow_symlinks)
    except OSError as exc:
        raise UnreadableFile(path, f"cannot read the file: {exc.strerror or exc}") from None
    with stream:
        try:
            data = stream.read(limit + 1)
        except OSError as exc:
            raise UnreadableFile(path, f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise UnreadableFile(
            path, f"the file is over the limit of {megabytes(limit)}", size=len(data)
        )
    return data


def open_regular(path: Path, *, follow_symlinks: bool = True) -> BinaryIO:
    """Open ``path`` for reading without ever blocking (a FIFO opens at once, non-blocking) and
    without following a final symlink unless asked; raises OSError unless it is a regular file.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    stream = os.fdopen(os.open(path, flags), "rb")
    if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
        stream.close()
        raise OSError(f"{path} is not a regular file")
    return stream


def _check_regular(path: Path, mode: int, size: int, limit: int) -> None:
    if not stat.S_ISREG(mode):
        raise UnreadableFile(path, f"{describe_kind(mode)}, not a regular file")
    if size > limit:
        raise UnreadableFile(
            path, f"the file is {megabytes(size)}; the limit is {megabytes(limit)}", size=size
        )
