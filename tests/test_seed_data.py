"""The curated seed data in seeds/: valid, complete, honest about dates, in our own words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefgen.models import KeyPointsBlock

from .conftest import ROOT, SEEDS

SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def it_has_a_source_for_each_of_the_five_documents(seeds) -> None:
    assert len(seeds.sources) == 5
    assert len({s.title for s in seeds.sources.values()}) == 5


def it_defines_a_brief_per_source_and_multi_source_briefs(seeds, briefs) -> None:
    single = {b.id for b in briefs.values() if len(b.sources.entries) == 1}
    assert set(seeds.sources) <= single
    multi = {b.id: len(b.sources.entries) for b in briefs.values() if len(b.sources.entries) > 1}
    assert multi == {"us-fullstack-export-korea": 4, "ai-policy-digest": 5}
    assert seeds.briefs["ai-policy-digest"].title == "AI 정책 동향 브리프"


def it_curates_content_within_the_house_limits(seeds) -> None:
    for source in seeds.sources.values():
        sentences = sum(len(SENTENCE_END.findall(p)) for p in source.summary)
        assert 2 <= sentences <= 4, source.id
        for point in source.key_points:
            assert point.text.endswith("."), f"{source.id}: key point is not a sentence"
        for quote in source.quotes:
            # Short attributed quotes only: the documents are copyrighted.
            assert len(quote.text) <= 120, f"{source.id}: quote longer than 120 characters"
            assert len(SENTENCE_END.findall(quote.text)) <= 1


def it_records_date_precision_honestly(seeds) -> None:
    undated = seeds.sources["us-ai-exports-comments"]
    assert undated.date is None
    assert "게재일과 연도 표기 없음" in undated.date_note
    assert "2025년으로 추정" in undated.date_note, "a year the document does not give is inferred"
    month_only = seeds.sources["lee-son-asi-meeting"]
    assert month_only.date is not None
    assert month_only.date.precision == "month"
    assert [str(e.date) for e in month_only.events] == ["2025-12-05", "2025-12-05"], "5일, 이날"
    assert "추정" in month_only.date_note
    assert all(s.date_note for s in seeds.sources.values())
    assert seeds.sources["apec-tech-prosperity-mou"].title_descriptive, "001 has no headline"


def it_assembles_every_brief_with_key_points_from_every_source(seeds, briefs) -> None:
    from briefgen.assembly import select_sources

    for brief_id, brief in briefs.items():
        points = next(b for b in brief.blocks if isinstance(b, KeyPointsBlock))
        selected = select_sources(seeds.briefs[brief_id], seeds.sources)
        assert [g.source for g in points.groups] == [s.id for s in selected], brief_id
    digest = briefs["ai-policy-digest"]
    timeline = next(b for b in digest.blocks if b.kind == "timeline")
    months = [(e.date.year, e.date.month or 0) for e in timeline.entries if e.date.month]
    assert months == sorted(months), "months in order"
    days = [e.date.sort_key for e in timeline.entries if e.date.day]
    assert days == sorted(days), "dated events in order among themselves"
    mou = [e for e in timeline.entries if e.text == "한·미 기술번영 업무협약(MOU) 체결"]
    assert len(mou) == 1
    assert len(mou[0].cites) == 3


@pytest.mark.skipif(
    not SHARED_SEEDS.is_dir(), reason="the source documents are not beside the repo"
)
def it_copies_no_long_passages_from_the_copyrighted_sources() -> None:
    def squash(text: str) -> str:
        return re.sub(r"\s+", " ", text)

    window = 60
    originals = [squash(p.read_text(encoding="utf-8")) for p in SHARED_SEEDS.glob("*.txt")]
    grams = {o[i : i + window] for o in originals for i in range(len(o) - window)}
    for path in Path(SEEDS).rglob("*.toml"):
        text = squash(path.read_text(encoding="utf-8"))
        copied = [
            text[i : i + window] for i in range(len(text) - window) if text[i : i + window] in grams
        ]
        assert not copied, f"{path.name} repeats source text: {copied[0]!r}"
