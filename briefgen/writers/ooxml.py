"""The one module that touches raw WordprocessingML (``qn``/``OxmlElement``).

python-docx has no API for East Asian fonts and language, Korean line-breaking settings,
numbering definitions, table header rows or fields. These helpers add exactly that, keeping
the schema order of elements; everything else in the DOCX writer uses python-docx's public API
and calls these helpers by name.

Korean settings written here (see KOREAN_TYPOGRAPHY.md):

* ``w:rFonts/@w:eastAsia`` with the theme-font attributes removed (they would win);
* ``w:lang/@w:eastAsia="ko-KR"`` and ``w:themeFontLang/@w:eastAsia="ko-KR"``;
* ``w:wordWrap w:val="0"``: ECMA-376 §17.3.1.45 names the element "Allow Line Breaking At
  Character Level"; MS-OI29500 §2.1.67 notes that Word applies it to Korean text only. Turned
  off, Korean breaks between words (어절), as readers of reports expect. Written explicitly,
  because Korean Word's own default breaks Hangul at any syllable;
* ``w:kinsoku`` on (line-start and line-end rules), ``w:autoSpaceDE``/``w:autoSpaceDN`` off (no
  automatic gap between Hangul and Latin letters or digits).
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

_THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

# CT_PPrBase's child order (ECMA-376 Part 1, §17.3.1.26), from kinsoku on.
_PPR_ORDER = (
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
    "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
    "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)  # fmt: skip
# CT_RPr's children that may follow w:lang.
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
# CT_TrPr children are a choice group: any order is valid.

#: Korean paragraph settings for the document defaults, in schema order.
KOREAN_PARAGRAPH_SETTINGS = (("w:kinsoku", "1"), ("w:wordWrap", "0"), ("w:autoSpaceDE", "0"),
                             ("w:autoSpaceDN", "0"))  # fmt: skip


def _child(parent: Any, tag: str, successors: tuple[str, ...] = ()) -> Any:
    """The first child ``tag`` of ``parent``, created in schema order when missing."""
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.insert_element_before(element, *successors)
    return element


def set_run_fonts(rpr: Any, *, latin: str, east_asia: str) -> None:
    """Set explicit fonts on a ``w:rPr`` and drop theme-font references that would win."""
    _set_fonts(rpr.get_or_add_rFonts(), latin=latin, east_asia=east_asia)


def _set_fonts(fonts: Any, *, latin: str, east_asia: str) -> None:
    for attribute in _THEME_FONT_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def set_style_fonts(style: Any, *, latin: str, east_asia: str) -> None:
    """Give a python-docx style explicit fonts, including its conditional (table) formats."""
    set_run_fonts(style.element.get_or_add_rPr(), latin=latin, east_asia=east_asia)
    for fonts in style.element.iter(qn("w:rFonts")):
        _set_fonts(fonts, latin=latin, east_asia=east_asia)


def set_korean_defaults(document: Any, *, latin: str, east_asia: str) -> None:
    """Document defaults: Korean fonts, language ko-KR and Korean line-breaking settings."""
    doc_defaults = _child(document.styles.element, "w:docDefaults", ("w:latentStyles", "w:style"))
    rpr = _child(_child(doc_defaults, "w:rPrDefault", ("w:pPrDefault",)), "w:rPr")
    set_run_fonts(rpr, latin=latin, east_asia=east_asia)
    lang = _child(rpr, "w:lang", _AFTER_LANG)
    lang.set(qn("w:val"), "ko-KR")
    lang.set(qn("w:eastAsia"), "ko-KR")
    lang.set(qn("w:bidi"), "ar-SA")
    ppr = _child(_child(doc_defaults, "w:pPrDefault"), "w:pPr")
    for tag, value in KOREAN_PARAGRAPH_SETTINGS:
        element = _child(ppr, tag, _PPR_ORDER[_PPR_ORDER.index(tag) + 1 :])
        element.set(qn("w:val"), value)
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is None:  # python-docx's template has one; a custom template may not
        theme_lang = OxmlElement("w:themeFontLang")
        document.settings.element.append(theme_lang)
    theme_lang.set(qn("w:val"), "ko-KR")
    theme_lang.set(qn("w:eastAsia"), "ko-KR")


def add_list(document: Any, *, numbered: bool, indent_twips: int, hanging_twips: int) -> int:
    """Define a one-level list (decimal ``1.`` or bullet ``•``); return its ``w:numId``."""
    numbering = document.part.numbering_part.element
    abstract_id = 1 + max(
        (int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))),
        default=-1,
    )
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(abstract_id))
    multi = OxmlElement("w:multiLevelType")
    multi.set(qn("w:val"), "singleLevel")
    abstract.append(multi)
    level = OxmlElement("w:lvl")
    level.set(qn("w:ilvl"), "0")
    for tag, value in (
        ("w:start", "1"),
        ("w:numFmt", "decimal" if numbered else "bullet"),
        ("w:lvlText", "%1." if numbered else "•"),
        ("w:lvlJc", "left"),
    ):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        level.append(element)
    ppr = OxmlElement("w:pPr")
    indent = OxmlElement("w:ind")
    indent.set(qn("w:left"), str(indent_twips))
    indent.set(qn("w:hanging"), str(hanging_twips))
    ppr.append(indent)
    level.append(ppr)
    abstract.append(level)
    first_num = numbering.find(qn("w:num"))
    if first_num is None:
        numbering.append(abstract)
    else:
        first_num.addprevious(abstract)  # every abstractNum precedes every num
    return int(numbering.add_num(abstract_id).numId)


def set_style_list(style: Any, num_id: int) -> None:
    """Make paragraphs of ``style`` items of list ``num_id`` (numbering through the style)."""
    num_pr = style.element.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_numId().val = num_id


def repeat_as_header(row: Any) -> None:
    """Repeat a table row at the top of each page the table runs onto."""
    _child(row._tr.get_or_add_trPr(), "w:tblHeader")


def keep_row_together(row: Any) -> None:
    """Forbid a page break inside a table row."""
    _child(row._tr.get_or_add_trPr(), "w:cantSplit")


def apply_style(paragraph_or_run: Any, style_id: str) -> None:
    """Set a paragraph's or run's style by id (python-docx's name lookup scans every style)."""
    element = getattr(paragraph_or_run, "_p", None)
    if element is not None:
        element.get_or_add_pPr().style = style_id
    else:
        paragraph_or_run._r.get_or_add_rPr().style = style_id


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
