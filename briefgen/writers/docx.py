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
from functools import cache
from typing import Any

from briefgen.display import ChartView, Cite, Document, Line, Quotation, Row, Section
from briefgen.errors import RenderError
from briefgen.measure import list_hanging_mm
from briefgen.theme import Theme
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
CHART_SOURCE = "Chart Source"
SUMMARY = "Summary"
KEY_POINT = "Key Point"
IMPLICATION = "Implication"
TABLE_HEADER = "Table Header"
TABLE_VALUE = "Table Value"
QUOTE = "Quote"
QUOTE_SPEAKER = "Quote Speaker"
SOURCE_ENTRY = "Source Entry"
CITE = "Cite"
FOOTNOTE_TEXT = "footnote text"
FOOTNOTE_REFERENCE = "footnote reference"
COLOPHON = "Colophon"

RUNNING_TEXT = (KEY_MESSAGE, SECTION_TEXT, SUMMARY, KEY_POINT, IMPLICATION, QUOTE)
"""Styles of running text, justified when the theme's ``[text] align`` says so (as in CSS)."""

_TWIPS_PER_MM = 1440 / 25.4


def write_docx(doc: Document, options: RenderOptions) -> bytes:
    """Render a brief's display document to DOCX bytes."""
    import docx

    theme = options.theme
    try:
        document = docx.Document(io.BytesIO(_styled_template(theme)))
        _size_lists(document, doc, theme)
        _set_properties(document, doc)
        _page_setup(document, doc, theme)
        writer = _SectionWriter(document, theme)
        writer.masthead(doc)
        for section in doc.sections:
            writer.write(section)
        writer.colophon(doc)
        buffer = io.BytesIO()
        document.save(buffer)
    except (ValueError, KeyError, OSError) as exc:
        raise RenderError(f"DOCX rendering failed for brief '{doc.id}': {exc}") from exc
    return _reproducible_zip(buffer.getvalue(), doc.date)


def _size_lists(document: Any, doc: Document, theme: Theme) -> None:
    """Hanging indents wide enough for the largest number of each numbered list."""
    largest = {KEY_POINT: 1, SOURCE_ENTRY: 1}
    for section in doc.sections:
        for group in section.groups:
            largest[KEY_POINT] = max(largest[KEY_POINT], group.start + len(group.items) - 1)
        for source in section.sources:
            largest[SOURCE_ENTRY] = max(largest[SOURCE_ENTRY], source.number)
    sizes = {KEY_POINT: theme.sizes.body_pt, SOURCE_ENTRY: theme.sizes.small_pt}
    for name, number in largest.items():
        hanging = list_hanging_mm(number, sizes[name])
        ooxml.set_list_indent(
            document,
            document.styles[name],
            indent_twips=round((hanging + 1) * _TWIPS_PER_MM),
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
def _styled_template(theme: Theme) -> bytes:
    """python-docx's default document with the theme's styles and lists, built once per theme.

    Configuring ~160 styles costs more than writing a brief; loading this prepared package
    instead keeps a DOCX brief well under a tenth of a second.
    """
    import docx

    document = docx.Document()
    ooxml.drop_styles_with_effects(document)
    _configure_styles(document, theme)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rgb(colour: str) -> Any:
    from docx.shared import RGBColor

    return RGBColor.from_string(colour.lstrip("#").upper())


def _configure_styles(document: Any, theme: Theme) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import Mm, Pt

    sizes, colours = theme.sizes, theme.colours
    fonts = {"latin": theme.fonts.docx_latin, "east_asia": theme.fonts.docx_east_asia}
    ooxml.set_korean_defaults(document, **fonts)
    styles = document.styles

    def style(name: str, base: str = "Normal", kind: Any = WD_STYLE_TYPE.PARAGRAPH) -> Any:
        try:
            return styles[name]
        except KeyError:
            created = styles.add_style(name, kind)
        if kind == WD_STYLE_TYPE.PARAGRAPH:
            created.base_style = styles[base]
        return created

    def line_height(paragraph_style: Any, size: float, factor: float) -> None:
        paragraph_style.paragraph_format.line_spacing = Pt(round(size * factor, 1))

    normal = styles["Normal"]
    normal.font.size = Pt(sizes.body_pt)
    normal.font.color.rgb = _rgb(colours.text)
    line_height(normal, sizes.body_pt, sizes.line_height)
    normal.paragraph_format.space_after = Pt(sizes.body_pt * 0.4)

    title = style("Title")
    title.font.size = Pt(sizes.title_pt)
    title.font.bold = True
    title.font.color.rgb = _rgb(colours.text)
    line_height(title, sizes.title_pt, sizes.heading_line_height)
    subtitle = style("Subtitle")
    subtitle.font.size = Pt(round(sizes.body_pt * 1.1, 1))
    subtitle.font.italic = False  # Hangul has no italics (R9)
    subtitle.font.color.rgb = _rgb(colours.muted)
    for name, size, colour in (
        ("Heading 1", sizes.heading_pt, colours.accent),
        ("Heading 2", sizes.body_pt, colours.text),
    ):
        heading = style(name)
        heading.font.size = Pt(size)
        heading.font.bold = True
        heading.font.italic = False
        heading.font.color.rgb = _rgb(colour)
        heading.paragraph_format.keep_with_next = True
        line_height(heading, size, sizes.heading_line_height)
    for name, colour, bold in (
        (ORGANISATION, colours.accent, True),
        (AUTHORS, colours.muted, False),
        (BRIEF_DATE, colours.muted, False),
        (COLOPHON, colours.muted, False),
        (CHART_UNIT, colours.muted, False),
        (CHART_SOURCE, colours.muted, False),
        (FOOTNOTE_TEXT, colours.text, False),
    ):
        small = style(name)
        small.font.size = Pt(sizes.small_pt)
        small.font.bold = bold
        small.font.color.rgb = _rgb(colour)
        line_height(small, sizes.small_pt, sizes.line_height)
    styles[AUTHORS].paragraph_format.space_after = Pt(0)
    # The masthead's first line holds the logo: at least the text's height, taller for it.
    styles[ORGANISATION].paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    styles[FOOTNOTE_TEXT].paragraph_format.space_after = Pt(0)
    text_width = Mm(210 - theme.page.margin_left_mm - theme.page.margin_right_mm)
    styles[ORGANISATION].paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    ooxml.set_style_border(styles[COLOPHON], ("top",), colour=colours.rule, eighths=6)
    key_message = style(KEY_MESSAGE)
    key_message.font.bold = True
    ooxml.set_style_border(
        key_message, ("top", "left", "bottom", "right"), colour=colours.accent, eighths=8
    )
    style(SECTION_TEXT)
    caption = style(CAPTION)
    caption.font.size = Pt(sizes.body_pt)
    caption.font.bold = True
    caption.font.italic = False
    caption.font.color.rgb = _rgb(colours.text)
    caption.paragraph_format.keep_with_next = True
    caption.paragraph_format.space_after = Pt(0)
    line_height(caption, sizes.body_pt, sizes.line_height)
    styles[CHART_UNIT].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    styles[CHART_UNIT].paragraph_format.keep_with_next = True
    styles[CHART_UNIT].paragraph_format.space_after = Pt(0)
    styles[CHART_SOURCE].paragraph_format.space_after = Pt(0)
    chart_style = style(CHART)
    chart_style.paragraph_format.keep_with_next = True
    chart_style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    contents = style(CONTENTS_ENTRY)
    contents.paragraph_format.space_after = Pt(2)
    contents.paragraph_format.tab_stops.add_tab_stop(
        text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
    )
    reference = style(FOOTNOTE_REFERENCE, kind=WD_STYLE_TYPE.CHARACTER)
    reference.font.superscript = True
    reference.font.color.rgb = _rgb(colours.accent)
    style(SUMMARY)
    header = style(TABLE_HEADER)
    header.font.bold = True
    header.font.color.rgb = _rgb(colours.muted)
    value = style(TABLE_VALUE)
    value.font.bold = True
    value.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    quote = style(QUOTE)
    quote.font.italic = False
    speaker = style(QUOTE_SPEAKER)
    speaker.font.size = Pt(sizes.small_pt)
    speaker.font.color.rgb = _rgb(colours.muted)
    line_height(speaker, sizes.small_pt, sizes.line_height)
    source = style(SOURCE_ENTRY)
    source.font.size = Pt(sizes.small_pt)
    line_height(source, sizes.small_pt, sizes.line_height)
    cite = style(CITE, kind=WD_STYLE_TYPE.CHARACTER)
    cite.font.superscript = True
    cite.font.color.rgb = _rgb(colours.accent)

    indent, hanging = round(6 * _TWIPS_PER_MM), round(5 * _TWIPS_PER_MM)
    for name, numbered in (
        (KEY_POINT, True),
        (IMPLICATION, False),
        (SOURCE_ENTRY, True),
        (KEY_MESSAGE, False),
    ):
        list_id = ooxml.add_list(
            document, numbered=numbered, indent_twips=indent, hanging_twips=hanging
        )
        ooxml.set_style_list(style(name), list_id)

    if theme.text.align == "justify":
        for name in RUNNING_TEXT:
            styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    for each in styles:  # every style names the Korean font explicitly
        if each.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE):
            ooxml.set_style_fonts(each, **fonts)


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


def _set_properties(document: Any, doc: Document) -> None:
    properties = document.core_properties
    properties.title = _property(doc.title)
    properties.subject = _property(doc.description)
    properties.author = _property(doc.author_names)
    properties.last_modified_by = _property(doc.organisation)
    properties.keywords = _property(", ".join(doc.keywords))
    properties.language = "ko-KR"
    properties.comments = ""
    moment = dt.datetime.combine(doc.date, dt.time(), tzinfo=dt.UTC)
    properties.created = moment
    properties.modified = moment
    properties.revision = 1


def _page_setup(document: Any, doc: Document, theme: Theme) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    page = theme.page
    section.top_margin, section.bottom_margin = Mm(page.margin_top_mm), Mm(page.margin_bottom_mm)
    section.left_margin, section.right_margin = Mm(page.margin_left_mm), Mm(page.margin_right_mm)
    header = section.header.paragraphs[0]  # one line: header_title is shortened to fit
    header.text = doc.running_header
    header.style = document.styles[BRIEF_DATE]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # As in the PDF, the first page has the masthead and no running header above it.
    section.different_first_page_header_footer = True
    for footer_part in (section.footer, section.first_page_footer):
        footer = footer_part.paragraphs[0]
        footer.style = document.styles[BRIEF_DATE]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        ooxml.add_field(footer, "PAGE")
        footer.add_run(" / ")
        ooxml.add_field(footer, "NUMPAGES")


_ROLE_STYLES = {"value": TABLE_VALUE}
"""Table cell roles (display columns) with a style of their own."""


class _SectionWriter:
    """Places each kind of section with python-docx calls: one method per block kind."""

    def __init__(self, document: Any, theme: Theme) -> None:
        self.document = document
        self.theme = theme
        # Style ids looked up once: python-docx resolves a style name by scanning every style.
        self.style_ids = {s.name: s.style_id for s in document.styles}
        self.chart_count = 0
        self.day = dt.date(2000, 1, 1)
        self.footnotes = ooxml.Footnotes(
            document,
            text_style_id=self.style_ids[FOOTNOTE_TEXT],
            reference_style_id=self.style_ids[FOOTNOTE_REFERENCE],
        )

    def write(self, section: Section) -> None:
        heading = self.paragraph(section.heading, "Heading 1")
        if section.footnote:
            self.note(heading, section.footnote)
        getattr(self, section.kind)(section)

    def note(self, paragraph: Any, text: str) -> None:
        """A footnote on ``paragraph``; its web addresses break only where they may."""
        self.footnotes.add(paragraph, breakable_urls(text))

    def paragraph(
        self, text: str, style: str, cited: Line | Row | Quotation | ChartView | None = None
    ) -> Any:
        paragraph = self.document.add_paragraph(breakable_urls(text))
        ooxml.apply_style(paragraph, self.style_ids[style])
        if cited is not None:
            self.cite(paragraph, cited)
        return paragraph

    def cite(self, paragraph: Any, cited: Line | Row | Quotation | ChartView) -> None:
        """What an item cites: a footnote, or ``[n]`` markers."""
        if cited.footnote:
            self.note(paragraph, cited.footnote)
        elif cited.cites:
            run = paragraph.add_run(_markers(cited.cites))
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
            parts = (author.name, author.affiliation, author.email)
            self.paragraph(" · ".join(p for p in parts if p), AUTHORS)
        self.paragraph(doc.date_text, BRIEF_DATE)

    def colophon(self, doc: Document) -> None:
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
                size_mm=(theme.charts.width_mm, theme.charts.height_mm),
                description=chart.description,
                latin=theme.fonts.docx_latin,
                east_asia=theme.fonts.docx_east_asia,
            )
            if chart.note:
                self.paragraph(chart.note, CHART_SOURCE)
            self.paragraph(chart.source, CHART_SOURCE, chart)

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
        table.style = self.document.styles["Table Grid"]
        table.autofit = False
        ooxml.repeat_as_header(table.rows[0])
        for cell, column in zip(table.rows[0].cells, columns, strict=True):
            cell.paragraphs[0].text = column.label
            ooxml.apply_style(cell.paragraphs[0], self.style_ids[TABLE_HEADER])
        for values in section.rows:
            row = table.add_row()
            ooxml.keep_row_together(row)
            texts = values.cells
            if columns[-1].role == "source":
                texts = (*texts, "" if values.footnote else _markers(values.cites))
            for cell, text, column in zip(row.cells, texts, columns, strict=True):
                cell.paragraphs[0].text = text
                style = _ROLE_STYLES.get(column.role)
                if style:
                    ooxml.apply_style(cell.paragraphs[0], self.style_ids[style])
            if values.footnote:
                self.note(row.cells[-1].paragraphs[0], values.footnote)
        for column, width in zip(table.columns, section.widths_mm, strict=True):
            column.width = Mm(width)  # the grid (LibreOffice) and each cell (Word)
            for cell in column.cells:
                cell.width = Mm(width)
        if section.source_line:
            self.paragraph(section.source_line, CHART_SOURCE)

    timeline = figures = table

    def quotes(self, section: Section) -> None:
        for quotation in section.quotations:
            self.paragraph(quotation.text, QUOTE, quotation)
            self.paragraph(quotation.attribution, QUOTE_SPEAKER)

    def sources(self, section: Section) -> None:
        for source in section.sources:
            text = f"{source.reference} {source.note}" if source.note else source.reference
            self.paragraph(text, SOURCE_ENTRY)


def _markers(cites: tuple[Cite, ...]) -> str:
    return "".join(cite.marker for cite in cites)
