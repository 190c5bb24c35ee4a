"""Korean text rules, in one module, applied in one place.

Two layers:

* :func:`typeset` — rules every writer needs, applied once to the whole brief by
  :func:`typeset_brief` before any writer sees it (see :func:`briefgen.writers.render`):
  curly quotes (“ ” and ‘ ’, R8), the middle dot · instead of the Hangul letter ㆍ (R8), and a
  no-break space that keeps a number with its unit, a currency sign with its amount, and the
  parts of an amount such as ``1조 2,000억`` together (R4).
* :func:`join_words` — word-unit line breaking (R1) for the PDF: WeasyPrint ignores
  ``word-break: keep-all``, so the HTML writer, when preparing a PDF, puts a U+2060 WORD JOINER
  between the grapheme clusters of every word that contains Hangul. Lines then break only at
  spaces; ``overflow-wrap: break-word`` in the stylesheet still wraps a word wider than the
  column. A "word" longer than :data:`LONGEST_JOINED` letters (no Korean word is; a pasted
  string without spaces may be) is joined in pieces of that length, so the layout engine has
  somewhere to break it instead of searching one unbreakable run (which grows quadratically).
  PDF text extraction drops the joiners, so copied text stays clean. DOCX needs no
  joiners: Word breaks Korean by word through ``w:wordWrap`` (see the DOCX writer).
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

import regex
from pydantic import BaseModel

WORD_JOINER = "\u2060"
NBSP = "\u00a0"
LONGEST_JOINED = 40
"""Letters joined into one unbreakable run at most: more than a line of Korean text holds."""

_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7a3\ud7b0-\ud7ff]")
_WORD = re.compile(r"[^\s]+")
_GRAPHEME = regex.compile(r"\X")

#: Unit words and signs a number must not be separated from.
UNITS = (
    "달러", "원", "엔", "유로", "위안", "%", "%p", "명", "건", "개", "곳", "일", "년", "월",
    "배", "분", "시간", "㎡", "㎢", "평", "톤", "배럴", "가구", "개국",
)  # fmt: skip
#: Latin units and English scale words (US$ 39 billion, 2 nm), matched as whole words.
LATIN_UNITS = (
    "billion", "million", "trillion", "thousand", "bn", "km", "kg", "nm", "ha", "GW", "MW",
    "kW", "kWh", "MWh", "GWh", "TWh",
)  # fmt: skip
_NUMBER_UNIT = re.compile(
    # No check of what follows a Korean unit: particles attach to it (달러와, 명의), and a
    # no-break space in the rare wrong place only forbids one line break.
    r"(?<=[\d만억조경여])[ \t](?="
    + "|".join(re.escape(u) for u in UNITS)
    + "|(?:"
    + "|".join(re.escape(u) for u in LATIN_UNITS)
    + r")(?![A-Za-z]))"
)
_AMOUNT_PARTS = re.compile(r"(?<=\d[만억조경])[ \t](?=\d)")
_ABOUT_NUMBER = re.compile(r"(?<![\uac00-\ud7a3])약[ \t](?=\d)")
_SIGN_NUMBER = re.compile(r"(?<=[$₩€¥£])[ \t](?=\d)")
_DATE_PARTS = re.compile(r"(?<=\d\.)[ \t](?=\d{1,2}\.)|(?<=\d[년월])[ \t](?=\d{1,2}[월일])")
"""The spaces inside a date (``2010. 11. 15.``, ``2010년 11월 15일``): a date is one unit, like
a number and its unit, never cut across lines (``2010. 11.`` | ``15.``)."""
_MIDDLE_DOT_LOOKALIKES = re.compile(
    r"(?<=[\uac00-\ud7a3\u3131-\u318e0-9A-Za-z])[\u2024\u2027\uff65\u30fb\u318d\u2219]"
    r"(?=[\uac00-\ud7a3\u3131-\u318e0-9A-Za-z])"
)
"""Characters real documents use as a middle dot between words or digits — ㆍ (U+318D), the
one-dot leader ․ (U+2024, ``1․2학년`` reads "1.2학년"), the hyphenation point ‧ (U+2027), the
katakana middle dots ・ and ･ and the bullet operator ∙ — which fonts draw as a full stop, a
wide dot or from another font: written as the middle dot · (U+00B7)."""

#: Characters after which a straight quote opens a quotation (besides whitespace).
_OPENING_CONTEXT = "([{<「『《〈‘“—–-/\u00a0"


def typeset(text: str) -> str:
    """Apply the writer-independent Korean rules to one piece of text."""
    text = text.replace("\u318d", "·")
    text = _MIDDLE_DOT_LOOKALIKES.sub("·", text)
    text = _curly_quotes(text)
    text = _NUMBER_UNIT.sub(NBSP, text)
    text = _AMOUNT_PARTS.sub(NBSP, text)
    text = _ABOUT_NUMBER.sub("약" + NBSP, text)
    text = _DATE_PARTS.sub(NBSP, text)
    return _SIGN_NUMBER.sub(NBSP, text)


ZERO_WIDTH_SPACE = "\u200b"
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"“”‘’]+")
_URL_BREAK_AFTER = re.compile(r"(?<=[/.?&=\-])(?=[^/])")
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def join_words(text: str) -> str:
    """Join the characters of each word containing Hangul with U+2060 WORD JOINER.

    A web address is a unit of its own: never joined to a Korean word it is glued to (a zero
    width space separates them), breakable after ``/ . ? & = -`` and before a ``%XX`` escape,
    never inside one.
    """
    pieces, last = [], 0
    for url in _URL.finditer(text):
        pieces.append(_WORD.sub(_join_if_hangul, text[last : url.start()]))
        if url.start() and not text[url.start() - 1].isspace():
            pieces.append(ZERO_WIDTH_SPACE)
        pieces.append(_breakable_url(url.group()))
        last = url.end()
    pieces.append(_WORD.sub(_join_if_hangul, text[last:]))
    return "".join(pieces)


def breakable_urls(text: str) -> str:
    """``text`` with break opportunities in its web addresses only (zero width spaces after
    ``/ . ? & = -`` and before a ``%XX`` escape, word joiners inside one) — for Word and
    Hancom, which otherwise cut a long address anywhere (``assembly.ex`` | ``ample``). The
    rest of the text is left as it is."""
    return _URL.sub(lambda url: _breakable_url(url.group()), text)


def _breakable_url(url: str) -> str:
    """Break opportunities after ``/ . ? & = -`` and before a ``%XX`` escape (a Korean path is
    a long run of them), none inside one (``%9`` | ``5`` hid the character)."""
    url = _URL_BREAK_AFTER.sub(ZERO_WIDTH_SPACE, url)
    url = _ESCAPE.sub(lambda m: ZERO_WIDTH_SPACE + WORD_JOINER.join(m.group()), url)
    return url.replace(ZERO_WIDTH_SPACE * 2, ZERO_WIDTH_SPACE)


def strip_joiners(text: str) -> str:
    """Undo :func:`join_words`."""
    return text.replace(WORD_JOINER, "").replace(ZERO_WIDTH_SPACE, "")


def _join_if_hangul(match: re.Match[str]) -> str:
    word = match.group()
    if not _HANGUL.search(word):
        return word
    letters = _GRAPHEME.findall(word)
    return "".join(
        WORD_JOINER.join(letters[start : start + LONGEST_JOINED])
        for start in range(0, len(letters), LONGEST_JOINED)
    )


_YEAR_ABBREVIATION = re.compile(r"\d\d(?!\d)")


def _curly_quotes(text: str) -> str:
    """Straight quotes to curly ones, nesting right (R8).

    A quote opens after a space, an opening bracket or another opening quote, and closes
    otherwise. Quotes nest: a double quote opened inside a double quotation becomes the inner
    pair ‘ ’ (“미국의 ‘칩스법’은…”). An apostrophe is ’: between letters (don't), and before a
    two-digit year ('24년 → ’24년).
    """
    if "'" not in text and '"' not in text:
        return text
    out: list[str] = []
    open_quotes: list[str] = []  # "d" double, "s" single, "i" a double turned inner single
    for index, char in enumerate(text):
        if char in "“‘":
            open_quotes.append("d" if char == "“" else "s")
        elif char in "”’" and open_quotes and open_quotes[-1] == ("d" if char == "”" else "s"):
            open_quotes.pop()
        if char not in "'\"":
            out.append(char)
            continue
        before = out[-1] if out else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        opening = before.isspace() or before in _OPENING_CONTEXT
        if before == ("“" if char == '"' else "‘") and open_quotes:
            opening = False  # "" or '': an empty quotation closes at once
        if char == "'":
            if opening and _YEAR_ABBREVIATION.match(text, index + 1):
                out.append("’")  # '24년: an apostrophe standing for the century
            elif opening:
                open_quotes.append("s")
                out.append("‘")
            else:
                if (
                    open_quotes
                    and open_quotes[-1] == "s"
                    and not (before.isalnum() and after.isalnum())
                ):
                    open_quotes.pop()
                out.append("’")  # a closing quote, or an apostrophe (don't, America's)
            continue
        if opening:
            inner = "d" in open_quotes or "i" in open_quotes
            open_quotes.append("i" if inner else "d")
            out.append("‘" if inner else "“")
        elif open_quotes and open_quotes[-1] == "i":
            open_quotes.pop()
            out.append("’")
        else:
            if open_quotes and open_quotes[-1] == "d":
                open_quotes.pop()
            out.append("”")
    return "".join(out)


# Fields that hold identifiers, codes or numbers, never running text.
_NOT_PROSE = frozenset(
    {
        "id",
        "kind",
        "source",
        "cites",
        "unit",
        "date",
        "number",
        "value",
        "short_title",
        "email",
        "url",
        "issn",
        "citation_style",
        "accessed",
    }
)

M = TypeVar("M", bound=BaseModel)


def typeset_brief(model: M) -> M:
    """A copy of ``model`` (a Brief or any block) with :func:`typeset` applied to its text."""
    updates = {
        name: _typeset_value(value)
        for name, value in model
        if name not in _NOT_PROSE and _has_text(value)
    }
    return model.model_copy(update=updates) if updates else model


def _has_text(value: Any) -> bool:
    return isinstance(value, str | BaseModel) or (
        isinstance(value, tuple) and any(isinstance(v, str | BaseModel) for v in value)
    )


def _typeset_value(value: Any) -> Any:
    if isinstance(value, str):
        return typeset(value)
    if isinstance(value, BaseModel):
        return typeset_brief(value)
    if isinstance(value, tuple):
        return tuple(_typeset_value(v) for v in value)
    return value
