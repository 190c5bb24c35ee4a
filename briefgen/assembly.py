"""Assemble a :class:`~briefgen.models.Brief` from a brief definition and curated sources.

This is where the content work happens, once, for every writer:

* sources are picked (ids in the given order, then ``[select]`` matches by date);
* blocks come in the brief's order (``blocks``), the editor's key messages and sections
  among them;
* the summary is the editor's, or each source's summary with its citation;
* key points are grouped by source, each item citing its source (and any others it names);
* implications — the editor's first, then each source's — are merged without duplicates
  (the same sentence from two sources becomes one item citing both);
* events from all sources become one timeline sorted by date, a month after its days;
* figures, quotes and charts are collected with their source (the editor's charts first);
* the sources list is built from what is cited, numbered in order of first citation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from briefgen.dates import chronological
from briefgen.errors import Problem, SeedError
from briefgen.models import (
    Block,
    Brief,
    BriefSpec,
    ChartItem,
    ChartsBlock,
    CitedText,
    ContentsBlock,
    EditorSection,
    EditorSectionBlock,
    FigureItem,
    FiguresBlock,
    ImplicationsBlock,
    KeyMessagesBlock,
    KeyPointGroup,
    KeyPointsBlock,
    QuoteItem,
    QuotesBlock,
    Source,
    SourceEntry,
    SourcesBlock,
    SummaryBlock,
    TimelineBlock,
    TimelineEntry,
)

_NOT_WORD = re.compile(r"[\W_]+")


def select_sources(spec: BriefSpec, sources: Mapping[str, Source]) -> list[Source]:
    """The sources a brief uses: its listed ids in order, then ``select`` matches by date."""
    missing = [i for i in spec.sources if i not in sources]
    if missing:
        raise SeedError(
            [
                Problem(file=f"brief '{spec.id}'", field="sources", message=f"unknown source '{m}'")
                for m in missing
            ]
        )
    chosen = [sources[i] for i in dict.fromkeys(spec.sources)]
    if spec.select is not None:
        taken = {s.id for s in chosen}
        extra = [s for s in sources.values() if s.id not in taken and spec.select.matches(s)]
        chosen += sorted(extra, key=_chronological)
    if not chosen:
        raise SeedError(
            [Problem(file=f"brief '{spec.id}'", field="select", message="selects no source")]
        )
    return chosen


def assemble(spec: BriefSpec, sources: Mapping[str, Source]) -> Brief:
    """Build the brief ``spec`` defines from ``sources`` (all known sources, by id).

    Blocks come in the order :meth:`BriefSpec.block_order` gives; a block drawn from the
    sources that has nothing to show (no events for a timeline) is left out.
    """
    selected = select_sources(spec, sources)
    sections = {section.id: section for section in spec.sections}
    builders: dict[str, Callable[[], Block | None]] = {
        "key_messages": lambda: _key_messages(spec),
        "contents": lambda: ContentsBlock(always=spec.contents is True),
        "summary": lambda: _summary(spec, selected),
        "charts": lambda: _charts(spec, selected),
        "key_points": lambda: _key_points(selected),
        "implications": lambda: _implications(spec, selected),
        "timeline": lambda: _timeline(selected),
        "figures": lambda: _figures(selected),
        "quotes": lambda: _quotes(selected),
    }
    blocks: list[Block] = []
    for name in spec.block_order():
        if name == "sources":
            continue
        block = _editor_section(sections[name]) if name in sections else builders[name]()
        if block is not None:
            blocks.append(block)
    blocks.append(_sources_list(blocks, sources, spec.id))
    keywords = spec.keywords or tuple(dict.fromkeys(tag for s in selected for tag in s.tags))
    return Brief(
        id=spec.id,
        title=spec.title,
        subtitle=spec.subtitle,
        short_title=spec.short_title,
        date=spec.date,
        series=spec.series,
        number=spec.number,
        issn=spec.issn,
        authors=spec.authors,
        keywords=keywords,
        citation_style=spec.citations,
        blocks=tuple(blocks),
    )


def dedupe_key(text: str) -> str:
    """Text compared for sameness: NFKC, case-folded, without spaces or punctuation."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


# ---------------------------------------------------------------------------------------------


def _chronological(source: Source) -> tuple[int, tuple[int, int, int], str]:
    """Dated sources first, oldest first; undated ones after, by id."""
    if source.date is None:
        return (1, (0, 0, 0), source.id)
    return (0, source.date.sort_key, source.id)


def _cites(source: Source, extra: Iterable[str] = ()) -> tuple[str, ...]:
    return tuple(dict.fromkeys((source.id, *extra)))


def _key_messages(spec: BriefSpec) -> KeyMessagesBlock | None:
    if not spec.key_messages:
        return None
    return KeyMessagesBlock(
        items=tuple(CitedText(text=m.text, cites=m.cites) for m in spec.key_messages)
    )


def _editor_section(section: EditorSection) -> EditorSectionBlock:
    return EditorSectionBlock(
        id=section.id,
        heading=section.heading,
        paragraphs=tuple(CitedText(text=p.text, cites=p.cites) for p in section.paragraphs),
    )


def _charts(spec: BriefSpec, selected: Sequence[Source]) -> ChartsBlock | None:
    """The editor's charts, then each source's own (citing the source)."""
    charts = [ChartItem(**chart.model_dump()) for chart in spec.charts]
    charts += [
        ChartItem(**(chart.model_dump() | {"cites": _cites(source, chart.cites)}))
        for source in selected
        for chart in source.charts
    ]
    return ChartsBlock(charts=tuple(charts)) if charts else None


def _summary(spec: BriefSpec, selected: Sequence[Source]) -> SummaryBlock:
    if spec.summary is not None:
        return SummaryBlock(
            paragraphs=tuple(CitedText(text=p) for p in spec.summary), by_editor=True
        )
    return SummaryBlock(
        paragraphs=tuple(
            CitedText(text=paragraph, cites=(source.id,))
            for source in selected
            for paragraph in source.summary
        )
    )


def _key_points(selected: Sequence[Source]) -> KeyPointsBlock:
    return KeyPointsBlock(
        groups=tuple(
            KeyPointGroup(
                source=source.id,
                items=tuple(
                    CitedText(text=p.text, cites=_cites(source, p.cites)) for p in source.key_points
                ),
            )
            for source in selected
        )
    )


def _implications(spec: BriefSpec, selected: Sequence[Source]) -> ImplicationsBlock | None:
    candidates: list[CitedText] = [CitedText(text=i.text, cites=i.cites) for i in spec.implications]
    candidates += [
        CitedText(text=i.text, cites=_cites(source, i.cites))
        for source in selected
        for i in source.implications
    ]
    merged = _merge(candidates, key=lambda item: dedupe_key(item.text))
    return ImplicationsBlock(items=tuple(merged)) if merged else None


def _merge(items: Iterable[Any], key: Any) -> list[Any]:
    """Keep the first of each group of equal items, with the union of their citations."""
    kept: dict[Any, Any] = {}
    for item in items:
        k = key(item)
        first = kept.get(k)
        if first is None:
            kept[k] = item
        else:
            kept[k] = first.model_copy(
                update={"cites": tuple(dict.fromkeys((*first.cites, *item.cites)))}
            )
    return list(kept.values())


def _timeline(selected: Sequence[Source]) -> TimelineBlock | None:
    entries = [
        TimelineEntry(date=event.date, text=event.text, cites=_cites(source, event.cites))
        for source in selected
        for event in source.events
    ]
    merged = _merge(entries, key=lambda e: (str(e.date), dedupe_key(e.text)))
    ordered = chronological(merged, lambda e: e.date)  # a month alone keeps the editor's place
    return TimelineBlock(entries=tuple(ordered)) if ordered else None


def _figures(selected: Sequence[Source]) -> FiguresBlock | None:
    items = [
        FigureItem(**(figure.model_dump() | {"cites": _cites(source, figure.cites)}))
        for source in selected
        for figure in source.figures
    ]
    merged = _merge(items, key=lambda f: (dedupe_key(f.label), f.value, f.unit, f.note))
    return FiguresBlock(items=tuple(merged)) if merged else None


def _quotes(selected: Sequence[Source]) -> QuotesBlock | None:
    items = [
        QuoteItem(**(quote.model_dump() | {"cites": _cites(source, quote.cites)}))
        for source in selected
        for quote in source.quotes
    ]
    merged = _merge(items, key=lambda q: (dedupe_key(q.text), dedupe_key(q.speaker)))
    return QuotesBlock(items=tuple(merged)) if merged else None


def _sources_list(
    blocks: Sequence[Block], sources: Mapping[str, Source], brief_id: str
) -> SourcesBlock:
    cited = list(dict.fromkeys(c for block in blocks for c in block.citations()))
    if not cited:
        raise SeedError(
            [
                Problem(
                    file=f"brief '{brief_id}'",
                    field="blocks",
                    message="none of its blocks has anything to show from its sources (a "
                    "timeline of sources without events, say): name blocks that have content",
                )
            ]
        )
    unknown = [c for c in cited if c not in sources]
    if unknown:
        raise SeedError(
            [
                Problem(file=f"brief '{brief_id}'", field="cites", message=f"unknown source '{u}'")
                for u in unknown
            ]
        )
    return SourcesBlock(
        entries=tuple(
            SourceEntry(
                number=number,
                id=s.id,
                title=s.title,
                title_descriptive=s.title_descriptive,
                publisher=s.publisher,
                author=s.author,
                kind=s.kind,
                date=s.date,
                date_note=s.date_note,
                url=s.url,
                accessed=s.accessed,
            )
            for number, s in enumerate((sources[c] for c in cited), start=1)
        )
    )
