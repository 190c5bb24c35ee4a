"""The typed model: strict fields, clean text, dates with a precision."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from pydantic import ValidationError

from briefgen.dates import PartialDate
from briefgen.models import BriefSpec, Selection, Source

SOURCE = {
    "id": "kr-us-mou",
    "title": "제목",
    "date": "2025-10-29",
    "summary": "요약이다.",
    "key_points": ["하나.", "둘.", "셋."],
    "implications": ["가.", "나."],
}


def source(**changes: object) -> Source:
    return Source.model_validate({**SOURCE, **changes})


def it_rejects_unknown_fields_such_as_typos() -> None:
    with pytest.raises(ValidationError) as error:
        source(key_pionts=["x"])
    assert error.value.errors()[0]["type"] == "extra_forbidden"
    assert error.value.errors()[0]["loc"] == ("key_pionts",)


def it_normalises_decomposed_hangul_to_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "한국에 대한 시사점")
    assert nfd != "한국에 대한 시사점"
    assert source(title=nfd).title == "한국에 대한 시사점"


def it_strips_text_and_collapses_line_wrapping() -> None:
    assert source(title="  여러 줄로\n   나뉜   제목 ").title == "여러 줄로 나뉜 제목"


def it_splits_a_summary_into_paragraphs_at_blank_lines() -> None:
    assert source(summary="첫 문단\n이어짐.\n\n둘째 문단.").summary == (
        "첫 문단 이어짐.",
        "둘째 문단.",
    )


def it_refuses_control_characters_and_empty_text() -> None:
    with pytest.raises(ValidationError, match="U\\+0007"):
        source(title="벨\x07소리")
    with pytest.raises(ValidationError):
        source(title="   ")


def it_accepts_a_key_point_as_text_or_as_a_table_with_citations() -> None:
    record = source(key_points=["하나.", {"text": "둘.", "cites": ["other"]}, "셋."])
    assert [p.text for p in record.key_points] == ["하나.", "둘.", "셋."]
    assert record.key_points[1].cites == ("other",)


def it_enforces_the_curation_limits() -> None:
    with pytest.raises(ValidationError, match="at least 3"):
        source(key_points=["하나.", "둘."])
    with pytest.raises(ValidationError, match="at most 7"):
        source(key_points=[f"{n}." for n in range(8)])


def it_requires_a_note_when_a_source_is_undated() -> None:
    data = {k: v for k, v in SOURCE.items() if k != "date"}
    with pytest.raises(ValidationError, match="date_note"):
        Source.model_validate(data)
    assert Source.model_validate({**data, "date_note": "날짜 없음"}).date is None


def it_rejects_ids_that_are_not_slugs() -> None:
    for bad in ("KR-US", "kr us", "../etc", "kr--us", ""):
        with pytest.raises(ValidationError):
            source(id=bad)


class DescribePartialDate:
    def it_parses_each_precision(self) -> None:
        assert PartialDate.parse("2025-10-29").precision == "day"
        assert PartialDate.parse("2025-10").precision == "month"
        assert PartialDate.parse("2025").precision == "year"
        assert PartialDate.parse(dt.date(2025, 10, 29)) == PartialDate(2025, 10, 29)

    def it_rejects_impossible_and_malformed_dates(self) -> None:
        for bad in ("2025-02-30", "2025-13", "29.10.2025", "2025-1-5", 20251029):
            with pytest.raises(ValueError, match="date"):
                PartialDate.parse(bad)

    def it_sorts_a_month_after_its_days_and_a_year_after_its_months(self) -> None:
        """An effect known only to its month never comes before its dated cause (issue 17)."""
        dates = ["2025", "2025-09", "2025-09-04", "2024-12-31", "2025-09-30", "2025-10-01"]
        ordered = sorted((PartialDate.parse(d) for d in dates), key=lambda d: d.sort_key)
        assert [str(d) for d in ordered] == [
            "2024-12-31", "2025-09-04", "2025-09-30", "2025-09", "2025-10-01", "2025",
        ]  # fmt: skip

    def it_knows_the_range_it_covers(self) -> None:
        month = PartialDate.parse("2024-02")
        assert (month.earliest, month.latest) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
        assert PartialDate.parse("2025-12").latest == dt.date(2025, 12, 31)

    def it_round_trips_through_pydantic_as_text(self) -> None:
        assert source(date="2025-10").model_dump(mode="json")["date"] == "2025-10"


class DescribeSelection:
    def it_matches_by_tag_and_date_range(self) -> None:
        selection = Selection.model_validate({"tags": ["ai"], "from": "2025-10", "until": "2025"})
        assert selection.matches(source(tags=["ai"], date="2025-10-29"))
        assert not selection.matches(source(tags=["other"], date="2025-10-29"))
        assert not selection.matches(source(tags=["ai"], date="2025-09-30"))

    def it_never_matches_an_undated_source_on_a_date_range(self) -> None:
        undated = source(date=None, date_note="없음")
        assert not Selection.model_validate({"from": "2000"}).matches(undated)
        assert Selection.model_validate({"tags": ["ai"]}).matches(
            undated.model_copy(update={"tags": ("ai",)})
        )

    def it_must_say_something(self) -> None:
        with pytest.raises(ValidationError, match="select needs"):
            Selection.model_validate({})


def it_requires_a_brief_to_pick_sources() -> None:
    with pytest.raises(ValidationError, match="sources"):
        BriefSpec.model_validate({"id": "b", "title": "t", "date": "2026-01-01"})
