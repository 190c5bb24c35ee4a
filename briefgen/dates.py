"""Dates with a precision: a day, a month or only a year.

Sources do not always give a full date (a magazine page dated by month, an article that names
only the day of an unnamed month). :class:`PartialDate` records what is known and no more; it
is put in chronological order by :func:`chronological` (a month or year alone keeps the
editor's place among the dated events inside it) and is written in seed files as
``"2025-10-29"``, ``"2025-10"`` or ``"2025"`` (a TOML date literal works for a day).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any, Literal, TypeVar

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

Precision = Literal["year", "month", "day"]

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True, order=False)
class PartialDate:
    """A calendar date known to the day, the month or the year."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        # Raises ValueError for impossible dates such as 2025-02-30 or month 13.
        dt.date(self.year, self.month or 1, self.day or 1)

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        """Build from ``PartialDate``, ``datetime.date`` or a ``YYYY[-MM[-DD]]`` string."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            raise ValueError("give a date without a time of day")
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if not isinstance(value, str):
            raise ValueError('must be a date written "YYYY-MM-DD", "YYYY-MM" or "YYYY"')
        match = _PATTERN.match(value.strip())
        if match is None:
            raise ValueError(
                f'"{value}" is not a date: write "YYYY-MM-DD", "YYYY-MM" (a month) or "YYYY"'
            )
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            return cls(year, month, day)  # type: ignore[arg-type]
        except ValueError:
            raise ValueError(f'"{value}" is not a real calendar date') from None

    @property
    def precision(self) -> Precision:
        """How much of the date is known."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """A total order for sorting dates alone (sources by date): a month after the days it
        contains and a year after its months. Lists of events use :func:`chronological`,
        which leaves a month or year alone where the editor put it."""
        return (self.year, self.month or 13, self.day or 32)

    @property
    def earliest(self) -> dt.date:
        """The first day the date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        """The last day the date can mean."""
        if self.day is not None:
            return self.earliest
        if self.month is None:
            return dt.date(self.year, 12, 31)
        # monthrange, not "first of next month minus a day": that fails for 9999-12.
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.to_string_ser_schema()
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "string",
            "pattern": _PATTERN.pattern,
            "description": 'A date with its precision: "YYYY-MM-DD", "YYYY-MM" or "YYYY".',
            "examples": ["2025-10-29", "2026-02", "2025"],
        }


T = TypeVar("T")


def chronological(items: Sequence[T], date_of: Callable[[T], PartialDate]) -> list[T]:
    """``items`` in chronological order, the editor's order kept where dates do not decide.

    Items are ordered by year; within a year the items dated to a month are ordered by month
    among the places they hold, while an item known only to the year keeps its place; within a
    month, the items dated to a day are ordered by day the same way, while an item known only
    to the month keeps its place. So a bill's "2010. 11." (proposed) stays before its
    "2010. 11. 15." (submitted) when the editor wrote them so, and dated events are always in
    order among themselves. Equal dates keep the editor's order.
    """
    result: list[T] = []
    by_year = sorted(items, key=lambda item: date_of(item).year)  # stable
    for _, group in groupby(by_year, key=lambda item: date_of(item).year):
        ordered = _in_place(
            list(group),
            lambda item: date_of(item).month is not None,
            lambda item: date_of(item).month or 0,
        )
        months = sorted({m for item in ordered if (m := date_of(item).month) is not None})
        for month in months:

            def dated_in(item: T, month: int = month) -> bool:
                date = date_of(item)
                return date.month == month and date.day is not None

            ordered = _in_place(ordered, dated_in, lambda item: date_of(item).day or 0)
        result += ordered
    return result


def _in_place(items: list[T], chosen: Callable[[T], bool], key: Callable[[T], int]) -> list[T]:
    """The ``chosen`` items sorted by ``key`` (stably) among the places they hold; the others
    stay where they are."""
    places = [index for index, item in enumerate(items) if chosen(item)]
    ordered = sorted((items[index] for index in places), key=key)
    result = list(items)
    for index, item in zip(places, ordered, strict=True):
        result[index] = item
    return result
