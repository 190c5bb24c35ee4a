"""PDFs as the readers' software sees them: Ghostscript and MuPDF beside poppler.

Two checks, each independent of WeasyPrint and of the libraries that wrote the fonts (pdfminer
reads the content streams, fontTools the fonts):

* :func:`cid_mismatches` reads every embedded CID-keyed CFF font with fontTools and every
  string the content streams show with that font (pages and the form XObjects they draw, such
  as charts), and lists the CIDs whose glyph, looked up through the font's charset as ISO 32000-1
  9.7.4.2 says, is not the glyph of the same number (what poppler and PDFium draw, since they
  skip the charset). A correct font has none.
* :func:`render_pages` draws every page with ``pdftoppm`` (poppler), ``gs`` (Ghostscript) and
  ``mutool draw`` (MuPDF) at 100 dpi in greyscale; :func:`page_difference` compares two
  drawings of one page over 2 mm squares. Anti-aliasing and hinting differ between the engines
  (measured on the examples: at most 0.16 of full ink in any square, ink within 7%); a glyph
  drawn as a box, as nothing or as another letter changes the squares it covers by 0.38 and
  more (measured on the examples when the charset and the CIDs disagreed).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from fontTools.cffLib import CFFFontSet
from fontTools.ttLib import TTFont
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef, resolve1
from pdfminer.psparser import PSEOF, PSKeyword, PSLiteral
from PIL import Image

ENGINES = ("poppler", "ghostscript", "mupdf")
DPI = 100
SQUARE_PX = 8
"""Squares of 8 px at 100 dpi: about 2 mm, a fifth of a Korean glyph's area at 10.5 pt."""


def missing_engines() -> list[str]:
    """The programs of :data:`ENGINES` not installed here (``make test`` installs them)."""
    return [tool for tool in ("pdftoppm", "gs", "mutool") if shutil.which(tool) is None]


# --- fonts and the CIDs shown ------------------------------------------------------------------


@dataclass
class CidReport:
    font: str
    shown: int
    wrong: list[tuple[int, int | None]]
    """(CID, the glyph its charset gives or None when the charset lacks it)."""


Glyphs = dict[int, int] | None
"""CID → glyph id of a CID-keyed CFF font; None for any other font."""


def _charset_glyphs(font: dict[str, Any]) -> Glyphs:
    """CID → glyph id of the CID-keyed CFF program of the Type0 ``font``; None otherwise."""
    if _name(font.get("Subtype")) != "Type0":
        return None
    (descendant,) = resolve1(font["DescendantFonts"])
    descendant = resolve1(descendant)
    if _name(descendant.get("Subtype")) != "CIDFontType0":
        return None
    stream = resolve1(resolve1(descendant["FontDescriptor"]).get("FontFile3"))
    if stream is None:
        return None
    data = stream.get_data()
    if data[:4] == b"OTTO":
        cff = TTFont(io.BytesIO(data))["CFF "].cff
    else:  # a bare CFF program (/CIDFontType0C)
        cff = CFFFontSet()
        cff.decompile(io.BytesIO(data), None)
    top = cff.topDictIndex[0]
    if not hasattr(top, "ROS"):
        return None  # name-keyed: its codes are not looked up through a charset
    return {0 if name == ".notdef" else int(name[3:]): gid for gid, name in enumerate(top.charset)}


def _name(value: Any) -> str | None:
    value = resolve1(value)
    return value.name if isinstance(value, PSLiteral) else None


def _objid(value: Any) -> int:
    return value.objid if isinstance(value, PDFObjRef) else id(value)


@dataclass
class _Shown:
    fonts: dict[int, tuple[str, Glyphs, set[int]]] = field(default_factory=dict)
    forms: set[int] = field(default_factory=set)

    def read(self, streams: list[Any], resources: dict[str, Any]) -> None:
        """Record the codes ``streams`` show, following the form XObjects they draw."""
        fonts = resolve1(resources.get("Font")) or {}
        xobjects = resolve1(resources.get("XObject")) or {}
        parser = PDFContentParser(streams)
        operands: list[Any] = []
        current: int | None = None
        while True:
            try:
                _, token = parser.nextobject()
            except PSEOF:
                return
            if not isinstance(token, PSKeyword):
                operands.append(token)
                continue
            operator = token.name
            if operator == b"Tf" and operands:
                ref = fonts.get(_name(operands[0]))
                current = _objid(ref)
                if current not in self.fonts:
                    font = resolve1(ref)
                    self.fonts[current] = (str(_name(font.get("BaseFont"))),
                                           _charset_glyphs(font), set())  # fmt: skip
            elif operator in (b"Tj", b"'", b'"', b"TJ") and operands and current is not None:
                last = operands[-1]
                for item in last if isinstance(last, list) else [last]:
                    if isinstance(item, bytes):
                        codes = (int.from_bytes(item[i : i + 2]) for i in range(0, len(item), 2))
                        self.fonts[current][2].update(codes)
            elif operator == b"Do" and operands:
                ref = xobjects.get(_name(operands[0]))
                form = resolve1(ref)
                if _name(form.attrs.get("Subtype")) == "Form" and _objid(ref) not in self.forms:
                    self.forms.add(_objid(ref))
                    self.read([form], resolve1(form.attrs.get("Resources")) or resources)
            operands = []


def cid_mismatches(pdf: bytes) -> list[CidReport]:
    """For every CID-keyed CFF font: how many CIDs the PDF shows, and those whose charset
    glyph is not the glyph of the same number."""
    document = PDFDocument(PDFParser(io.BytesIO(pdf)))
    shown = _Shown()
    for page in PDFPage.create_pages(document):
        shown.read(list(page.contents), page.resources)
    return [
        CidReport(base, len(cids), [(c, glyphs.get(c)) for c in sorted(cids) if glyphs.get(c) != c])
        for base, glyphs, cids in shown.fonts.values()
        if glyphs is not None
    ]


# --- pictures ----------------------------------------------------------------------------------


def _commands(engine: str, pdf: Path, out: Path) -> list[str]:
    if engine == "poppler":
        return ["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), str(out / "p")]
    if engine == "ghostscript":
        return ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pnggray",
                "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4", f"-r{DPI}",
                f"-sOutputFile={out}/p-%d.png", str(pdf)]  # fmt: skip
    return ["mutool", "draw", "-q", "-r", str(DPI), "-c", "gray", "-o", f"{out}/p-%d.png",
            str(pdf)]  # fmt: skip


def render_pages(pdf: bytes) -> dict[str, list[np.ndarray]]:
    """Every page drawn by each engine: ink from 0 (white) to 1 (black)."""
    pictures = {}
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "brief.pdf"
        source.write_bytes(pdf)
        for engine in ENGINES:
            out = Path(folder) / engine
            out.mkdir()
            subprocess.run(_commands(engine, source, out), check=True, capture_output=True,
                           timeout=300)  # fmt: skip
            files = sorted(out.glob("p-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
            pictures[engine] = [
                1 - np.asarray(Image.open(p).convert("L"), dtype=np.float32) / 255 for p in files
            ]
    return pictures


@dataclass
class Difference:
    largest: float
    """The largest difference of mean ink over one square (0 to 1)."""
    ink_ratio: float
    """The other drawing's ink over the reference's."""


def _squares(ink: np.ndarray) -> np.ndarray:
    height, width = (size - size % SQUARE_PX for size in ink.shape)
    blocks = ink[:height, :width].reshape(height // SQUARE_PX, SQUARE_PX, -1, SQUARE_PX)
    return blocks.mean(axis=(1, 3))


def page_difference(reference: np.ndarray, other: np.ndarray) -> Difference:
    """How far ``other`` is from ``reference`` (the engines round the page size differently
    by a pixel: both are cut to the common size)."""
    height = min(reference.shape[0], other.shape[0])
    width = min(reference.shape[1], other.shape[1])
    a, b = reference[:height, :width], other[:height, :width]
    largest = float(np.abs(_squares(a) - _squares(b)).max())
    return Difference(largest, float(b.sum() / max(a.sum(), 1e-9)))


def differences(pdf: bytes) -> Iterator[tuple[str, int, Difference]]:
    """(engine, page number, difference from poppler's drawing) for Ghostscript and MuPDF."""
    pictures = render_pages(pdf)
    reference = pictures["poppler"]
    for engine in ENGINES[1:]:
        assert len(pictures[engine]) == len(reference), f"{engine} drew another page count"
        for number, (ours, theirs) in enumerate(zip(reference, pictures[engine], strict=True)):
            yield engine, number + 1, page_difference(ours, theirs)
