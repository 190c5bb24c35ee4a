"""Reading HWPX back with independent tools: rhwp (renders pages to SVG, one ``<text>`` per
glyph with its position) and hwp-hwpx-parser (extracts text and tables).

rhwp-python 0.8.1's wheel bundles a FreeType without ``FT_Palette_Data_Get``; loading the
system ``libfreetype`` into the global symbol table before importing it resolves the symbol in
this process (no ``LD_PRELOAD``, nothing outside the test helpers).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import html
import re
from functools import cache
from pathlib import Path
from typing import Any

_GLYPH = re.compile(r"<text ([^>]*)>([^<]*)</text>")
_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


@cache
def rhwp() -> Any:
    """The rhwp module, with the system FreeType loaded first."""
    library = ctypes.util.find_library("freetype")
    if library is not None:
        ctypes.CDLL(library, mode=ctypes.RTLD_GLOBAL)
    import rhwp as module

    return module


def svg_lines(svg: str) -> list[str]:
    """The text lines of one rendered page: glyphs grouped by baseline, ordered by x, with a
    space wherever the gap to the previous glyph is wider than a fifth of an em."""
    rows: dict[float, list[tuple[float, float, float, str]]] = {}
    for attributes, text in _GLYPH.findall(svg):
        glyph = html.unescape(text)
        values = dict(_ATTRIBUTE.findall(attributes))
        if not glyph.strip() or "x" not in values or "y" not in values:
            continue
        size = float(values.get("font-size", "10"))
        length = float(values.get("textLength", size))
        rows.setdefault(round(float(values["y"]), 1), []).append(
            (float(values["x"]), length, size, glyph)
        )
    lines = []
    for _, glyphs in sorted(rows.items()):
        glyphs.sort()
        text, end = "", None
        for x, length, size, glyph in glyphs:
            if end is not None and x - end > size * 0.2:
                text += " "
            text += glyph
            end = x + length
        lines.append(text)
    return lines


def page_lines(path: Path) -> list[list[str]]:
    """The text lines of every page of an HWPX file as rhwp lays it out."""
    document = rhwp().parse(str(path))
    return [svg_lines(document.render_svg(page)) for page in range(document.page_count)]
