"""The output folder's manifest: what briefgen wrote there, so nothing else is ever lost.

``manifest.json`` records, for each file briefgen wrote, its brief, format, SHA-256, size and
the hash of the inputs it was built from. With it a build can tell

* an output that is up to date (same inputs, file unchanged): nothing to render;
* an output someone changed after briefgen wrote it (its hash no longer matches), or a file
  briefgen never wrote: never overwritten without ``--force``.

Each new file is recorded *before* it is renamed into place (with the hash of the version it
replaces), so the manifest matches the folder even when a build is killed at any moment.

The manifest has no timestamps, so identical builds leave identical manifests. It is read and
written under an exclusive lock on the folder (``.briefgen.lock``), so two builds into the
same folder take turns instead of corrupting it; it is replaced atomically.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from briefgen.delivery import write_atomic
from briefgen.errors import DeliveryError

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
LOCK = ".briefgen.lock"
FORMAT = "briefgen-manifest/1"
LOCK_WAIT_SECONDS = 600


@dataclass(frozen=True, slots=True)
class Entry:
    """One output file as briefgen wrote it."""

    brief: str
    format: str
    sha256: str
    size: int
    inputs: str
    previous: str | None = None
    """SHA-256 of the version this one replaced, so a build killed between recording the new
    file and renaming it into place still recognises the old file as briefgen's own."""

    def describes(self, sha256: str) -> bool:
        """True when a file with this hash is one briefgen wrote under this name."""
        return sha256 in (self.sha256, self.previous)


class Manifest:
    """The manifest of one output folder, loaded while the folder is locked."""

    def __init__(self, folder: Path, entries: dict[str, Entry]) -> None:
        self.folder = folder
        self.entries = entries
        self._saved = self._text()

    def get(self, name: str) -> Entry | None:
        """The entry for file ``name`` in the folder, if briefgen wrote it."""
        return self.entries.get(name)

    def record(self, name: str, entry: Entry) -> None:
        """Remember that briefgen wrote ``name``."""
        self.entries[name] = entry

    def forget(self, name: str) -> None:
        """Drop the entry for ``name`` (a file briefgen removed)."""
        self.entries.pop(name, None)

    def save(self) -> None:
        """Write the manifest atomically if it changed (a no-change build touches nothing)."""
        text = self._text()
        missing = self.entries and not (self.folder / MANIFEST).exists()
        if text != self._saved or missing:
            write_atomic(self.folder / MANIFEST, text.encode("utf-8"))
            self._saved = text

    def _text(self) -> str:
        document = {
            "format": FORMAT,
            "outputs": {name: asdict(self.entries[name]) for name in sorted(self.entries)},
        }
        return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@contextmanager
def locked_manifest(folder: Path) -> Iterator[Manifest]:
    """Lock ``folder`` for this build and yield its manifest (empty if there is none)."""
    from filelock import FileLock, Timeout

    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = FileLock(folder / LOCK)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            logger.warning("another build is writing to %s; waiting for it to finish", folder)
            lock.acquire(timeout=LOCK_WAIT_SECONDS)
    except Timeout as exc:
        raise DeliveryError(f"{folder} stayed locked by another build ({LOCK})") from exc
    except OSError as exc:
        raise DeliveryError(f"cannot write into {folder}: {exc.strerror or exc}") from exc
    try:
        yield Manifest(folder, _read(folder / MANIFEST))
    finally:
        lock.release()


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read(path: Path) -> dict[str, Entry]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        # Without a trustworthy manifest every existing file counts as someone else's: safe.
        logger.warning("ignoring unreadable manifest %s (%s)", path, exc)
        return {}
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        logger.warning("ignoring manifest %s in an unknown format", path)
        return {}
    entries = {}
    for name, fields in document.get("outputs", {}).items():
        try:
            entries[name] = Entry(**fields)
        except TypeError:
            logger.warning("ignoring a malformed manifest entry for %s", name)
    return entries
