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
    "배", "분", "시간", "km", "kg", "GW", "MW", "kWh", "TWh",
)  # fmt: skip
_NUMBER_UNIT = re.compile(
    # No check of what follows the unit: Korean particles attach to it (달러와, 명의), and a
    # no-break space in the rare wrong place only forbids one line break.
    r"(?<=[\d만억조여])[ \t](?=" + "|".join(re.escape(u) for u in UNITS) + ")"
)
_AMOUNT_PARTS = re.compile(r"(?<=\d[만억조])[ \t](?=\d)")
_SIGN_NUMBER = re.compile(r"(?<=[$₩€¥£])[ \t](?=\d)")

#: Characters after which a straight quote opens a quotation (besides whitespace).
_OPENING_CONTEXT = "([{<「『《〈‘“—–-/"


def typeset(text: str) -> str:
    """Apply the writer-independent Korean rules to one piece of text."""
    text = text.replace("\u318d", "·")
    text = _curly_quotes(text)
    text = _NUMBER_UNIT.sub(NBSP, text)
    text = _AMOUNT_PARTS.sub(NBSP, text)
    return _SIGN_NUMBER.sub(NBSP, text)


def join_words(text: str) -> str:
    """Join the characters of each word containing Hangul with U+2060 WORD JOINER."""
    return _WORD.sub(_join_if_hangul, text)


def strip_joiners(text: str) -> str:
    """Undo :func:`join_words`."""
    return text.replace(WORD_JOINER, "")


def _join_if_hangul(match: re.Match[str]) -> str:
    word = match.group()
    if not _HANGUL.search(word):
        return word
    letters = _GRAPHEME.findall(word)
    return "".join(
        WORD_JOINER.join(letters[start : start + LONGEST_JOINED])
        for start in range(0, len(letters), LONGEST_JOINED)
    )


def _curly_quotes(text: str) -> str:
    if "'" not in text and '"' not in text:
        return text
    out = []
    for index, char in enumerate(text):
        if char in "'\"":
            before = text[index - 1] if index else " "
            opening = before.isspace() or before in _OPENING_CONTEXT
            # An apostrophe (America's) is the closing single quote mark.
            pair = "“”" if char == '"' else "‘’"
            char = pair[0] if opening else pair[1]
        out.append(char)
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
