"""Korean dates and amounts, written in one place for every writer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from briefgen.dates import PartialDate
from briefgen.formatting import DATE_STYLES, NBSP, format_amount, format_date, korean_units
from briefgen.theme import load_theme


@pytest.mark.parametrize(
    ("value", "style", "expected"),
    [
        (dt.date(2025, 10, 29), "short", "2025. 10. 29."),
        (dt.date(2025, 10, 29), "long", "2025년 10월 29일"),
        (PartialDate(2025, 1, 5), "short", "2025. 1. 5."),
        (PartialDate(2025, 12), "short", "2025. 12."),
        (PartialDate(2025, 12), "long", "2025년 12월"),
        (PartialDate(2026), "short", "2026."),
        (PartialDate(2026), "long", "2026년"),
    ],
)
def it_writes_dates_in_the_themes_style_without_inventing_days(value, style, expected) -> None:
    assert format_date(value, DATE_STYLES[style]) == expected
    theme = load_theme()
    dated = theme.model_copy(update={"dates": theme.dates.model_copy(update={"style": style})})
    assert format_date(value, dated.dates.patterns()) == expected  # the default theme's own


def it_writes_dates_from_patterns_not_from_cldr_skeletons(monkeypatch) -> None:
    """babel 2.19's CLDR data gives the Korean year-month skeleton as y/M (2025/12); the
    Korean forms are a rule of writing and must not move with a data release."""
    import babel.dates

    def no_skeletons(*args, **kwargs):
        raise AssertionError("a skeleton's output changes with CLDR releases")

    monkeypatch.setattr(babel.dates, "format_skeleton", no_skeletons)
    written = [format_date(PartialDate.parse(d)) for d in ("2025-12-05", "2025-12", "2025")]
    assert written == ["2025. 12. 5.", "2025. 12.", "2025."]


@pytest.mark.parametrize(
    ("field", "pattern", "message"),
    [
        ("day", "y. M.", "with the pattern letters M, d, y only"),
        ("month", "y. M. d.", "with the pattern letters M, y only"),
        ("year", "yy년 H시", "with the pattern letters y only"),
        ("day", "y-MM-dd at noon", "with the pattern letters M, d, y only"),
    ],
)
def it_refuses_a_date_pattern_that_writes_another_precision(
    field, pattern, message, tmp_path
) -> None:
    import shutil

    import briefgen
    from briefgen.resources import styles_dir

    folder = tmp_path / "theme"
    shutil.copytree(styles_dir(), folder)
    toml = folder / "theme.toml"
    text = toml.read_text(encoding="utf-8")
    line = {"day": 'day = "y. M. d."', "month": 'month = "y. M."', "year": 'year = "y."'}[field]
    toml.write_text(text.replace(line, f'{field} = "{pattern}"', 1), encoding="utf-8")
    with pytest.raises(briefgen.ThemeError, match=f"dates.short.{field}: .*{message}"):
        briefgen.load_theme(folder)


def it_writes_a_quoted_word_and_a_weekday_as_a_pattern_allows() -> None:
    from briefgen.formatting import DatePatterns

    patterns = DatePatterns(day="y. M. d.(E)", month="MMMM y", year="'FY' y")
    assert format_date(PartialDate(2025, 10, 29), patterns) == "2025. 10. 29.(수)"
    assert format_date(PartialDate(2025, 10), patterns, locale="en") == "October 2025"
    assert format_date(PartialDate(2025), patterns) == "FY 2025"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (350_000_000_000, "3,500억"),
        (1_200_000_000_000, "1조 2,000억"),
        (20_000_000_000, "200억"),
        (2_110_000_000, "21억 1,000만"),
        (350_000_000, "3억 5,000만"),  # babel's compact format would say 4억
        (8_800, "8,800"),  # not 8.8천
        (10_000, "1만"),
        (0, "0"),
    ],
)
def it_writes_large_amounts_with_korean_units_exactly(value, expected) -> None:
    assert korean_units(Decimal(value)).replace(NBSP, " ") == expected


@pytest.mark.parametrize(
    ("value", "unit", "approximate", "expected"),
    [
        (350_000_000_000, "USD", False, "3,500억 달러"),
        (1_200_000_000_000, "KRW", False, "1조 2,000억 원"),
        (1400, "명", True, "1,400여 명"),
        (61, "%", False, "61%"),
        (Decimal("2.5"), "%", False, "2.5%"),
        (180, "일", False, "180일"),
        (500, "USD", False, "500 달러"),
    ],
)
def it_writes_figures_with_their_units(value, unit, approximate, expected) -> None:
    text = format_amount(Decimal(value), unit, approximate=approximate)
    assert text.replace(NBSP, " ") == expected
    assert " " not in text, "number and unit must be joined by a no-break space"
