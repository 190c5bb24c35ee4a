"""The output folder's manifest: what briefgen wrote there, so nothing else is ever lost.

``manifest.json`` records, for each file briefgen wrote, its brief, format, SHA-256, size, the
hash of the inputs it was built from, and — for a build written beside a kept file — the name
of the file it stands beside. With it a build can tell

* an output that is up to date (same inputs, file unchanged): nothing to render;
* an output someone changed after briefgen wrote it (its hash no longer matches), or a file
  briefgen never wrote: never overwritten without ``--force``.

The manifest is itself a file briefgen must not take from anyone: a ``manifest.json`` that is
not a briefgen manifest in every detail (another tool's, edited by hand, truncated) is refused
with :class:`~briefgen.errors.DeliveryError`, never replaced. Names in it must be plain file
names of the folder, so a forged manifest cannot point briefgen at any other file.

The manifest has no timestamps, so identical builds leave identical manifests. Reading, locking
and saving it is :mod:`briefgen.delivery`'s job; this module only knows its content.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from typing import Any

from briefgen.errors import DeliveryError

MANIFEST = "manifest.json"
FORMAT = "briefgen-manifest/2"
READABLE_FORMATS = ("briefgen-manifest/1", FORMAT)
"""Version 1 had no ``side_of``; it is read as written and saved as version 2."""
MAX_MANIFEST_BYTES = 64 * 1024 * 1024

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_ENTRY_FIELDS: dict[str, type | tuple[type, ...]] = {
    "brief": str,
    "format": str,
    "sha256": str,
    "size": int,
    "inputs": str,
    "previous": (str, type(None)),
    "side_of": (str, type(None)),
}
_REQUIRED = ("brief", "format", "sha256", "size", "inputs")


@dataclass(frozen=True, slots=True)
class Entry:
    """One output file as briefgen wrote it."""

    brief: str
    format: str
    sha256: str
    size: int
    inputs: str
    previous: str | None = None
    """SHA-256 of the version this one replaced — only ever a version briefgen itself wrote —
    so a build killed between recording the new file and renaming it into place still
    recognises the old file as briefgen's own."""
    side_of: str | None = None
    """For a build written beside a kept file (``NAME.new.EXT``): the kept file's name."""

    def describes(self, sha256: str | None) -> bool:
        """True when a file with this hash is one briefgen wrote under this name."""
        return sha256 is not None and sha256 in (self.sha256, self.previous)


class Manifest:
    """The entries of one output folder's manifest, as read when the folder was locked."""

    def __init__(self, entries: dict[str, Entry] | None = None) -> None:
        self.entries: dict[str, Entry] = dict(entries or {})

    def get(self, name: str) -> Entry | None:
        """The entry for file ``name`` in the folder, if briefgen wrote it."""
        return self.entries.get(name)

    def record(self, name: str, entry: Entry) -> None:
        """Remember that briefgen wrote ``name``."""
        check_name(name)
        self.entries[name] = entry

    def restore(self, name: str, entry: Entry | None) -> None:
        """Put back what was recorded for ``name`` before (``None``: nothing)."""
        if entry is None:
            self.entries.pop(name, None)
        else:
            self.entries[name] = entry

    def forget(self, name: str) -> None:
        """Drop the entry for ``name`` (a file briefgen removed, or no longer owns)."""
        self.entries.pop(name, None)

    def side_builds(self, name: str) -> list[tuple[str, Entry]]:
        """The builds briefgen wrote beside the kept file ``name``, by name."""
        return sorted((n, e) for n, e in self.entries.items() if e.side_of == name)

    def text(self) -> str:
        """The manifest as saved: sorted, indented JSON with a final newline."""
        document = {
            "format": FORMAT,
            "outputs": {name: _entry_dict(self.entries[name]) for name in sorted(self.entries)},
        }
        return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _entry_dict(entry: Entry) -> dict[str, Any]:
    fields = asdict(entry)
    if fields["side_of"] is None:
        del fields["side_of"]  # keeps manifests of folders without kept files as they were
    return fields


def check_name(name: str) -> str:
    """Refuse anything but a plain, visible file name of the folder itself."""
    if (
        not name
        or name in (".", "..", MANIFEST)
        or name.startswith(".")
        or "/" in name
        or "\\" in name
        or "\0" in name
    ):
        raise ValueError(f"not a plain output file name: {name!r}")
    return name


def parse(data: bytes, source: str) -> Manifest:
    """Parse a saved manifest; anything but a well-formed briefgen manifest is refused.

    ``source`` names the file in the message. Raises :class:`DeliveryError`.
    """

    def refuse(reason: str) -> DeliveryError:
        return DeliveryError(
            f"{source} is not a briefgen manifest ({reason}); briefgen never overwrites a file "
            f"it did not write: move it away, or build into another folder"
        )

    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise refuse("not UTF-8 text") from None
    except RecursionError:
        raise refuse("nested too deeply") from None
    except ValueError as exc:
        raise refuse(f"not valid JSON: {exc}") from None
    if not isinstance(document, dict) or document.get("format") not in READABLE_FORMATS:
        raise refuse('no "format": "briefgen-manifest/…" field')
    outputs = document.get("outputs")
    if not isinstance(outputs, dict):
        raise refuse(f'"outputs" is {_json_type(outputs)}, not an object')
    if set(document) - {"format", "outputs"}:
        raise refuse(f"unknown fields {sorted(set(document) - {'format', 'outputs'})}")
    entries = {}
    for name, fields in outputs.items():
        try:
            check_name(name)
            entries[name] = _entry(fields)
        except ValueError as exc:
            raise refuse(f"entry {name!r}: {exc}") from None
    return Manifest(entries)


def _entry(fields: Any) -> Entry:
    if not isinstance(fields, dict):
        raise ValueError(f"is {_json_type(fields)}, not an object")
    unknown = set(fields) - set(_ENTRY_FIELDS)
    missing = [name for name in _REQUIRED if name not in fields]
    if unknown or missing:
        raise ValueError(f"unknown fields {sorted(unknown)}, missing fields {missing}")
    for name, value in fields.items():
        expected = _ENTRY_FIELDS[name]
        if not isinstance(value, expected) or isinstance(value, bool):
            raise ValueError(f"{name} has the wrong type")
    for name in ("sha256", "inputs", "previous"):
        value = fields.get(name)
        if value is not None and not _SHA256.match(value):
            raise ValueError(f"{name} is not a SHA-256")
    if fields["size"] < 0:
        raise ValueError("size is negative")
    if fields.get("side_of") is not None:
        check_name(fields["side_of"])
    return Entry(**fields)


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false"}
    if value is None:
        return "null"
    return names.get(type(value), "a number")


def sha256_bytes(data: bytes) -> str:
    """SHA-256 of bytes, as stored in the manifest."""
    return hashlib.sha256(data).hexdigest()
