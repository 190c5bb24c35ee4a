"""The display stage: a :class:`~briefgen.models.Brief` made ready to show, as final strings.

Between assembly and the writers (pandoc's AST → a writer's own document): everything a reader
sees is decided here once, for every format — the Korean text rules
(:func:`briefgen.typography.typeset`: quotes, no-break spaces), dates and amounts in the
theme's style, citation numbers and the titles behind them (or, when a brief cites in
footnotes, the text of every note: full reference, 앞의 글, 위의 글), the numbering of key points
across groups, sources in Korean reference style, a quote's attribution, table columns,
section headings from the theme's labels, the masthead's series line and authors, the
colophon. Two decisions that would otherwise need a layout are made here from estimates
(:mod:`briefgen.measure`), so every format agrees: whether a brief is long enough for its
contents list, and how much of the title fits in the one-line running header. Writers only
place these strings (the HTML templates, the DOCX writer's python-docx calls); none formats
anything itself.

What is *not* done here is word joining for the PDF: that is a property of one output, applied
by the HTML writer to every string it outputs (a Jinja ``finalize`` hook), so no template can
forget it.

Block kinds are declared once, in :data:`VIEWS`: kind → the function that shows it. The
section heading of a kind is the theme label of the same name. A new block kind is its model,
its assembly, one function here and one renderer per writer (a template named after the kind,
a DOCX method named after the kind).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from decimal import Decimal, localcontext
from typing import Any

from briefgen.chartaxis import ValueAxis, decimals_of, value_axis
from briefgen.dates import PartialDate
from briefgen.formatting import (
    CHART_SCALES,
    chart_number,
    chart_scale,
    plain_decimal,
    unit_words,
)
from briefgen.locales import locale_of
from briefgen.measure import (
    PageEstimate,
    column_widths_mm,
    line_ems,
    shorten,
    text_ems,
    text_width_mm,
)
from briefgen.models import (
    Block,
    Brief,
    ChartsBlock,
    ContentsBlock,
    EditorSectionBlock,
    FiguresBlock,
    ImplicationsBlock,
    KeyMessagesBlock,
    KeyPointsBlock,
    QuotesBlock,
    SourceEntry,
    SourcesBlock,
    SummaryBlock,
    TimelineBlock,
)
from briefgen.theme import Logo, Theme
from briefgen.typography import NBSP, typeset_brief

BULLET = "•"
"""The mark of an item of a bulleted list (implications, key messages)."""
AUTHOR_SEPARATOR = " · "


def markers(cites: Sequence[Cite]) -> str:
    """Citation markers as one string, for a format without links: ``[1][3]``."""
    return "".join(cite.marker for cite in cites)


def list_number(number: int) -> str:
    """How an item of a numbered list is numbered: ``1.``."""
    return f"{number}."


@dataclass(frozen=True, slots=True)
class Cite:
    """A citation marker: the number in the sources list and the title behind it."""

    number: int
    title: str
    label: str = ""
    """The marker's text when it stands for several sources (``[1, 3]``)."""

    @property
    def marker(self) -> str:
        """``[3]``, or the label of a merged marker."""
        return self.label or f"[{self.number}]"


@dataclass(frozen=True, slots=True)
class Line:
    """A paragraph or list item with the citations that follow it: markers, or — when the
    brief cites in footnotes — ``footnote``, the text of the note."""

    text: str
    cites: tuple[Cite, ...] = ()
    footnote: str | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """Key points from one source: a heading when there are several, numbering from ``start``."""

    heading: str | None
    start: int
    items: tuple[Line, ...]
    footnote: str | None = None
    """With footnote citations: the note on the heading that names the group's source."""

    @property
    def numbered(self) -> tuple[tuple[str, Line], ...]:
        """Each item with its number as a list without list numbering writes it (``3.``)."""
        return tuple((list_number(n), item) for n, item in enumerate(self.items, self.start))


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its heading and its role (``date``, ``value``, ``note``, ``source``,
    or empty), which names the CSS class and the DOCX style of its cells."""

    label: str
    role: str = ""


@dataclass(frozen=True, slots=True)
class Row:
    """A table row: the text of every column but the last, which holds ``cites``."""

    cells: tuple[str, ...]
    cites: tuple[Cite, ...]
    footnote: str | None = None


@dataclass(frozen=True, slots=True)
class Quotation:
    """A quote in quotation marks, and the attribution line below it."""

    text: str
    attribution: str
    cites: tuple[Cite, ...]
    footnote: str | None = None


@dataclass(frozen=True, slots=True)
class SourceLine:
    """An entry of the sources list in Korean reference style: ``text`` up to the web address,
    the ``url`` (linked in HTML and PDF), the ``tail`` after it, and a note on the date."""

    number: int
    text: str
    url: str | None = None
    tail: str = "."
    note: str | None = None

    @property
    def url_separator(self) -> str:
        """What goes between ``text`` and the web address: a comma, or only a space after a
        date that ends with its own period (``2025. 3. https://…``, never ``2025. 3.,``)."""
        return " " if self.text.endswith(".") else ", "

    @property
    def reference(self) -> str:
        """The whole reference as one string (footnotes, DOCX)."""
        return self.text + (f"{self.url_separator}{self.url}" if self.url else "") + self.tail

    @property
    def entry(self) -> str:
        """The reference and the note on its date: the entry of the sources list."""
        return f"{self.reference} {self.note}" if self.note else self.reference

    @property
    def label(self) -> str:
        """The entry's number as a list without list numbering writes it (``1.``)."""
        return list_number(self.number)

    @property
    def anchor(self) -> str:
        """The id citation markers link to."""
        return f"source-{self.number}"


@dataclass(frozen=True, slots=True)
class ChartSeriesView:
    """A chart's series: its name and its values in the chart's scale (exact decimals)."""

    name: str
    values: tuple[Decimal, ...]


@dataclass(frozen=True, slots=True)
class ChartView:
    """A chart ready to draw: numbered caption, categories, scaled series, unit line, note,
    source line, and a description of every value for readers who cannot see it."""

    key: str
    """Unique within the whole build (brief id and chart id): seeds the drawing's ids."""
    label: str
    title: str
    kind: str
    categories: tuple[str, ...]
    series: tuple[ChartSeriesView, ...]
    axis_unit: str
    unit_line: str
    axis: ValueAxis
    """The value axis every format draws (range, step, ticks), decided once."""
    note: str | None
    source: str
    cites: tuple[Cite, ...] = ()
    footnote: str | None = None
    category_heading: str = ""
    """The heading of the categories in the chart's data table (the theme's ``column_item``)."""

    @property
    def caption(self) -> str:
        """``그림 1. 한미 합의의 대미 투자 조건``"""
        return f"{self.label} {self.title}"

    @property
    def description(self) -> str:
        """Alternative text: the caption, the unit and every value, in words."""
        parts = []
        for series in self.series:
            values = ", ".join(
                f"{category} {chart_number(value)}"
                for category, value in zip(self.categories, series.values, strict=True)
            )
            parts.append(f"{series.name}: {values}" if len(self.series) > 1 else values)
        return f"{self.caption}. {self.unit_line}. " + "; ".join(parts) + "."


@dataclass(frozen=True, slots=True)
class Link:
    """An entry of the contents list: a section's heading and the anchor it links to."""

    text: str
    anchor: str


@dataclass(frozen=True, slots=True)
class AuthorLine:
    """An author as the masthead shows them."""

    name: str
    affiliation: str | None = None
    email: str | None = None

    @property
    def separator(self) -> str:
        """What goes between the parts of the line."""
        return AUTHOR_SEPARATOR

    @property
    def text(self) -> str:
        """The author's line as one string: ``이름 · 소속 · e-mail``."""
        return AUTHOR_SEPARATOR.join(p for p in (self.name, self.affiliation, self.email) if p)


@dataclass(frozen=True, slots=True)
class Section:
    """One block, shown: its kind, heading, anchor (the id headings and the contents list
    use) and whichever content its kind has."""

    kind: str
    heading: str
    anchor: str
    lines: tuple[Line, ...] = ()
    groups: tuple[Group, ...] = ()
    columns: tuple[Column, ...] = ()
    rows: tuple[Row, ...] = ()
    quotations: tuple[Quotation, ...] = ()
    sources: tuple[SourceLine, ...] = ()
    links: tuple[Link, ...] = ()
    charts: tuple[ChartView, ...] = ()
    footnote: str | None = None
    """A footnote on the heading (key points of a single source, with footnote citations)."""
    source_line: str | None = None
    """A table's ``자료: …`` line under it: with footnote citations, a table whose rows all
    cite the same sources names them once there (no note on every row, no source column)."""
    box: str | None = None
    """The style-book role that frames the whole section, heading included (the summary,
    implications and key-messages boxes), or None."""
    widths_mm: tuple[float, ...] = ()
    """A table's column widths for the formats that fix them (DOCX, HWPX), from the content
    (:func:`briefgen.measure.column_widths_mm`) unless the theme's ``[docx]`` sets them."""


@dataclass(frozen=True, slots=True)
class Document:
    """A brief ready to place: masthead, sections and colophon, every string final."""

    id: str
    organisation: str
    title: str
    subtitle: str | None
    date: dt.date
    date_text: str
    keywords: tuple[str, ...]
    sections: tuple[Section, ...]
    series: str | None = None
    """The series line of the masthead: ``이슈 브리프 제2026-03호``."""
    authors: tuple[AuthorLine, ...] = ()
    issn: str | None = None
    """``ISSN 2733-8487``"""
    logo: Logo | None = None
    colophon: tuple[str, ...] = ()
    website: str | None = None
    """The organisation's web address, which the colophon's contact line begins with."""
    licence: str | None = None
    header_title: str = ""
    """The title as the running header shows it: shortened to keep the header on one line."""
    footnotes: bool = False
    """Citations are footnotes (each cited item's ``footnote``), not ``[n]`` markers."""

    @property
    def description(self) -> str:
        """What metadata calls the subject: the subtitle, or the title."""
        return self.subtitle or self.title

    @property
    def author_names(self) -> str:
        """What metadata calls the author: the authors' names, or the organisation."""
        return ", ".join(a.name for a in self.authors) or self.organisation

    @property
    def colophon_lines(self) -> tuple[str, ...]:
        """What the colophon prints, in order: organisation and contact lines, the series and
        ISSN, the licence."""
        lines = list(self.colophon)
        if self.series or self.issn:
            lines.append(" · ".join(part for part in (self.series, self.issn) if part))
        if self.licence:
            lines.append(self.licence)
        return tuple(lines)

    @property
    def running_header(self) -> str:
        """The line at the top of every page after the first (one line, whatever the title)."""
        return f"{self.organisation}{HEADER_SEPARATOR}{self.header_title}"


BOXED_KINDS = {"summary": "summary", "implications": "implications",
               "key_messages": "key-messages"}  # fmt: skip
"""Block kinds shown as a box, and the style-book role of the box (:data:`stylebook.BOX_ROLES`)."""

HEADER_SEPARATOR = " · "
HEADER_FILL = 0.85
"""The share of the text width the running header may take (it must never wrap)."""


def display(brief: Brief, theme: Theme) -> Document:
    """Make ``brief`` ready to show in ``theme``: typeset, formatted, numbered, labelled."""
    brief = typeset_brief(brief)
    shown = _Shower(brief, theme)
    sections = [shown.section(block) for block in brief.blocks]
    series = brief.series or theme.series.name
    number = theme.series.issue(brief.number) if brief.number else None
    issn = brief.issn or theme.series.issn
    doc = Document(
        id=brief.id,
        organisation=theme.organisation,
        title=brief.title,
        subtitle=brief.subtitle,
        date=brief.date,
        date_text=shown.date(brief.date),
        keywords=brief.keywords,
        sections=(),
        series=" ".join(part for part in (series, number) if part) or None,
        authors=tuple(AuthorLine(a.name, a.affiliation, a.email) for a in brief.authors),
        issn=f"ISSN {issn}" if issn else None,
        logo=theme.logo,
        colophon=_colophon(theme),
        website=theme.colophon.website,
        licence=theme.licence.line if theme.licence else None,
        header_title=_header_title(brief, theme),
        footnotes=shown.footnotes,
    )
    return replace(doc, sections=_with_contents(sections, doc, brief, theme))


def _header_title(brief: Brief, theme: Theme) -> str:
    """The title, or its short form, or the title cut at a word with an ellipsis: whichever
    is first to fit on one header line beside the organisation."""
    room = line_ems(theme, theme.sizes.small_pt) * HEADER_FILL
    room -= text_ems(theme.organisation + HEADER_SEPARATOR)
    candidates = [brief.title]
    if brief.short_title:
        candidates.append(brief.short_title.replace("-", " "))
    for candidate in candidates:
        if text_ems(candidate) <= room:
            return candidate
    return shorten(brief.title, room)


def _colophon(theme: Theme) -> tuple[str, ...]:
    colophon = theme.colophon
    lines = [theme.organisation, colophon.address]
    lines.append(" · ".join(part for part in (colophon.website, colophon.contact) if part))
    return tuple(line for line in lines if line)


def _with_contents(
    sections: list[Section], doc: Document, brief: Brief, theme: Theme
) -> tuple[Section, ...]:
    """Fill in the contents list, or drop it when the brief is short and did not ask for it."""
    contents = next((b for b in brief.blocks if isinstance(b, ContentsBlock)), None)
    others = [s for s in sections if s.kind != "contents"]
    if contents is None:
        return tuple(others)
    if not contents.always and estimate_pages(replace(doc, sections=tuple(others)), theme) <= (
        theme.contents.longer_than_pages
    ):
        return tuple(others)
    links = tuple(Link(s.heading, s.anchor) for s in others)
    return tuple(replace(s, links=links) if s.kind == "contents" else s for s in sections)


def strings(value: object) -> Iterator[str]:
    """Every string a display document (or any part of it) holds, e.g. to see which
    characters it needs before anything is rendered."""
    if isinstance(value, str):
        yield value
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            yield from strings(getattr(value, field.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from strings(item)


def estimate_pages(doc: Document, theme: Theme) -> float:
    """How many A4 pages ``doc`` takes in ``theme`` (see :mod:`briefgen.measure`)."""
    from briefgen.stylebook import look

    page = PageEstimate(theme)
    small = look(theme, "source-entry").size_pt
    title = look(theme, "title").size_pt
    page.space(20 + title * 0.8)  # masthead rules, organisation, title
    page.text(doc.title, size_pt=title * 1.1)
    for masthead_line in (doc.subtitle, doc.series, doc.date_text, *(a.name for a in doc.authors)):
        if masthead_line:
            page.text(masthead_line, size_pt=small * 1.2)
    for note in _footnotes(doc):
        page.text(note, size_pt=small)
        page.space(1)
    for section in doc.sections:
        page.space(12)  # heading, rule and the space around the block
        for link in section.links:
            page.text(link.text)
        for chart in section.charts:
            page.text(chart.caption)
            # A figure is never split: on average half of one is left blank at a page end.
            page.space(theme.charts.height_mm * 1.5 + 6)
            for chart_line in (chart.unit_line, chart.note, chart.source):
                if chart_line:
                    page.text(chart_line, size_pt=small)
        for line in section.lines:
            page.text(line.text, indent_mm=8)
            page.space(2)
        for group in section.groups:
            if group.heading:
                page.text(group.heading)
                page.space(5)
            for item in group.items:
                page.text(item.text, indent_mm=7)
                page.space(1.8)
        if section.rows:
            widths = section.widths_mm or (1.0,) * len(section.columns)
            fractions = [w / sum(widths) for w in widths]
            page.space(8)
            for row in section.rows:
                page.row(row.cells, fractions, padding_mm=2.8)
        for quotation in section.quotations:
            page.text(quotation.text, indent_mm=4)
            page.text(quotation.attribution, size_pt=small)
            page.space(3)
        for source in section.sources:
            page.text(source.reference + (source.note or ""), size_pt=small, indent_mm=6)
            page.space(1.5)
    for colophon_line in (*doc.colophon, doc.licence or ""):
        page.text(colophon_line, size_pt=small)
    return page.pages


def _footnotes(doc: Document) -> list[str]:
    """Every footnote of ``doc``, in reading order."""
    notes = []
    for section in doc.sections:
        items: list[Any] = [section, *section.lines]
        for group in section.groups:
            items += [group, *group.items]
        items += [*section.rows, *section.quotations]
        notes += [item.footnote for item in items if item.footnote]
    return notes


class _Shower:
    """Shows the blocks of one brief in one theme."""

    def __init__(self, brief: Brief, theme: Theme) -> None:
        self.theme = theme
        self.locale = locale_of(theme)
        self.labels = self.locale.labels
        self.cite_of = {
            entry.id: Cite(entry.number, entry.title) for entry in brief.sources.entries
        }
        self.titles = {entry.id: entry.title for entry in brief.sources.entries}
        self.references = {entry.id: _reference(self, entry) for entry in brief.sources.entries}
        leads = Counter(reference.lead for reference in self.references.values())
        self._shared_leads = {lead for lead, count in leads.items() if count > 1}
        self.footnotes = (brief.citation_style or theme.citations) == "footnotes"
        self.brief_id = brief.id
        self._noted: set[str] = set()
        self._last_note: tuple[str, ...] = ()

    def date(self, value: dt.date | PartialDate) -> str:
        """A date in the theme's style, its parts joined by no-break spaces: one unit, never
        cut across lines (``2010. 11.`` | ``15.``)."""
        return self.locale.date(value).replace(" ", NBSP)

    def cites(self, ids: tuple[str, ...]) -> tuple[Cite, ...]:
        """The markers of ``ids``, in ascending order (``[1][3]``, never ``[3][1]``), or one
        merged marker (``[1, 3]``) when the theme asks for it."""
        cites = sorted({self.cite_of[source_id] for source_id in ids}, key=lambda c: c.number)
        if self.theme.citation_markers == "merged" and len(cites) > 1:
            label = "[" + ", ".join(str(c.number) for c in cites) + "]"
            titles = "; ".join(c.title for c in cites)
            return (Cite(cites[0].number, titles, label),)
        return tuple(cites)

    def footnote(self, ids: tuple[str, ...]) -> str | None:
        """The footnote for an item citing ``ids``, in reading order: the full reference the
        first time, ``앞의 글`` after that, ``위의 글`` right after the same citation."""
        if not self.footnotes or not ids:
            return None
        if ids == self._last_note:
            return f"{self.labels.ibid}."
        self._last_note = ids
        notes = []
        for source_id in ids:
            reference = self.references[source_id]
            if source_id not in self._noted:
                notes.append(reference.line.reference)
            elif reference.lead in self._shared_leads:  # 정부 wrote two of them: which one?
                notes.append(f"{reference.lead}, {reference.title}, {self.labels.op_cit}.")
            else:
                notes.append(f"{reference.lead}, {self.labels.op_cit}.")
            self._noted.add(source_id)
        return join_references(notes)

    def source_line(self, ids: tuple[str, ...]) -> str:
        """``자료: 정부, 「…」, 2010. 11. 15.; …`` — the short references of ``ids``."""
        shorts = join_references([self.references[source_id].short for source_id in ids])
        return f"{self.labels.chart_source}: {shorts}"

    def line(self, text: str, ids: tuple[str, ...]) -> Line:
        """A paragraph or list item citing ``ids``, as markers or a footnote."""
        return Line(text, self.cites(ids), self.footnote(ids))

    def section(self, block: Block) -> Section:
        content = VIEWS[block.kind](self, block)
        heading = content.pop("heading", None) or getattr(self.labels, block.kind)
        anchor = f"section-{block.id}" if isinstance(block, EditorSectionBlock) else block.kind
        if "columns" in content:
            content["widths_mm"] = self.column_widths(
                block.kind, content["columns"], content["rows"]
            )
        return Section(
            kind=block.kind,
            heading=heading,
            anchor=anchor.replace("_", "-"),
            box=BOXED_KINDS.get(block.kind),
            **content,
        )

    def column_widths(
        self, kind: str, columns: tuple[Column, ...], rows: tuple[Row, ...]
    ) -> tuple[float, ...]:
        """The theme's widths for tables of ``kind``, else widths sized from the content."""
        chosen = self.theme.docx.columns_mm(kind)
        if chosen is not None:
            return chosen
        texts = [
            (column.label, *(_cell_text(row, index) for row in rows))
            for index, column in enumerate(columns)
        ]
        return column_widths_mm(
            texts,
            [column.role for column in columns],
            size_pt=self.theme.sizes.body_pt,
            total_mm=text_width_mm(self.theme),
        )


def join_references(references: list[str]) -> str:
    """References one after another in a note or a 자료 line, separated by semicolons: the
    semicolon takes the place of a reference's closing period (``…, 2010. 11. 15; 정부, …``),
    never ``.;`` (Chicago's rule for several sources in one note)."""
    parts = [r.removesuffix(".") for r in references[:-1]] + references[-1:]
    return "; ".join(parts)


def _cell_text(row: Row, index: int) -> str:
    """What a table cell shows: the row's text, or its citation markers in the last column."""
    if index < len(row.cells):
        return row.cells[index]
    return "" if row.footnote else "".join(cite.marker for cite in row.cites)


def _key_messages(shown: _Shower, block: KeyMessagesBlock) -> dict[str, Any]:
    return {"lines": tuple(shown.line(m.text, m.cites) for m in block.items)}


def _contents(shown: _Shower, block: ContentsBlock) -> dict[str, Any]:
    return {}  # the links are filled in once every section is shown


def _editor_section(shown: _Shower, block: EditorSectionBlock) -> dict[str, Any]:
    lines = tuple(shown.line(p.text, p.cites) for p in block.paragraphs)
    return {"heading": block.heading, "lines": lines}


def _charts(shown: _Shower, block: ChartsBlock) -> dict[str, Any]:
    labels = shown.labels
    views = []
    for number, chart in enumerate(block.charts, start=1):
        every = [v for series in chart.series for v in series.values]
        scale = chart_scale(every, chart.unit, chart.scale)
        divisor = CHART_SCALES.get(scale, Decimal(1))
        with localcontext() as context:
            context.prec = 60  # exact: a figure has at most 15 significant digits
            series = tuple(
                ChartSeriesView(s.name, tuple(plain_decimal(v / divisor) for v in s.values))
                for s in chart.series
            )
        axis = _chart_axis(chart.kind, series)
        axis_unit = unit_words(chart.unit, scale)
        if chart.source_line is not None:
            source = chart.source_line
        else:
            source = join_references([shown.references[c].short for c in chart.cites])
        views.append(
            ChartView(
                key=f"{shown.brief_id}-{chart.id}",
                label=f"{labels.figure} {number}.",
                title=chart.title,
                kind=chart.kind,
                categories=chart.categories,
                series=series,
                axis_unit=axis_unit,
                unit_line=f"{labels.chart_unit}: {axis_unit}",
                axis=axis,
                note=f"{labels.chart_note}: {chart.note}" if chart.note else None,
                source=f"{labels.chart_source}: {source}",
                cites=() if shown.footnotes else shown.cites(chart.cites),
                category_heading=labels.column_item,
            )
        )
    return {"charts": tuple(views)}


def _chart_axis(kind: str, series: tuple[ChartSeriesView, ...]) -> ValueAxis:
    """The value axis of a chart of ``kind``: stacked bars reach their totals (the positive
    and the negative parts of each category); every chart but a line starts from zero; there
    is room for the value labels (bars and points, or a stack's total) past the extremes."""
    if kind == "stacked_bar":
        columns = list(zip(*(s.values for s in series), strict=True))
        extremes = [sum((v for v in c if v > 0), Decimal(0)) for c in columns]
        extremes += [sum((v for v in c if v < 0), Decimal(0)) for c in columns]
    else:
        extremes = [v for s in series for v in s.values]
    decimals = max(decimals_of(v) for s in series for v in s.values)
    return value_axis(
        min(extremes),
        max(extremes),
        decimals=decimals,
        from_zero=kind != "line",
        labelled=True,
    )


def _summary(shown: _Shower, block: SummaryBlock) -> dict[str, Any]:
    return {"lines": tuple(shown.line(p.text, p.cites) for p in block.paragraphs)}


def _key_points(shown: _Shower, block: KeyPointsBlock) -> dict[str, Any]:
    """Key points by source. With footnote citations the group's own source is cited once, by
    a note on its heading (on the section heading when there is one group), and each point
    cites only the other sources it names: a page of "위의 글" notes helps no reader."""
    groups, start, content = [], 1, {}
    several = len(block.groups) > 1
    for group in block.groups:
        own = (group.source,) if shown.footnotes else ()
        note = shown.footnote(own) if own else None
        if note and not several:
            content["footnote"] = note
        items = tuple(
            shown.line(item.text, tuple(c for c in item.cites if c not in own))
            for item in group.items
        )
        heading = shown.titles[group.source] if several else None
        groups.append(Group(heading, start, items, note if several else None))
        start += len(items)
    return content | {"groups": tuple(groups)}


def _implications(shown: _Shower, block: ImplicationsBlock) -> dict[str, Any]:
    return {"lines": tuple(shown.line(i.text, i.cites) for i in block.items)}


def _table(
    shown: _Shower,
    columns: tuple[Column, ...],
    rows: Sequence[tuple[tuple[str, ...], tuple[str, ...]]],
) -> dict[str, Any]:
    """A table of ``rows`` (cells, cited source ids) under ``columns`` and a source column.

    With markers every row carries its own in the source column. With footnotes, a table
    whose rows all cite the same sources names them once in a ``자료:`` line under it, as
    Korean reports do (a note on every row read ``위의 글.`` 36 times in one brief), and has
    no source column; rows citing different sources keep a note each."""
    cited = {ids for _, ids in rows}
    source = Column(shown.labels.column_source, "source")
    if shown.footnotes and len(cited) == 1 and next(iter(cited)):
        (ids,) = cited
        return {
            "columns": columns,
            "rows": tuple(Row(cells, ()) for cells, _ in rows),
            "source_line": shown.source_line(ids),
        }
    return {
        "columns": (*columns, source),
        "rows": tuple(Row(cells, shown.cites(ids), shown.footnote(ids)) for cells, ids in rows),
    }


def _timeline(shown: _Shower, block: TimelineBlock) -> dict[str, Any]:
    labels = shown.labels
    columns = (Column(labels.column_date, "date"), Column(labels.column_event))
    rows = [((shown.date(e.date), e.text), e.cites) for e in block.entries]
    return _table(shown, columns, rows)


def _figures(shown: _Shower, block: FiguresBlock) -> dict[str, Any]:
    labels = shown.labels
    columns = (
        Column(labels.column_item),
        Column(labels.column_value, "value"),
        Column(labels.column_note, "note"),
    )
    rows = [
        (
            (
                f.label,
                shown.locale.amount(f.value, f.unit, approximate=f.approximate, up_to=f.up_to),
                f.note or "",
            ),
            f.cites,
        )
        for f in block.items
    ]
    return _table(shown, columns, rows)


def _quotes(shown: _Shower, block: QuotesBlock) -> dict[str, Any]:
    quotations = tuple(
        Quotation(
            shown.locale.quoted(q.text),
            f"— {q.speaker}" + (f", {q.role}" if q.role else ""),
            shown.cites(q.cites),
            shown.footnote(q.cites),
        )
        for q in block.items
    )
    return {"quotations": quotations}


@dataclass(frozen=True, slots=True)
class _Reference:
    line: SourceLine
    lead: str
    """What a later footnote names the source by: author, else outlet, else title."""
    title: str
    """The title in 「」, which a later footnote adds when another source has the same lead."""
    short: str
    """A chart's 자료 line: outlet or author, 「title」, date."""


_PERIODICALS = frozenset({"news", "analysis"})
"""Source kinds whose outlet is a periodical, written in 『』 (a report's publisher is not)."""


def _reference(shown: _Shower, entry: SourceEntry) -> _Reference:
    """A source in Korean reference style: 저자, 「제목」, 『매체』, 날짜, URL (검색일: 날짜)."""
    # a document without a title: ours is a description, not a quote
    title = f"[{entry.title}]" if entry.title_descriptive else shown.locale.titled(entry.title)
    outlet = None
    if entry.publisher:
        periodical = entry.kind in _PERIODICALS
        outlet = shown.locale.periodical(entry.publisher) if periodical else entry.publisher
    date = shown.date(entry.date) if entry.date else shown.labels.undated
    text = ", ".join(part for part in (entry.author, title, outlet, date) if part)
    tail = f" ({shown.labels.accessed}: {shown.date(entry.accessed)})" if entry.accessed else ""
    if not (tail or entry.url or text).endswith("."):  # a short date ends with one already
        tail += "."
    note = f"({entry.date_note})" if entry.date_note else None
    line = SourceLine(entry.number, text, entry.url, tail, note)
    dated = shown.date(entry.date) if entry.date else None
    short = ", ".join(part for part in (entry.publisher or entry.author, title, dated) if part)
    return _Reference(line, entry.author or outlet or title, title, short)


def _sources(shown: _Shower, block: SourcesBlock) -> dict[str, Any]:
    return {"sources": tuple(shown.references[entry.id].line for entry in block.entries)}


HEADED_BY_CONTENT = frozenset({"section"})
"""Kinds whose heading comes from the brief (an analyst's section), not from a theme label."""

VIEWS: dict[str, Callable[[_Shower, Any], dict[str, Any]]] = {
    "key_messages": _key_messages,
    "contents": _contents,
    "section": _editor_section,
    "summary": _summary,
    "charts": _charts,
    "key_points": _key_points,
    "implications": _implications,
    "timeline": _timeline,
    "figures": _figures,
    "quotes": _quotes,
    "sources": _sources,
}
"""Block kind → the function showing it (the one declaration of the kinds writers render)."""
