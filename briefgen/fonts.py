"""Find the font that will set Hangul in PDFs, through the same fontconfig WeasyPrint uses.

WeasyPrint lays text out with Pango, which picks fonts with fontconfig: for each family in the
CSS ``font-family`` list it uses the first installed one that has the glyph. This module asks
fontconfig the same question for the theme's family chain, and checks with fontTools (already a
WeasyPrint dependency) that the matched file really covers Hangul syllables. If nothing does, a
PDF would come out as empty boxes ("tofu"), so we raise :class:`FontNotFoundError` with the fix.

fontconfig and HarfBuzz are reached through WeasyPrint's own cffi bindings, so the question goes
to the very libraries Pango uses (a separate binding could load another fontconfig). Those
bindings are not a public WeasyPrint API: :func:`weasyprint_bindings` is the only place that
touches them, checks every symbol briefgen uses, and raises
:class:`~briefgen.errors.EnvironmentProblem` naming the supported WeasyPrint release if one is
missing (``pyproject.toml`` bounds WeasyPrint's major version, and a test calls it).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from briefgen.errors import EnvironmentProblem, FontNotFoundError

logger = logging.getLogger(__name__)

#: Generic family fontconfig resolves with the Korean language preference when the theme's own
#: families are all missing.
GENERIC_FALLBACK = "sans-serif"
HANGUL_COVERAGE = b"ko"
"""fontconfig's language of the glyph coverage asked of a body font: Hangul, which every brief
holds (names and terms stay in Hangul in any edition) — a script requirement, not the brief's
language (:mod:`briefgen.locales`)."""

#: Code points a Korean body font must have: the first and last Hangul syllables and a few
#: common ones (한, 국, 어).
_HANGUL_PROBE = (0xAC00, 0xD7A3, 0xD55C, 0xAD6D, 0xC5B4)


@dataclass(frozen=True, slots=True)
class ResolvedFont:
    """The font that sets Hangul: the family as fontconfig names it and its file."""

    family: str
    file: str
    requested: str

    @property
    def from_theme(self) -> bool:
        """True when a family the theme names was found, not a generic fallback."""
        return self.requested != GENERIC_FALLBACK


def platform_fix(*, debian: str, macos: str, windows: str) -> str:
    """The fix that applies on this platform (Debian/Ubuntu and other Linux use ``debian``)."""
    if sys.platform == "darwin":
        return macos
    if sys.platform == "win32":
        return windows
    return debian


def install_hint() -> str:
    """A concrete command that installs a Korean font on this platform."""
    return platform_fix(
        debian="sudo apt-get install fonts-noto-cjk (or fonts-nanum)",
        macos="brew install --cask font-noto-sans-cjk-kr (or use the system's Apple SD Gothic Neo)",
        windows="install Noto Sans CJK KR, or use Windows' own Malgun Gothic (맑은 고딕)",
    )


def resolve_hangul_font(families: Sequence[str]) -> ResolvedFont:
    """Return the first of ``families`` that is installed and covers Hangul.

    Falls back to what fontconfig picks for ``sans-serif`` in Korean (with a warning), and raises
    :class:`FontNotFoundError` when no installed font covers Hangul at all.
    """
    for family in (*families, GENERIC_FALLBACK):
        match = _match(family)
        if match is None:
            continue
        names, path = match
        installed = family == GENERIC_FALLBACK or is_installed(family)
        if installed and _covers_hangul(path):
            resolved = ResolvedFont(family=names[0], file=path, requested=family)
            if not resolved.from_theme:
                logger.warning(
                    "none of the theme's fonts (%s) is installed; Hangul falls back to %s (%s). "
                    "Fix: %s",
                    ", ".join(families),
                    resolved.family,
                    resolved.file,
                    install_hint(),
                )
            return resolved
    raise FontNotFoundError(
        "no installed font can set Hangul, so Korean text would print as empty boxes. "
        f"Tried: {', '.join(families)}, then any Korean font. Fix: {install_hint()}"
    )


_FONTCONFIG_SYMBOLS = (
    "FcInitLoadConfigAndFonts", "FcPatternCreate", "FcPatternDestroy", "FcPatternAddString",
    "FcConfigSubstitute", "FcDefaultSubstitute", "FcFontMatch", "FcPatternGetString",
    "FcMatchPattern",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Bindings:
    """WeasyPrint's cffi handles to fontconfig, Pango and HarfBuzz (and its subsetter)."""

    ffi: Any
    fontconfig: Any
    pango: Any
    harfbuzz: Any
    harfbuzz_subset: Any


def weasyprint_bindings() -> Bindings:
    """WeasyPrint's bindings to fontconfig and HarfBuzz, checked for what briefgen uses."""
    try:
        from weasyprint.text import ffi as module

        bindings = Bindings(
            module.ffi, module.fontconfig, module.pango, module.harfbuzz, module.harfbuzz_subset
        )
        for symbol in _FONTCONFIG_SYMBOLS:
            getattr(bindings.fontconfig, symbol)
        bindings.harfbuzz.hb_version_atleast  # noqa: B018  (checked: subsetting_active uses it)
        bindings.pango.pango_version  # noqa: B018  (checked: doctor uses it)
    except (ImportError, AttributeError) as exc:
        raise EnvironmentProblem(
            f"this WeasyPrint release changed the font bindings briefgen uses ({exc}); "
            f"install the release briefgen supports: pip install 'weasyprint>=70,<71'"
        ) from exc
    return bindings


@cache
def _match(family: str, style: str | None = None) -> tuple[list[str], str] | None:
    """Ask fontconfig for ``family`` (in ``style``, e.g. "Bold") with Korean as the language;
    return (families, file)."""
    bindings = weasyprint_bindings()
    ffi, fontconfig = bindings.ffi, bindings.fontconfig
    config = _fontconfig_config()
    pattern = ffi.gc(fontconfig.FcPatternCreate(), fontconfig.FcPatternDestroy)
    fontconfig.FcPatternAddString(pattern, b"family", family.encode())
    fontconfig.FcPatternAddString(pattern, b"lang", HANGUL_COVERAGE)
    if style:
        fontconfig.FcPatternAddString(pattern, b"style", style.encode())
    fontconfig.FcConfigSubstitute(config, pattern, fontconfig.FcMatchPattern)
    fontconfig.FcDefaultSubstitute(pattern)
    result = ffi.new("FcResult *")
    matched = fontconfig.FcFontMatch(config, pattern, result)
    if matched == ffi.NULL:
        return None
    matched = ffi.gc(matched, fontconfig.FcPatternDestroy)
    value = ffi.new("FcChar8 **")
    names: list[str] = []
    while fontconfig.FcPatternGetString(matched, b"family", len(names), value) == 0:
        names.append(ffi.string(value[0]).decode("utf-8", "replace"))
    if not names or fontconfig.FcPatternGetString(matched, b"file", 0, value) != 0:
        return None
    return names, ffi.string(value[0]).decode("utf-8", "replace")


@cache
def matched_face(family: str, *, style: str | None = None) -> tuple[str, int, int] | None:
    """The file, face index (in a collection) and OS/2 weight class of what fontconfig gives
    for ``family`` in ``style``; None when the file has no face of that family."""
    from fontTools.ttLib import TTCollection, TTFont

    match = _match(family, style)
    if match is None:
        return None
    path = match[1]
    try:
        with open(path, "rb") as stream:
            collection = stream.read(4) == b"ttcf"
        fonts = TTCollection(path, lazy=True).fonts if collection else [TTFont(path, lazy=True)]
        for index, font in enumerate(fonts):
            names = {font["name"].getDebugName(i) for i in (1, 16)}
            if family in names:
                return path, index, int(font["OS/2"].usWeightClass)
    except Exception:  # an unreadable font file has no face to offer
        logger.debug("cannot read font file %s", path, exc_info=True)
    return None


@cache
def _fontconfig_config() -> Any:
    return weasyprint_bindings().fontconfig.FcInitLoadConfigAndFonts()


@cache
def _covers_hangul(path: str) -> bool:
    """True when the font file (first face of a collection) maps the Hangul probe characters.

    Reading a CJK font's character map takes ~70 ms, on every cold start: a positive answer is
    remembered in the cache folder, keyed by the file's path, size and modification time.
    """
    marker = _coverage_marker(path)
    if marker is not None and marker.is_file():
        return True
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(path, fontNumber=0, lazy=True)
        cmap = font.getBestCmap() or {}
    except Exception:  # a broken or unreadable font file simply does not count
        logger.debug("cannot read font file %s", path, exc_info=True)
        return False
    covered = all(cp in cmap for cp in _HANGUL_PROBE)
    if covered and marker is not None:
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
        except OSError:  # an unwritable cache only costs the 70 ms next time
            logger.debug("cannot remember the coverage of %s", path, exc_info=True)
    return covered


def _coverage_marker(path: str) -> Path | None:
    """The cache file that records that ``path`` (as it is now) covers Hangul."""
    import hashlib

    from briefgen.compactfont import cache_dir

    try:
        stat = os.stat(path)
    except OSError:
        return None
    key = f"{os.path.realpath(path)}|{stat.st_size}|{stat.st_mtime_ns}|{_HANGUL_PROBE}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:24]
    return cache_dir().parent / "coverage" / f"{digest}.hangul"


def font_files_fingerprint(families: Sequence[str]) -> str:
    """The font files that set a brief's text, as they are now: for each of ``families`` and
    the generic fallback, regular and bold, the file fontconfig matches with its real path,
    size and modification time. A font updated, replaced or newly installed on the machine
    changes it, so the outputs it set are made again (and the compact copies made from it).

    A build asks this before it knows whether anything needs rendering, so it asks fontconfig
    through :mod:`ctypes` (the system library Pango loads too; about 10 ms with a fresh
    configuration, so fonts installed since the last build count) rather than through
    WeasyPrint's bindings, whose import takes most of a second. Where ctypes cannot find
    fontconfig, WeasyPrint's matches are used.
    """
    import hashlib

    matches = _system_fontconfig_files(tuple(families))
    if matches is None:
        matches = {
            (family, style): (match[1] if (match := _match(family, style)) else None)
            for family, style in _fingerprint_queries(families)
        }
    digest = hashlib.sha256()
    for (family, style), path in matches.items():
        state = "-"
        if path is not None:
            try:
                stat = os.stat(path)
                state = f"{os.path.realpath(path)}|{stat.st_size}|{stat.st_mtime_ns}"
            except OSError:
                state = f"{path}|unreadable"
        digest.update(f"{family}|{style}|{state}\n".encode())
    return digest.hexdigest()


def _fingerprint_queries(families: Sequence[str]) -> Iterator[tuple[str, str | None]]:
    """What the fingerprint asks fontconfig for: each family and the fallback, regular and bold."""
    for family in (*families, GENERIC_FALLBACK):
        for style in (None, "Bold"):
            yield family, style


def _system_fontconfig_files(
    families: tuple[str, ...],
) -> dict[tuple[str, str | None], str | None] | None:
    """(family, style) → the file the system's fontconfig matches (Korean preferred), for
    ``families`` and the generic fallback; None when fontconfig cannot be loaded this way."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("fontconfig")
    if name is None:
        return None
    try:
        fc = ctypes.CDLL(name)
    except OSError:
        return None
    pointer = ctypes.c_void_p
    fc.FcInitLoadConfigAndFonts.restype = pointer
    fc.FcPatternCreate.restype = pointer
    fc.FcPatternAddString.argtypes = (pointer, ctypes.c_char_p, ctypes.c_char_p)
    fc.FcConfigSubstitute.argtypes = (pointer, pointer, ctypes.c_int)
    fc.FcDefaultSubstitute.argtypes = (pointer,)
    fc.FcFontMatch.argtypes = (pointer, pointer, ctypes.POINTER(ctypes.c_int))
    fc.FcFontMatch.restype = pointer
    fc.FcPatternGetString.argtypes = (
        pointer,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_char_p),
    )
    fc.FcPatternDestroy.argtypes = (pointer,)
    fc.FcConfigDestroy.argtypes = (pointer,)
    config = fc.FcInitLoadConfigAndFonts()
    if not config:
        return None
    found: dict[tuple[str, str | None], str | None] = {}
    try:
        for family, style in _fingerprint_queries(families):
            pattern = fc.FcPatternCreate()
            fc.FcPatternAddString(pattern, b"family", family.encode())
            fc.FcPatternAddString(pattern, b"lang", HANGUL_COVERAGE)
            if style:
                fc.FcPatternAddString(pattern, b"style", style.encode())
            fc.FcConfigSubstitute(config, pattern, 0)  # FcMatchPattern
            fc.FcDefaultSubstitute(pattern)
            result = ctypes.c_int()
            matched = fc.FcFontMatch(config, pattern, ctypes.byref(result))
            fc.FcPatternDestroy(pattern)
            path = None
            if matched:
                value = ctypes.c_char_p()
                if fc.FcPatternGetString(matched, b"file", 0, ctypes.byref(value)) == 0:
                    path = (value.value or b"").decode("utf-8", "replace") or None
                fc.FcPatternDestroy(matched)
            found[(family, style)] = path
    finally:
        fc.FcConfigDestroy(config)
    return found


def is_installed(family: str) -> bool:
    """True when fontconfig knows ``family`` itself (not a substitute for it)."""
    match = _match(family)
    return match is not None and family.casefold() in {n.casefold() for n in match[0]}


def subsetting_active() -> bool:
    """True when WeasyPrint will subset fonts with HarfBuzz (its own condition, from 4.1.0)."""
    bindings = weasyprint_bindings()
    return bindings.harfbuzz_subset is not None and bool(
        bindings.harfbuzz.hb_version_atleast(4, 1, 0)
    )


def subsetting_hint() -> str:
    """A concrete command that installs HarfBuzz's subset library on this platform."""
    return platform_fix(
        debian="sudo apt-get install libharfbuzz-subset0",
        macos="brew install harfbuzz",
        windows="update harfbuzz in MSYS2",
    )


_warned_about_subsetting = False


def warn_if_slow_subsetting() -> None:
    """Warn once per process when PDFs will be slow because HarfBuzz subsetting is missing."""
    global _warned_about_subsetting
    if not _warned_about_subsetting and not subsetting_active():
        _warned_about_subsetting = True
        logger.warning(
            "HarfBuzz subsetting is not available: WeasyPrint subsets the CJK font with "
            "fontTools, about 10 s per PDF instead of a fraction of a second. Fix: %s",
            subsetting_hint(),
        )
