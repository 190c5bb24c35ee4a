"""File names for outputs that are safe on every shared drive.

A name is built from a pattern (default ``{date}_{name}``, e.g. ``2025-10-29_한미-기술번영-MOU``)
and then made safe: NFC-normalised (macOS writes NFD, which Windows shows as loose jamo), without
invisible format characters (bidi overrides could disguise an extension), and with nothing but
letters, digits, ``.``, ``_`` and ``-``: spaces, punctuation and symbols — the characters
Windows and SMB forbid (``< > : " / \\ | ? *``), and commas, quotes, brackets, ``& $ % #`` that
trouble scripts and web addresses on shared drives — each run turned into one hyphen. No
trailing dot or space, no reserved device name (CON, NUL, COM1 …), and at most
:data:`MAX_NAME_BYTES` bytes of UTF-8 (a Hangul syllable takes three), shortened at a word
boundary (a hyphen) when one lies in the second half, else between characters. Whatever the
brief's id or title holds, the result is a single path component.
"""

from __future__ import annotations

import re
import string
import unicodedata
from typing import TYPE_CHECKING

import regex

from briefgen.errors import OptionError

if TYPE_CHECKING:  # the command line checks name patterns before loading the models
    from briefgen.models import Brief

DEFAULT_PATTERN = "{date}_{name}"
PATTERN_FIELDS = ("date", "id", "name", "title")
MAX_NAME_BYTES = 180
"""Leaves room under the 255-byte limit of common file systems for suffixes and temp names."""

# Everything but letters, digits, combining marks, "." "_" and "-" (which includes every
# character Windows forbids, whitespace and the word joiners typography adds).
_UNSAFE = regex.compile(r"[^\p{L}\p{N}\p{M}._-]+")
# Invisible format characters (bidi overrides that can disguise an extension, zero-width
# joiners, BOM): dropped from names.
_INVISIBLE = regex.compile(r"\p{Cf}+")
_HYPHENS = re.compile(r"-{2,}")
# Windows device names, reserved whatever the extension and the case (the superscript digits
# ¹ ² ³ count as digits there too).
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{device}{number}" for device in ("COM", "LPT") for number in "0123456789¹²³"
}
_GRAPHEME = regex.compile(r"\X")


MAX_PATTERN_LENGTH = 200


def check_pattern(pattern: str) -> str:
    """Validate a name pattern: plain known ``{fields}`` only, and at least one of them.

    Conversions (``{date!r}``), format specs (``{date:>999999}``), attribute or index access
    (``{title.__class__}``) and nested fields are refused: they could crash a build, allocate
    without bound or reach into objects. Raises :class:`~briefgen.errors.OptionError`.
    """
    known = ", ".join("{" + f + "}" for f in PATTERN_FIELDS)
    if not isinstance(pattern, str) or len(pattern) > MAX_PATTERN_LENGTH:
        raise OptionError(f"bad name pattern: at most {MAX_PATTERN_LENGTH} characters")
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise OptionError(f"bad name pattern {pattern!r}: {exc}") from None
    fields = [(f, spec, conversion) for _, f, spec, conversion in parsed if f is not None]
    for name, spec, conversion in fields:
        if name not in PATTERN_FIELDS or spec or conversion:
            raise OptionError(
                f"bad name pattern {pattern!r}: {{{name}{'!' + conversion if conversion else ''}"
                f"{':' + spec if spec else ''}}} is not allowed; use the plain fields {known}"
            )
    if not fields:
        raise OptionError(f"bad name pattern {pattern!r}: use at least one of the fields {known}")
    return pattern


def output_stem(brief: Brief, pattern: str = DEFAULT_PATTERN) -> str:
    """The safe file name (without extension) of ``brief`` under ``pattern``."""
    values = {
        "date": brief.date.isoformat(),
        "id": brief.id,
        "name": brief.short_title or brief.title,
        "title": brief.title,
    }
    # Each value made safe on its own first: a title that begins with a bracket must not
    # leave a hyphen after the pattern's separator (2010-11-29_-행정절차법…).
    safe = {key: safe_stem(value) for key, value in values.items()}
    return safe_stem(check_pattern(pattern).format(**safe))


def safe_stem(text: str) -> str:
    """Make ``text`` a valid file name stem on Windows, macOS, Linux and SMB shares."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _UNSAFE.sub("-", text)
    text = _HYPHENS.sub("-", text).strip("-. ")
    if text.split(".")[0].upper() in _RESERVED:
        text = f"_{text}"
    text = _truncate(text, MAX_NAME_BYTES).rstrip("-. ")
    return text or "brief"


def _truncate(text: str, limit: int) -> str:
    if len(text.encode("utf-8")) <= limit:
        return text
    kept, size = [], 0
    for cluster in _GRAPHEME.findall(text):
        size += len(cluster.encode("utf-8"))
        if size > limit:
            break
        kept.append(cluster)
    cut = "".join(kept)
    if text[len(cut) : len(cut) + 1] in ("-", "_"):
        return cut  # already at a word's end
    boundary = max(cut.rfind("-"), cut.rfind("_"))
    return cut[:boundary] if boundary >= len(cut) // 2 else cut
