"""Assembly: selection, grouping, citations, merging, ordering, the sources list."""

from __future__ import annotations

import pytest

from briefgen.assembly import assemble, select_sources
from briefgen.errors import SeedError
from briefgen.models import (
    BriefSpec,
    FiguresBlock,
    ImplicationsBlock,
    KeyPointsBlock,
    Source,
    SummaryBlock,
    TimelineBlock,
)
from briefgen.seeds import load_seeds

from .conftest import VALID_BRIEF, VALID_SOURCE, VALID_SOURCE_BETA, SeedFactory


@pytest.fixture
def pair(make_seeds: SeedFactory):
    seeds = load_seeds(
        make_seeds({"alpha": VALID_SOURCE, "beta": VALID_SOURCE_BETA}, {"both": VALID_BRIEF})
    )
    return seeds, assemble(seeds.briefs["both"], seeds.sources)


def block(brief, kind):
    return next(b for b in brief.blocks if b.kind == kind)


def it_orders_blocks_and_ends_with_the_sources_list(pair) -> None:
    _, brief = pair
    assert [b.kind for b in brief.blocks] == [
        "contents",  # shown only when the brief runs long
        "summary",
        "key_points",
        "implications",
        "timeline",
        "sources",
    ]


def it_groups_key_points_by_source_and_cites_each_item(pair) -> None:
    _, brief = pair
    points: KeyPointsBlock = block(brief, "key_points")
    assert [g.source for g in points.groups] == ["alpha", "beta"]
    alpha = points.groups[0].items
    assert [i.cites for i in alpha] == [("alpha",), ("alpha",), ("alpha", "beta")]


def it_merges_duplicate_implications_and_keeps_both_citations(pair) -> None:
    _, brief = pair
    implications: ImplicationsBlock = block(brief, "implications")
    assert [(i.text, i.cites) for i in implications.items] == [
        ("첫째 시사점이다.", ("alpha", "beta")),
        ("둘째 시사점이다.", ("alpha",)),
        ("베타만의 시사점이다.", ("beta",)),
    ]


def it_merges_events_into_one_timeline_keeping_a_month_where_the_editor_put_it(pair) -> None:
    """A month alone keeps its place among the dated events of that month (the sources'
    order here: alpha's "2025-10" before beta's "2025-10-29")."""
    _, brief = pair
    timeline: TimelineBlock = block(brief, "timeline")
    assert [(str(e.date), e.text, e.cites) for e in timeline.entries] == [
        ("2025-10", "10월의 일", ("alpha",)),
        ("2025-10-29", "같은 날의 일", ("beta",)),
    ]


def it_orders_dated_events_among_themselves_around_coarser_ones() -> None:
    from briefgen.dates import PartialDate, chronological

    given = ["2010-11-20", "2010", "2010-11", "2010-11-15", "2010-09", "2009-12-01"]
    assert chronological(given, PartialDate.parse) == [
        "2009-12-01", "2010-09", "2010", "2010-11-15", "2010-11", "2010-11-20",
    ]  # fmt: skip


def it_uses_each_sources_summary_with_a_citation_unless_the_editor_wrote_one(
    pair, make_seeds
) -> None:
    seeds, brief = pair
    summary: SummaryBlock = block(brief, "summary")
    assert [(p.text, p.cites) for p in summary.paragraphs] == [
        ("첫 문장이다. 둘째 문장이다.", ("alpha",)),
        ("베타의 요약이다.", ("beta",)),
    ]
    spec = seeds.briefs["both"].model_copy(update={"summary": ("편집자의 요약.",)})
    edited = block(assemble(spec, seeds.sources), "summary")
    assert edited.by_editor
    assert [p.text for p in edited.paragraphs] == ["편집자의 요약."]


def it_numbers_the_sources_list_in_order_of_first_citation(pair) -> None:
    seeds, brief = pair
    assert [(e.number, e.id) for e in brief.sources.entries] == [(1, "alpha"), (2, "beta")]
    assert brief.citation_number("beta") == 2
    # A source cited only from another source's key point still enters the list.
    spec = BriefSpec(id="solo", title="t", date="2026-01-01", sources=("alpha",))
    solo = assemble(spec, seeds.sources)
    assert [e.id for e in solo.sources.entries] == ["alpha", "beta"]


def it_collects_figures_with_their_source_and_merges_repeats() -> None:
    base = Source.model_validate(
        {
            "id": "a",
            "title": "A",
            "date": "2025",
            "summary": "s",
            "key_points": ["1.", "2.", "3."],
            "implications": ["x.", "y."],
            "figures": [{"label": "투자", "value": 350_000_000_000, "unit": "USD"}],
        }
    )
    other = base.model_copy(update={"id": "b"})
    spec = BriefSpec(id="f", title="t", date="2026-01-01", sources=("a", "b"))
    figures: FiguresBlock = block(assemble(spec, {"a": base, "b": other}), "figures")
    assert [(f.label, f.cites) for f in figures.items] == [("투자", ("a", "b"))]


def it_selects_by_tag_and_date_after_the_listed_sources(pair) -> None:
    seeds, _ = pair
    spec = BriefSpec.model_validate(
        {"id": "s", "title": "t", "date": "2026-01-01", "select": {"tags": ["ai-policy"]}}
    )
    assert [s.id for s in select_sources(spec, seeds.sources)] == ["beta", "alpha"]
    spec = BriefSpec.model_validate(
        {
            "id": "s",
            "title": "t",
            "date": "2026-01-01",
            "sources": ["alpha"],
            "select": {"from": "2025-09", "until": "2025-09"},
        }
    )
    assert [s.id for s in select_sources(spec, seeds.sources)] == ["alpha", "beta"]


def it_reports_unknown_sources_when_assembling_from_code(pair) -> None:
    seeds, _ = pair
    spec = BriefSpec(id="x", title="t", date="2026-01-01", sources=("alpha", "nope"))
    with pytest.raises(SeedError, match="unknown source 'nope'"):
        assemble(spec, seeds.sources)
