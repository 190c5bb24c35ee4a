"""File names for outputs that are safe on every shared drive.

A name is built from a pattern (default ``{date}_{name}``, e.g. ``2025-10-29_한미-기술번영-MOU``)
and then made safe: NFC-normalised (macOS writes NFD, which Windows shows as loose jamo), without
characters Windows and SMB forbid (``< > : " / \\ | ? *`` and control characters) or invisible
format characters (bidi overrides could disguise an extension), spaces turned
into hyphens, no trailing dot or space, no reserved device name (CON, NUL, COM1 …), and at most
:data:`MAX_NAME_BYTES` bytes of UTF-8 (a Hangul syllable takes three), cut between characters.
Whatever the brief's id or title holds, the result is a single path component.
"""

from __future__ import annotations

import re
import string
import unicodedata

import regex

from briefgen.models import Brief

DEFAULT_PATTERN = "{date}_{name}"
PATTERN_FIELDS = ("date", "id", "name", "title")
MAX_NAME_BYTES = 180
"""Leaves room under the 255-byte limit of common file systems for suffixes and temp names."""

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
# Invisible format characters (bidi overrides that can disguise an extension, zero-width
# joiners, BOM): dropped from names.
_INVISIBLE = regex.compile(r"\p{Cf}+")
_SPACES = re.compile(r"[\s\u2060\u200b]+")
_HYPHENS = re.compile(r"-{2,}")
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{d}{n}" for d in ("COM", "LPT") for n in range(10)}
_GRAPHEME = regex.compile(r"\X")


def check_pattern(pattern: str) -> str:
    """Validate a name pattern: only the known ``{fields}``, and at least one of them."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None]
    except ValueError as exc:
        raise ValueError(f"bad name pattern {pattern!r}: {exc}") from None
    unknown = [f for f in fields if f not in PATTERN_FIELDS]
    if unknown or not fields:
        known = ", ".join("{" + f + "}" for f in PATTERN_FIELDS)
        raise ValueError(f"bad name pattern {pattern!r}: use the fields {known}")
    return pattern


def output_stem(brief: Brief, pattern: str = DEFAULT_PATTERN) -> str:
    """The safe file name (without extension) of ``brief`` under ``pattern``."""
    values = {
        "date": brief.date.isoformat(),
        "id": brief.id,
        "name": brief.short_title or brief.title,
        "title": brief.title,
    }
    return safe_stem(check_pattern(pattern).format(**values))


def safe_stem(text: str) -> str:
    """Make ``text`` a valid file name stem on Windows, macOS, Linux and SMB shares."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _FORBIDDEN.sub("-", text)
    text = _SPACES.sub("-", text)
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
    return "".join(kept)
