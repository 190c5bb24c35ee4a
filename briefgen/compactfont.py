"""Compact copies of the theme's Korean font, so that PDFs embed small fonts.

Why: WeasyPrint subsets the fonts it embeds but keeps their glyph ids (HarfBuzz's
``RETAIN_GIDS``, then every glyph up to the last one used). Noto Sans CJK KR has 65,535
glyphs with Hangul near the end, so each weight embedded a font program of some 60,000 empty
glyphs with their metrics: ~150 KB compressed, about 290 of a two-page brief's 310 KB.

What: once per machine, fontTools copies the face that sets Hangul (regular and bold) twice,
each with a fixed part of the Korean repertoire (:data:`PARTS`): "Hangul" — the 2,350 Hangul
syllables of KS X 1001, the compatibility jamo, Latin, punctuation and the symbols Korean
documents use — and "Hanja" — the 4,888 Hanja of KS X 1001 (美, 中, 日 in headlines), made
and embedded only for a document that has one. Glyphs are numbered from 0 and every layout
table is kept, so shaping, metrics and line breaks are those of the original font. The PDF
writer puts the copies first in the font chain through ``@font-face`` rules; a character outside
both parts (a rare syllable) falls through to the theme's own font exactly as before, which then
embeds as before.

**CIDs equal glyph ids.** Noto Sans CJK is a CID-keyed CFF font whose charset maps glyph *n* to
CID *n*. fontTools' subsetter renumbers the glyphs but keeps their original CIDs in the charset
(glyph 220 keeps CID 468). WeasyPrint writes glyph ids as CIDs (``Identity-H``), and ISO 32000-1
9.7.4.2 says a viewer finds the glyph of a CID through the charset: poppler and PDFium skip
that step, Ghostscript and MuPDF follow it and drew 62% of the glyphs as boxes, blanks or other
letters. :func:`_identity_cids` gives the copy the identity charset again (glyph *n* is CID
*n*; outlines, metrics and every layout table unchanged), so every engine draws the same glyph.

The copies live in the user's cache folder (``platformdirs``; ``BRIEFGEN_CACHE_DIR`` overrides
it), named by a hash of the source file (path, size, modification time), the face, the
repertoire and fontTools' version, written under a lock to a temporary name and renamed. Beside
each copy a ``.sha256`` file records the hash of its bytes when it was written: a copy is used
only when its bytes still have that hash (a truncated or damaged copy is made again, never
embedded), and the bytes handed to WeasyPrint are the ones checked. If the folder cannot be
written or the font cannot be copied, PDFs use the theme's font as before (one warning).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from briefgen.files import UnreadableFile, read_limited

logger = logging.getLogger(__name__)

REPERTOIRE_VERSION = 3
"""Bump when the repertoire or the copy options change: cached copies are rebuilt."""
FAMILY_SUFFIX = " briefgen "
"""The PDF's ``@font-face`` rules name a part's copies after their source, e.g.
``Noto Sans CJK KR briefgen Hangul`` (the PDF's font list shows where they come from)."""
URL_SCHEME = "briefgen-font"
"""Copies are named ``briefgen-font:<part>-<weight>`` in the PDF's CSS; only its fetcher
serves them."""
MAX_FONT_BYTES = 30 * 1024 * 1024
_HASH_SUFFIX = ".sha256"
_BOLD_WEIGHT = 600  # OS/2 usWeightClass from which a face counts as bold


@dataclass(frozen=True, slots=True)
class CompactFace:
    """A compact copy of one weight of the Hangul face, ready for an ``@font-face`` rule."""

    source: str
    """The family the copy is made from (``Noto Sans CJK KR``)."""
    part: str
    weight: int
    path: Path
    sha256: str
    """The hash recorded when the copy was written: :meth:`read` returns only bytes with it."""
    origin: Path
    """The installed font file the copy is made from."""
    index: int
    """The face of ``origin`` (a collection holds several)."""

    @property
    def family(self) -> str:
        return self.source + FAMILY_SUFFIX + self.part

    @property
    def url(self) -> str:
        return f"{URL_SCHEME}:{self.part}-{self.weight}"

    def read(self) -> bytes:
        """The copy's bytes, exactly those recorded when it was written (a regular file of the
        cache, size-limited). A copy damaged since it was checked is made again first; if that
        fails too, :class:`OSError` (the PDF then fails instead of using another font)."""
        data = _checked_bytes(self.path, self.sha256)
        if data is None:
            logger.warning("the cached compact font %s is damaged; making it again", self.path)
            made = _cached_copy(self.origin, self.index, self.part)
            data = None if made is None else _checked_bytes(made[0], self.sha256)
            if data is None:
                raise OSError(f"the cached compact font {self.path} is damaged")
        return data


def mapped_characters(path: str | Path, index: int = 0) -> frozenset[int]:
    """The code points a font file maps (its best cmap; empty when unreadable). Remembered per
    file as it is now: a compact copy takes milliseconds, a full CJK font ~70 ms."""
    try:
        status = os.stat(path)
    except OSError:
        return frozenset()
    return _mapped(str(path), index, status.st_size, status.st_mtime_ns)


@cache
def _mapped(path: str, index: int, _size: int, _mtime: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    try:
        return frozenset((TTFont(path, fontNumber=index, lazy=True).getBestCmap() or {}).keys())
    except Exception:  # an unreadable font maps nothing
        logger.debug("cannot read the character map of %s", path, exc_info=True)
        return frozenset()


def _ks_x_1001(first_row: int, last_row: int) -> set[int]:
    """The characters of KS X 1001 rows ``first_row``..``last_row`` (EUC-KR lead bytes)."""
    found = set()
    for lead in range(first_row, last_row + 1):
        for trail in range(0xA1, 0xFF):
            try:
                found.add(ord(bytes((lead, trail)).decode("euc-kr")))
            except UnicodeDecodeError:
                continue
    return found


_COMMON_RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x017F),  # Latin-1 and Latin Extended-A (names, ·, ×, °)
    (0x2000, 0x206F),  # general punctuation (“ ” ‘ ’ … – — ‰ ※, joiners, spaces)
    (0x2070, 0x209F),  # superscripts and subscripts
    (0x20A0, 0x20BF),  # currency signs (₩ € …)
    (0x2100, 0x218F),  # letterlike symbols and number forms (℃ № ™ Ⅰ Ⅱ)
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators (± ≤ ≥ ≒)
    (0x2460, 0x24FF),  # enclosed alphanumerics (① ②)
    (0x2500, 0x25FF),  # box drawing, geometric shapes (○ ● □ ■ △ ▲ ▶ ◆)
    (0x2600, 0x26FF),  # miscellaneous symbols (★ ☆ ☎)
    (0x3000, 0x303F),  # CJK symbols and punctuation (「 」 『 』 〈 〉 《 》)
    (0x3200, 0x32FF),  # enclosed CJK letters (㈜ ㉠)
    (0x3380, 0x33FF),  # CJK compatibility units (㎡ ㎢ ㎏ ㎞ ㎾)
    (0xFF01, 0xFF5E),  # full-width forms
)
"""In both parts: the spaces and punctuation next to a Hanja must come from the face Pango
chose for it (a Hanja part without a space glyph drew the space as .notdef)."""


def _common() -> set[int]:
    found: set[int] = set()
    for first, last in _COMMON_RANGES:
        found.update(range(first, last + 1))
    return found


@cache
def hangul_repertoire() -> frozenset[int]:
    """The "Hangul" part: what Korean policy briefs are written with, Hanja aside."""
    hangul = _ks_x_1001(0xB0, 0xC8)  # rows 16-40: the 2,350 Hangul syllables
    hangul.update(range(0x3131, 0x318F))  # Hangul compatibility jamo
    return frozenset(hangul | _common())


@cache
def hanja_repertoire() -> frozenset[int]:
    """The "Hanja" part: the 4,888 Hanja of KS X 1001 (rows 42-93), with the common set."""
    return frozenset(_ks_x_1001(0xCA, 0xFD) | _common())


PARTS = {"Hangul": hangul_repertoire, "Hanja": hanja_repertoire}
"""The compact copies made of each weight, in the order the font chain lists them."""


def needed_parts(text: str) -> tuple[str, ...]:
    """The parts of :data:`PARTS` whose own characters occur in ``text`` (always "Hangul")."""
    present = set(map(ord, text)) - _common()
    return tuple(
        part
        for part, characters in PARTS.items()
        if part == "Hangul" or not present.isdisjoint(characters())
    )


@cache
def compact_faces(
    families: tuple[str, ...], parts: tuple[str, ...] = ("Hangul",)
) -> tuple[CompactFace, ...]:
    """Compact copies of the regular and bold face that sets Hangul for ``families``, one per
    part in ``parts`` (built on first use, then read from the cache); empty when they cannot
    be made."""
    from briefgen.fonts import matched_face, resolve_hangul_font

    resolved = resolve_hangul_font(families)
    faces = []
    for weight, style in ((400, None), (700, "Bold")):
        source = matched_face(resolved.family, style=style)
        if source is None:
            continue
        path, index, weight_class = source
        if (weight >= _BOLD_WEIGHT) != (weight_class >= _BOLD_WEIGHT):
            continue  # no real bold installed: WeasyPrint's synthetic bold stays as it was
        for part in parts:
            made = _cached_copy(Path(path), index, part)
            if made is None:
                return ()
            copy, sha256 = made
            faces.append(
                CompactFace(resolved.family, part, weight, copy, sha256, Path(path), index)
            )
    return tuple(faces)


def families_of(faces: Sequence[CompactFace]) -> tuple[str, ...]:
    """The compact families, in chain order, that ``faces`` provide."""
    return tuple(dict.fromkeys(face.family for face in faces))


def font_face_css(faces: Sequence[CompactFace]) -> str:
    """The ``@font-face`` rules that name the copies."""
    return "".join(
        f'@font-face {{ font-family: "{face.family}"; src: url("{face.url}"); '
        f"font-weight: {face.weight}; font-style: normal; }}\n"
        for face in faces
    )


def cache_dir() -> Path:
    """Where compact copies are kept: ``BRIEFGEN_CACHE_DIR``, else the user cache folder."""
    configured = os.environ.get("BRIEFGEN_CACHE_DIR")
    if configured:
        return Path(configured) / "fonts"
    import platformdirs

    return Path(platformdirs.user_cache_dir("briefgen")) / "fonts"


_warned = False


def _cached_copy(source: Path, index: int, part: str) -> tuple[Path, str] | None:
    """The ``part`` copy of face ``index`` of ``source`` and the hash of its bytes, made now if
    the cache lacks it or holds a damaged one; None when it cannot be made."""
    global _warned
    try:
        stat = source.stat()
        import fontTools

        key = "|".join(
            (str(source.resolve()), str(stat.st_size), str(stat.st_mtime_ns), str(index),
             part, str(REPERTOIRE_VERSION), fontTools.version)
        )  # fmt: skip
        digest = hashlib.sha256(key.encode()).hexdigest()[:24]
        folder = cache_dir()
        target = folder / f"{source.stem}-{index}-{part}-{digest}.otf"
        sha256 = _intact(target)
        if sha256 is not None:
            return target, sha256
        folder.mkdir(parents=True, exist_ok=True)
        from filelock import FileLock

        with FileLock(str(folder / f".{digest}.lock"), timeout=120):
            sha256 = _intact(target)  # another process may have made it meanwhile
            if sha256 is None:
                sha256 = _build(source, index, part, target)
        return target, sha256
    except Exception as exc:  # cache not writable, font unreadable, fontTools failure
        if not _warned:
            _warned = True
            logger.warning(
                "cannot prepare the compact Korean font in %s (%s); PDFs embed the full font "
                "and come out larger",
                cache_dir(),
                exc,
            )
        return None


def _hash_file(copy: Path) -> Path:
    return copy.with_name(copy.name + _HASH_SUFFIX)


def _checked_bytes(path: Path, sha256: str) -> bytes | None:
    """The bytes of the regular file ``path`` (never through a symlink) if their hash is
    ``sha256``; None otherwise."""
    try:
        data = read_limited(path, MAX_FONT_BYTES, follow_symlinks=False)
    except UnreadableFile:
        return None
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


def _intact(copy: Path) -> str | None:
    """The hash recorded for ``copy`` when its bytes still have it; None for a missing,
    truncated or otherwise damaged copy (or record)."""
    try:
        recorded = read_limited(_hash_file(copy), 128, follow_symlinks=False).decode("ascii")
    except (UnreadableFile, UnicodeDecodeError):
        return None
    recorded = recorded.strip()
    if len(recorded) != 64 or not all(c in "0123456789abcdef" for c in recorded):
        return None
    return recorded if _checked_bytes(copy, recorded) is not None else None


def _build(source: Path, index: int, part: str, target: Path) -> str:
    """Copy face ``index`` of ``source`` with only the characters of ``part``, atomically;
    record and return the hash of the copy's bytes (written after the copy itself, so a copy
    without its record is never trusted)."""
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    from briefgen.delivery import write_atomic

    logger.info(
        "preparing a compact copy of %s (face %d, %s) for PDFs, once", source, index, target.name
    )
    # The source's own timestamps: the same copy, byte for byte, whenever and wherever it is
    # made (fontTools would stamp the time of saving into the head table, and PDFs embed it).
    font = TTFont(str(source), fontNumber=index, lazy=True, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = ["*"]  # shaping exactly as with the original font
    # Hanja: no glyphs reached only through substitutions (vertical and variant forms); it
    # makes the copy 4 s instead of 10 s, and horizontal Korean text uses none of them.
    options.layout_closure = part != "Hanja"
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=PARTS[part]())
    # fontTools warns of every table it drops (a TrueType font's hinting sources, TSI0-5):
    # nothing a reader sees, and nothing for the person building a brief to act on.
    quiet = logging.getLogger("fontTools.subset")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        subsetter.subset(font)
    finally:
        quiet.setLevel(level)
    copy = io.BytesIO()
    font.save(copy)
    data = _identity_cids(copy.getvalue())
    sha256 = hashlib.sha256(data).hexdigest()
    write_atomic(target, data)
    write_atomic(_hash_file(target), sha256.encode("ascii") + b"\n")
    return sha256


def _identity_cids(data: bytes) -> bytes:
    """``data`` (an OpenType font) with glyph *n* as CID *n* in its CID-keyed CFF table.

    Only the CFF table changes: its charset (glyph → CID) becomes the identity and its
    CharStrings are renamed to match. Every other table refers to glyphs by number, is not
    decompiled and is written back byte for byte, so outlines, metrics and shaping stay as they
    were. A name-keyed CFF font (no CIDs) is returned unchanged.
    """
    import io

    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    if "CFF " not in font:
        return data
    top = font["CFF "].cff.topDictIndex[0]
    if not hasattr(top, "ROS"):
        return data
    old = list(top.charset)
    new = [".notdef", *(f"cid{gid:05d}" for gid in range(1, len(old)))]
    renamed = dict(zip(old, new, strict=True))
    charstrings = top.CharStrings
    charstrings.charStrings = {renamed[name]: i for name, i in charstrings.charStrings.items()}
    top.charset = new
    top.CIDCount = len(new)
    font.setGlyphOrder(new)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
