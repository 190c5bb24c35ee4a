"""HWPX writer: the brief's display document as a Hancom Office document, with python-hwpx.

HWPX (OWPML, KS X 6101) is what Korean ministries and public agencies exchange; no general
document tool writes it. python-hwpx (Apache-2.0, depends only on lxml) creates the package,
paragraphs, tables, footnotes, header/footer controls and page numbers, and validates the
result; briefgen adds its named styles and the Korean settings through
:mod:`briefgen.writers.owpml`, the one module with raw OWPML.

Styles carry the formatting (paragraphs and runs refer to them), named like the DOCX styles
(``Title``, ``Key Point``, ``Source Entry`` …), built from the theme: the Hangul and Latin
faces (``fonts.hwpx_hangul``/``hwpx_latin``, default 함초롬돋움, which Hancom installs), sizes,
colours, line spacing 160% (the title and headings their own), 자간 0, 장평 100%, language Korean,
word-unit line breaking (see :mod:`briefgen.writers.owpml` for the evidence on the attribute).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from briefgen.display import (
    BULLET,
    ChartView,
    Document,
    Line,
    Quotation,
    Row,
    Section,
    markers,
)
from briefgen.errors import RenderError
from briefgen.housestyle import HouseHwpx, hwpx_template
from briefgen.images import bitmap_size
from briefgen.locales import locale_of
from briefgen.measure import CELL_PADDING_MM, text_ems
from briefgen.stylebook import (
    BOX_ROLES,
    FRAMED_ROLES,
    ROLES,
    TABLE_ROLES,
    Look,
    box_heading,
    look,
    looks,
    style_name,
)
from briefgen.theme import Theme
from briefgen.typography import breakable_urls
from briefgen.writers import RenderOptions, owpml

HWPUNIT_PER_MM = 7200 / 25.4


_HANCOM_NAMES = {
    "body": "Body Text",
    "date": "Brief Date",
    "heading": "Heading 1",
    "subheading": "Heading 2",
    "key-messages": "Key Message",
    "implications": "Implication",
    "table-cell": "Table Text",
    "figure-value": "Table Value",
    "citation": "Cite",
    "footnote": "Footnote Text",
}
"""Roles whose style is not named after the role (as in the DOCX: singular item names)."""

STYLE_NAMES: dict[str, str] = {role: _HANCOM_NAMES.get(role, style_name(role)) for role in ROLES}
"""The HWPX style of each role of the style book (:mod:`briefgen.stylebook`), named like the
DOCX styles."""

BOX_HEADINGS = {box: f"{STYLE_NAMES[box]} Heading" for box in sorted(BOX_ROLES)}
"""The heading style of each box role's section (a Heading 1 framed by the box)."""

_ALIGN = {"left": "LEFT", "right": "RIGHT", "center": "CENTER", "justify": "JUSTIFY"}
_SPACER_PT = 1.0
_LINE_WIDTHS_MM = (0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 1.0, 1.5, 2.0, 3.0)
"""The line widths Hancom offers (a border of another width is drawn as the nearest)."""


def write_hwpx(doc: Document, options: RenderOptions) -> bytes:
    """Render a brief's display document to HWPX bytes."""
    from hwpx.errors import HwpxError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # python-hwpx 6 → 7 renames
        try:
            with owpml.stable_ids(f"briefgen:{doc.id}"):
                data = _write(doc, options.theme)
        except (HwpxError, ValueError, KeyError, OSError) as exc:  # wrapped where they enter
            raise RenderError(f"HWPX rendering failed for brief '{doc.id}': {exc}") from exc
    language = locale_of(options.theme).language.primary
    return owpml.reproducible(data, doc.date, preview=preview_text(doc), language=language)


PREVIEW_CHARACTERS = 1000
"""How much text ``Preview/PrvText.txt`` holds: a compact snapshot, as Hancom writes."""


def preview_text(doc: Document) -> str:
    """The opening text of the brief for ``Preview/PrvText.txt``, which file managers and
    search indexers show and index (python-hwpx leaves a bare line break there): the title,
    subtitle and the first section's paragraphs, lines ended by CRLF, at most
    :data:`PREVIEW_CHARACTERS` characters, cut between words."""
    lines = [doc.title, *([doc.subtitle] if doc.subtitle else [])]
    opening = next((section for section in doc.sections if section.lines), None)
    if opening is not None:
        lines += [opening.heading, *(line.text for line in opening.lines)]
    text = "\r\n".join(line.replace("\u00a0", " ") for line in lines)
    if len(text) > PREVIEW_CHARACTERS:
        text = text[:PREVIEW_CHARACTERS].rsplit(" ", 1)[0] + "…"
    return text + "\r\n"


def _write(doc: Document, theme: Theme) -> bytes:
    from hwpx import HwpxDocument

    house = hwpx_template(theme)
    if house is None:
        document = HwpxDocument.new()
        furniture = (False, False)
    else:  # the template's page setup, header and footer; its text goes
        document = HwpxDocument.open(house.package)
        for later in reversed(document.sections[1:]):  # the first section's setup is used
            document.remove_section(later)
        document.sections[0].clear_body(on_control_content="keep")
        furniture = owpml.template_furniture(document.sections[0])
    header = document.parts.headers[0]
    styles = _StyleBook(document, theme, house)
    _page_setup(document, doc, theme, styles, furniture=furniture, house=house is not None)
    writer = _SectionWriter(document, styles, theme)
    writer.masthead(doc)
    for section in doc.sections:
        writer.write(section)
    writer.colophon(doc)
    owpml.restyle_notes(document.sections[0], styles.ids["Footnote Text"])
    owpml.korean_line_breaking(header)
    owpml.without_bin_data_list(header)
    stamp = f"{doc.date.isoformat()}T00:00:00Z"
    document.parts.clear_document_metadata(keep=("title", "language"), timestamp=stamp)
    document.parts.set_document_metadata(
        title=doc.title,
        creator=doc.author_names,
        subject=doc.description,
        keyword=", ".join(doc.keywords),
        created_date=stamp,
        modified_date=stamp,
    )
    result: bytes = document.to_bytes()
    return result


class _StyleBook:
    """The theme's style book in the document's header: style name → (style, paraPr, charPr)
    ids, and the border fills of framed groups and table cells."""

    def __init__(self, document: Any, theme: Theme, house: HouseHwpx | None) -> None:
        self.document = document
        self.ids: dict[str, tuple[str, str, str]] = {}
        self.fills: dict[str, str] = {}
        header = document.parts.headers[0]
        self.header = header
        self.lcid = locale_of(theme).language.lcid
        fonts = theme.fonts
        # a house template's own fonts: those of its base character shape
        self.hangul = None if house else header.ensure_font(fonts.hwpx_hangul)
        self.latin = None if house else header.ensure_font(fonts.hwpx_latin)
        mapped = house.styles if house else {}
        self.unframed = set(mapped)
        """Roles mapped to a template style: the template's style decides their look."""
        book = looks(theme)
        for role, name in STYLE_NAMES.items():
            if role in mapped:
                self.ids[name] = owpml.style_refs(header, mapped[role])
                continue
            frame = _FRAME_OF.get(role, "")
            self.add(name, book[role], frame=None if frame in mapped else book.get(frame))
        for box, name in BOX_HEADINGS.items():
            self.add(name, box_heading(theme, box), frame=book[box])
        # the series line: the organisation's type, right-aligned, under its rule
        self.add("Series", replace(book["organisation"], align="right", border_sides=(),
                                   padding_mm=(0, 0, 0, 0)))  # fmt: skip
        self.add("Chart", replace(book["body"], align="center", space_after_mm=0))
        self.add("Table Header Value", replace(book["table-header"], align="right"))
        self.add("Box Space", replace(book["body"], size_pt=_SPACER_PT, line_height=1.0))
        for role in ("table-header", "table-cell"):
            self.fills[role] = self.fill(book[role])

    def add(self, name: str, look: Look, *, frame: Look | None = None) -> None:
        """A style for ``look``; ``frame``: the framed group its paragraphs belong to, drawn
        as a paragraph border joined across the group's paragraphs (Hancom's 문단 테두리
        연결), from the column's edges whatever the paragraph's indent, with the group's
        padding inside it."""
        header = self.header
        own = header.ensure_font(look.font_family) if look.font_family else None
        char = header.ensure_char_property(
            base_char_pr_id="0",
            modifier=owpml.character(
                height_pt=look.size_pt,
                colour=look.colour,
                bold=look.bold,
                hangul_font=own or self.hangul,
                latin_font=own or self.latin,
            ),
        ).get("id")
        outline = frame or (look if look.role not in TABLE_ROLES else None)
        inset = (0.0, 0.0, 0.0, 0.0)
        border = None
        if outline is not None and outline.boxed:
            inset = outline.padding_mm
            inset = (inset[0], inset[1] + _side(outline, "right"), inset[2],
                     inset[3] + _side(outline, "left"))  # fmt: skip
            top, right, bottom, left = (round(mm * HWPUNIT_PER_MM) for mm in outline.padding_mm)
            border = {
                "borderFillIDRef": self.fill(outline),
                "offsetLeft": left, "offsetRight": right,
                "offsetTop": top, "offsetBottom": bottom,
                "connect": "1", "ignoreMargin": "1" if frame else "0",
            }  # fmt: skip
        margins = {
            "left": round((look.indent_mm + inset[3]) * HWPUNIT_PER_MM),
            "right": round(inset[1] * HWPUNIT_PER_MM),
            "intent": -round(look.hanging_mm * HWPUNIT_PER_MM),
            "next": round(look.space_after_mm * HWPUNIT_PER_MM),
            "prev": round(look.space_before_mm * HWPUNIT_PER_MM),
        }
        para = header.ensure_paragraph_format(
            base_para_pr_id="0",
            alignment=_ALIGN[look.align],
            line_spacing_percent=round(look.line_height * 100),
            margins=margins,
            border=border,
            break_setting={"keep_with_next": look.keep_with_next, "widow_orphan": True},
        )
        style = header.ensure_style(
            name, style_type="PARA", eng_name=name, para_pr_id_ref=para,
            char_pr_id_ref=char, lang_id=self.lcid,
        )  # fmt: skip
        self.ids[name] = (style, para, char)

    def fill(self, look: Look) -> str:
        """A border fill with the look's rules and background."""
        width = min(_LINE_WIDTHS_MM, key=lambda mm: abs(mm - look.border_width_pt * 25.4 / 72))
        fill: str = self.document.styles.ensure_border_fill(
            border_color=(look.border_colour or "#000000").upper(),
            border_width=f"{width:g} mm",
            fill_color=look.background.upper() if look.background else None,
            active_borders=list(look.border_sides),
        )
        return fill

    def refs(self, name: str) -> dict[str, str]:
        """The ids a paragraph of style ``name`` refers to."""
        style, para, char = self.ids[name]
        return {"style_id_ref": style, "para_pr_id_ref": para, "char_pr_id_ref": char}


def _page_setup(
    document: Any,
    doc: Document,
    theme: Theme,
    styles: _StyleBook,
    *,
    furniture: tuple[bool, bool],
    house: bool,
) -> None:
    """A4 with the theme's margins, the running header (not on page 1) and N / M below; a
    house template keeps its page setup, and its header or footer (``furniture``) if it has
    one."""
    page = theme.page

    def unit(mm: float) -> int:
        return round(mm * HWPUNIT_PER_MM)

    if not house:
        document.set_page_size(width=unit(210), height=unit(297))
        document.set_page_margins(
            left=unit(page.margin_left_mm),
            right=unit(page.margin_right_mm),
            top=unit(page.margin_top_mm - 10),
            bottom=unit(page.margin_bottom_mm - 10),
            header=unit(10),
            footer=unit(10),
        )
    has_header, has_footer = furniture
    if not has_header:
        document.set_header_text(doc.running_header)
    if not has_footer:
        document.set_page_number(format="page/total", align="CENTER")
    section = document.sections[0]
    owpml.single_header_and_footer(section)
    if not has_footer:
        owpml.spaced_page_total(section)
    owpml.restyle_header_and_footer(
        section,
        header=None if has_header else styles.ids["Running Header"],
        footer=None if has_footer else styles.ids["Page Number"],
    )
    if not has_header:
        first = document.paragraphs[0]  # holds the section's page settings
        first.add_page_hiding(header=True)  # no running header above the masthead (the PDF)


_ROLE_OF = {name: role for role, name in STYLE_NAMES.items()}
_FRAME_OF = {role: role for role in FRAMED_ROLES} | {"quote-speaker": "quote"}
"""The framed group each role's paragraphs belong to."""


def _side(look: Look, side: str) -> float:
    """The width of ``look``'s rule on ``side`` in millimetres (0 without one)."""
    return look.border_width_pt * 25.4 / 72 if side in look.border_sides else 0.0


class _SectionWriter:
    """Places each kind of section with python-hwpx calls: one method per block kind."""

    def __init__(self, document: Any, styles: _StyleBook, theme: Theme) -> None:
        self.document = document
        self.styles = styles
        self.theme = theme
        self.language = locale_of(theme).tag

    def paragraph(
        self, text: str, style: str, cited: Line | Row | Quotation | ChartView | None = None
    ) -> Any:
        paragraph = self.document.add_paragraph(breakable_urls(text), **self.styles.refs(style))
        if cited is not None:
            self.cite(paragraph, cited)
        return paragraph

    @contextmanager
    def framed(self, role: str) -> Iterator[None]:
        """A framed group: its paragraphs' styles carry the frame (a joined paragraph border,
        see :meth:`_StyleBook.add`); here only the space the role wants before it."""
        frame = look(self.theme, role)
        if frame.space_before_mm and role not in self.styles.unframed:
            spacer = self.document.add_paragraph("", **self.styles.refs("Box Space"))
            spacer.para_pr_id_ref = self.styles.header.ensure_paragraph_format(
                base_para_pr_id=spacer.para_pr_id_ref,
                margins={"prev": round(frame.space_before_mm * HWPUNIT_PER_MM)},
            )
        yield

    def cite(self, paragraph: Any, cited: Line | Row | Quotation | ChartView) -> None:
        if cited.footnote:
            self.document.add_footnote(breakable_urls(cited.footnote), paragraph=paragraph)
        elif cited.cites:
            paragraph.add_run(markers(cited.cites))

    def write(self, section: Section) -> None:
        if section.box is None or section.box in self.styles.unframed:
            self.section_body(section, "Heading 1")
        else:
            with self.framed(section.box):
                self.section_body(section, BOX_HEADINGS[section.box])

    def section_body(self, section: Section, heading_style: str) -> None:
        heading = self.paragraph(section.heading, heading_style)
        if section.footnote:
            self.document.add_footnote(breakable_urls(section.footnote), paragraph=heading)
        getattr(self, section.kind)(section)

    def _restyle(self, paragraph: Any, style: str) -> None:
        refs = self.styles.refs(style)
        paragraph.style_id_ref = refs["style_id_ref"]
        paragraph.para_pr_id_ref = refs["para_pr_id_ref"]
        paragraph.char_pr_id_ref = refs["char_pr_id_ref"]

    def masthead(self, doc: Document) -> None:
        first = self.document.paragraphs[0]
        self._restyle(first, "Organisation")
        logo = doc.logo.docx_file if doc.logo else None
        if doc.logo is not None and logo is not None:
            data = self.theme.read_file(logo)
            kind = logo.rsplit(".", 1)[-1].lower()
            item = self.document.add_image(data, kind)
            pixels = bitmap_size(data, kind)  # checked when the theme was loaded
            height = round(doc.logo.height_mm * HWPUNIT_PER_MM)
            width = round(height * pixels[0] / pixels[1])  # the logo's own proportions
            picture = first.add_picture(item, width=width, height=height, treat_as_char=True)
            owpml.show_whole_image(picture, pixels)
            owpml.describe(picture, doc.organisation)
        organisation = self.styles.ids["Organisation"][2]
        first.add_run(
            f" {doc.organisation}" if logo else doc.organisation, char_pr_id_ref=organisation
        )
        if doc.series:
            self.paragraph(doc.series, "Series")
        self.paragraph(doc.title, "Title")
        if doc.subtitle:
            self.paragraph(doc.subtitle, "Subtitle")
        for author in doc.authors:
            self.paragraph(author.text, "Authors")
        self.paragraph(doc.date_text, "Brief Date")

    def colophon(self, doc: Document) -> None:
        with self.framed("colophon"):
            for line in doc.colophon_lines:
                self.paragraph(line, "Colophon")

    def key_messages(self, section: Section) -> None:
        for line in section.lines:
            self.paragraph(f"{BULLET} {line.text}", "Key Message", line)

    def contents(self, section: Section) -> None:
        for link in section.links:
            self.paragraph(link.text, "Contents Entry")

    def section(self, section: Section) -> None:
        for line in section.lines:
            self.paragraph(line.text, "Section Text", line)

    def summary(self, section: Section) -> None:
        for line in section.lines:
            self.paragraph(line.text, "Summary", line)

    def charts(self, section: Section) -> None:
        """Native HWPX charts: the same DrawingML chartML as the DOCX's (python-pptx), which
        python-hwpx stores as a chart part Hancom draws."""
        from lxml import etree

        from briefgen.writers import docxchart, ooxml

        theme = self.theme
        for chart in section.charts:
            self.paragraph(chart.caption, "Caption")
            self.paragraph(chart.unit_line, "Chart Unit")
            space = docxchart.chart_xml(chart, theme)
            fonts = theme.fonts  # chartML is DrawingML: its Korean font is set by ooxml
            ooxml.korean_chart_text(
                space, latin=fonts.hwpx_latin, east_asia=fonts.hwpx_hangul, language=self.language
            )
            holder = self.paragraph("", "Chart")
            drawn = self.document.add_chart(
                etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True),
                paragraph=holder,
                size=(
                    round(theme.charts.width_mm * HWPUNIT_PER_MM),
                    round(theme.charts.height_mm * HWPUNIT_PER_MM),
                ),
                treat_as_char=True,
            )
            owpml.describe(drawn, chart.description)
            if chart.note:
                self.paragraph(chart.note, "Source Line")
            self.paragraph(chart.source, "Source Line", chart)

    def key_points(self, section: Section) -> None:
        for group in section.groups:
            if group.heading:
                heading = self.paragraph(group.heading, "Heading 2")
                if group.footnote:
                    self.document.add_footnote(breakable_urls(group.footnote), paragraph=heading)
            for number, item in group.numbered:
                self.paragraph(f"{number} {item.text}", "Key Point", item)

    def implications(self, section: Section) -> None:
        for line in section.lines:
            self.paragraph(f"{BULLET} {line.text}", "Implication", line)

    def table(self, section: Section) -> None:
        """A table whose rows are as tall as their text needs (Hancom grows short rows on
        opening; other readers draw the stored height), with a repeating header row."""
        columns = section.columns
        theme = self.theme
        widths_mm = section.widths_mm
        table = self.document.add_table(rows=len(section.rows) + 1, cols=len(columns))
        table.set_column_widths([round(w * HWPUNIT_PER_MM) for w in widths_mm])
        body = look(theme, "table-cell")
        size = body.size_pt
        line = body.line_pt * 100  # HWPUNIT
        rows = [[c.label for c in columns]]
        cited = columns[-1].role == "source"
        for row in section.rows:
            marks = "" if row.footnote else markers(row.cites)
            rows.append([*row.cells, marks] if cited else list(row.cells))
        top, right, bottom, left = (round(mm * HWPUNIT_PER_MM) for mm in body.padding_mm)
        padding = (top, right, bottom, left)
        for row_index, texts in enumerate(rows):
            style = "Table Header" if row_index == 0 else "Table Text"
            fill = self.styles.fills["table-header" if row_index == 0 else "table-cell"]
            tallest = 1
            for index, text in enumerate(texts):
                value = columns[index].role == "value"
                header_style = "Table Header Value" if value else style
                cell_style = header_style if row_index == 0 else ("Table Value" if value else style)
                table.set_cell_text(row_index, index, text)
                cell = table.cell(row_index, index)
                self._restyle(cell.paragraphs[0], cell_style)
                owpml.frame_cell(cell, border_fill=fill, padding_hwpunit=padding)
                room = (widths_mm[index] - CELL_PADDING_MM) / (size * 25.4 / 72)
                lines = math.ceil(text_ems(text) / max(room, 1.0) - 0.01)  # widths are rounded
                tallest = max(tallest, lines)
            height = round(tallest * line + padding[0] + padding[2])
            for index, width in enumerate(widths_mm):
                table.cell(row_index, index).set_size(round(width * HWPUNIT_PER_MM), height)
        for row_index, row in enumerate(section.rows, start=1):
            if row.footnote:
                cell = table.cell(row_index, len(columns) - 1)
                self.document.add_footnote(
                    breakable_urls(row.footnote), paragraph=cell.paragraphs[0]
                )
        owpml.repeat_header_row(table)
        owpml.fit_table_height(table)
        if section.source_line:
            self.paragraph(section.source_line, "Source Line")

    timeline = figures = table

    def quotes(self, section: Section) -> None:
        for quotation in section.quotations:
            with self.framed("quote"):
                self.paragraph(quotation.text, "Quote", quotation)
                self.paragraph(quotation.attribution, "Quote Speaker")

    def sources(self, section: Section) -> None:
        for source in section.sources:
            self.paragraph(f"{source.label} {source.entry}", "Source Entry")
