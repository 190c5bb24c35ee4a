"""The one module that touches raw WordprocessingML (``qn``/``OxmlElement``).

python-docx has no API for East Asian fonts, East Asian language, document-wide Korean line
breaking settings or fields; everything else in the DOCX writer uses python-docx's public API
and calls these helpers by name.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

_THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _child(parent: Any, tag: str) -> Any:
    """The first child ``tag`` of ``parent``, created (appended) when missing.

    python-docx's default template already holds every element looked up this way, so the
    schema order of children is kept.
    """
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.append(element)
    return element


def set_run_fonts(rpr: Any, *, latin: str, east_asia: str) -> None:
    """Set explicit fonts on a ``w:rPr`` and drop theme-font references that would win."""
    fonts = rpr.get_or_add_rFonts()
    for attribute in _THEME_FONT_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def set_style_fonts(style: Any, *, latin: str, east_asia: str) -> None:
    """Apply :func:`set_run_fonts` to a python-docx style."""
    set_run_fonts(style.element.get_or_add_rPr(), latin=latin, east_asia=east_asia)


def set_korean_defaults(document: Any, *, latin: str, east_asia: str) -> None:
    """Document defaults: Korean fonts and ``ko-KR`` as language, theme font language ko-KR."""
    doc_defaults = _child(document.styles.element, "w:docDefaults")
    rpr = _child(_child(doc_defaults, "w:rPrDefault"), "w:rPr")
    set_run_fonts(rpr, latin=latin, east_asia=east_asia)
    lang = _child(rpr, "w:lang")
    lang.set(qn("w:val"), "ko-KR")
    lang.set(qn("w:eastAsia"), "ko-KR")
    lang.set(qn("w:bidi"), "ar-SA")
    theme_lang = _child(document.settings.element, "w:themeFontLang")
    theme_lang.set(qn("w:val"), "ko-KR")
    theme_lang.set(qn("w:eastAsia"), "ko-KR")


def add_field(paragraph: Any, instruction: str) -> None:
    """Append a simple field (``PAGE``, ``NUMPAGES`` …) to a python-docx paragraph."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
