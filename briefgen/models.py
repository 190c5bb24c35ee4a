"""The typed model: curated sources, brief definitions and the assembled :class:`Brief`.

Three layers, all pydantic v2, all frozen and strict (an unknown field is an error, so a typo
such as ``key_pionts`` cannot vanish silently):

* seed records, written by curators in ``seeds/``: :class:`Source` and :class:`BriefSpec`;
* content blocks: :class:`SummaryBlock`, :class:`KeyPointsBlock`, :class:`ImplicationsBlock`,
  :class:`TimelineBlock`, :class:`FiguresBlock`, :class:`QuotesBlock`, :class:`SourcesBlock`;
* :class:`Brief`, the one neutral document that every writer consumes (pandoc's AST, in spirit).

Text is NFC-normalised (macOS editors write decomposed Hangul), stripped, and has its runs of
whitespace collapsed; control characters and Unicode noncharacters (U+FFFE, U+FFFF …, which
XML-based formats cannot carry) are refused. Seed text therefore may be wrapped over several
lines freely; a blank line inside a summary starts a new paragraph.

Limits. Seeds are hand-curated notes, and every limit below is far above what a real brief
needs; they exist so that one mistaken or hostile file cannot make a brief of unbounded size
(a build renders every brief within a time and memory limit as well, see
:mod:`briefgen.workers`). They are listed in the README:

=============================  ===========================================================
text (a paragraph, key point,  at most :data:`MAX_TEXT` characters
implication, event)
titles                         at most :data:`MAX_TITLE` characters
labels, names, quotes, notes   at most 200 characters
per source                     summary ≤ 10 paragraphs, 3–7 key points, 2–5 implications,
                               ≤ 30 figures, ≤ 50 events, ≤ 5 quotes, ≤ 20 tags, ≤ 10 charts
per chart                      ≤ 24 categories, ≤ 6 series, names ≤ 60 characters
per item                       ≤ :data:`MAX_CITES` cited sources, each once
per brief                      ≤ :data:`MAX_SOURCES_PER_BRIEF` sources, ≤ 10 implications,
                               2–5 key messages, ≤ 20 sections (≤ 20 paragraphs each),
                               ≤ 10 authors, ≤ 20 keywords
web addresses                  http(s) with a host, no spaces, ≤ 500 characters
figures                        finite, ≤ 15 significant digits (never rounded silently),
                               magnitude below 10^27 and not below 10^-9 (zero allowed)
brief date                     years 1980–2099 (the range ZIP-based formats can date)
=============================  ===========================================================
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterator
from contextvars import ContextVar
from decimal import Decimal
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from briefgen.dates import PartialDate
from briefgen.errors import SeedError

# ---------------------------------------------------------------------------------------------
# Text types


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Unicode noncharacters: U+FDD0..U+FDEF and the last two code points of every plane.
_NONCHARACTER = re.compile(
    "[\ufdd0-\ufdef" + "".join(f"\\U{p:04X}FFFE\\U{p:04X}FFFF" for p in range(17)) + "]"
)

MAX_TEXT = 2_000
MAX_TITLE = 300
MAX_NOTE = 500
MAX_CITES = 10
MAX_SOURCES_PER_BRIEF = 30
MAX_SIGNIFICANT_DIGITS = 15
MAX_FIGURE_EXPONENT = 27
_SPACES = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


_INTERNAL = str.maketrans("", "", "\u2060\ufeff")


def clean_text(value: str) -> str:
    """NFC-normalise, refuse control characters, collapse whitespace, strip.

    U+2060 WORD JOINER and U+FEFF (a stray byte-order mark) are removed: they are invisible,
    and briefgen inserts word joiners itself where Korean words must not break.
    """
    value = unicodedata.normalize("NFC", value).translate(_INTERNAL)
    bad = _CONTROL.search(value)
    if bad:
        raise ValueError(
            f"contains the invisible control character U+{ord(bad.group()):04X}; delete it"
        )
    bad = _NONCHARACTER.search(value)
    if bad:
        raise ValueError(f"contains U+{ord(bad.group()):04X}, which is not a character; delete it")
    return _SPACES.sub(" ", value).strip()


def _split_paragraphs(value: Any) -> Any:
    """Accept one string (blank lines separate paragraphs) or a list of paragraphs."""
    if isinstance(value, str):
        return [p for p in _PARAGRAPH_BREAK.split(value) if p.strip()]
    return value


Text = Annotated[
    str, AfterValidator(clean_text), StringConstraints(min_length=1, max_length=MAX_TEXT)
]
"""Non-empty, NFC-normalised, single-spaced text (a paragraph or list item)."""

Title = Annotated[
    str, AfterValidator(clean_text), StringConstraints(min_length=1, max_length=MAX_TITLE)
]
"""A title or subtitle."""

ShortText = Annotated[
    str, AfterValidator(clean_text), StringConstraints(min_length=1, max_length=200)
]
"""Text for labels, names and quotes (at most 200 characters)."""

Note = Annotated[
    str, AfterValidator(clean_text), StringConstraints(min_length=1, max_length=MAX_NOTE)
]
"""An explanation (how a date was established, a note under a chart): at most 500 characters."""

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64),
]
"""Identifier: lower-case ASCII letters, digits and single hyphens, e.g. ``kr-us-mou``."""

Tag = Annotated[str, AfterValidator(clean_text), StringConstraints(min_length=1, max_length=40)]

Paragraphs = Annotated[
    tuple[Text, ...], BeforeValidator(_split_paragraphs), Field(min_length=1, max_length=10)
]


def _unique_cites(value: tuple[str, ...]) -> tuple[str, ...]:
    duplicates = sorted({c for c in value if value.count(c) > 1})
    if duplicates:
        raise ValueError(f"cites {', '.join(duplicates)} more than once")
    return value


Cites = Annotated[tuple[Id, ...], Field(max_length=MAX_CITES), AfterValidator(_unique_cites)]
"""The ids of the sources an item rests on, each once."""


def _check_figure_value(value: Decimal) -> Decimal:
    """Refuse numbers that could not be written exactly, or are surely a slip of the pen."""
    if not value.is_finite():
        raise ValueError("must be a finite number (not nan or inf)")
    if value.is_zero():
        return value
    digits = len(value.normalize().as_tuple().digits)
    if digits > MAX_SIGNIFICANT_DIGITS:
        raise ValueError(
            f"has {digits} significant digits; at most {MAX_SIGNIFICANT_DIGITS} can be written "
            f"exactly: round it as the source does"
        )
    if not -9 <= value.adjusted() < MAX_FIGURE_EXPONENT:
        raise ValueError(
            f"is out of range: figures are written for magnitudes from 10^-9 to below "
            f"10^{MAX_FIGURE_EXPONENT}"
        )
    return value


FigureValue = Annotated[Decimal, AfterValidator(_check_figure_value)]


_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)


def _check_email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError("is not an e-mail address (name@example.org)")
    return value


Email = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254),
                  AfterValidator(_check_email)]  # fmt: skip
"""An e-mail address as printed under an author's name (ASCII; no display name)."""


def _check_url(value: str) -> str:
    """A web address a reader can follow: http(s), a host, no spaces or invisible characters."""
    from urllib.parse import urlsplit

    if any(c.isspace() or unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co") for c in value):
        raise ValueError("contains a space or an invisible character; write the address alone")
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError("must be a web address starting with https:// or http://")
    return value


Url = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500),
                AfterValidator(_check_url)]  # fmt: skip
"""A web address (http or https) of a source, printed in its reference and linked in PDF."""


def _number_text(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


IssueNumber = Annotated[
    str,
    BeforeValidator(_number_text),
    StringConstraints(pattern=r"^[0-9A-Za-z]+(?:[-.][0-9A-Za-z]+)*$", max_length=20),
]
"""An issue number within a series, e.g. ``2026-03`` or ``135`` (printed 제2026-03호)."""


def _check_issn(value: str) -> str:
    """ISSN ``NNNN-NNNC`` with its check digit (ISO 3297: weights 8..2, modulo 11, X for 10)."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{3}[0-9X]", value):
        raise ValueError("must be written NNNN-NNNN (the last may be X), e.g. 2733-8487")
    digits = value.replace("-", "")
    total = sum(int(d) * w for d, w in zip(digits[:7], range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    if digits[7] != ("X" if check == 10 else str(check)):
        raise ValueError("has a wrong check digit; copy the ISSN again from its registration")
    return value


Issn = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_check_issn)]
"""An International Standard Serial Number, checked digit included."""


def _check_brief_date(value: dt.date) -> dt.date:
    if not 1980 <= value.year <= 2099:
        raise ValueError("must be a date in the years 1980 to 2099")
    return value


BriefDate = Annotated[dt.date, AfterValidator(_check_brief_date)]
"""A brief's issue date: DOCX and other ZIP-based formats can only date files 1980–2107."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    def __init__(self, /, **data: Any) -> None:
        """Made in a script (``BriefSpec(id=…, …)``): what is wrong is a :class:`SeedError`
        with one plain problem per field, as for a seed file — not pydantic's error. Inside
        validation (``model_validate``, which the seed loader uses to report file and line,
        and the nested models of a model being made) pydantic's error passes as it is."""
        if _VALIDATING.get():
            super().__init__(**data)
            return
        token = _VALIDATING.set(True)
        try:
            super().__init__(**data)
        except ValidationError as exc:
            from briefgen.problems import validation_problems

            where = f"{type(self).__name__}(…)"
            raise SeedError(list(validation_problems(where, exc, lambda _loc: None))) from None
        finally:
            _VALIDATING.reset(token)

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        token = _VALIDATING.set(True)
        try:
            return super().model_validate(obj, *args, **kwargs)
        finally:
            _VALIDATING.reset(token)


_VALIDATING: ContextVar[bool] = ContextVar("briefgen_validating", default=False)
"""True while pydantic validates: a model's ``__init__`` then leaves its errors to pydantic."""


def _text_or_table(value: Any) -> Any:
    """Let a cited item be written as a plain string when it cites nothing extra."""
    return {"text": value} if isinstance(value, str) else value


# ---------------------------------------------------------------------------------------------
# Seed records


class CitedItem(_Model):
    """A sentence with the sources it rests on. In a source file, ``cites`` may stay empty:
    the item then cites the source it belongs to."""

    text: Text
    cites: Cites = ()


CitedSeedItem = Annotated[CitedItem, BeforeValidator(_text_or_table)]


def _iso_currency(value: str) -> str:
    """Refuse a currency word: amounts are written with their ISO code (printed as the word)."""
    from briefgen.formatting import CURRENCY_WORDS_TO_CODES

    if value in CURRENCY_WORDS_TO_CODES:
        code = CURRENCY_WORDS_TO_CODES[value]
        raise ValueError(
            f'a currency is written as its ISO code: unit = "{code}" (printed {value}), with '
            f"the plain amount as value"
        )
    return value


def _known_unit(value: str) -> str:
    """A figure's or a chart's unit: a currency code, %, %p or a counter or measure briefgen
    knows (:data:`briefgen.formatting.COUNTER_WORDS`, one list for both)."""
    from briefgen.formatting import is_known_unit

    _iso_currency(value)
    if not is_known_unit(value):
        raise ValueError(
            f"unknown unit '{value}': use an ISO currency code (USD, KRW), %, %p or a counter "
            f"word such as 명, 건, 개, 톤"
        )
    return value


class Figure(_Model):
    """A number a source reports: an amount with its currency, a count, a measure or a
    percentage — or a range of them (``value`` to ``up_to``)."""

    label: ShortText = Field(description="What the number measures, e.g. 대미 투자 총액.")
    value: FigureValue = Field(description="The number itself, unscaled: 350000000000 for 3,500억.")
    up_to: FigureValue | None = Field(
        None, description="The upper end when the source gives a range (15~25%)."
    )
    unit: Annotated[ShortText, AfterValidator(_known_unit)] = Field(
        description="ISO currency code (USD, KRW), %, %p, a counter (명, 건) or a measure (㎡)."
    )
    approximate: bool = Field(False, description="True when the source says 약/여/about.")
    note: ShortText | None = Field(None, description="Qualifier such as 2024년 기준, 연간 한도.")
    cites: Cites = ()

    @model_validator(mode="after")
    def _range_upwards(self) -> Figure:
        if self.up_to is not None and self.up_to <= self.value:
            raise ValueError("up_to must be larger than value (a range runs upwards)")
        return self


ChartKind = Literal["bar", "horizontal_bar", "stacked_bar", "line"]

ChartLabel = Annotated[
    str, AfterValidator(clean_text), StringConstraints(min_length=1, max_length=60)
]
"""A category or series name in a chart (short: it is printed beside an axis)."""


class ChartSeries(_Model):
    """One named series of a chart: a number for every category, unscaled (3,500억 is
    ``350_000_000_000``)."""

    name: ChartLabel = Field(description="What the series measures, e.g. 합의 금액.")
    values: tuple[FigureValue, ...] = Field(min_length=1, max_length=24)


class Chart(_Model):
    """A chart: categories, one or more named series of numbers and their unit.

    In a source file it is the source's own data (it cites the source); in a brief it is the
    editor's comparison and must say where its numbers come from (``cites`` or
    ``source_line``).
    """

    id: Id
    title: ShortText = Field(description="What the chart shows, printed after 그림 N.")
    kind: ChartKind = Field("bar", description="bar, horizontal_bar, stacked_bar or line.")
    categories: tuple[ChartLabel, ...] = Field(min_length=1, max_length=24)
    series: tuple[ChartSeries, ...] = Field(min_length=1, max_length=6)
    unit: Annotated[ShortText, AfterValidator(_known_unit)] = Field(
        description="ISO currency code (USD, KRW), %, %p or a counter word (명, 건)."
    )
    scale: Literal["", "만", "억", "조"] | None = Field(
        None, description="Count the axis in 만/억/조 (default: chosen from the numbers)."
    )
    note: Note | None = Field(None, description="A note under the chart (주: …).")
    source_line: ShortText | None = Field(
        None, description="The 자료: line (default: the cited sources)."
    )
    cites: Cites = ()

    @field_validator("categories")
    @classmethod
    def _distinct_categories(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        repeated = sorted({c for c in value if value.count(c) > 1})
        if repeated:
            raise ValueError(f"category {', '.join(repeated)} appears twice")
        return value

    @field_validator("series")
    @classmethod
    def _one_value_per_category(
        cls, value: tuple[ChartSeries, ...], info: ValidationInfo
    ) -> tuple[ChartSeries, ...]:
        categories = info.data.get("categories")
        names = [s.name for s in value]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"series name {', '.join(repeated)} is used twice")
        if categories is None:
            return value
        for index, series in enumerate(value):
            if len(series.values) != len(categories):
                raise ValueError(
                    f"series[{index}] ({series.name}) has {len(series.values)} values for "
                    f"{len(categories)} categories: give one number per category"
                )
        return value


class Event(_Model):
    """Something that happened on a date, as a source reports it."""

    date: PartialDate
    text: Text
    cites: Cites = ()


class Quote(_Model):
    """A short attributed quote: one sentence, the speaker and their role."""

    text: ShortText
    speaker: ShortText
    role: ShortText | None = None
    cites: Cites = ()


SourceKind = Literal["news", "analysis", "report", "statement", "other"]


class Source(_Model):
    """A curated record about one source document, written in our own words."""

    id: Id
    title: Title
    title_descriptive: bool = Field(
        False,
        description="True when the document has no title of its own and `title` describes it "
        "(printed in square brackets, not as the document's title in 「」).",
    )
    publisher: ShortText | None = Field(None, description="Outlet, where the document names it.")
    author: ShortText | None = Field(None, description="Author or desk, where named.")
    kind: SourceKind = "news"
    date: PartialDate | None = Field(
        None, description="Publication date with its precision; leave out when undated."
    )
    date_note: Note | None = Field(
        None, description="How the date was established, or why it is missing."
    )
    url: Url | None = Field(None, description="Web address of the document, if it has one.")
    accessed: BriefDate | None = Field(
        None, description="When the web address was last checked (검색일); needs url."
    )
    tags: tuple[Tag, ...] = Field((), max_length=20)
    summary: Paragraphs
    key_points: tuple[CitedSeedItem, ...] = Field(min_length=3, max_length=7)
    implications: tuple[CitedSeedItem, ...] = Field(min_length=2, max_length=5)
    figures: tuple[Figure, ...] = Field((), max_length=30)
    events: tuple[Event, ...] = Field((), max_length=50)
    quotes: tuple[Quote, ...] = Field((), max_length=5)
    charts: tuple[Chart, ...] = Field((), max_length=10)

    @model_validator(mode="after")
    def _undated_needs_note(self) -> Source:
        if self.date is None and self.date_note is None:
            raise ValueError(
                "the source has no date: add date_note saying why (e.g. 기사에 날짜 표기 없음)"
            )
        if self.accessed is not None and self.url is None:
            raise ValueError("accessed is the date a web address was checked: add url, too")
        return self


class Selection(_Model):
    """Pick sources by tag and/or publication date range (all given conditions must hold)."""

    tags: tuple[Tag, ...] = Field((), max_length=20)
    since: PartialDate | None = Field(None, alias="from")
    until: PartialDate | None = None

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def _not_empty(self) -> Selection:
        if not self.tags and self.since is None and self.until is None:
            raise ValueError("select needs tags, from or until")
        return self

    def matches(self, source: Source) -> bool:
        """True when ``source`` meets every condition; an undated source meets no date range."""
        if self.tags and not set(self.tags) & set(source.tags):
            return False
        if self.since is None and self.until is None:
            return True
        if source.date is None:
            return False
        if self.since is not None and source.date.latest < self.since.earliest:
            return False
        return not (self.until is not None and source.date.earliest > self.until.latest)


class Author(_Model):
    """A named author of a brief, as printed under the title and in the document metadata."""

    name: ShortText = Field(description="Full name, e.g. 김서연.")
    affiliation: ShortText | None = Field(None, description="Team or department, e.g. AI정책팀.")
    email: Email | None = Field(None, description="Contact address printed with the name.")


class EditorSection(_Model):
    """A section of the analyst's own argument: a heading and paragraphs, each optionally
    citing sources (``"text"`` or ``{ text = "…", cites = ["source-id"] }``)."""

    id: Id = Field(description="Name of the section in `blocks`, e.g. background.")
    heading: ShortText = Field(description="Heading as printed, e.g. 배경, 쟁점, 정책 제언.")
    paragraphs: tuple[CitedSeedItem, ...] = Field(min_length=1, max_length=20)


BLOCK_NAMES = (
    "key_messages",
    "contents",
    "summary",
    "charts",
    "key_points",
    "implications",
    "timeline",
    "figures",
    "quotes",
    "sources",
)
"""The built-in blocks a brief's ``blocks`` list may name, in their default order; editor
sections are named by their ``id`` and come after the summary by default."""

CitationStyle = Literal["markers", "footnotes"]

BlockName = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$", max_length=64)
]
"""A name in a brief's ``blocks`` list: a built-in block or an editor section's id."""


class BriefSpec(_Model):
    """A brief as curators define it: which sources, the editor's own text, how it is published."""

    id: Id
    title: Title
    subtitle: Title | None = None
    short_title: ShortText | None = Field(
        None, description="Short name for file names, e.g. 한미-기술번영-MOU (default: title)."
    )
    date: BriefDate = Field(description="Issue date of the brief (also its build date).")
    series: ShortText | None = Field(
        None, description="Series name, e.g. 이슈 브리프 (default: the theme's series)."
    )
    number: IssueNumber | None = Field(
        None, description="Issue number in the series, e.g. 2026-03 (printed 제2026-03호)."
    )
    issn: Issn | None = Field(None, description="ISSN of the series (default: the theme's).")
    authors: tuple[Author, ...] = Field((), max_length=10, description="Authors, in order.")
    keywords: tuple[Tag, ...] = Field(
        (), max_length=20, description="Keywords for metadata (default: the sources' tags)."
    )
    sources: tuple[Id, ...] = Field(
        (),
        max_length=MAX_SOURCES_PER_BRIEF,
        description="Source ids, always included, in order.",
    )
    select: Selection | None = Field(None, description="Further sources picked by tag or date.")
    key_messages: tuple[CitedSeedItem, ...] = Field(
        (), max_length=5, description="2 to 5 sentences for the box at the top of the brief."
    )
    summary: Paragraphs | None = Field(None, description="Editor's summary; replaces the sources'.")
    sections: tuple[EditorSection, ...] = Field(
        (), max_length=20, description="The analyst's own sections (heading and paragraphs)."
    )
    implications: tuple[CitedSeedItem, ...] = Field(
        (), max_length=10, description="Editor's implications, listed before the sources' own."
    )
    charts: tuple[Chart, ...] = Field(
        (), max_length=10, description="Editor's charts, shown before the sources' own."
    )
    blocks: tuple[BlockName, ...] | None = Field(
        None,
        max_length=40,
        description="Which blocks appear, in order: built-in names and section ids "
        "(default: all, key_messages, contents, summary, sections, charts, key_points, "
        "implications, timeline, figures, quotes, sources).",
    )
    contents: bool | None = Field(
        None, description="true: always a contents list; false: never (default: when long)."
    )
    citations: CitationStyle | None = Field(
        None, description="markers ([1]) or footnotes (default: the theme's choice)."
    )

    @field_validator("key_messages")
    @classmethod
    def _two_to_five(cls, value: tuple[CitedItem, ...]) -> tuple[CitedItem, ...]:
        if len(value) == 1:
            raise ValueError("key messages are 2 to 5 sentences; add one or leave them out")
        return value

    @field_validator("sections")
    @classmethod
    def _section_ids(cls, value: tuple[EditorSection, ...]) -> tuple[EditorSection, ...]:
        ids = [section.id for section in value]
        for section_id in ids:
            if section_id in BLOCK_NAMES:
                raise ValueError(
                    f"section id '{section_id}' is the name of a built-in block; choose another"
                )
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"section id {', '.join(repeated)} is used twice")
        return value

    @field_validator("blocks")
    @classmethod
    def _known_blocks(
        cls, value: tuple[str, ...] | None, info: ValidationInfo
    ) -> tuple[str, ...] | None:
        if value is None:
            return None
        sections = [s.id for s in info.data.get("sections", ())]
        known = (*BLOCK_NAMES, *sections)
        for name in value:
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise ValueError(
                    f"unknown block '{name}'{hint}: name one of {', '.join(BLOCK_NAMES)} "
                    f"or the id of a section of this brief"
                )
        repeated = sorted({n for n in value if value.count(n) > 1})
        if repeated:
            raise ValueError(f"lists {', '.join(repeated)} more than once")
        if "sources" in value and value[-1] != "sources":
            raise ValueError("the sources list comes last: move 'sources' to the end")
        if value and set(value) <= {"sources", "contents"}:
            raise ValueError(
                "lists no block with content (only sources or contents): the sources list "
                "shows what the brief's blocks cite, so name at least one, e.g. "
                '"summary", "key_points"'
            )
        left_out = [s for s in sections if s not in value]
        if left_out:
            raise ValueError(
                f"leaves out section {', '.join(left_out)}: list every section of the brief "
                f"(or delete the section)"
            )
        if "key_messages" in value and not info.data.get("key_messages"):
            raise ValueError("lists key_messages, but the brief has none")
        if "key_messages" not in value and info.data.get("key_messages"):
            raise ValueError("leaves out key_messages the brief has: add 'key_messages'")
        return value

    @field_validator("charts")
    @classmethod
    def _editor_charts_say_where_from(cls, value: tuple[Chart, ...]) -> tuple[Chart, ...]:
        for chart in value:
            if not chart.cites and chart.source_line is None:
                raise ValueError(
                    f"chart '{chart.id}' does not say where its numbers come from: add cites "
                    f"(source ids) or source_line"
                )
        ids = [c.id for c in value]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"chart id {', '.join(repeated)} is used twice")
        return value

    @model_validator(mode="after")
    def _selects_something(self) -> BriefSpec:
        if not self.sources and self.select is None:
            raise ValueError("a brief needs sources = [...] or a [select] table")
        if self.contents is False and self.blocks is not None and "contents" in self.blocks:
            raise ValueError("blocks lists contents, but contents = false")
        return self

    def block_order(self) -> tuple[str, ...]:
        """The blocks of this brief in order: ``blocks`` as given, or the default order."""
        if self.blocks is not None:
            order = list(self.blocks)
        else:
            order = ["key_messages", "contents", "summary", *(s.id for s in self.sections)]
            order += ["charts", "key_points", "implications", "timeline", "figures", "quotes"]
        if "contents" not in order:
            order.insert(1 if order and order[0] == "key_messages" else 0, "contents")
        if self.contents is False:
            order.remove("contents")
        if "sources" not in order:
            order.append("sources")
        return tuple(order)


# ---------------------------------------------------------------------------------------------
# Content blocks of an assembled brief


class CitedText(_Model):
    """A paragraph or list item of a brief with the ids of the sources it cites."""

    text: Text
    cites: Cites = ()


class KeyMessagesBlock(_Model):
    """The editor's key messages: the box at the top of the brief."""

    kind: Literal["key_messages"] = "key_messages"
    items: tuple[CitedText, ...] = Field(min_length=2, max_length=5)

    def citations(self) -> Iterator[str]:
        for item in self.items:
            yield from item.cites


class ContentsBlock(_Model):
    """A contents list of the brief's sections. ``always``: the brief asked for it; otherwise
    it is shown only when the brief runs past the theme's page count."""

    kind: Literal["contents"] = "contents"
    always: bool = False

    def citations(self) -> Iterator[str]:
        return iter(())


class EditorSectionBlock(_Model):
    """One of the analyst's own sections."""

    kind: Literal["section"] = "section"
    id: Id
    heading: ShortText
    paragraphs: tuple[CitedText, ...] = Field(min_length=1)

    def citations(self) -> Iterator[str]:
        for item in self.paragraphs:
            yield from item.cites


class SummaryBlock(_Model):
    kind: Literal["summary"] = "summary"
    paragraphs: tuple[CitedText, ...] = Field(min_length=1)
    by_editor: bool = False

    def citations(self) -> Iterator[str]:
        """Every source id the block cites, in reading order (with repeats)."""
        for item in self.paragraphs:
            yield from item.cites


class KeyPointGroup(_Model):
    """Key points taken from one source."""

    source: Id
    items: tuple[CitedText, ...] = Field(min_length=1)


class KeyPointsBlock(_Model):
    kind: Literal["key_points"] = "key_points"
    groups: tuple[KeyPointGroup, ...] = Field(min_length=1)

    def citations(self) -> Iterator[str]:
        for group in self.groups:
            for item in group.items:
                yield from item.cites


class ImplicationsBlock(_Model):
    kind: Literal["implications"] = "implications"
    items: tuple[CitedText, ...] = Field(min_length=1)

    def citations(self) -> Iterator[str]:
        for item in self.items:
            yield from item.cites


class TimelineEntry(_Model):
    date: PartialDate
    text: Text
    cites: tuple[Id, ...] = Field(min_length=1, max_length=MAX_CITES)


class TimelineBlock(_Model):
    kind: Literal["timeline"] = "timeline"
    entries: tuple[TimelineEntry, ...] = Field(min_length=1)

    def citations(self) -> Iterator[str]:
        for entry in self.entries:
            yield from entry.cites


class FigureItem(_Model):
    """A number in a brief: the figure a source reports, with the sources it is cited from."""

    label: ShortText
    value: FigureValue
    up_to: FigureValue | None = None
    unit: ShortText
    approximate: bool = False
    note: ShortText | None = None
    cites: Cites = ()


class FiguresBlock(_Model):
    kind: Literal["figures"] = "figures"
    items: tuple[FigureItem, ...] = Field(min_length=1)

    def citations(self) -> Iterator[str]:
        for item in self.items:
            yield from item.cites


class QuoteItem(_Model):
    """A quote in a brief, with its speaker and the sources it is cited from."""

    text: ShortText
    speaker: ShortText
    role: ShortText | None = None
    cites: Cites = ()


class QuotesBlock(_Model):
    kind: Literal["quotes"] = "quotes"
    items: tuple[QuoteItem, ...] = Field(min_length=1)

    def citations(self) -> Iterator[str]:
        for item in self.items:
            yield from item.cites


class ChartItem(Chart):
    """A chart in a brief, with the sources it is cited from."""


class ChartsBlock(_Model):
    kind: Literal["charts"] = "charts"
    charts: tuple[ChartItem, ...] = Field(min_length=1)

    def citations(self) -> Iterator[str]:
        for chart in self.charts:
            yield from chart.cites


class SourceEntry(_Model):
    """One numbered entry of the sources list; citation markers refer to ``number``."""

    number: int = Field(ge=1)
    id: Id
    title: Title
    title_descriptive: bool = False
    publisher: ShortText | None = None
    author: ShortText | None = None
    kind: SourceKind = "news"
    date: PartialDate | None = None
    date_note: Note | None = None
    url: Url | None = None
    accessed: BriefDate | None = None


class SourcesBlock(_Model):
    kind: Literal["sources"] = "sources"
    entries: tuple[SourceEntry, ...] = Field(min_length=1)

    def citations(self) -> Iterator[str]:
        return iter(())


Block = Annotated[
    KeyMessagesBlock
    | ContentsBlock
    | EditorSectionBlock
    | SummaryBlock
    | ChartsBlock
    | KeyPointsBlock
    | ImplicationsBlock
    | TimelineBlock
    | FiguresBlock
    | QuotesBlock
    | SourcesBlock,
    Field(discriminator="kind"),
]


class Brief(_Model):
    """An assembled brief: the neutral document every writer renders, block by block.

    Publication fields left empty (``series``, ``issn``, ``citation_style``) take the theme's
    defaults when the brief is shown.

    Invariants checked on construction: the last block is the sources list, its numbers run
    1..n, its ids are unique, and every citation in every block resolves to one of its entries.
    """

    id: Id
    title: Title
    subtitle: Title | None = None
    short_title: ShortText | None = None
    date: BriefDate
    series: ShortText | None = None
    number: IssueNumber | None = None
    issn: Issn | None = None
    authors: tuple[Author, ...] = ()
    keywords: tuple[Tag, ...] = ()
    citation_style: CitationStyle | None = None
    blocks: tuple[Block, ...] = Field(min_length=1)

    @property
    def sources(self) -> SourcesBlock:
        """The sources list (always the last block)."""
        last = self.blocks[-1]
        assert isinstance(last, SourcesBlock)
        return last

    def block(self, kind: str) -> Block | None:
        """The first block of ``kind`` (``"summary"``, ``"timeline"`` …), if the brief has one."""
        return next((b for b in self.blocks if b.kind == kind), None)

    def citation_number(self, source_id: str) -> int:
        """The number under which ``source_id`` appears in the sources list."""
        for entry in self.sources.entries:
            if entry.id == source_id:
                return entry.number
        raise KeyError(source_id)

    def source_title(self, source_id: str) -> str:
        """The title of a cited source."""
        return next(e.title for e in self.sources.entries if e.id == source_id)

    def citations(self) -> Iterator[str]:
        """Every cited source id, in reading order (with repeats)."""
        for block in self.blocks:
            yield from block.citations()

    @model_validator(mode="after")
    def _check_citations(self) -> Brief:
        if not isinstance(self.blocks[-1], SourcesBlock):
            raise ValueError("the last block of a brief must be its sources list")
        entries = self.sources.entries
        ids = [e.id for e in entries]
        if len(set(ids)) != len(ids):
            raise ValueError("a source appears twice in the sources list")
        if [e.number for e in entries] != list(range(1, len(entries) + 1)):
            raise ValueError("sources must be numbered 1, 2, 3, ... in order")
        unknown = sorted(set(self.citations()) - set(ids))
        if unknown:
            raise ValueError(f"citations of sources missing from the list: {', '.join(unknown)}")
        return self
