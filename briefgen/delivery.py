"""Putting finished files in place: never a half-written file under a final name.

Each output is written to a temporary file in the destination folder (``.<name>.<random>.tmp``),
flushed and fsynced, then renamed over the final name — an atomic step on POSIX and on Windows
within one volume — and the folder itself is fsynced, so a reader on a shared drive sees either
the old file or the new one. A build killed mid-write leaves at most a temporary file, which
the next build into that folder removes.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from briefgen.errors import DeliveryError

_TEMP_SUFFIX = ".tmp"
_OUR_TEMPORARY = re.compile(r"^\..+\.(pdf|docx|html|json)\.[A-Za-z0-9_]+\.tmp$")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a fsynced temporary file and an atomic rename."""
    with staged(path, data):
        pass


@contextmanager
def staged(path: Path, data: bytes) -> Iterator[None]:
    """Stage ``data`` durably beside ``path``; on leaving the block, rename it into place.

    The block runs after the data is safe on disk and before the final name changes, so a
    caller can record the coming file first (the build's manifest does). If the block raises,
    the temporary file is removed and ``path`` is untouched.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=_TEMP_SUFFIX
        )
    except OSError as exc:
        raise DeliveryError(f"cannot write into {path.parent}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
    except OSError as exc:
        _discard(temporary)
        raise DeliveryError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        yield
    except BaseException:
        _discard(temporary)
        raise
    try:
        os.replace(temporary, path)
    except OSError as exc:
        _discard(temporary)
        raise DeliveryError(f"cannot write {path}: {exc.strerror or exc}") from exc
    _fsync_folder(path.parent)


def _discard(temporary: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temporary)


def remove_stale_temporaries(folder: Path) -> None:
    """Delete temporary files a killed build left (call only while holding the folder lock)."""
    for leftover in folder.glob(f".*{_TEMP_SUFFIX}"):
        if _OUR_TEMPORARY.match(leftover.name):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)
