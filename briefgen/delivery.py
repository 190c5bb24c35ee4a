"""Putting finished files in place on a shared drive: whole files only, nobody's work lost.

Two entry points:

* :func:`write_atomic` — one file written through a temporary file and an atomic rename (the
  library's :func:`briefgen.write`).
* :func:`open_output_folder` — a build's hold on an output folder: the folder is locked for
  the build (``.briefgen.lock``), its manifest is read strictly (:mod:`briefgen.manifest`),
  and every output is *staged* (written to a temporary file, fsynced) and then *committed*
  (renamed over its final name, an atomic step on POSIX and on Windows within one volume;
  the folder is fsynced too). A reader on the shared drive sees the old file or the new one,
  never a half-written one.

What a killed build leaves, and how the next build clears it: each temporary file is created
under a fresh random name (``.briefgen-<32 hex digits>.tmp``, opened with O_EXCL, so it never
takes over an existing file) and its name is then appended to the folder's journal,
``.briefgen-temporaries`` (fsynced). The next build, holding the lock, deletes exactly the
files the journal names — files briefgen can prove it created — and nothing else. (A build
killed in the instant between creating a temporary and journaling it leaves that one empty
file behind; briefgen does not guess that it is its own.)

Before an output is replaced, :func:`inspect` describes what is at its name without following
symbolic links and without opening anything but a regular file (a FIFO or device never blocks
the build): missing, a regular file with its SHA-256, a symbolic link (dangling or not), a
folder, another special file, or a file that cannot be read.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import secrets
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from briefgen.errors import DeliveryError
from briefgen.files import FileMissing, UnreadableFile, describe_kind, open_regular, read_limited
from briefgen.manifest import MANIFEST, MAX_MANIFEST_BYTES, Manifest, parse

logger = logging.getLogger(__name__)

LOCK = ".briefgen.lock"
JOURNAL = ".briefgen-temporaries"
JOURNAL_HEADER = "briefgen-temporaries/1\n"
LOCK_WAIT_SECONDS = 600
_TEMP_PREFIX = ".briefgen-"
_TEMP_SUFFIX = ".tmp"
_MAX_JOURNAL_BYTES = 16 * 1024 * 1024

Kind = Literal["missing", "file", "symlink", "folder", "special", "unreadable"]


# ---------------------------------------------------------------------------------------------
# What is at a name


@dataclass(frozen=True, slots=True)
class FileState:
    """What was found at a path, compared later to detect a change made in between."""

    kind: Kind
    sha256: str | None = None
    """For a regular file: its SHA-256."""
    signature: tuple[int, ...] = ()
    """Inode, size, modification and change times: any edit or replacement changes them."""
    detail: str = ""
    """For anything but a regular file or nothing: what it is, in words."""

    def same_as(self, other: FileState) -> bool:
        """True when nothing changed between the two looks."""
        return (self.kind, self.sha256, self.signature) == (
            other.kind,
            other.sha256,
            other.signature,
        )


MISSING = FileState("missing")


def kind_of(path: Path) -> FileState:
    """What is at ``path``, from its metadata alone (``lstat``): no hash, nothing opened."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return MISSING
    except OSError as exc:
        return FileState("unreadable", detail=f"cannot be read ({exc.strerror or exc})")
    signature = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    if stat.S_ISLNK(info.st_mode):
        return FileState("symlink", signature=signature, detail="a symbolic link")
    if stat.S_ISDIR(info.st_mode):
        return FileState("folder", signature=signature, detail="a folder")
    if not stat.S_ISREG(info.st_mode):
        return FileState("special", signature=signature, detail=describe_kind(info.st_mode))
    return FileState("file", signature=signature)


def inspect(path: Path) -> FileState:
    """Describe what is at ``path`` without following links or blocking on special files;
    a regular file with its SHA-256."""
    state = kind_of(path)
    if state.kind != "file":
        return state
    signature = state.signature
    try:
        digest = file_sha256(path, follow_symlinks=False)
    except OSError as exc:
        return FileState(
            "unreadable", signature=signature, detail=f"cannot be read ({exc.strerror or exc})"
        )
    return FileState("file", digest, signature)


def file_sha256(path: Path, *, follow_symlinks: bool = True) -> str:
    """SHA-256 of a regular file's bytes (raises OSError for anything else)."""
    with open_regular(path, follow_symlinks=follow_symlinks) as stream:
        digest = hashlib.sha256()
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------------
# One file, atomically


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a fsynced temporary file and an atomic rename."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=_TEMP_SUFFIX
        )
    except OSError as exc:
        raise DeliveryError(f"cannot write into {path.parent}: {exc.strerror or exc}") from exc
    try:
        _fill(handle, data, _file_mode(path.parent))
        os.replace(temporary, path)
    except OSError as exc:
        _discard(Path(temporary))
        raise DeliveryError(f"cannot write {path}: {exc.strerror or exc}") from exc
    _fsync_folder(path.parent)


# ---------------------------------------------------------------------------------------------
# A build's output folder


class Staged:
    """Data safely on disk under a temporary name, waiting to be committed under a final one."""

    def __init__(self, folder: OutputFolder, temporary: Path) -> None:
        self._folder = folder
        self.temporary = temporary
        self.committed = False

    def commit(self, name: str) -> Path:
        """Rename the staged file to ``name`` in the folder (atomic), and make that durable."""
        target = self._folder.path / name
        try:
            os.replace(self.temporary, target)
        except OSError as exc:
            raise DeliveryError(f"cannot write {target}: {exc.strerror or exc}") from exc
        self.committed = True
        self._folder._live.discard(self.temporary)
        _fsync_folder(self._folder.path)
        return target


class OutputFolder:
    """A locked output folder: its manifest, and staging of new files (see module docstring)."""

    def __init__(self, path: Path, manifest: Manifest, manifest_text: str | None) -> None:
        self.path = path
        self.manifest = manifest
        self._saved_text = manifest_text
        self._journal: int | None = None
        self._live: set[Path] = set()
        """Temporaries created and neither committed nor removed yet."""

    def state(self, name: str) -> FileState:
        """What is at ``name`` in the folder now."""
        return inspect(self.path / name)

    @contextmanager
    def stage(self, data: bytes) -> Iterator[Staged]:
        """Write ``data`` durably under a journaled temporary name; discard it unless committed."""
        temporary = self._new_temporary()
        staged = Staged(self, temporary)
        try:
            try:
                descriptor = os.open(temporary, os.O_WRONLY | getattr(os, "O_BINARY", 0))
                _fill(descriptor, data, _file_mode(self.path))
            except OSError as exc:
                raise DeliveryError(
                    f"cannot write into {self.path}: {exc.strerror or exc}"
                ) from exc
            yield staged
        finally:
            if not staged.committed and _discard(temporary):
                self._live.discard(temporary)

    def save_manifest(self) -> None:
        """Write the manifest atomically if it changed (a no-change build touches nothing)."""
        text = self.manifest.text()
        if text == self._saved_text or (self._saved_text is None and not self.manifest.entries):
            return
        with self.stage(text.encode("utf-8")) as staged:
            staged.commit(MANIFEST)
        self._saved_text = text

    def _new_temporary(self) -> Path:
        """Create an empty temporary file under a new random name, then journal the name."""
        for _ in range(5):
            temporary = self.path / f"{_TEMP_PREFIX}{secrets.token_hex(16)}{_TEMP_SUFFIX}"
            try:
                descriptor = _create_exclusive(temporary)
            except FileExistsError:
                continue
            except OSError as exc:
                raise DeliveryError(
                    f"cannot write into {self.path}: {exc.strerror or exc}"
                ) from exc
            os.close(descriptor)
            self._live.add(temporary)
            try:
                self._journal_append(temporary.name)
            except OSError as exc:
                if _discard(temporary):
                    self._live.discard(temporary)
                raise DeliveryError(
                    f"cannot write into {self.path}: {exc.strerror or exc}"
                ) from exc
            return temporary
        raise DeliveryError(f"cannot create a temporary file in {self.path}")

    def _journal_append(self, name: str) -> None:
        if self._journal is None:
            journal = self.path / JOURNAL
            self._journal = os.open(
                journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NOFOLLOW, 0o644
            )
            if os.fstat(self._journal).st_size == 0:
                os.write(self._journal, JOURNAL_HEADER.encode())
        os.write(self._journal, f"{name}\n".encode())
        os.fsync(self._journal)

    def close(self) -> None:
        """End the build; the journal goes too unless a temporary could not be removed (the
        next build removes it then)."""
        if self._journal is not None:
            os.close(self._journal)
            self._journal = None
            if not self._live:
                with contextlib.suppress(OSError):
                    os.unlink(self.path / JOURNAL)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


@contextmanager
def open_output_folder(path: Path) -> Iterator[OutputFolder]:
    """Lock ``path`` for a build, clear what a killed build left, and read its manifest.

    Raises :class:`DeliveryError` when the folder cannot be written, stays locked, or holds a
    ``manifest.json``, lock or journal that briefgen did not write.
    """
    path = Path(path)
    lock = _lock(path)
    folder = None
    try:
        _remove_journaled_temporaries(path)
        manifest, text = _read_manifest(path / MANIFEST)
        folder = OutputFolder(path, manifest, text)
        yield folder
    finally:
        if folder is not None:
            folder.close()
        lock.release()


def _lock(path: Path) -> Any:
    from filelock import FileLock, Timeout

    lock_path = path / LOCK
    try:
        path.mkdir(parents=True, exist_ok=True)
        folder_mode = os.stat(path).st_mode
        state = kind_of(lock_path)
        if state.kind not in ("missing", "file"):
            raise DeliveryError(
                f"{lock_path} is {state.detail}, not briefgen's lock file: remove it (briefgen "
                f"never locks through a link, which could truncate the file it points to)"
            )
        # Other users of a group-writable shared folder must be able to take the lock too.
        lock = FileLock(lock_path, mode=0o644 | (folder_mode & 0o022))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            logger.warning("another build is writing to %s; waiting for it to finish", path)
            lock.acquire(timeout=LOCK_WAIT_SECONDS)
    except Timeout as exc:
        raise DeliveryError(f"{path} stayed locked by another build ({LOCK})") from exc
    except OSError as exc:
        raise DeliveryError(f"cannot write into {path}: {exc.strerror or exc}") from exc
    return lock


def _read_manifest(path: Path) -> tuple[Manifest, str | None]:
    try:
        data = read_limited(path, MAX_MANIFEST_BYTES, follow_symlinks=False)
    except FileMissing:
        return Manifest(), None
    except UnreadableFile as exc:
        raise DeliveryError(
            f"{path} is not a briefgen manifest ({exc.reason}); briefgen never overwrites a "
            f"file it did not write: move it away, or build into another folder"
        ) from None
    manifest = parse(data, str(path))
    return manifest, data.decode("utf-8")


def _remove_journaled_temporaries(folder: Path) -> None:
    """Delete the temporaries a killed build journaled; call only while holding the lock."""
    journal = folder / JOURNAL
    try:
        text = read_limited(journal, _MAX_JOURNAL_BYTES, follow_symlinks=False).decode("utf-8")
    except FileMissing:
        return
    except (UnreadableFile, UnicodeDecodeError) as exc:
        raise DeliveryError(
            f"{journal} is not briefgen's journal of temporary files ({exc}): remove it"
        ) from None
    if not text.startswith(JOURNAL_HEADER):
        raise DeliveryError(f"{journal} is not briefgen's journal of temporary files: remove it")
    removed = 0
    # A last line without its newline was being written when the build was killed: its file
    # was created, but the name may be cut short, so it is not trusted.
    for name in text[len(JOURNAL_HEADER) :].split("\n")[:-1]:
        if not _is_temporary_name(name):
            continue
        leftover = folder / name
        if kind_of(leftover).kind == "file":
            with contextlib.suppress(OSError):
                leftover.unlink()
                removed += 1
    if removed:
        logger.info("removed %d temporary file(s) left by an interrupted build", removed)
    try:
        journal.unlink()
    except OSError as exc:
        raise DeliveryError(f"cannot write into {folder}: {exc.strerror or exc}") from exc


def _is_temporary_name(name: str) -> bool:
    token = name.removeprefix(_TEMP_PREFIX).removesuffix(_TEMP_SUFFIX)
    return (
        name.startswith(_TEMP_PREFIX)
        and name.endswith(_TEMP_SUFFIX)
        and len(token) == 32
        and all(c in "0123456789abcdef" for c in token)
    )


# ---------------------------------------------------------------------------------------------
# Helpers


def _create_exclusive(path: Path) -> int:
    """Create ``path`` as a new, empty file (never an existing one, never through a link)."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)


def _file_mode(folder: Path) -> int:
    """Outputs are readable by all; writable by the group when the folder is."""
    try:
        return 0o644 | (os.stat(folder).st_mode & 0o020)
    except OSError:
        return 0o644


def _fill(descriptor: int, data: bytes, mode: int) -> None:
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
        os.fchmod(stream.fileno(), mode)


def _discard(temporary: Path) -> bool:
    """Remove a temporary file; True when it is gone."""
    try:
        os.unlink(temporary)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return True


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
