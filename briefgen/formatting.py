"""Dates and numbers written the way Korean readers expect, from one place for every writer.

* Dates are written from explicit patterns, one per precision, held in the theme
  (:class:`DatePatterns`): the Korean short form ``2025. 10. 29.`` / ``2025. 10.`` / ``2025.``
  (한글 맞춤법 부록, 문장 부호) and the long form ``2025년 10월 29일`` / ``2025년 10월`` /
  ``2025년``. A month or a year alone is written as such, never padded into a fake day. babel
  fills the pattern in (LDML pattern letters: ``y``, ``M``, ``d``, ``MMMM`` for a month's name in
  the locale's language, ``E`` for a weekday): a pattern's output does not change with a CLDR
  data release, while a skeleton's does (babel 2.19 turned Korean ``yM`` into ``2025/12``).
* Amounts use Korean 만/억/조 units with grouping (``3,500억 달러``, ``1조 2,000억 원``), which
  babel's compact format does not do right (it writes ``3500억``, rounds silently and has no
  long form for Korean). Grouping inside each unit and currency names come from babel.
* A number and its unit are joined by a no-break space, so a line never separates them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, localcontext
from typing import Literal, NamedTuple

from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal, get_currency_name

from briefgen.dates import PartialDate

KOREAN_RULES = "ko_KR"
"""The babel locale of the Korean rules here (grouping, currency names). Which rules and date
patterns a brief is written with is its locale's choice (:mod:`briefgen.locales`)."""
NBSP = "\u00a0"

DateStyle = Literal["short", "long"]

#: Korean currency words as used in running text (babel's names are formal: "미국 달러").
_CURRENCY_WORDS = {"USD": "달러", "KRW": "원", "JPY": "엔", "EUR": "유로", "CNY": "위안"}
#: Korean magnitude words, largest first.
_MAGNITUDES = (
    (Decimal(10) ** 16, "경"),
    (Decimal(10) ** 12, "조"),
    (Decimal(10) ** 8, "억"),
    (Decimal(10) ** 4, "만"),
)


class DatePatterns(NamedTuple):
    """How a date of each precision is written: LDML date patterns as babel reads them."""

    day: str
    month: str
    year: str


SHORT_DATES = DatePatterns(day="y. M. d.", month="y. M.", year="y.")
"""The Korean short form (the government document style): 2025. 10. 29. / 2025. 10. / 2025."""
LONG_DATES = DatePatterns(day="y년 M월 d일", month="y년 M월", year="y년")
"""The Korean long form: 2025년 10월 29일 / 2025년 10월 / 2025년."""
DATE_STYLES: dict[DateStyle, DatePatterns] = {"short": SHORT_DATES, "long": LONG_DATES}


def format_date(
    value: dt.date | PartialDate, patterns: DatePatterns = SHORT_DATES, locale: str = KOREAN_RULES
) -> str:
    """Write a date (or a month, or a year) with the pattern of its precision."""
    if isinstance(value, dt.date):
        value = PartialDate(value.year, value.month, value.day)
    pattern = getattr(patterns, value.precision)
    return str(babel_format_date(value.earliest, pattern, locale=locale))


def is_currency(unit: str) -> bool:
    """True for a three-letter ISO 4217 code such as USD or KRW."""
    return len(unit) == 3 and unit.isascii() and unit.isalpha() and unit.isupper()


def currency_word(code: str) -> str:
    """The word for a currency in running Korean text: 달러, 원, 엔 …"""
    return _CURRENCY_WORDS.get(code) or get_currency_name(code, locale=KOREAN_RULES)


COUNTERS = frozenset(
    (
        "명",
        "건",
        "개",
        "곳",
        "회",
        "대",
        "척",
        "가구",
        "개국",
        "개사",
        "기업",
        "종",
        "편",
        "점",
        "번",
        "인",
        "세",
        "채",
        "권",
        "장",
        "석",
        "표",
        "차례",
        "마리",
        "개소",
        "개교",
        "개월",
        "배",
    )
)
"""Counters of people, things and times, and 배: an approximate round count takes 여
(1,400여 명, 10여 배, 20여 개월)."""

MEASURES = frozenset(
    ("톤", "일", "주", "년", "시간", "분", "초", "달", "㎡", "㎢", "평", "ha", "km", "m", "kg",
     "t", "nm", "kW", "MW", "GW", "kWh", "MWh", "GWh", "TWh", "kWh당", "배럴", "FLOP")
)  # fmt: skip
"""Measures of time, area, mass, energy and computation, and rates."""

COUNTER_WORDS = COUNTERS | MEASURES
"""The units a figure or a chart may have besides currencies, ``%`` and ``%p`` — one list
for both, so what a figure accepts a chart of the same numbers accepts too."""

CHART_SCALES = {word: size for size, word in _MAGNITUDES if word != "경"}
"""The Korean magnitude words a chart's axis may count in (단위: 억 달러), largest first."""


def is_known_unit(unit: str) -> bool:
    """A unit briefgen can write: an ISO 4217 currency, ``%``, ``%p`` or a known counter word."""
    if unit in ("%", "%p") or unit in COUNTER_WORDS:
        return True
    if not is_currency(unit):
        return False
    from babel.numbers import UnknownCurrencyError

    try:
        get_currency_name(unit, locale=KOREAN_RULES)
    except UnknownCurrencyError:
        return False
    return unit in _CURRENCY_WORDS or get_currency_name(unit, locale=KOREAN_RULES) != unit


def chart_scale(values: list[Decimal], unit: str, fixed: str | None = None) -> str:
    """The magnitude word a chart of ``values`` counts in, or ``fixed`` when given.

    The largest of 만/억/조 that the largest value reaches *and* that writes every value
    exactly with no more decimals than the values have (at least one): 3,500억 and 21.1억
    달러, but head counts of 796–43,899 stay 796 and 43,899 명 (in 만 they would read
    0.0796 and 4.3899). None for percentages."""
    if fixed is not None:
        return fixed
    if unit in ("%", "%p") or not values:
        return ""
    largest = max(abs(v) for v in values)
    allowed = max(1, *(decimals_of(v) for v in values))
    with localcontext() as context:
        context.prec = 60
        for word, size in CHART_SCALES.items():
            if largest >= size and all(decimals_of(v / size) <= allowed for v in values):
                return word
    return ""


def decimals_of(value: Decimal) -> int:
    """How many decimals ``value`` has when written without trailing zeros."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def unit_words(unit: str, scale: str) -> str:
    """The unit as a chart's unit line writes it: ``억 달러``, ``%``, ``만 명``, ``건``."""
    word = currency_word(unit) if is_currency(unit) else unit
    return f"{scale} {word}" if scale else word


def plain_decimal(value: Decimal) -> Decimal:
    """``value`` without trailing zeros and without an exponent (3500, not 3.5E+3), so every
    writer prints it as written."""
    value = value.normalize()
    exponent = value.as_tuple().exponent
    return value.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else value


def chart_number(value: Decimal) -> str:
    """A scaled chart value with grouping: ``3,500``, ``0.5``."""
    return _group(plain_decimal(value))


def korean_units(value: Decimal) -> str:
    """Write a non-negative amount with 만/억/조 units: 350000000000 → 3,500억.

    Exact: every non-zero group is written (2110000000 → 21억 1,000만), nothing is rounded.
    Amounts below 10,000 are written with grouping only. Fractions are kept on the last group.
    """
    if value < 0:
        return "-" + korean_units(-value)
    if value < _MAGNITUDES[-1][0]:
        return _group(value)
    parts = []
    rest = value
    for size, word in _MAGNITUDES:
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{_group(count)}{word}")
    if rest:
        parts.append(_group(rest))
    return NBSP.join(parts)


PERCENT_UNITS = frozenset({"%", "%p"})
_BEYOND_GYEONG = Decimal(10) ** 20

CURRENCY_WORDS_TO_CODES = {"원": "KRW", "달러": "USD", "엔": "JPY", "유로": "EUR", "위안": "CNY"}


def format_amount(
    value: Decimal, unit: str, *, approximate: bool = False, up_to: Decimal | None = None
) -> str:
    """A figure with its unit, as Korean text writes it (the rules are listed in the README):

    * 만/억/조/경 grouping for every unit but percentages, with thousands separators inside
      each group: ``3,500억 달러``, ``15만 명``, ``710만 ㎡``; a calendar year is not grouped
      (``2025년``);
    * approximate: ``여`` after a round count of people or things (``1,400여 명``,
      ``15만여 명``), ``약`` before anything else (``약 26%``, ``약 3조 6,000억 원``,
      ``약 710만 ㎡``) — never both, never ``26여 %``;
    * no space before ``%`` or ``%p``, nor before a counter after digits (``61%``, ``1,400명``);
      a no-break space after a magnitude word (``15만 명``) and before a currency word;
    * a range joins two numbers with ``~`` and writes the unit once: ``15~25%``,
      ``2023~2025년``, ``3,000억~5,000억 달러``;
    * nothing is rounded: every digit of the figure is written.
    """
    low = _number(value, unit)
    number = low if up_to is None else f"{low}~{_number(up_to, unit)}"
    suffix = _unit_suffix(number, unit)
    if not approximate:
        return number + suffix
    if up_to is None and _takes_yeo(value, unit, number):
        return f"{number}여{NBSP}{unit}"
    return f"약{NBSP}{number}{suffix}"


def _number(value: Decimal, unit: str) -> str:
    # Exact arithmetic for every figure the model admits (up to 10^27, 15 digits): the
    # default context's 28 digits are not enough for babel's grouping of such numbers.
    with localcontext() as context:
        context.prec = 60
        if unit in PERCENT_UNITS:
            return _group(value)
        if unit == "년" and value == value.to_integral() and 1000 <= value < 3000:
            return str(int(value))  # a calendar year
        if abs(value) >= _BEYOND_GYEONG:
            return _group(value)  # past 경 Korean has no words in use: digits, grouped
        return korean_units(value)


def _unit_suffix(number: str, unit: str) -> str:
    if is_currency(unit):
        return f"{NBSP}{currency_word(unit)}"
    if number[-1] in "만억조경":
        return f"{NBSP}{unit}"
    return unit


def _takes_yeo(value: Decimal, unit: str, number: str) -> bool:
    """A round count of people or things, written as one group: 1,400 / 150 / 15만."""
    if unit not in COUNTERS or value != value.to_integral() or value <= 0 or NBSP in number:
        return False
    if number[-1] in "만억조경":
        return True  # 15만, 3,500억: round by their scale
    digits = number.replace(",", "")
    zeros = len(digits) - len(digits.rstrip("0"))
    return zeros >= (1 if value < 1000 else 2)  # 150여, 1,400여 — not 26여, 1,450여


def _group(value: Decimal) -> str:
    return format_decimal(value, locale=KOREAN_RULES, decimal_quantization=False)
