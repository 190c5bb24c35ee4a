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

import re
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn

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

KOREAN = "ko-KR"
"""The language of East Asian text (``w:eastAsia``): Hangul, whatever the brief's language."""

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


def set_korean_defaults(
    document: Any, *, latin: str | None, east_asia: str | None, language: str
) -> None:
    """Document defaults: Korean fonts (None: keep a house template's), the brief's
    ``language`` (East Asian text is always Korean) and Korean line-breaking settings."""
    doc_defaults = _child(document.styles.element, "w:docDefaults", ("w:latentStyles", "w:style"))
    rpr = _child(_child(doc_defaults, "w:rPrDefault", ("w:pPrDefault",)), "w:rPr")
    if latin is not None and east_asia is not None:
        set_run_fonts(rpr, latin=latin, east_asia=east_asia)
    lang = _child(rpr, "w:lang", _AFTER_LANG)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), KOREAN)
    lang.set(qn("w:bidi"), "ar-SA")
    ppr = _child(_child(doc_defaults, "w:pPrDefault"), "w:pPr")
    for tag, value in KOREAN_PARAGRAPH_SETTINGS:
        element = _child(ppr, tag, _PPR_ORDER[_PPR_ORDER.index(tag) + 1 :])
        element.set(qn("w:val"), value)
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is None:  # python-docx's template has one; a custom template may not
        theme_lang = OxmlElement("w:themeFontLang")
        document.settings.element.append(theme_lang)
    theme_lang.set(qn("w:val"), language)
    theme_lang.set(qn("w:eastAsia"), KOREAN)
    zoom = document.settings.element.find(qn("w:zoom"))
    if zoom is not None and zoom.get(qn("w:percent")) is None:
        zoom.set(qn("w:percent"), "100")  # required by CT_Zoom; python-docx's template lacks it


_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def drop_styles_with_effects(document: Any) -> None:
    """Remove ``word/stylesWithEffects.xml``: python-docx's template carries Word 2010's copy
    of its styles, which briefgen's styles and document defaults would contradict (Word may
    then report unreadable content). The part is optional; Word reads ``styles.xml``. Saved
    packages keep only the parts something still relates to."""
    rels = document.part.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype == _STYLES_WITH_EFFECTS]:
        del rels[rid]


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


def set_list_indent(document: Any, style: Any, *, indent_twips: int, hanging_twips: int) -> None:
    """Set the indents of the list that paragraphs of ``style`` belong to (its level 0)."""
    numbering = document.part.numbering_part.element
    num_id = style.element.pPr.numPr.numId.val
    abstract_id = numbering.num_having_numId(num_id).abstractNumId.val
    abstract = next(
        a for a in numbering.findall(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == str(abstract_id)
    )  # fmt: skip
    indent = abstract.find(qn("w:lvl")).find(qn("w:pPr")).find(qn("w:ind"))
    indent.set(qn("w:left"), str(indent_twips))
    indent.set(qn("w:hanging"), str(hanging_twips))


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


# CT_Settings children that follow w:updateFields (ECMA-376 Part 1, §17.15.1.78).
_AFTER_UPDATE_FIELDS = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat",
                        "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
                        "w:themeFontLang", "w:clrSchemeMapping")  # fmt: skip


def add_contents_field(document: Any, entries: list[str], *, entry_style_id: str) -> None:
    """A table of contents Word builds from the Heading 1 paragraphs: a ``TOC`` field whose
    cached result lists the headings (without page numbers, which only a layout knows), and
    ``w:updateFields`` so Word offers to fill in the page numbers when the file is opened."""
    paragraphs = []
    for _entry in entries or [""]:
        paragraph = document.add_paragraph()
        apply_style(paragraph, entry_style_id)
        paragraphs.append(paragraph)
    first, last = paragraphs[0]._p, paragraphs[-1]._p
    first.append(_field_char("begin"))
    instruction = OxmlElement("w:r")
    instruction_text = OxmlElement("w:instrText")
    instruction_text.set(qn("xml:space"), "preserve")
    instruction_text.text = ' TOC \\o "1-1" \\h \\z \\u '
    instruction.append(instruction_text)
    first.append(instruction)
    first.append(_field_char("separate"))
    for paragraph, text in zip(paragraphs, entries, strict=False):
        paragraph._p.append(_text_run(text))
    last.append(_field_char("end"))
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.insert_element_before(update, *_AFTER_UPDATE_FIELDS)


def _field_char(kind: str) -> Any:
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run.append(char)
    return run


def _text_run(text: str, style_id: str | None = None) -> Any:
    run = OxmlElement("w:r")
    if style_id is not None:
        run_properties = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), style_id)
        run_properties.append(style)
        run.append(run_properties)
    element = OxmlElement("w:t")
    element.set(qn("xml:space"), "preserve")
    element.text = text
    run.append(element)
    return run


class Footnotes:
    """Real Word footnotes: the ``word/footnotes.xml`` part (created on the first note, with
    the separator notes Word expects) and a reference mark in the text for each note."""

    def __init__(self, document: Any, *, text_style_id: str, reference_style_id: str) -> None:
        self.document = document
        self.text_style_id = text_style_id
        self.reference_style_id = reference_style_id
        self._root: Any = None
        self._next_id = 1

    def add(self, paragraph: Any, text: str) -> None:
        """Append a footnote reference to ``paragraph`` and the note ``text`` to the part."""
        root = self._part_root()
        note_id = str(self._next_id)
        self._next_id += 1
        reference = OxmlElement("w:r")
        reference.append(self._reference_properties())
        mark = OxmlElement("w:footnoteReference")
        mark.set(qn("w:id"), note_id)
        reference.append(mark)
        paragraph._p.append(reference)

        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), note_id)
        body = OxmlElement("w:p")
        properties = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(qn("w:val"), self.text_style_id)
        properties.append(style)
        body.append(properties)
        ref_run = OxmlElement("w:r")
        ref_run.append(self._reference_properties())
        ref_run.append(OxmlElement("w:footnoteRef"))
        body.append(ref_run)
        body.append(_text_run(f" {text}"))
        note.append(body)
        root.append(note)

    def _reference_properties(self) -> Any:
        properties = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), self.reference_style_id)
        properties.append(style)
        return properties

    def _part_root(self) -> Any:
        if self._root is not None:
            return self._root
        from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
        from docx.opc.packuri import PackURI
        from docx.opc.part import XmlPart
        from docx.oxml import parse_xml

        namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        separators = "".join(
            f'<w:footnote w:type="{kind}" w:id="{number}"><w:p><w:pPr><w:spacing w:after="0" '
            f'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:{kind}/></w:r></w:p></w:footnote>'
            for kind, number in (("separator", -1), ("continuationSeparator", 0))
        )
        root = parse_xml(f'<w:footnotes xmlns:w="{namespace}">{separators}</w:footnotes>')
        part = XmlPart(
            PackURI("/word/footnotes.xml"),
            CONTENT_TYPE.WML_FOOTNOTES,
            root,
            self.document.part.package,
        )
        self.document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        self._root = part.element
        return self._root


_SIDES = ("top", "left", "bottom", "right")  # CT_PBdr's and CT_TcBorders' child order
_TWIPS_PER_MM = 1440 / 25.4


def set_style_border(
    style: Any, sides: tuple[str, ...], *, colour: str, width_pt: float, space_pt: dict[str, float]
) -> None:
    """Give a paragraph style a rule on ``sides`` (``top``, ``left``, ``bottom``, ``right``),
    ``space_pt`` from the text on each side; consecutive paragraphs of the style share one
    box."""
    clear_style_border(style)
    properties = style.element.get_or_add_pPr()
    borders = _child(properties, "w:pBdr", ("w:shd", "w:tabs", "w:suppressAutoHyphens",
                                            *_PPR_ORDER))  # fmt: skip
    for side in sorted(sides, key=_SIDES.index):
        line = OxmlElement(f"w:{side}")
        borders.append(line)
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), str(max(2, round(width_pt * 8))))
        line.set(qn("w:space"), str(min(31, round(space_pt.get(side, 0)))))
        line.set(qn("w:color"), colour.lstrip("#").upper())


def clear_style_border(style: Any) -> None:
    """Remove a paragraph style's own rules (python-docx's ``Title`` has one the style book
    does not give)."""
    properties = style.element.pPr
    if properties is not None:
        for borders in properties.findall(qn("w:pBdr")):
            properties.remove(borders)


def frame_cell(
    cell: Any,
    *,
    sides: tuple[str, ...],
    width_pt: float,
    colour: str | None,
    background: str | None,
    padding_mm: tuple[float, float, float, float],
) -> None:
    """A table cell's own look: rules on ``sides`` (none elsewhere), a background and the
    padding (top, right, bottom, left) between its edges and its text."""
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = _child(tc_pr, "w:tcBorders", ("w:shd", "w:noWrap", "w:tcMar", "w:textDirection",
                                            "w:tcFitText", "w:vAlign", "w:hideMark"))  # fmt: skip
    for side in _SIDES:
        line = OxmlElement(f"w:{side}")
        borders.append(line)
        if side in sides and colour:
            line.set(qn("w:val"), "single")
            line.set(qn("w:sz"), str(max(2, round(width_pt * 8))))
            line.set(qn("w:space"), "0")
            line.set(qn("w:color"), colour.lstrip("#").upper())
        else:
            line.set(qn("w:val"), "nil")
    if background:
        shading = _child(tc_pr, "w:shd", ("w:noWrap", "w:tcMar", "w:textDirection",
                                          "w:tcFitText", "w:vAlign", "w:hideMark"))  # fmt: skip
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), background.lstrip("#").upper())
    margins = _child(tc_pr, "w:tcMar", ("w:textDirection", "w:tcFitText", "w:vAlign",
                                        "w:hideMark"))  # fmt: skip
    for side, millimetres in zip(("top", "right", "bottom", "left"), padding_mm, strict=True):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(millimetres * _TWIPS_PER_MM)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    order = ("top", "left", "start", "bottom", "right", "end")
    for child in sorted(margins, key=lambda e: order.index(e.tag.rsplit("}", 1)[1])):
        margins.append(child)  # CT_TcMar's child order


def set_picture_description(run: Any, description: str) -> None:
    """Alternative text of the picture in ``run`` (``wp:docPr/@descr``), for screen readers."""
    for properties in run._r.iter(qn("wp:docPr")):
        properties.set("descr", description)


_CHART_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# CT_ChartSpace children that follow c:externalData, and those c:lang precedes.
_AFTER_EXTERNAL_DATA = ("printSettings", "userShapes", "extLst")
_AFTER_CHART_LANG = ("roundedCorners", "AlternateContent", "style", "clrMapOvr", "pivotSource",
               "protection", "chart")  # fmt: skip
_EMU_PER_MM = 36000


def add_chart(
    document: Any,
    paragraph: Any,
    chart_space: Any,
    workbook: bytes,
    *,
    number: int,
    size_mm: tuple[float, float],
    description: str,
    latin: str,
    east_asia: str,
    language: str,
) -> None:
    """Place a native chart in ``paragraph``: the chart part (``chart_space``, a DrawingML
    ``c:chartSpace`` element) with ``workbook`` embedded for "Edit data", Korean fonts and
    language on its text, and ``description`` as the drawing's alternative text."""
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part, XmlPart
    from lxml import etree

    package = document.part.package
    embedded = Part(
        PackURI(f"/word/embeddings/Microsoft_Excel_Sheet{number}.xlsx"),
        CONTENT_TYPE.SML_SHEET,
        workbook,
        package,
    )
    korean_chart_text(chart_space, latin=latin, east_asia=east_asia, language=language)
    _borderless(chart_space)
    chart_part = XmlPart(
        PackURI(f"/word/charts/chart{number}.xml"), CONTENT_TYPE.DML_CHART, chart_space, package
    )
    workbook_rid = chart_part.relate_to(embedded, RELATIONSHIP_TYPE.PACKAGE)
    external = etree.SubElement(chart_space, f"{{{_CHART_NS}}}externalData")
    external.set(f"{{{_REL_NS}}}id", workbook_rid)
    etree.SubElement(external, f"{{{_CHART_NS}}}autoUpdate").set("val", "0")
    for name in _AFTER_EXTERNAL_DATA:  # keep schema order: externalData before these
        for later in chart_space.findall(f"{{{_CHART_NS}}}{name}"):
            chart_space.append(later)
    chart_rid = document.part.relate_to(chart_part, RELATIONSHIP_TYPE.CHART)

    width, height = (round(mm * _EMU_PER_MM) for mm in size_mm)
    shape_id = document.part.next_id
    inline = parse_xml_fragment(
        f'<wp:inline distT="0" distB="0" distL="0" distR="0" {nsdecls("wp", "a", "c", "r")}>'
        f'<wp:extent cx="{width}" cy="{height}"/>'
        f'<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="Chart {number}"/>'
        f"<wp:cNvGraphicFramePr/>"
        f'<a:graphic><a:graphicData uri="{_CHART_NS}">'
        f'<c:chart r:id="{chart_rid}"/>'
        f"</a:graphicData></a:graphic></wp:inline>"
    )
    inline.find(qn("wp:docPr")).set("descr", description)
    drawing = OxmlElement("w:drawing")
    drawing.append(inline)
    run = OxmlElement("w:r")
    run.append(drawing)
    paragraph._p.append(run)


def value_axis_at_far_end(chart_space: Any) -> None:
    """The value axis crosses the category axis at its last category (``c:crosses max``): with
    the categories in reverse order (first on top), the value axis stays below the bars.
    python-pptx sets this only on the category axis."""
    for crosses in chart_space.iterfind(f".//{{{_CHART_NS}}}valAx/{{{_CHART_NS}}}crosses"):
        crosses.set("val", "max")


_FIRST_AXIS_ID = 500_000_001


def positive_axis_ids(chart_space: Any) -> None:
    """Number the chart's axes from 500000001 up, in order of first use: python-pptx's template
    writes negative ids (``-2068027336``), where the schema's ``c:axId``/``c:crossAx`` are
    ``xsd:unsignedInt``; Word and Hancom accept any number that pairs the axes up."""
    numbers: dict[str, str] = {}
    for element in chart_space.iter(f"{{{_CHART_NS}}}axId", f"{{{_CHART_NS}}}crossAx"):
        value = element.get("val")
        numbers.setdefault(value, str(_FIRST_AXIS_ID + len(numbers)))
        element.set("val", numbers[value])


# CT_BarSer / CT_LineSer children that follow c:dLbls; CT_DLbls children a c:dLbl copies.
_AFTER_SERIES_LABELS = ("trendline", "errBars", "cat", "val", "smooth", "shape", "extLst")
_POINT_LABEL_PARTS = ("spPr", "txPr", "dLblPos", "showLegendKey", "showVal", "showCatName",
                      "showSerName", "showPercent", "showBubbleSize", "separator")  # fmt: skip


def point_label_formats(chart_space: Any, formats: dict[tuple[int, int], str]) -> None:
    """Give the value labels of some points their own number format: ``formats`` maps
    (series index, point index) to an Excel format code. A point's ``c:dLbl`` replaces the
    chart's label settings for that point, so it repeats them with the format changed; the
    series gets a copy of the chart's ``c:dLbls`` to hold its points (CT_DLbls: dLbl first).

    Used for values that need more or fewer decimals than the chart's labels (``0.0796``
    beside ``500``): one format for every label printed ``500.0000``."""
    from copy import deepcopy

    from lxml import etree

    def tag(name: str) -> str:
        return f"{{{_CHART_NS}}}{name}"

    for plot in chart_space.find(tag("chart")).find(tag("plotArea")):
        shared = plot.find(tag("dLbls"))
        if shared is None:
            continue
        for series_index, series in enumerate(plot.findall(tag("ser"))):
            points = sorted(p for s, p in formats if s == series_index)
            if not points:
                continue
            labels = series.find(tag("dLbls"))
            if labels is None:
                labels = deepcopy(shared)
                successor = next(
                    (c for c in series if etree.QName(c).localname in _AFTER_SERIES_LABELS), None
                )
                if successor is None:
                    series.append(labels)
                else:
                    successor.addprevious(labels)
            for position, point in enumerate(points):
                label = etree.Element(tag("dLbl"))
                etree.SubElement(label, tag("idx")).set("val", str(point))
                number = etree.SubElement(label, tag("numFmt"))
                number.set("formatCode", formats[(series_index, point)])
                number.set("sourceLinked", "0")
                for name in _POINT_LABEL_PARTS:
                    part = shared.find(tag(name))
                    if part is not None:
                        label.append(deepcopy(part))
                labels.insert(position, label)


def _borderless(chart_space: Any) -> None:
    """No fill or outline around the chart area: it sits on the page like the PDF's."""
    from lxml import etree

    if chart_space.find(f"{{{_CHART_NS}}}spPr") is not None:
        return
    properties = etree.Element(f"{{{_CHART_NS}}}spPr")
    etree.SubElement(properties, f"{{{_DRAWING_NS}}}noFill")
    etree.SubElement(
        etree.SubElement(properties, f"{{{_DRAWING_NS}}}ln"), f"{{{_DRAWING_NS}}}noFill"
    )
    chart_space.find(f"{{{_CHART_NS}}}chart").addnext(properties)  # CT_ChartSpace: chart, spPr


def korean_chart_text(chart_space: Any, *, latin: str, east_asia: str, language: str) -> None:
    """The chart's text in the theme's Korean font, in the brief's ``language``."""
    from lxml import etree

    lang = chart_space.find(f"{{{_CHART_NS}}}lang")
    if lang is None:
        lang = etree.Element(f"{{{_CHART_NS}}}lang")
        successor = next(
            (c for c in chart_space if etree.QName(c).localname in _AFTER_CHART_LANG), None
        )  # CT_ChartSpace: date1904, lang, roundedCorners … (not CT_RPr's order)
        if successor is None:
            chart_space.append(lang)
        else:
            successor.addprevious(lang)
    lang.set("val", language)
    for properties in chart_space.iter(f"{{{_DRAWING_NS}}}defRPr"):
        properties.set("lang", language)
        properties.set("altLang", "en-US")
        latin_font = properties.find(f"{{{_DRAWING_NS}}}latin")
        if latin_font is None:
            latin_font = etree.SubElement(properties, f"{{{_DRAWING_NS}}}latin")
        latin_font.set("typeface", latin)
        east = properties.find(f"{{{_DRAWING_NS}}}ea")
        if east is None:
            east = etree.Element(f"{{{_DRAWING_NS}}}ea")
            latin_font.addnext(east)  # CT_TextCharacterProperties: latin, ea, cs
        east.set("typeface", east_asia)


def parse_xml_fragment(xml: str) -> Any:
    """An element from XML text, with python-docx's element classes."""
    from docx.oxml import parse_xml

    return parse_xml(xml)


def add_caption_number(paragraph: Any, identifier: str, number: int) -> None:
    """A ``SEQ`` field numbering a caption (그림 1): Word renumbers and lists them."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" SEQ {identifier} \\* ARABIC ")
    field.append(_text_run(str(number)))
    paragraph._p.append(field)


# -- house templates ---------------------------------------------------------------------------

_CONTENT_TYPES = "[Content_Types].xml"
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WORD_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_ATTACHED_TEMPLATE = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
)
_MACRO_SIGNS = ("macroEnabled", "vbaProject", "activeX", "vbaData", "oleObject")
_HYPERLINKS = frozenset({
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/hyperlink",
})  # fmt: skip
_FETCHING_FIELDS = re.compile(r"\b(INCLUDEPICTURE|INCLUDETEXT|LINK|DDE|DDEAUTO|IMPORT)\b", re.I)
"""Field codes Word resolves by reading another file or asking another program."""


def house_package(data: bytes) -> bytes:
    """A house Word template (``.docx`` or ``.dotx``) checked and made a plain document package.

    Refused with :class:`~briefgen.errors.TemplateError`: anything but a Word document or
    template; macros or ActiveX controls (``.docm``/``.dotm``, ``vbaProject.bin``); a
    relationship to an outside file or address other than a hyperlink (a linked image, frame
    or object Word would fetch on opening). The link to the template a document was made from
    (``attachedTemplate``, often a path on someone's disk) is dropped; a ``.dotx`` gets the
    document content type, so the result opens as a ``.docx``.
    """
    from briefgen.errors import TemplateError
    from briefgen.packages import open_package, parse_xml, read_part, repacked

    kind = "Word document (.docx/.dotx)"
    archive = open_package(data, kind=kind)
    names = archive.namelist()
    types_xml = read_part(archive, _CONTENT_TYPES)
    if types_xml is None:
        raise TemplateError(f"not a {kind} file (no {_CONTENT_TYPES})")
    types = parse_xml(types_xml, part=_CONTENT_TYPES)
    declared = [e.get("ContentType") or "" for e in types if isinstance(e.tag, str)]
    macros = [n for n in names if any(sign in n for sign in _MACRO_SIGNS)]
    macros += [t for t in declared if any(sign in t for sign in _MACRO_SIGNS)]
    if macros:
        raise TemplateError(
            f"holds macros, ActiveX controls or embedded objects ({macros[0]}); save it from "
            f"Word as a Word document or template without them (.docx or .dotx)"
        )
    if WORD_DOCUMENT not in declared and WORD_TEMPLATE not in declared:
        raise TemplateError(f"not a {kind} file (no Word document part)")
    from lxml import etree

    replaced: dict[str, bytes] = {}
    for name in names:  # each XML part parsed once: fields, mail merge, outside links
        if not name.endswith((".xml", ".rels")):
            continue
        root = parse_xml(read_part(archive, name) or b"", part=name)
        _refuse_fetching(root, name)
        if name.endswith(".rels") and _without_outside_links(root, name):
            replaced[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    if WORD_TEMPLATE in declared:
        for entry in types.iter("{*}Override", "{*}Default"):
            if entry.get("ContentType") == WORD_TEMPLATE:
                entry.set("ContentType", WORD_DOCUMENT)
        replaced[_CONTENT_TYPES] = etree.tostring(types, xml_declaration=True, encoding="UTF-8")
    return repacked(archive, replaced) if replaced else data


def _refuse_fetching(root: Any, name: str) -> None:
    """Refuse a part with a field that reads another file or program, or a mail merge."""
    from briefgen.errors import TemplateError

    codes = [t.text or "" for t in root.iter(f"{{{_W_NS}}}instrText")]
    codes += [f.get(f"{{{_W_NS}}}instr") or "" for f in root.iter(f"{{{_W_NS}}}fldSimple")]
    fetching = next((code for code in codes if _FETCHING_FIELDS.search(code)), None)
    if fetching is not None:
        raise TemplateError(
            f"has a field that reads another file or program ({fetching.strip()[:60]}, "
            f"in {name}); remove it in Word"
        )
    if root.find(f".//{{{_W_NS}}}mailMerge") is not None:
        raise TemplateError(f"is a mail-merge document ({name}); save it without the data source")


def _without_outside_links(rels: Any, name: str) -> bool:
    """Drop the ``attachedTemplate`` link of a relationships part (True when one went);
    refuse any other outside target but a hyperlink."""
    from briefgen.errors import TemplateError

    dropped = False
    for rel in list(rels.iter("{*}Relationship")):
        if rel.get("TargetMode") != "External":
            continue
        if rel.get("Type") == _ATTACHED_TEMPLATE:
            rels.remove(rel)
            dropped = True
        elif rel.get("Type") not in _HYPERLINKS:
            raise TemplateError(
                f"links to an outside file or address ({rel.get('Target')}, in {name}), "
                f"which Word would fetch on opening; embed it instead"
            )
    return dropped


def drop_attached_template(document: Any) -> None:
    """Remove ``w:attachedTemplate`` from the settings (its relationship is gone)."""
    settings = document.settings.element
    for element in settings.findall(qn("w:attachedTemplate")):
        settings.remove(element)


_KEPT_PARTS = frozenset(
    f"http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}"
    for kind in ("styles", "numbering", "settings", "theme", "fontTable", "webSettings")
)
"""What a template's document keeps of its parts besides the header and footer its section
refers to: styles, lists, settings, theme fonts."""
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def drop_last_printed(document: Any) -> None:
    """Remove a template's ``cp:lastPrinted`` (a brief has not been printed)."""
    element = document.core_properties._element
    for printed in element.findall(qn("cp:lastPrinted")):
        element.remove(printed)


def clear_body(document: Any) -> None:
    """Remove a template's text, tables, pictures, charts, notes and comments; keep its last
    section's properties (page size, margins, header and footer references) and the parts
    of :data:`_KEPT_PARTS`. Parts nothing refers to any more are not saved, so nothing of
    the template's own content reaches a brief. A template without section properties gets
    Word's defaults."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    body.get_or_add_sectPr()
    referenced = {
        value
        for element in document.element.iter()
        for name, value in element.attrib.items()
        if name.startswith(f"{{{_R_NS}}}")
    }
    rels = document.part.rels
    for rid in [rid for rid, rel in rels.items()
                if rid not in referenced and rel.reltype not in _KEPT_PARTS]:  # fmt: skip
        del rels[rid]
    package_rels = document.part.package.rels  # the template's thumbnail picture
    for rid in [rid for rid, rel in package_rels.items() if rel.reltype.endswith("/thumbnail")]:
        del package_rels[rid]


def ensure_numbering(document: Any) -> None:
    """Give a template without lists (Word writes no ``numbering.xml`` then) an empty
    numbering part, which briefgen's lists go into."""
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.oxml import parse_xml
    from docx.parts.numbering import NumberingPart

    try:
        document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING)
    except KeyError:
        element = parse_xml(f"<w:numbering {nsdecls('w')}/>")
        part = NumberingPart(
            PackURI("/word/numbering.xml"),
            CONTENT_TYPE.WML_NUMBERING,
            element,
            document.part.package,
        )
        document.part.relate_to(part, RELATIONSHIP_TYPE.NUMBERING)


def style_numbered(style: Any) -> bool:
    """Whether paragraphs of ``style`` are list items through the style itself."""
    ppr = style.element.pPr
    return ppr is not None and ppr.numPr is not None
