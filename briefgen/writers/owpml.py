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


def without_bin_data_list(header: Any) -> None:
    """Drop ``hh:binDataList`` from the header: python-hwpx lists embedded images there as
    well as in ``content.hpf``'s manifest, but Hancom's own files (and Hancom's published
    OWPML model, which does not know the element) list them only in the manifest, which is
    what ``hc:img/@binaryItemIDRef`` refers to."""
    for ref_list in header.element.iter(f"{HH}refList"):
        for listed in ref_list.findall(f"{HH}binDataList"):
            ref_list.remove(listed)
    header.mark_dirty()


def character(
    *, height_pt: float, colour: str, bold: bool, hangul_font: str | None, latin_font: str | None
) -> Callable[[Any], None]:
    """A modifier for python-hwpx's ``ensure_char_property``: size, colour, weight, the font of
    each script (Hangul and Hanja/Japanese/other from ``hangul_font``, Latin from
    ``latin_font``; None keeps the base's, a house template's), 장평 100% and 자간 0."""

    def modify(element: Any) -> None:
        element.set("height", str(round(height_pt * 100)))
        element.set("textColor", colour.upper())
        refs = element.find(f"{HH}fontRef")
        for script in SCRIPTS:
            font = latin_font if script == "latin" else hangul_font
            if font is not None:
                refs.set(script, font)
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


HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"


def single_header_and_footer(section: Any) -> None:
    """Keep the header and footer once, as controls of the first paragraph, as Hancom writes
    them. python-hwpx also writes a copy inside ``hp:secPr`` (with ``headerApply``/
    ``footerApply``), which readers then show twice."""
    for properties in section.element.iter(f"{HP}secPr"):
        for name in ("header", "footer", "headerApply", "footerApply"):
            for copy in properties.findall(f"{HP}{name}"):
                properties.remove(copy)
    section.mark_dirty()


def spaced_page_total(section: Any) -> None:
    """``1 / 3`` rather than ``1/3``: the separator python-hwpx writes between the page and
    total-page numbers, with spaces."""
    for footer in section.element.iter(f"{HP}footer"):
        for text in footer.iter(f"{HP}t"):
            if text.text == "/":
                text.text = " / "
    section.mark_dirty()


def restyle_header_and_footer(
    section: Any, *, header: tuple[str, str, str] | None, footer: tuple[str, str, str] | None
) -> None:
    """Give the header's and footer's paragraphs and runs briefgen's styles:
    ``(style id, paraPr id, charPr id)`` each (None: leave a house template's as it is)."""
    for name, ids in (("header", header), ("footer", footer)):
        if ids is None:
            continue
        for control in section.element.iter(f"{HP}{name}"):
            _restyle(control, ids)
    section.mark_dirty()


def _restyle(container: Any, ids: tuple[str, str, str]) -> None:
    """Every paragraph and run inside ``container`` in the style ``(style, paraPr, charPr)``."""
    style, para, char = ids
    for paragraph in container.iter(f"{HP}p"):
        paragraph.set("styleIDRef", style)
        paragraph.set("paraPrIDRef", para)
        for run in paragraph.iter(f"{HP}run"):
            run.set("charPrIDRef", char)


def show_whole_image(picture: Any, pixels: tuple[int, int]) -> None:
    """Clip rectangle and original dimensions from the image's own size in ``pixels``
    (HWPUNIT at 96 dpi: 75 per pixel), so the whole image is drawn scaled into the picture's
    box (python-hwpx writes the box size there, which shows only the image's top-left
    corner)."""
    width, height = pixels
    units_w, units_h = width * 75, height * 75
    element = getattr(picture, "element", picture)
    clip = element.find(f"{HP}imgClip")
    if clip is not None:
        clip.set("right", str(units_w))
        clip.set("bottom", str(units_h))
    dimension = element.find(f"{HP}imgDim")
    if dimension is not None:
        dimension.set("dimwidth", str(units_w))
        dimension.set("dimheight", str(units_h))


def describe(picture: Any, text: str) -> None:
    """Alternative text of a picture or chart (``hp:shapeComment``), for screen readers."""
    element = getattr(picture, "element", picture)
    comment = element.find(f"{HP}shapeComment")
    if comment is None:
        comment = element.makeelement(f"{HP}shapeComment", {})
        element.append(comment)
    comment.text = text


def fit_table_height(table: Any) -> None:
    """The table's stored height (``hp:sz/@height``) as the sum of its rows' (python-hwpx
    leaves it at the height of its first, 1 mm rows; readers other than Hancom draw it)."""
    total = 0
    for row in table.element.iter(f"{HP}tr"):
        heights = [int(size.get("height", "0")) for size in row.iter(f"{HP}cellSz")]
        total += max(heights, default=0)
    size = table.element.find(f"{HP}sz")
    if size is not None:
        size.set("height", str(total))
    table.mark_dirty()


def frame_cell(cell: Any, *, border_fill: str, padding_hwpunit: tuple[int, int, int, int]) -> None:
    """A table cell's own look: its border fill (rules and background), its padding (top,
    right, bottom, left) and its text from the top (python-hwpx centres it)."""
    element = cell.element
    element.set("borderFillIDRef", str(border_fill))
    element.set("hasMargin", "1")
    margin = element.find(f"{HP}cellMargin")
    if margin is None:
        margin = element.makeelement(f"{HP}cellMargin", {})
        element.append(margin)
    for side, value in zip(("top", "right", "bottom", "left"), padding_hwpunit, strict=True):
        margin.set(side, str(value))
    sub_list = element.find(f"{HP}subList")
    if sub_list is not None:
        sub_list.set("vertAlign", "TOP")
    cell.table.mark_dirty()


def restyle_notes(section: Any, note: tuple[str, str, str]) -> None:
    """Footnote paragraphs in briefgen's ``Footnote Text`` style (python-hwpx gives them the
    skeleton's 각주 style, set in a serif face)."""
    for footnote in section.element.iter(f"{HP}footNote"):
        _restyle(footnote, note)
    section.mark_dirty()


def repeat_header_row(table: Any) -> None:
    """Repeat the table's first row on every page it runs onto, marked as header cells
    (python-hwpx has no API for either)."""
    table.element.set("repeatHeader", "1")
    first_row = next(iter(table.element.iter("{http://www.hancom.co.kr/hwpml/2011/paragraph}tr")))
    for cell in first_row:
        cell.set("header", "1")
    table.mark_dirty()


_PREVIEW_TEXT = "Preview/PrvText.txt"
_MANIFEST = "Contents/content.hpf"
_HP10 = (
    b'xmlns:hp10="http://www.hancom.co.kr/hwpml/2011/paragraph"',
    b'xmlns:hp10="http://www.hancom.co.kr/hwpml/2016/paragraph"',
)
"""python-hwpx's manifest declares ``hp10`` as the 2011 paragraph namespace (``hp``'s); every
other part, and Hancom's own manifests, bind it to the 2016 one."""


def reproducible(
    data: bytes, day: dt.date, *, preview: str | None = None, language: str | None = None
) -> bytes:
    """The package with every entry dated ``day`` and ``mimetype`` first and stored: equal
    input, equal bytes (python-hwpx stamps entries with the current time). ``preview``, when
    given, becomes the text of ``Preview/PrvText.txt`` (UTF-8); ``language``, the package's
    ``opf:language``; the manifest binds ``hp10`` as every other part does."""
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
            body = source.read(info)
            if info.filename == _PREVIEW_TEXT and preview is not None:
                body = preview.encode("utf-8")
            if info.filename == _MANIFEST:
                body = body.replace(*_HP10)
                if language is not None:
                    body = _with_language(body, language)
            target.writestr(entry, body)
    return output.getvalue()


# -- house templates ---------------------------------------------------------------------------

HWPX_MIMETYPE = b"application/hwp+zip"
_HEADER = "Contents/header.xml"
_SCRIPTS = "scripts/"  # compared in lower case
_KEPT = ("mimetype", "version.xml", "settings.xml", "META-INF/", "Contents/", "BinData/",
         "Preview/PrvText.txt")  # fmt: skip
"""What of a template's package reaches a brief: the parts HWPX defines (scripts, a preview
picture of the template's own page and anything else are left out)."""
_OPF = "{http://www.idpf.org/2007/opf/}"
_EMPTY_STUB = r"function\s+[\w$]+\s*\([^()]*\)\s*\{\s*\}"
"""An empty JScript function: Hancom writes ``OnDocument_New() {}`` and the like into the
scripts of every document, macros or not."""


def house_package(data: bytes) -> bytes:
    """A house 한글 template checked and stripped of its (empty) script stubs.

    Refused with :class:`~briefgen.errors.TemplateError`: anything but an HWPX package (the
    ``mimetype`` entry, ``Contents/header.xml`` and a section), and scripts (한글's macros,
    ``Scripts/``) with any code beyond the empty functions Hancom writes into every document.
    The ``Scripts/`` parts are left out of the result, so no brief ever carries a script.
    """
    import re

    from briefgen.errors import TemplateError
    from briefgen.packages import open_package, parse_xml, read_part, repacked

    kind = "한글 document (.hwpx)"
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE compound file: HWP 5, or a .doc
        raise TemplateError(f"not a {kind} file (an .hwp file? save it from 한글 as .hwpx)")
    archive = open_package(data, kind=kind)
    names = archive.namelist()
    if (read_part(archive, "mimetype") or b"").strip() != HWPX_MIMETYPE:
        raise TemplateError(f"not a {kind} file (no HWPX mimetype)")
    if _HEADER not in names or not any(n.startswith("Contents/section") for n in names):
        raise TemplateError(f"not a {kind} file (no {_HEADER} or section)")
    for name in names:
        if not name.lower().startswith(_SCRIPTS) or name.endswith("/"):
            continue
        code = (read_part(archive, name) or b"").decode("utf-8", "replace")
        code = re.sub(r"/\*.*?\*/|//[^\r\n\u2028\u2029]*", "", code, flags=re.S)
        if re.sub(_EMPTY_STUB, "", code).strip():
            raise TemplateError(
                f"holds macros ({name}); remove them in 한글 (도구 → 매크로 → 스크립트 매크로) "
                f"and save again"
            )
    for name in names:  # every XML part well-formed, without a DTD, or refused
        if name.startswith("Contents/") and name.endswith((".xml", ".hpf")):
            parse_xml(read_part(archive, name) or b"", part=name)
    content = read_part(archive, _MANIFEST)
    replaced: dict[str, bytes] = {}
    if content is not None:
        from lxml import etree

        package = parse_xml(content, part=_MANIFEST)
        for item in list(package.iter(f"{_OPF}item")):
            href = item.get("href") or ""
            if "://" in href or href.startswith(("/", "\\")) or item.get("isEmbeded") == "0":
                raise TemplateError(
                    f"links to an outside file ({href}, in {_MANIFEST}); embed it in 한글 "
                    f"instead and save again"
                )
            if not href.startswith(_KEPT):
                item.getparent().remove(item)
        replaced[_MANIFEST] = etree.tostring(package, xml_declaration=True, encoding="UTF-8",
                                            standalone=True)  # fmt: skip
    return repacked(archive, replaced, kept=lambda name: name.startswith(_KEPT))


def _with_language(content: bytes, language: str) -> bytes:
    """``content.hpf`` with its ``opf:language`` set to ``language`` (added when missing)."""
    from lxml import etree

    package = etree.fromstring(content)
    metadata = package.find(f"{_OPF}metadata")
    if metadata is None:
        return content
    element = metadata.find(f"{_OPF}language")
    if element is not None and element.text == language:
        return content  # as python-hwpx wrote it
    if element is None:
        element = etree.SubElement(metadata, f"{_OPF}language")
    element.text = language
    changed: bytes = etree.tostring(
        package, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    return changed


def style_names(package: bytes) -> dict[str, str]:
    """Every paragraph style of an HWPX package's header, by its name and its English name
    (개요 1 and Outline 1), to its name."""
    from briefgen.packages import parse_xml

    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        header = parse_xml(archive.read(_HEADER), part=_HEADER)
    names: dict[str, str] = {}
    for style in header.iter(f"{HH}style"):
        name = style.get("name")
        if not name or style.get("type", "PARA") != "PARA":
            continue
        names.setdefault(name, name)
        english = style.get("engName")
        if english:
            names.setdefault(english, name)
    return names


def style_refs(header: Any, name: str) -> tuple[str, str, str]:
    """The (style, paraPr, charPr) ids of the header's paragraph style ``name``."""
    for style in header.element.iter(f"{HH}style"):
        if style.get("name") == name:
            return style.get("id"), style.get("paraPrIDRef"), style.get("charPrIDRef")
    raise KeyError(name)


def template_furniture(section: Any) -> tuple[bool, bool]:
    """Whether a template's (cleared) section has its own header and its own footer (a footer
    or a page number)."""
    controls = [c for c in section.element.iter() if c.tag.endswith("}ctrl")]
    header = any(c.tag.endswith("}header") for ctrl in controls for c in ctrl)
    footer = any(c.tag.endswith(("}footer", "}pageNum")) for ctrl in controls for c in ctrl)
    return header, footer
