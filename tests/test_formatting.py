"""Korean dates and amounts, written in one place for every writer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from briefgen.dates import PartialDate
from briefgen.formatting import NBSP, format_amount, format_date, korean_units


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
    assert format_date(value, style) == expected


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
