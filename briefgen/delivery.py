"""Putting finished files in place: never a half-written file under a final name.

Each output is written to a temporary file in the destination folder, flushed and fsynced, then
renamed over the final name (an atomic step on POSIX and on Windows for the same volume), so a
reader on a shared drive sees either the old file or the new one, and a killed build leaves at
most a ``.tmp`` file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from briefgen.errors import DeliveryError


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a fsynced temporary file and an atomic rename."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise DeliveryError(f"cannot write into {path.parent}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise DeliveryError(f"cannot write {path}: {exc.strerror or exc}") from exc
