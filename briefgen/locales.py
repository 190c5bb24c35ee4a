"""A brief's language as data: the locale every stage reads instead of a hard-coded "ko".

A :class:`Locale` holds what changes with the language of an edition:

* its language tag (``ko-KR``), written as HTML's ``lang`` (and so the PDF's ``/Lang``), DOCX's
  ``w:lang`` and core properties, the charts' ``c:lang``, HWPX's style language id (the
  Windows LCID, 1042) and package metadata;
* the babel locale that groups digits and names currencies;
* the date patterns of each precision (the theme's ``[dates]``);
* how amounts are written (``korean``: 만/억/조 units, 여/약, see
  :func:`briefgen.formatting.format_amount`);
* the quotation marks and the brackets of its reference style (“ ” with ‘ ’ inside, 「title」,
  『periodical』);
* the label catalogue (the theme's ``[labels]``).

The theme's ``[locale] language`` picks one of :data:`LANGUAGES`; Korean is the default and,
for now, the only one shipped. A new language is one more :class:`Language` entry (and its
amount rule), not a search for string literals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Literal

from briefgen import formatting
from briefgen.dates import PartialDate

if TYPE_CHECKING:
    from briefgen.theme import Labels, Theme

LanguageTag = Literal["ko-KR"]
"""The languages briefgen writes (BCP 47 tags)."""


@dataclass(frozen=True)
class Marks:
    """Quotation marks and reference-style brackets, each an (open, close) pair."""

    quote: tuple[str, str]
    inner_quote: tuple[str, str]
    title: tuple[str, str]
    """Around the title of an article or report cited."""
    periodical: tuple[str, str]
    """Around the name of a newspaper or journal cited."""


@dataclass(frozen=True)
class Language:
    """The fixed facts of one language."""

    tag: LanguageTag
    babel: str
    """babel's (CLDR's) name of the locale."""
    lcid: int
    """The Windows language id, which HWPX styles carry."""
    amounts: Literal["korean"]
    """How figures with units are written (:func:`briefgen.formatting.format_amount`)."""
    marks: Marks

    @property
    def primary(self) -> str:
        """The primary language subtag: ``ko``."""
        return self.tag.split("-")[0]


KOREAN = Language(
    tag="ko-KR",
    babel="ko_KR",
    lcid=1042,
    amounts="korean",
    marks=Marks(
        quote=("“", "”"), inner_quote=("‘", "’"), title=("「", "」"), periodical=("『", "』")
    ),
)

LANGUAGES: dict[str, Language] = {"ko-KR": KOREAN}


@dataclass(frozen=True)
class Locale:
    """A language with the theme's date patterns and labels: what an edition is written in."""

    language: Language
    dates: formatting.DatePatterns
    labels: Labels

    @property
    def tag(self) -> str:
        return self.language.tag

    @property
    def marks(self) -> Marks:
        return self.language.marks

    def date(self, value: dt.date | PartialDate) -> str:
        """A date (or a month, or a year) in the pattern of its precision."""
        return formatting.format_date(value, self.dates, self.language.babel)

    def amount(
        self, value: Decimal, unit: str, *, approximate: bool = False, up_to: Decimal | None = None
    ) -> str:
        """A figure with its unit, by the language's amount rule."""
        return formatting.format_amount(value, unit, approximate=approximate, up_to=up_to)

    def quoted(self, text: str) -> str:
        """``text`` in quotation marks; marks of the outer kind inside it become inner ones,
        and marks already around the whole of it are not doubled."""
        (left, right), (inner_left, inner_right) = self.marks.quote, self.marks.inner_quote
        if len(text) > 1 and text[0] == left and text[-1] == right:
            text = text[1:-1]
        return f"{left}{text.replace(left, inner_left).replace(right, inner_right)}{right}"

    def titled(self, text: str) -> str:
        """A cited title in the reference style's brackets (kept when it has them already)."""
        left, right = self.marks.title
        return text if left in text or right in text else f"{left}{text}{right}"

    def periodical(self, text: str) -> str:
        """A periodical's name in the reference style's brackets (kept when it has them)."""
        left, right = self.marks.periodical
        return text if left in text else f"{left}{text}{right}"


@cache
def locale_of(theme: Theme) -> Locale:
    """The locale a theme writes in: ``[locale] language`` with ``[dates]`` and ``[labels]``."""
    return Locale(LANGUAGES[theme.locale.language], theme.dates.patterns(), theme.labels)
