"""DOCX writer: the Brief straight into a Word document with python-docx.

Same content and order as the PDF: title block, then each block. Styling lives in named styles
configured once per document from the theme (fonts, sizes, colours); paragraphs refer to styles
by name and carry no direct formatting. Raw OOXML is confined to :mod:`briefgen.writers.ooxml`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from briefgen.errors import RenderError
from briefgen.formatting import format_amount, format_date
from briefgen.models import (
    Brief,
    FiguresBlock,
    ImplicationsBlock,
    KeyPointsBlock,
    QuotesBlock,
    SourcesBlock,
    SummaryBlock,
    TimelineBlock,
)
from briefgen.theme import Theme
from briefgen.writers import RenderOptions, ooxml


def write_docx(brief: Brief, options: RenderOptions) -> bytes:
    """Render ``brief`` to DOCX bytes."""
    import docx

    theme = options.theme
    try:
        document = docx.Document()
        _configure_styles(document, theme)
        _set_properties(document, brief, theme)
        _page_setup(document, brief, theme)
        writer = _BlockWriter(document, brief, theme)
        writer.masthead()
        for block in brief.blocks:
            writer.write(block)
        buffer = io.BytesIO()
        document.save(buffer)
    except (ValueError, KeyError, OSError) as exc:
        raise RenderError(f"DOCX rendering failed for brief '{brief.id}': {exc}") from exc
    return buffer.getvalue()


# Style names (they mirror the CSS classes of the HTML templates).
ORGANISATION = "Organisation"
BRIEF_DATE = "Brief Date"
SUMMARY = "Summary"
IMPLICATION = "Implication"
SOURCE_ENTRY = "Source Entry"
QUOTE_SPEAKER = "Quote Speaker"
CITE = "Cite"


def _rgb(colour: str) -> Any:
    from docx.shared import RGBColor

    return RGBColor.from_string(colour.lstrip("#").upper())


def _configure_styles(document: Any, theme: Theme) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    fonts, sizes, colours = theme.fonts, theme.sizes, theme.colours
    latin, east_asia = fonts.docx_latin, fonts.docx_east_asia
    ooxml.set_korean_defaults(document, latin=latin, east_asia=east_asia)
    styles = document.styles

    def paragraph_style(name: str, base: str = "Normal") -> Any:
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles[base]
        ooxml.set_style_fonts(style, latin=latin, east_asia=east_asia)
        return style

    normal = paragraph_style("Normal")
    normal.font.size = Pt(sizes.body_pt)
    normal.font.color.rgb = _rgb(colours.text)
    normal.paragraph_format.line_spacing = Pt(sizes.body_pt * sizes.line_height)
    normal.paragraph_format.space_after = Pt(sizes.body_pt * 0.4)

    title = paragraph_style("Title")
    title.font.size = Pt(sizes.title_pt)
    title.font.bold = True
    title.font.color.rgb = _rgb(colours.text)
    title.paragraph_format.line_spacing = Pt(sizes.title_pt * 1.35)
    subtitle = paragraph_style("Subtitle")
    subtitle.font.size = Pt(sizes.body_pt * 1.1)
    subtitle.font.italic = False
    subtitle.font.color.rgb = _rgb(colours.muted)
    for name, size, colour in (
        ("Heading 1", sizes.heading_pt, colours.accent),
        ("Heading 2", sizes.body_pt, colours.text),
    ):
        heading = paragraph_style(name)
        heading.font.size = Pt(size)
        heading.font.bold = True
        heading.font.italic = False
        heading.font.color.rgb = _rgb(colour)
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.line_spacing = Pt(size * 1.35)
    for name, colour in ((ORGANISATION, colours.accent), (BRIEF_DATE, colours.muted)):
        style = paragraph_style(name)
        style.font.size = Pt(sizes.small_pt)
        style.font.bold = name == ORGANISATION
        style.font.color.rgb = _rgb(colour)
    paragraph_style(SUMMARY)
    paragraph_style(IMPLICATION, "List Bullet")
    paragraph_style("List Number")
    paragraph_style("List Bullet")
    source = paragraph_style(SOURCE_ENTRY, "List Number 2")
    source.font.size = Pt(sizes.small_pt)
    speaker = paragraph_style(QUOTE_SPEAKER)
    speaker.font.size = Pt(sizes.small_pt)
    speaker.font.color.rgb = _rgb(colours.muted)
    quote = paragraph_style("Quote")
    quote.font.italic = False  # Hangul has no italics
    if CITE not in [s.name for s in styles]:
        cite = styles.add_style(CITE, WD_STYLE_TYPE.CHARACTER)
        cite.font.superscript = True
        cite.font.color.rgb = _rgb(colours.accent)


def _set_properties(document: Any, brief: Brief, theme: Theme) -> None:
    properties = document.core_properties
    properties.title = brief.title
    properties.subject = brief.subtitle or brief.title
    properties.author = theme.organisation
    properties.last_modified_by = theme.organisation
    properties.keywords = ", ".join(brief.keywords)
    properties.language = "ko-KR"
    properties.comments = ""
    moment = dt.datetime.combine(brief.date, dt.time(), tzinfo=dt.UTC)
    properties.created = moment
    properties.modified = moment
    properties.revision = 1


def _page_setup(document: Any, brief: Brief, theme: Theme) -> None:
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    section.left_margin = section.right_margin = Mm(20)
    header = section.header.paragraphs[0]
    header.text = f"{theme.organisation} · {brief.title}"
    header.style = document.styles[BRIEF_DATE]
    footer = section.footer.paragraphs[0]
    footer.style = document.styles[BRIEF_DATE]
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    ooxml.add_field(footer, "PAGE")
    footer.add_run(" / ")
    ooxml.add_field(footer, "NUMPAGES")


class _BlockWriter:
    """Writes each kind of block with python-docx calls."""

    def __init__(self, document: Any, brief: Brief, theme: Theme) -> None:
        self.document = document
        self.brief = brief
        self.theme = theme
        self.labels = theme.labels
        self._writers: dict[str, Callable[[Any], None]] = {
            "summary": self.summary,
            "key_points": self.key_points,
            "implications": self.implications,
            "timeline": self.timeline,
            "figures": self.figures,
            "quotes": self.quotes,
            "sources": self.sources,
        }

    def write(self, block: Any) -> None:
        self._writers[block.kind](block)

    def date(self, value: Any) -> str:
        return format_date(value, self.theme.dates.style)

    def paragraph(self, text: str, style: str, cites: tuple[str, ...] = ()) -> Any:
        paragraph = self.document.add_paragraph(text, style=style)
        if cites:
            numbers = "".join(f"[{self.brief.citation_number(c)}]" for c in cites)
            paragraph.add_run(numbers, style=CITE)
        return paragraph

    def masthead(self) -> None:
        self.paragraph(self.theme.organisation, ORGANISATION)
        self.document.add_paragraph(self.brief.title, style="Title")
        if self.brief.subtitle:
            self.document.add_paragraph(self.brief.subtitle, style="Subtitle")
        self.paragraph(self.date(self.brief.date), BRIEF_DATE)

    def summary(self, block: SummaryBlock) -> None:
        self.document.add_heading(self.labels.summary, level=1)
        for item in block.paragraphs:
            self.paragraph(item.text, SUMMARY, item.cites)

    def key_points(self, block: KeyPointsBlock) -> None:
        self.document.add_heading(self.labels.key_points, level=1)
        for group in block.groups:
            if len(block.groups) > 1:
                self.document.add_heading(self.brief.source_title(group.source), level=2)
            for item in group.items:
                self.paragraph(item.text, "List Number", item.cites)

    def implications(self, block: ImplicationsBlock) -> None:
        self.document.add_heading(self.labels.implications, level=1)
        for item in block.items:
            self.paragraph(item.text, IMPLICATION, item.cites)

    def table(self, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
        table = self.document.add_table(rows=1, cols=len(header))
        table.style = self.document.styles["Table Grid"]
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = text

    def numbers(self, cites: tuple[str, ...]) -> str:
        return "".join(f"[{self.brief.citation_number(c)}]" for c in cites)

    def timeline(self, block: TimelineBlock) -> None:
        self.document.add_heading(self.labels.timeline, level=1)
        rows = [(self.date(e.date), e.text, self.numbers(e.cites)) for e in block.entries]
        labels = self.labels
        self.table((labels.column_date, labels.column_event, labels.column_source), rows)

    def figures(self, block: FiguresBlock) -> None:
        self.document.add_heading(self.labels.figures, level=1)
        rows = [
            (
                f.label,
                format_amount(f.value, f.unit, approximate=f.approximate),
                f.note or "",
                self.numbers(f.cites),
            )
            for f in block.items
        ]
        labels = self.labels
        columns = (labels.column_item, labels.column_value, labels.column_note)
        self.table((*columns, labels.column_source), rows)

    def quotes(self, block: QuotesBlock) -> None:
        self.document.add_heading(self.labels.quotes, level=1)
        for quote in block.items:
            self.paragraph(f"“{quote.text}”", "Quote", quote.cites)
            speaker = f"— {quote.speaker}" + (f", {quote.role}" if quote.role else "")
            self.paragraph(speaker, QUOTE_SPEAKER)

    def sources(self, block: SourcesBlock) -> None:
        self.document.add_heading(self.labels.sources, level=1)
        for entry in block.entries:
            parts = [entry.publisher] if entry.publisher else []
            parts.append(self.date(entry.date) if entry.date else self.labels.undated)
            text = ", ".join(parts) + f", 「{entry.title}」"
            if entry.author:
                text += f", {entry.author}"
            text += "."
            if entry.date_note:
                text += f" ({entry.date_note})"
            self.paragraph(text, SOURCE_ENTRY)
