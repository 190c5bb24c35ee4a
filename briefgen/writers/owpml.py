"""The one module that touches raw OWPML (HWPX, KS X 6101) elements.

python-hwpx builds the package, sections, tables, notes and header/footer controls; what it
has no API for is written here: the character properties of briefgen's styles (font per
script, size, colour, weight), the Korean line-breaking setting of every paragraph property,
and a reproducible package.

Korean line breaking — ``hh:breakSetting/@breakNonLatinWord``. Hancom's published model names
``KEEP_WORD`` 단어 and ``BREAK_WORD`` 글자, but the value Hancom itself writes for 어절 (word-unit)
breaking is ``BREAK_WORD``:

* HWP 5.0 (Hancom's 한글문서파일형식 5.0, 문단 모양 속성1 bit 7: 줄 나눔 기준 한글 단위,
  0 = 어절, 1 = 글자) maps to OWPML as ``("BREAK_WORD", "KEEP_WORD")[bit]`` in python-hwpx's
  converter (``hwpx/hwp5/owpml.py: BREAK_NON_LATIN``), so a Hancom document set to 어절 carries
  ``BREAK_WORD``;
* python-hwpx's line layout, fitted to Hancom's output (``hwpx/form_fit/measure.py``,
  ``TextStyle``), notes that the attribute "works the reverse of its name in Hancom":
  ``BREAK_WORD`` keeps Hangul words whole;
* the rhwp renderer breaks between words with ``BREAK_WORD`` and inside them with
  ``KEEP_WORD`` — ``tests/test_hwpx.py`` measures both.

So every paragraph property briefgen uses gets ``breakNonLatinWord="BREAK_WORD"`` and
``breakLatinWord="KEEP_WORD"`` (Latin words whole, as named).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

HH = "{http://www.hancom.co.kr/hwpml/2011/head}"

KOREAN_BREAK_SETTING = {"breakLatinWord": "KEEP_WORD", "breakNonLatinWord": "BREAK_WORD"}
SCRIPTS = ("hangul", "latin", "hanja", "japanese", "other", "symbol", "user")


def korean_line_breaking(header: Any) -> None:
    """Word-unit breaking for Hangul and Latin on every paragraph property of the document."""
    for setting in header.element.iter(f"{HH}breakSetting"):
        for name, value in KOREAN_BREAK_SETTING.items():
            setting.set(name, value)
    header.mark_dirty()


def character(
    *, height_pt: float, colour: str, bold: bool, hangul_font: str, latin_font: str
) -> Callable[[Any], None]:
    """A modifier for python-hwpx's ``ensure_char_property``: size, colour, weight, the font of
    each script (Hangul and Hanja/Japanese/other from ``hangul_font``, Latin from
    ``latin_font``), 장평 100% and 자간 0."""

    def modify(element: Any) -> None:
        element.set("height", str(round(height_pt * 100)))
        element.set("textColor", colour.upper())
        refs = element.find(f"{HH}fontRef")
        for script in SCRIPTS:
            refs.set(script, latin_font if script == "latin" else hangul_font)
        for name, value in (("ratio", "100"), ("spacing", "0")):
            child = element.find(f"{HH}{name}")
            if child is not None:
                for script in SCRIPTS:
                    child.set(script, value)
        present = element.find(f"{HH}bold")
        if bold and present is None:  # CT_CharPr: … offset, italic, bold, underline …
            element.find(f"{HH}offset").addnext(element.makeelement(f"{HH}bold", {}))
        elif not bold and present is not None:
            element.remove(present)
        italic = element.find(f"{HH}italic")
        if italic is not None:  # Hangul has no italics
            element.remove(italic)

    return modify


@contextmanager
def stable_ids(seed: str) -> Iterator[None]:
    """python-hwpx numbers new paragraphs, tables and header/footer controls from ``uuid4``;
    inside this block the numbers come from ``seed`` instead (python-hwpx's documented
    monkeypatch seam, ``hwpx.oxml._document_impl.uuid4``), so equal input gives equal ids."""
    from hwpx.oxml import _document_impl

    counter = 0

    def next_uuid() -> uuid.UUID:
        nonlocal counter
        counter += 1
        digest = hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        return uuid.UUID(bytes=digest[:16])

    original = _document_impl.uuid4
    _document_impl.uuid4 = next_uuid
    try:
        yield
    finally:
        _document_impl.uuid4 = original


def repeat_header_row(table: Any) -> None:
    """Repeat the table's first row on every page it runs onto, marked as header cells
    (python-hwpx has no API for either)."""
    table.element.set("repeatHeader", "1")
    first_row = next(iter(table.element.iter("{http://www.hancom.co.kr/hwpml/2011/paragraph}tr")))
    for cell in first_row:
        cell.set("header", "1")
    table.mark_dirty()


def reproducible(data: bytes, day: dt.date) -> bytes:
    """The package with every entry dated ``day`` and ``mimetype`` first and stored: equal
    input, equal bytes (python-hwpx stamps entries with the current time)."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w") as target,
    ):
        entries = sorted(source.infolist(), key=lambda i: i.filename != "mimetype")
        for info in entries:
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = (
                zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            )
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info))
    return output.getvalue()
