"""A chart's value axis, decided once for every format: its range, its step and its ticks.

The PDF/HTML drawing (matplotlib) and the native DOCX/HWPX charts (Word and Hancom draw their
own axes) used to choose their ticks separately — matplotlib's "nice" steps include 2.5, so
integer data got ticks at 2.5, 7.5 and 12.5 labelled ``2``, ``8`` and ``12``, and Word chose
yet another scale. The axis is now computed here in exact decimal arithmetic and every writer
draws it as given (matplotlib through a fixed locator, the chart XML through ``c:min``,
``c:max`` and ``c:majorUnit``), so the two drawings agree tick for tick.

The rules:

* steps are 1, 2 or 5 times a power of ten, never finer than the data's own precision (integer
  data gets integer ticks; data given to one decimal never gets a tick at 0.25);
* bars always start from zero; a line chart starts from zero unless its values sit in the top
  sixth of their range (as spreadsheet programs do), so small changes stay visible;
* about five intervals, and one more step when a value label would sit on the axis' end.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext

from briefgen.formatting import decimals_of, plain_decimal

__all__ = ["ValueAxis", "decimals_of", "value_axis"]

_INTERVALS = 5
"""The number of intervals an axis aims at (it may get up to two more)."""
_HEADROOM = Decimal("0.08")
"""A value label needs this share of the axis' length beyond its value."""
_STEPS = (Decimal(1), Decimal(2), Decimal(5))


@dataclass(frozen=True, slots=True)
class ValueAxis:
    """The value axis of a chart: from ``minimum`` to ``maximum`` in steps of ``step``."""

    minimum: Decimal
    maximum: Decimal
    step: Decimal

    @property
    def ticks(self) -> tuple[Decimal, ...]:
        """Every tick, exact: ``0, 5, 10, 15``."""
        count = int((self.maximum - self.minimum) / self.step)
        return tuple(plain_decimal(self.minimum + self.step * i) for i in range(count + 1))

    @property
    def decimals(self) -> int:
        """The decimals every tick label needs (the step's)."""
        return decimals_of(self.step)


def value_axis(
    lowest: Decimal, highest: Decimal, *, decimals: int, from_zero: bool, labelled: bool
) -> ValueAxis:
    """The axis for values from ``lowest`` to ``highest`` given to ``decimals`` decimals.

    ``from_zero`` keeps zero on the axis (bars); otherwise zero is kept unless the values sit
    high in their range. ``labelled`` leaves room for value labels past the extreme values.
    """
    with localcontext() as context:
        context.prec = 60
        if not from_zero and lowest >= 0 and lowest * 6 < highest * 5:
            from_zero = True
        if not from_zero and highest <= 0 and highest * 6 > lowest * 5:
            from_zero = True
        if from_zero:
            lowest, highest = min(lowest, Decimal(0)), max(highest, Decimal(0))
        span = highest - lowest
        if span == 0:
            span = abs(highest) or Decimal(1)
        step = _nice_step(span / _INTERVALS, Decimal(1).scaleb(-decimals))
        minimum = _multiple(lowest, step, ROUND_FLOOR)
        maximum = _multiple(highest, step, ROUND_CEILING)
        if minimum == maximum:
            maximum += step
        if labelled:
            room = (maximum - minimum) * _HEADROOM
            if highest > 0 and maximum - highest < room:
                maximum += step
            if lowest < 0 and lowest - minimum < room:
                minimum -= step
        return ValueAxis(plain_decimal(minimum), plain_decimal(maximum), plain_decimal(step))


def _nice_step(raw: Decimal, resolution: Decimal) -> Decimal:
    """The smallest of 1, 2, 5 × 10^k at least ``raw`` and no finer than ``resolution``."""
    power = Decimal(1).scaleb(raw.adjusted())
    for factor in (*_STEPS, Decimal(10)):
        step = factor * power
        if step >= raw:
            return max(step, resolution)
    raise AssertionError("unreachable: 10 × 10^adjusted exceeds any number")


def _multiple(value: Decimal, step: Decimal, rounding: str) -> Decimal:
    """``value`` rounded to a multiple of ``step`` (down or up)."""
    return (value / step).to_integral_value(rounding=rounding) * step
