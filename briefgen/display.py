"""The display stage: a :class:`~briefgen.models.Brief` made ready to show, as final strings.

Between assembly and the writers (pandoc's AST → a writer's own document): everything a reader
sees is decided here once, for every format — the Korean text rules
(:func:`briefgen.typography.typeset`: quotes, no-break spaces), dates and amounts in the
theme's style, citation numbers and the titles behind them, the numbering of key points across
groups, the wording of a source entry and of a quote's attribution, table columns, section
headings from the theme's labels. Writers only place these strings (the HTML templates, the
DOCX writer's python-docx calls); none formats anything itself.

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
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from briefgen.dates import PartialDate
from briefgen.formatting import format_amount, format_date
from briefgen.models import (
    Block,
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
from briefgen.typography import typeset_brief


@dataclass(frozen=True, slots=True)
class Cite:
    """A citation marker: the number in the sources list and the title behind it."""

    number: int
    title: str

    @property
    def marker(self) -> str:
        """``[3]``"""
        return f"[{self.number}]"


@dataclass(frozen=True, slots=True)
class Line:
    """A paragraph or list item with the citations that follow it."""

    text: str
    cites: tuple[Cite, ...] = ()


@dataclass(frozen=True, slots=True)
class Group:
    """Key points from one source: a heading when there are several, numbering from ``start``."""

    heading: str | None
    start: int
    items: tuple[Line, ...]


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


@dataclass(frozen=True, slots=True)
class Quotation:
    """A quote in quotation marks, and the attribution line below it."""

    text: str
    attribution: str
    cites: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class SourceLine:
    """An entry of the sources list: number, the entry's text, and a note on its date."""

    number: int
    text: str
    note: str | None = None

    @property
    def anchor(self) -> str:
        """The id citation markers link to."""
        return f"source-{self.number}"


@dataclass(frozen=True, slots=True)
class Section:
    """One block, shown: its kind, heading and whichever content its kind has."""

    kind: str
    heading: str
    lines: tuple[Line, ...] = ()
    groups: tuple[Group, ...] = ()
    columns: tuple[Column, ...] = ()
    rows: tuple[Row, ...] = ()
    quotations: tuple[Quotation, ...] = ()
    sources: tuple[SourceLine, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """A brief ready to place: metadata and sections, every string final."""

    id: str
    organisation: str
    title: str
    subtitle: str | None
    date: dt.date
    date_text: str
    keywords: tuple[str, ...]
    sections: tuple[Section, ...]

    @property
    def description(self) -> str:
        """What metadata calls the subject: the subtitle, or the title."""
        return self.subtitle or self.title

    @property
    def running_header(self) -> str:
        """The line at the top of every page after the first."""
        return f"{self.organisation} · {self.title}"


def display(brief: Brief, theme: Theme) -> Document:
    """Make ``brief`` ready to show in ``theme``: typeset, formatted, numbered, labelled."""
    brief = typeset_brief(brief)
    shown = _Shower(brief, theme)
    return Document(
        id=brief.id,
        organisation=theme.organisation,
        title=brief.title,
        subtitle=brief.subtitle,
        date=brief.date,
        date_text=shown.date(brief.date),
        keywords=brief.keywords,
        sections=tuple(shown.section(block) for block in brief.blocks),
    )


class _Shower:
    """Shows the blocks of one brief in one theme."""

    def __init__(self, brief: Brief, theme: Theme) -> None:
        self.theme = theme
        self.labels = theme.labels
        self.cite_of = {
            entry.id: Cite(entry.number, entry.title) for entry in brief.sources.entries
        }
        self.titles = {entry.id: entry.title for entry in brief.sources.entries}

    def date(self, value: dt.date | PartialDate) -> str:
        return format_date(value, self.theme.dates.style)

    def cites(self, ids: tuple[str, ...]) -> tuple[Cite, ...]:
        return tuple(self.cite_of[source_id] for source_id in ids)

    def section(self, block: Block) -> Section:
        content = VIEWS[block.kind](self, block)
        return Section(kind=block.kind, heading=getattr(self.labels, block.kind), **content)


def _summary(shown: _Shower, block: SummaryBlock) -> dict[str, Any]:
    return {"lines": tuple(Line(p.text, shown.cites(p.cites)) for p in block.paragraphs)}


def _key_points(shown: _Shower, block: KeyPointsBlock) -> dict[str, Any]:
    groups, start = [], 1
    several = len(block.groups) > 1
    for group in block.groups:
        items = tuple(Line(item.text, shown.cites(item.cites)) for item in group.items)
        heading = shown.titles[group.source] if several else None
        groups.append(Group(heading, start, items))
        start += len(items)
    return {"groups": tuple(groups)}


def _implications(shown: _Shower, block: ImplicationsBlock) -> dict[str, Any]:
    return {"lines": tuple(Line(i.text, shown.cites(i.cites)) for i in block.items)}


def _timeline(shown: _Shower, block: TimelineBlock) -> dict[str, Any]:
    labels = shown.labels
    return {
        "columns": (
            Column(labels.column_date, "date"),
            Column(labels.column_event),
            Column(labels.column_source, "source"),
        ),
        "rows": tuple(
            Row((shown.date(e.date), e.text), shown.cites(e.cites)) for e in block.entries
        ),
    }


def _figures(shown: _Shower, block: FiguresBlock) -> dict[str, Any]:
    labels = shown.labels
    rows = tuple(
        Row(
            (f.label, format_amount(f.value, f.unit, approximate=f.approximate), f.note or ""),
            shown.cites(f.cites),
        )
        for f in block.items
    )
    return {
        "columns": (
            Column(labels.column_item),
            Column(labels.column_value, "value"),
            Column(labels.column_note, "note"),
            Column(labels.column_source, "source"),
        ),
        "rows": rows,
    }


def _quotes(shown: _Shower, block: QuotesBlock) -> dict[str, Any]:
    quotations = tuple(
        Quotation(
            f"“{q.text}”",
            f"— {q.speaker}" + (f", {q.role}" if q.role else ""),
            shown.cites(q.cites),
        )
        for q in block.items
    )
    return {"quotations": quotations}


def _sources(shown: _Shower, block: SourcesBlock) -> dict[str, Any]:
    lines = []
    for entry in block.entries:
        parts = [entry.publisher] if entry.publisher else []
        parts.append(shown.date(entry.date) if entry.date else shown.labels.undated)
        text = ", ".join(parts) + f", 「{entry.title}」"
        if entry.author:
            text += f", {entry.author}"
        note = f"({entry.date_note})" if entry.date_note else None
        lines.append(SourceLine(entry.number, text + ".", note))
    return {"sources": tuple(lines)}


VIEWS: dict[str, Callable[[_Shower, Any], dict[str, Any]]] = {
    "summary": _summary,
    "key_points": _key_points,
    "implications": _implications,
    "timeline": _timeline,
    "figures": _figures,
    "quotes": _quotes,
    "sources": _sources,
}
"""Block kind → the function showing it (the one declaration of the kinds writers render)."""
