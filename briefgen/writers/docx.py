"""DOCX writer: the brief's display document into a Word document with python-docx.

Same content and order as the PDF: title block, summary, key points with citations,
implications, timeline and figures as real Word tables, quotes, sources. Lists are Word lists
(numbering definitions), not typed bullets.

Styling lives in named styles, built once per document in code from the theme (fonts, sizes,
colours), so there is no binary reference document to keep in sync with ``theme.toml``.
Paragraphs refer to styles by name and carry no direct formatting. Headings use Word's built-in
Heading 1/2, so the navigation pane and a table of contents work. Style names mirror the CSS
classes of the HTML templates:

==================  ===================  ===================================
DOCX style           CSS class            used for
==================  ===================  ===================================
Organisation         .masthead-top        logo, organisation and series line above the title
Title / Subtitle     .title / .subtitle   brief title and subtitle
Authors              .authors li          one author per line: name, affiliation, e-mail
Brief Date           .date                issue date, header and footer
Key Message          .key-message-list li the key messages box
toc 1                .contents-list li    entries of the contents list (a Word TOC field)
Section Text         .editor-section p    paragraphs of the analyst's own sections
Caption              .chart-caption       그림 N. (a SEQ field) and the chart's title
Chart Unit           .chart-unit          단위: 억 달러, right-aligned above the chart
Chart                .chart-graphic       the paragraph holding a native Word chart
Chart Source         .chart-source/.note  주: … and 자료: … under the chart
Summary              .summary             summary paragraphs
Key Point            .key-points li       numbered key points
Implication          .implication-list li bulleted implications for Korea
Table Header         th                   first row of the timeline and figures tables
Table Value          td.value             figures, right-aligned and bold
Quote / Quote Speaker .quote / .speaker   quotes and who said them
Source Entry         .sources li          numbered sources list
Cite (character)     .cite                citation markers [n]
footnote text        .footnote            footnotes (when a brief cites in footnotes)
footnote reference   ::footnote-call      the footnote's number, in the text and the note
Colophon             .colophon p          organisation, address, contact and licence at the end
==================  ===================  ===================================

Raw OOXML (Korean settings, numbering, table rows, fields) is confined to
:mod:`briefgen.writers.ooxml`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from briefgen.display import ChartView, Document, Line, Quotation, Row, Section, markers
from briefgen.errors import RenderError
from briefgen.housestyle import HouseDocx, docx_template
from briefgen.locales import locale_of
from briefgen.measure import list_hanging_mm
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
from briefgen.theme import A4_MM, Theme
from briefgen.typography import breakable_urls
from briefgen.writers import RenderOptions, ooxml

ORGANISATION = "Organisation"
AUTHORS = "Authors"
BRIEF_DATE = "Brief Date"
KEY_MESSAGE = "Key Message"
CONTENTS_ENTRY = "toc 1"
SECTION_TEXT = "Section Text"
CAPTION = "Caption"
CHART_UNIT = "Chart Unit"
CHART = "Chart"
SOURCE_LINE = "Source Line"
SUMMARY = "Summary"
KEY_POINT = "Key Point"
IMPLICATION = "Implication"
TABLE_HEADER = "Table Header"
TABLE_TEXT = "Table Text"
TABLE_HEADER_VALUE = "Table Header Value"
TABLE_VALUE = "Table Value"
QUOTE = "Quote"
QUOTE_SPEAKER = "Quote Speaker"
SOURCE_ENTRY = "Source Entry"
CITE = "Cite"
FOOTNOTE_TEXT = "footnote text"
FOOTNOTE_REFERENCE = "footnote reference"
COLOPHON = "Colophon"
RUNNING_HEADER = "Running Header"
PAGE_NUMBERS = "Page Numbers"
SPACER = "Box Space"

_TWIPS_PER_MM = 1440 / 25.4


def write_docx(doc: Document, options: RenderOptions) -> bytes:
    """Render a brief's display document to DOCX bytes."""
    import docx

    theme = options.theme
    house = docx_template(theme)
    try:
        document = docx.Document(io.BytesIO(_styled_template(theme, house)))
        _size_lists(document, doc, theme, house)
        _set_properties(document, doc, locale_of(theme).tag)
        _page_setup(document, doc, theme, house)
        writer = _SectionWriter(document, theme, house)
        writer.masthead(doc)
        for section in doc.sections:
            writer.write(section)
        writer.colophon(doc)
        buffer = io.BytesIO()
        document.save(buffer)
    except (ValueError, KeyError, OSError) as exc:
        raise RenderError(f"DOCX rendering failed for brief '{doc.id}': {exc}") from exc
    return _reproducible_zip(buffer.getvalue(), doc.date)


def _size_lists(document: Any, doc: Document, theme: Theme, house: HouseDocx | None) -> None:
    """Hanging indents wide enough for the largest number of each numbered list (a house
    template's own numbered style keeps its indents)."""
    largest = {KEY_POINT: 1, SOURCE_ENTRY: 1}
    for section in doc.sections:
        for group in section.groups:
            largest[KEY_POINT] = max(largest[KEY_POINT], group.start + len(group.items) - 1)
        for source in section.sources:
            largest[SOURCE_ENTRY] = max(largest[SOURCE_ENTRY], source.number)
    aliases = _aliases(document, house)
    for name, number in largest.items():
        if name in aliases:
            continue
        wanted = look(theme, _ROLE_OF[name])
        hanging = max(wanted.hanging_mm, list_hanging_mm(number, wanted.size_pt))
        ooxml.set_list_indent(
            document,
            document.styles[name],
            indent_twips=round((wanted.indent_mm + hanging - wanted.hanging_mm) * _TWIPS_PER_MM),
            hanging_twips=round(hanging * _TWIPS_PER_MM),
        )


def _reproducible_zip(data: bytes, day: dt.date) -> bytes:
    """Rewrite the package with every entry dated ``day``: equal input, equal bytes.

    python-docx stamps zip entries with the current time; nothing else in the file varies.
    """
    import zipfile

    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info))
    return output.getvalue()


@cache
def _styled_template(theme: Theme, house: HouseDocx | None) -> bytes:
    """The theme's house template (its text removed) or python-docx's default document, with
    the theme's styles and lists, built once per theme.

    Configuring ~160 styles costs more than writing a brief; loading this prepared package
    instead keeps a DOCX brief well under a tenth of a second.
    """
    import docx

    document = docx.Document(io.BytesIO(house.package) if house else None)
    ooxml.drop_styles_with_effects(document)
    if house is not None:
        ooxml.clear_body(document)
        ooxml.drop_attached_template(document)
        ooxml.ensure_numbering(document)
        properties = document.core_properties  # the template's own; the brief sets the rest
        for name in ("category", "content_status", "identifier", "version", "subject"):
            setattr(properties, name, "")
        ooxml.drop_last_printed(document)
    _configure_styles(document, theme, house)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rgb(colour: str) -> Any:
    from docx.shared import RGBColor

    return RGBColor.from_string(colour.lstrip("#").upper())


_WORD_NAMES = {
    "body": "Normal",
    "date": BRIEF_DATE,
    "heading": "Heading 1",
    "subheading": "Heading 2",
    "contents-entry": CONTENTS_ENTRY,
    "key-messages": KEY_MESSAGE,
    "implications": IMPLICATION,
    "table-cell": TABLE_TEXT,
    "figure-value": TABLE_VALUE,
    "citation": CITE,
    "footnote": FOOTNOTE_TEXT,
    "page-number": PAGE_NUMBERS,
}
"""Roles whose Word style is not named after the role: Word's built-in styles (so the
navigation pane, the table of contents and footnotes work) and singular item names."""

STYLE_NAMES: dict[str, str] = {role: _WORD_NAMES.get(role, style_name(role)) for role in ROLES}
"""The Word style of each role of the style book (:mod:`briefgen.stylebook`)."""

BOX_HEADINGS = {box: f"{STYLE_NAMES[box]} Heading" for box in sorted(BOX_ROLES)}
"""The heading style of each box role's section (a Heading 1 framed by the box)."""

_LISTS = {KEY_POINT: True, IMPLICATION: False, SOURCE_ENTRY: True, KEY_MESSAGE: False}
"""List styles: numbered (``1.``) or bulleted (``•``)."""

_ALIGN = {"left": "LEFT", "right": "RIGHT", "center": "CENTER", "justify": "JUSTIFY"}


def _aliases(document: Any, house: HouseDocx | None) -> dict[str, str]:
    """briefgen's style name → the house template's style, for each mapped role; a mapped list
    role whose template style has no list of its own keeps briefgen's style, based on the
    template's, for the numbering."""
    if house is None:
        return {}
    aliases = {}
    for role, name in house.styles.items():
        ours = STYLE_NAMES[role]
        if ours in _LISTS and not ooxml.style_numbered(document.styles[name]):
            continue
        aliases[ours] = name
    return aliases


def text_width_mm(document: Any, theme: Theme, house: HouseDocx | None) -> float:
    """The width of the text column: the house template's, or A4 with the theme's margins."""
    section = document.sections[0]
    if house is None or section.page_width is None:
        return A4_MM[0] - theme.page.margin_left_mm - theme.page.margin_right_mm
    from docx.shared import Length

    width = Length(
        (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
    )
    return float(width.mm) if width > 0 else A4_MM[0] - 50


def _configure_styles(document: Any, theme: Theme, house: HouseDocx | None) -> None:
    """Every role of the theme's style book as a named Word style, and the lists; with a house
    template, mapped roles use the template's styles, fonts stay the template's."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import Mm, Pt

    fonts = {"latin": theme.fonts.docx_latin, "east_asia": theme.fonts.docx_east_asia}
    language = locale_of(theme).tag
    if house is None:
        ooxml.set_korean_defaults(document, **fonts, language=language)
    else:
        ooxml.set_korean_defaults(document, latin=None, east_asia=None, language=language)
    styles = document.styles
    aliases = _aliases(document, house)
    derived = {STYLE_NAMES[r]: n for r, n in (house.styles if house else {}).items()}

    def style(name: str, base: str = "Normal", kind: Any = WD_STYLE_TYPE.PARAGRAPH) -> Any:
        try:
            return styles[name]
        except KeyError:
            created = styles.add_style(name, kind)
        if kind == WD_STYLE_TYPE.PARAGRAPH and name != "Normal":
            created.base_style = styles[aliases.get(base, base)]
        return created

    book = looks(theme)
    for role, name in STYLE_NAMES.items():
        kind = WD_STYLE_TYPE.CHARACTER if role == "citation" else WD_STYLE_TYPE.PARAGRAPH
        if name in aliases:
            continue
        if name in derived:  # a mapped list role: the template's look, briefgen's numbering
            style(name, base=derived[name])
            continue
        _apply_look(style(name, kind=kind), book[role], paragraph=role != "citation")
    for box, name in BOX_HEADINGS.items():
        _apply_look(style(name, base="Heading 1"), box_heading(theme, box), paragraph=True)
        # in its box's one-cell table, where keeping it with the next paragraph would keep
        # the whole table with what follows it (LibreOffice then moves both to a new page)
        styles[name].paragraph_format.keep_with_next = False
    reference = style(FOOTNOTE_REFERENCE, kind=WD_STYLE_TYPE.CHARACTER)
    reference.font.superscript = True
    reference.font.color.rgb = _rgb(book["citation"].colour)
    if CITE not in aliases:
        styles[CITE].font.superscript = True
    chart_style = style(CHART)
    chart_style.paragraph_format.keep_with_next = True
    chart_style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    header_value = style(TABLE_HEADER_VALUE, base=TABLE_HEADER)  # over a column of figures
    header_value.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    spacer = style(SPACER)  # the room before a framed group (a table has no space before)
    spacer.font.size = Pt(1)
    spacer.paragraph_format.space_before = spacer.paragraph_format.space_after = Pt(0)
    spacer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    text_width = Mm(text_width_mm(document, theme, house))
    if ORGANISATION not in aliases:
        # The masthead's first line holds the logo: at least the text's height, taller for it.
        styles[ORGANISATION].paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        styles[ORGANISATION].paragraph_format.tab_stops.add_tab_stop(
            text_width, WD_TAB_ALIGNMENT.RIGHT
        )
    if CONTENTS_ENTRY not in aliases:
        styles[CONTENTS_ENTRY].paragraph_format.tab_stops.add_tab_stop(
            text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
    for name, numbered in _LISTS.items():
        if name in aliases:  # the template's style numbers its paragraphs itself
            continue
        look = book[_ROLE_OF[name]]
        list_id = ooxml.add_list(
            document,
            numbered=numbered,
            indent_twips=round(look.indent_mm * _TWIPS_PER_MM),
            hanging_twips=round(look.hanging_mm * _TWIPS_PER_MM),
        )
        ooxml.set_style_list(styles[name], list_id)

    if house is not None:
        return  # the template's fonts
    for each in styles:  # every style names the Korean font explicitly
        if each.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE):
            ooxml.set_style_fonts(each, **fonts)


_ROLE_OF = {name: role for role, name in STYLE_NAMES.items()}


def _apply_look(style: Any, look: Look, *, paragraph: bool) -> None:
    """A role's look on a Word style: type always; spacing, alignment, indents and the rules
    of an unframed role for a paragraph style (framed and table roles get their frame from
    the writer: a one-cell table, a table cell)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    font = style.font
    font.size = Pt(look.size_pt)
    font.bold = look.bold
    font.italic = False  # Hangul has no italics (R9)
    font.color.rgb = _rgb(look.colour)
    if look.font_family:
        font.name = look.font_family
    if not paragraph:
        return
    layout = style.paragraph_format
    layout.line_spacing = Pt(look.line_pt)
    layout.space_before = Mm(look.space_before_mm)
    layout.space_after = Mm(look.space_after_mm)
    layout.alignment = getattr(WD_ALIGN_PARAGRAPH, _ALIGN[look.align])
    # a framed group is a one-cell table, whose paragraphs' keep-with-next would keep the
    # whole table with what follows (the writer keeps short groups' rows whole instead)
    layout.keep_with_next = look.keep_with_next and look.role not in FRAMED_ROLES
    if look.indent_mm and style.name not in _LISTS:
        layout.left_indent = Mm(look.indent_mm)
    framed = look.role in FRAMED_ROLES or look.role in TABLE_ROLES
    ooxml.clear_style_border(style)
    if look.border_sides and look.border_colour and not framed:
        top, right, bottom, left = (mm * 72 / 25.4 for mm in look.padding_mm)
        ooxml.set_style_border(
            style,
            look.border_sides,
            colour=look.border_colour,
            width_pt=look.border_width_pt,
            space_pt={"top": top, "right": right, "bottom": bottom, "left": left},
        )


_PROPERTY_LIMIT = 255  # python-docx (and the OPC core properties it writes) allow 255 chars


def _property(text: str) -> str:
    """A core-property value, shortened with an ellipsis when longer than the format allows."""
    if len(text) <= _PROPERTY_LIMIT:
        return text
    import regex

    clusters = regex.findall(r"\X", text)
    kept: list[str] = []
    for cluster in clusters:
        if sum(map(len, kept)) + len(cluster) > _PROPERTY_LIMIT - 1:
            break
        kept.append(cluster)
    return "".join(kept) + "…"


def _set_properties(document: Any, doc: Document, language: str) -> None:
    properties = document.core_properties
    properties.title = _property(doc.title)
    properties.subject = _property(doc.description)
    properties.author = _property(doc.author_names)
    properties.last_modified_by = _property(doc.organisation)
    properties.keywords = _property(", ".join(doc.keywords))
    properties.language = language
    properties.comments = ""
    moment = dt.datetime.combine(doc.date, dt.time(), tzinfo=dt.UTC)
    properties.created = moment
    properties.modified = moment
    properties.revision = 1


def _page_setup(document: Any, doc: Document, theme: Theme, house: HouseDocx | None) -> None:
    """A4 with the theme's margins, the running header (not on page 1) and N / M below; a
    house template keeps its page setup, and its own header or footer where it has one."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Mm

    section = document.sections[0]
    if house is None or section.page_width is None:  # a template without a page setup
        section.page_width, section.page_height = Mm(210), Mm(297)
        page = theme.page
        section.top_margin = Mm(page.margin_top_mm)
        section.bottom_margin = Mm(page.margin_bottom_mm)
        section.left_margin = Mm(page.margin_left_mm)
        section.right_margin = Mm(page.margin_right_mm)
    aliases = _aliases(document, house)
    own_footer = house is None or section.footer.is_linked_to_previous
    if house is None or section.header.is_linked_to_previous:
        # One line, as in the PDF: the organisation at the left, the title (shortened to
        # fit) at the right edge, and no running header above the masthead of page 1.
        header = section.header.paragraphs[0]
        header.text = f"{doc.organisation}\t{doc.header_title}"
        header.style = document.styles[aliases.get(RUNNING_HEADER, RUNNING_HEADER)]
        header.paragraph_format.tab_stops.add_tab_stop(
            Mm(text_width_mm(document, theme, house)), WD_TAB_ALIGNMENT.RIGHT
        )
        # page 1 without it needs a first-page footer: briefgen's, not a template's own
        section.different_first_page_header_footer = own_footer
    if own_footer:
        footers = [section.footer]
        if section.different_first_page_header_footer:
            footers.append(section.first_page_footer)
        for footer_part in footers:
            footer = footer_part.paragraphs[0]
            footer.style = document.styles[aliases.get(PAGE_NUMBERS, PAGE_NUMBERS)]
            ooxml.add_field(footer, "PAGE")
            footer.add_run(" / ")
            ooxml.add_field(footer, "NUMPAGES")


_ROLE_STYLES = {"value": TABLE_VALUE}
"""Table cell roles (display columns) with a style of their own."""


class _SectionWriter:
    """Places each kind of section with python-docx calls: one method per block kind."""

    def __init__(self, document: Any, theme: Theme, house: HouseDocx | None) -> None:
        self.document = document
        self.container: Any = document
        """Where paragraphs go: the document, or the cell of a framed group."""
        self.fresh: Any = None
        """A framed group's cell paragraph not yet written (a new cell has one)."""
        self.theme = theme
        # Style ids looked up once: python-docx resolves a style name by scanning every style.
        self.style_ids = {s.name: s.style_id for s in document.styles}
        aliases = _aliases(document, house)
        for ours, theirs in aliases.items():  # a mapped role writes the template's style
            self.style_ids[ours] = self.style_ids[theirs]
        self.unframed = {_ROLE_OF[name] for name in aliases} | set(house.styles if house else ())
        """Roles mapped to a template style: the template's style decides their look, so
        briefgen draws no box or frame around them."""
        self.text_mm = text_width_mm(document, theme, house)
        self.chart_count = 0
        self.day = dt.date(2000, 1, 1)
        self.footnotes = ooxml.Footnotes(
            document,
            text_style_id=self.style_ids[FOOTNOTE_TEXT],
            reference_style_id=self.style_ids[FOOTNOTE_REFERENCE],
        )

    def write(self, section: Section) -> None:
        if section.box is None or section.box in self.unframed:
            self.section_body(section, "Heading 1")
        else:
            with self.framed(section.box):
                self.section_body(section, BOX_HEADINGS[section.box])

    def section_body(self, section: Section, heading_style: str) -> None:
        heading = self.paragraph(section.heading, heading_style)
        if section.footnote:
            self.note(heading, section.footnote)
        getattr(self, section.kind)(section)

    @contextmanager
    def framed(self, role: str) -> Iterator[None]:
        """Paragraphs written inside go into a one-cell table framed as ``role`` says (its
        background, rules and padding), after the space the role wants before it."""
        from docx.shared import Mm

        if role in self.unframed:
            yield
            return
        frame = look(self.theme, role)
        if frame.space_before_mm:
            spacer = self.document.add_paragraph()
            ooxml.apply_style(spacer, self.style_ids[SPACER])
            spacer.paragraph_format.line_spacing = Mm(frame.space_before_mm)
        box = self.document.add_table(rows=1, cols=1)
        box.autofit = False
        cell = box.cell(0, 0)
        box.columns[0].width = cell.width = Mm(self.text_mm)
        self.frame(cell, frame)
        if role not in BOX_ROLES:  # a quote, the colophon: short, never split
            ooxml.keep_row_together(box.rows[0])
        self.container, self.fresh = cell, cell.paragraphs[0]
        try:
            yield
        finally:
            self.container, self.fresh = self.document, None

    def note(self, paragraph: Any, text: str) -> None:
        """A footnote on ``paragraph``; its web addresses break only where they may."""
        self.footnotes.add(paragraph, breakable_urls(text))

    def paragraph(
        self, text: str, style: str, cited: Line | Row | Quotation | ChartView | None = None
    ) -> Any:
        if self.fresh is not None:
            paragraph, self.fresh = self.fresh, None
            paragraph.add_run(breakable_urls(text))
        else:
            paragraph = self.container.add_paragraph(breakable_urls(text))
        ooxml.apply_style(paragraph, self.style_ids[style])
        if cited is not None:
            self.cite(paragraph, cited)
        return paragraph

    def cite(self, paragraph: Any, cited: Line | Row | Quotation | ChartView) -> None:
        """What an item cites: a footnote, or ``[n]`` markers."""
        if cited.footnote:
            self.note(paragraph, cited.footnote)
        elif cited.cites:
            run = paragraph.add_run(markers(cited.cites))
            ooxml.apply_style(run, self.style_ids[CITE])

    def masthead(self, doc: Document) -> None:
        self.day = doc.date
        top = self.paragraph("", ORGANISATION)
        logo = doc.logo.docx_file if doc.logo else None
        if doc.logo is not None and logo is not None:
            from docx.shared import Mm

            run = top.add_run()
            run.add_picture(io.BytesIO(self.theme.read_file(logo)), height=Mm(doc.logo.height_mm))
            ooxml.set_picture_description(run, doc.organisation)
            run.add_text(" ")
        top.add_run(doc.organisation)
        if doc.series:
            top.add_run(f"\t{doc.series}")
        self.paragraph(doc.title, "Title")
        if doc.subtitle:
            self.paragraph(doc.subtitle, "Subtitle")
        for author in doc.authors:
            self.paragraph(author.text, AUTHORS)
        self.paragraph(doc.date_text, BRIEF_DATE)

    def colophon(self, doc: Document) -> None:
        with self.framed("colophon"):
            for line in doc.colophon_lines:
                self.paragraph(line, COLOPHON)

    def key_messages(self, section: Section) -> None:
        for line in section.lines:
            self.paragraph(line.text, KEY_MESSAGE, line)

    def contents(self, section: Section) -> None:
        entries = [link.text for link in section.links]
        ooxml.add_contents_field(
            self.document, entries, entry_style_id=self.style_ids[CONTENTS_ENTRY]
        )

    def charts(self, section: Section) -> None:
        """Each chart as a native Word chart (data embedded for "Edit data"), with a numbered
        caption, the unit line above it and the note and source line below."""
        from briefgen.writers import docxchart

        theme = self.theme
        for chart in section.charts:
            self.chart_count += 1
            caption = self.paragraph(f"{theme.labels.figure} ", CAPTION)
            ooxml.add_caption_number(caption, theme.labels.figure, self.chart_count)
            caption.add_run(f". {chart.title}")
            self.paragraph(chart.unit_line, CHART_UNIT)
            ooxml.add_chart(
                self.document,
                self.paragraph("", CHART),
                docxchart.chart_xml(chart, theme),
                docxchart.workbook(chart, self.day),
                number=self.chart_count,
                size_mm=(min(theme.charts.width_mm, self.text_mm), theme.charts.height_mm),
                description=chart.description,
                latin=theme.fonts.docx_latin,
                east_asia=theme.fonts.docx_east_asia,
                language=locale_of(theme).tag,
            )
            if chart.note:
                self.paragraph(chart.note, SOURCE_LINE)
            self.paragraph(chart.source, SOURCE_LINE, chart)

    def section(self, section: Section) -> None:
        for line in section.lines:
            self.paragraph(line.text, SECTION_TEXT, line)

    def summary(self, section: Section) -> None:
        for line in section.lines:
            self.paragraph(line.text, SUMMARY, line)

    def key_points(self, section: Section) -> None:
        for group in section.groups:
            if group.heading:
                heading = self.paragraph(group.heading, "Heading 2")
                if group.footnote:
                    self.note(heading, group.footnote)
            for item in group.items:
                self.paragraph(item.text, KEY_POINT, item)

    def implications(self, section: Section) -> None:
        for line in section.lines:
            self.paragraph(line.text, IMPLICATION, line)

    def table(self, section: Section) -> None:
        """A table with a repeating header row, rows kept whole, and fixed column widths."""
        from docx.shared import Mm

        columns = section.columns
        table = self.document.add_table(rows=1, cols=len(columns))
        table.autofit = False
        ooxml.repeat_as_header(table.rows[0])
        header, body = look(self.theme, "table-header"), look(self.theme, "table-cell")
        for cell, column in zip(table.rows[0].cells, columns, strict=True):
            cell.paragraphs[0].text = column.label
            style = TABLE_HEADER_VALUE if column.role == "value" else TABLE_HEADER
            ooxml.apply_style(cell.paragraphs[0], self.style_ids[style])
            self.frame(cell, header)
        for values in section.rows:
            row = table.add_row()
            ooxml.keep_row_together(row)
            texts = values.cells
            if columns[-1].role == "source":
                texts = (*texts, "" if values.footnote else markers(values.cites))
            for cell, text, column in zip(row.cells, texts, columns, strict=True):
                cell.paragraphs[0].text = text
                style = _ROLE_STYLES.get(column.role, TABLE_TEXT)
                ooxml.apply_style(cell.paragraphs[0], self.style_ids[style])
                self.frame(cell, body)
            if values.footnote:
                self.note(row.cells[-1].paragraphs[0], values.footnote)
        scale = min(1.0, self.text_mm / sum(section.widths_mm))  # a narrower house page
        for column, width in zip(table.columns, section.widths_mm, strict=True):
            column.width = Mm(width * scale)  # the grid (LibreOffice) and each cell (Word)
            for cell in column.cells:
                cell.width = Mm(width * scale)
        if section.source_line:
            self.paragraph(section.source_line, SOURCE_LINE)

    timeline = figures = table

    @staticmethod
    def frame(cell: Any, cell_look: Look) -> None:
        """A cell's rules, background and padding from a role's look."""
        ooxml.frame_cell(
            cell,
            sides=cell_look.border_sides,
            width_pt=cell_look.border_width_pt,
            colour=cell_look.border_colour,
            background=cell_look.background,
            padding_mm=cell_look.padding_mm,
        )

    def quotes(self, section: Section) -> None:
        for quotation in section.quotations:
            with self.framed("quote"):
                self.paragraph(quotation.text, QUOTE, quotation)
                self.paragraph(quotation.attribution, QUOTE_SPEAKER)

    def sources(self, section: Section) -> None:
        for source in section.sources:
            self.paragraph(source.entry, SOURCE_ENTRY)
